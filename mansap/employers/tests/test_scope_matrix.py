"""The scope matrix of the employers pages (common.testing.ScopedPageTests), one class per scoped model.

Covered (model: pages; editor / read-only / outsider; what "out of scope" is):
- Organization: list, detail, edit, delete, history; cc / rector / other_cc; the other institution's.
- PartnershipAgreement: list, detail, edit, delete, history; aigerim (department A's agreement) / bolat /
  other_cc; the other institution's agreement.
- JointUnit: the same as agreements (a department A unit; the other institution's unit).
- CareerEvent (URL namespace "events"): list, detail, edit, delete, history; aigerim (a department A event) /
  bolat / other_cc; the other institution's event. Students are admitted to the list and to the public events
  by design (EventListView/EventDetailView.staff_only = False): their cases are overridden below, not failures.
- Vacancy: list, detail, edit, history (no delete page: only the API deletes); cc / rector / other_cc; the
  other institution's vacancy.
- Vacancy as an employer contact sees it: list, detail, edit; the contact of organization 1 / none / the
  contact of organization 2; organization 2's vacancy in the same institution (contacts never see each other's).
- Shortlist: detail (its only page); cc / rector / other_cc; the other institution's shortlist.

Organizations, agreements, joint units, events and vacancies are visible to every member of the institution
(institution_wide_view), so "out of scope" is the other institution and the outsider is its Career Center.

Intentionally not here: OrganizationMerge (no page of its own: the merge runs from the organization, tested in
test_merge.py); EmployerContact (no list or detail page; the invitation page is a form, tested in
test_vacancies.py); EventRegistration and Application (no pages of their own: rows on the event and vacancy
pages, and API viewsets outside ScopedViewSet, tested in test_events.py and test_vacancies.py).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.utils import timezone

from mansap.common.testing import ScopedMatrixTestCase, ScopedPageTests, make_user
from mansap.employers.models import (
    CareerEvent,
    EmployerContact,
    JointUnit,
    Organization,
    PartnershipAgreement,
    Shortlist,
    Vacancy,
)
from mansap.employers.tests.factories import make_agreement, make_org, make_unit

_serials = itertools.count(1)


def make_event(institution: Any, **fields: Any) -> CareerEvent:
    n = next(_serials)
    start = timezone.now() + dt.timedelta(days=10)
    defaults: dict[str, Any] = {
        "kind": "job_fair",
        "title_kk": f"Жәрмеңке {n}",
        "title_ru": f"Ярмарка {n}",
        "title_en": f"Job fair {n}",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=3),
        "location": "Main hall",
    }
    defaults.update(fields)
    return CareerEvent.objects.create(institution=institution, **defaults)


def make_vacancy(organization: Any, **fields: Any) -> Vacancy:
    defaults: dict[str, Any] = {"title": f"Developer {next(_serials)}", "description": "Python, Django"}
    defaults.update(fields)
    return Vacancy.objects.create(institution=organization.institution, organization=organization, **defaults)


def make_contact(organization: Any, username: str) -> Any:
    user = make_user(username, email=f"{username}@example.kz")
    EmployerContact.objects.create(user=user, organization=organization)
    return user


class OrganizationPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Organization
    url_names = {
        "list": "employers:organization_list",
        "detail": "employers:organization_detail",
        "edit": "employers:organization_edit",
        "delete": "employers:organization_delete",
        "history": "employers:organization_history",
    }
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_org(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return make_org(cls.other_institution)


class PartnershipAgreementPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = PartnershipAgreement
    url_names = {
        "list": "employers:partnershipagreement_list",
        "detail": "employers:partnershipagreement_detail",
        "edit": "employers:partnershipagreement_edit",
        "delete": "employers:partnershipagreement_delete",
        "history": "employers:partnershipagreement_history",
    }
    editor, viewer, outsider = "aigerim", "bolat", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_agreement(make_org(cls.institution), department=cls.dept_a)

    @classmethod
    def out_of_scope(cls):
        return make_agreement(make_org(cls.other_institution), department=cls.other_dept)


class JointUnitPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = JointUnit
    url_names = {
        "list": "employers:jointunit_list",
        "detail": "employers:jointunit_detail",
        "edit": "employers:jointunit_edit",
        "delete": "employers:jointunit_delete",
        "history": "employers:jointunit_history",
    }
    editor, viewer, outsider = "aigerim", "bolat", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_unit(make_org(cls.institution), cls.dept_a)

    @classmethod
    def out_of_scope(cls):
        return make_unit(make_org(cls.other_institution), cls.other_dept)


class CareerEventPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = CareerEvent
    url_names = {
        "list": "events:event_list",
        "detail": "events:event_detail",
        "edit": "events:event_edit",
        "delete": "events:event_delete",
        "history": "events:event_history",
    }
    editor, viewer, outsider = "aigerim", "bolat", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_event(cls.institution, department=cls.dept_a, is_public=False)

    @classmethod
    def out_of_scope(cls):
        return make_event(cls.other_institution, department=cls.other_dept, is_public=True)

    # By design, not failures: students see the event list (their institution's public events and their own
    # registrations) and the detail of those; a staff-only event is outside their scope (404).
    def test_list_student_403(self) -> None:
        response = self.assert_status(self.student_user, self.page_url("list"), 200)
        self.assertFalse({self.obj.pk, self.other.pk} & self.listed_pks(response))

    def test_detail_student_403(self) -> None:
        self.assert_status(self.student_user, self.page_url("detail", self.obj), 404)


class VacancyPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Vacancy
    url_names = {
        "list": "employers:vacancy_list",
        "detail": "employers:vacancy_detail",
        "edit": "employers:vacancy_edit",
        "delete": None,
        "history": "employers:vacancy_history",
    }
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_vacancy(make_org(cls.institution))

    @classmethod
    def out_of_scope(cls):
        return make_vacancy(make_org(cls.other_institution))


class VacancyEmployerContactMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """Employer contacts have no membership: their scope is their organization's vacancies (self_filter)."""

    model = Vacancy
    url_names = {
        "list": "employers:vacancy_list",
        "detail": "employers:vacancy_detail",
        "edit": "employers:vacancy_edit",
        "delete": None,
        "history": None,  # staff only: the contact's detail page has no history link
    }
    editor, viewer, outsider = "contact1", None, "contact2"

    @classmethod
    def in_scope(cls):
        org1, org2 = make_org(cls.institution), make_org(cls.institution)
        cls.contact1 = make_contact(org1, "hr1")
        cls.contact2 = make_contact(org2, "hr2")
        cls.org2 = org2
        return make_vacancy(org1)

    @classmethod
    def out_of_scope(cls):
        return make_vacancy(cls.org2)


class ShortlistPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Shortlist
    url_names = {"list": None, "detail": "employers:shortlist_detail", "edit": None, "delete": None, "history": None}
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return Shortlist.objects.create(vacancy=make_vacancy(make_org(cls.institution)), created_by=cls.cc)

    @classmethod
    def out_of_scope(cls):
        return Shortlist.objects.create(vacancy=make_vacancy(make_org(cls.other_institution)), created_by=cls.other_cc)
