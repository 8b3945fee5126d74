"""The scope matrix of the employment-monitoring pages (common.testing.ScopedPageTests).

Covered (pages; editor / read-only / outsider; what "out of scope" is):
- Graduates (Student) in the journal: the journal (graduates:journal) as list and the graduate's page
  (graduates:graduate_detail) as detail; aigerim / bolat / dana; a graduate of department B.
- A graduate's write pages (ScopedServiceFormView: the graduate fetched for change), each as the "edit" page of
  the graduate: new employment record (record_add), contact attempt (contact_add), assistance (assistance_add),
  grant obligation (obligation_edit, for a state-grant graduate); aigerim / bolat / dana; department B's graduate.
- EmploymentRecord: history (its only page); aigerim / bolat / dana; department B's record.
- GrantObligation: history (its only page); aigerim / bolat / dana; department B's obligation.
- CollectionRound: list and detail (views/rounds.py on ScopedMixin); cc / rector / other_cc; the other
  institution's round (rounds are visible institution-wide).

Intentionally not here: ContactAttempt and AssistanceAction (no pages of their own: rows of the graduate's page;
their API is in the API matrix); SelfReport (only confirm/reject POST actions, tested in test_selfservice.py);
RoundRule, RoundSubmission, RoundReminder and Form10Column (the round's configuration and workflow, managed on
the round pages by the Career Center and tested in test_rounds.py and test_form10.py).
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedMatrixTestCase, ScopedPageTests
from mansap.core.choices import Funding
from mansap.core.models import Student
from mansap.graduates.models import CollectionRound, EmploymentRecord, GrantObligation
from mansap.graduates.tests.factories import make_graduate, make_round


def make_record(graduate) -> EmploymentRecord:
    return EmploymentRecord.objects.create(
        graduate=graduate, status="employed_specialty", started_on=dt.date(2025, 9, 1), channel="telephone"
    )


class _GraduateObjects:
    @classmethod
    def in_scope(cls):
        return make_graduate(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return make_graduate(cls.program_b)


class JournalGraduateMatrixTests(_GraduateObjects, ScopedPageTests, ScopedMatrixTestCase):
    model = Student
    url_names = {
        "list": "graduates:journal",
        "detail": "graduates:graduate_detail",
        "edit": None,
        "delete": None,
        "history": None,
    }


def _graduate_write_page(url_name: str) -> dict[str, str | None]:
    return {"list": None, "detail": None, "edit": url_name, "delete": None, "history": None}


class RecordAddMatrixTests(_GraduateObjects, ScopedPageTests, ScopedMatrixTestCase):
    model = Student
    url_names = _graduate_write_page("graduates:record_add")


class ContactAddMatrixTests(_GraduateObjects, ScopedPageTests, ScopedMatrixTestCase):
    model = Student
    url_names = _graduate_write_page("graduates:contact_add")


class AssistanceAddMatrixTests(_GraduateObjects, ScopedPageTests, ScopedMatrixTestCase):
    model = Student
    url_names = _graduate_write_page("graduates:assistance_add")


class ObligationEditMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Student
    url_names = _graduate_write_page("graduates:obligation_edit")

    @classmethod
    def in_scope(cls):
        return make_graduate(cls.program_a, funding=Funding.GRANT)

    @classmethod
    def out_of_scope(cls):
        return make_graduate(cls.program_b, funding=Funding.GRANT)


class EmploymentRecordMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = EmploymentRecord
    url_names = {
        "list": None,
        "detail": None,
        "edit": None,
        "delete": None,
        "history": "graduates:employmentrecord_history",
    }

    @classmethod
    def in_scope(cls):
        return make_record(make_graduate(cls.program_a))

    @classmethod
    def out_of_scope(cls):
        return make_record(make_graduate(cls.program_b))


class GrantObligationMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = GrantObligation
    url_names = {
        "list": None,
        "detail": None,
        "edit": None,
        "delete": None,
        "history": "graduates:grantobligation_history",
    }

    @classmethod
    def in_scope(cls):
        return GrantObligation.objects.create(graduate=make_graduate(cls.program_a, funding=Funding.GRANT))

    @classmethod
    def out_of_scope(cls):
        return GrantObligation.objects.create(graduate=make_graduate(cls.program_b, funding=Funding.GRANT))


class CollectionRoundMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = CollectionRound
    url_names = {
        "list": "graduates:collectionround_list",
        "detail": "graduates:collectionround_detail",
        "edit": None,
        "delete": None,
        "history": None,
    }
    list_context = "rounds"
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_round(cls.institution, opens_on=dt.date(2025, 9, 1), deadline=dt.date(2025, 9, 30))

    @classmethod
    def out_of_scope(cls):
        return make_round(cls.other_institution, opens_on=dt.date(2025, 9, 1), deadline=dt.date(2025, 9, 30))
