"""The scope matrix of the employers API (common.testing.ScopedAPITests), one class per endpoint.

Covered (router basename: writes offered; editor / read-only / outsider; out of scope):
- organization: create, update, delete; cc / rector / other_cc; the other institution's.
- partnershipagreement, jointunit: create, update, delete; aigerim (department A's) / bolat / other_cc; the
  other institution's.
- careerevent: create, update, delete; aigerim (a department A event) / bolat / other_cc; the other
  institution's (public) event. Students are let in (they read public events), and see neither object.
- vacancy: create, update, delete; cc / rector / other_cc; the other institution's; staff only (a student's
  login is 403); and its submit / approve / reject actions (404 out of scope, 403 read-only).
- vacancy as employer contacts use it: the contact of organization 1 / none / the contact of organization 2;
  organization 2's vacancy in the same institution.
- eventregistration and application: not ScopedViewSets, but they scope with for_user() by hand, so they get
  the same matrix: list and retrieve, create only (a registration by the read-only user is refused by the
  service: 403; an application is a student's alone: 403 for staff).

Not here: partner-kpis (one KPI object of the user's institution, not rows: test_agreements.py) and
public-vacancies (public by design: approved vacancies only, tested in test_vacancies.py).
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase, make_student
from mansap.employers.models import (
    Application,
    CareerEvent,
    EventRegistration,
    JointUnit,
    Organization,
    PartnershipAgreement,
    Vacancy,
)
from mansap.employers.tests.factories import make_agreement, make_org, make_unit
from mansap.employers.tests.test_scope_matrix import make_contact, make_event, make_vacancy


class OrganizationAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Organization
    basename = "organization"
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_org(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return make_org(cls.other_institution)


class PartnershipAgreementAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = PartnershipAgreement
    basename = "partnershipagreement"
    editor, viewer, outsider = "aigerim", "bolat", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_agreement(make_org(cls.institution), department=cls.dept_a)

    @classmethod
    def out_of_scope(cls):
        return make_agreement(make_org(cls.other_institution), department=cls.other_dept)


class JointUnitAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = JointUnit
    basename = "jointunit"
    editor, viewer, outsider = "aigerim", "bolat", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_unit(make_org(cls.institution), cls.dept_a)

    @classmethod
    def out_of_scope(cls):
        return make_unit(make_org(cls.other_institution), cls.other_dept)


class CareerEventAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = CareerEvent
    basename = "careerevent"
    editor, viewer, outsider = "aigerim", "bolat", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_event(cls.institution, department=cls.dept_a, is_public=False)

    @classmethod
    def out_of_scope(cls):
        return make_event(cls.other_institution, department=cls.other_dept, is_public=True)


class VacancyAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Vacancy
    basename = "vacancy"
    staff_only = True
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_vacancy(make_org(cls.institution))

    @classmethod
    def out_of_scope(cls):
        return make_vacancy(make_org(cls.other_institution))

    def test_api_workflow_actions_out_of_scope_404_and_read_only_403(self) -> None:
        for action in ("submit", "approve", "reject"):
            self.call(self.editor, "post", reverse(f"vacancy-{action}", args=[self.other.pk]), 404)
            self.call(self.viewer, "post", reverse(f"vacancy-{action}", args=[self.obj.pk]), 403)
        self.assertEqual(Vacancy.objects.get(pk=self.obj.pk).status, self.obj.status)
        self.assertEqual(Vacancy.objects.get(pk=self.other.pk).status, self.other.status)


class VacancyEmployerContactAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Vacancy
    basename = "vacancy"
    staff_only = True
    editor, viewer, outsider = "contact1", None, "contact2"

    @classmethod
    def in_scope(cls):
        org1, cls.org2 = make_org(cls.institution), make_org(cls.institution)
        cls.contact1 = make_contact(org1, "hr1")
        cls.contact2 = make_contact(cls.org2, "hr2")
        return make_vacancy(org1)

    @classmethod
    def out_of_scope(cls):
        return make_vacancy(cls.org2)


class EventRegistrationAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = EventRegistration
    basename = "eventregistration"
    writes = ("create",)
    editor, viewer, outsider = "aigerim", "bolat", "other_cc"

    @classmethod
    def in_scope(cls):
        cls.event = make_event(cls.institution, department=cls.dept_a)
        return EventRegistration.objects.create(event=cls.event, student=make_student(cls.program_a))

    @classmethod
    def out_of_scope(cls):
        event = make_event(cls.other_institution, department=cls.other_dept)
        return EventRegistration.objects.create(event=event, student=make_student(cls.other_program))

    def create_payload(self) -> dict[str, Any]:
        # A company registration for the in-scope event: valid, so the refusal is the service's (403).
        return {"event": self.event.pk, "organization": make_org(self.institution).pk}


class ApplicationAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Application
    basename = "application"
    writes = ("create",)
    editor, viewer, outsider = "aigerim", "bolat", "dana"

    @classmethod
    def in_scope(cls):
        cls.vacancy = make_vacancy(make_org(cls.institution))
        return Application.objects.create(vacancy=cls.vacancy, student=make_student(cls.program_a), cv="cv/a.pdf")

    @classmethod
    def out_of_scope(cls):
        return Application.objects.create(vacancy=cls.vacancy, student=make_student(cls.program_b), cv="cv/b.pdf")
