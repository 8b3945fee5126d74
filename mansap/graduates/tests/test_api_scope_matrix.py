"""The scope matrix of the employment-monitoring API (common.testing.ScopedAPITests).

Covered (router basename: writes offered; editor / read-only / outsider; out of scope):
- employmentrecord: create only (append-only, R-007); aigerim / bolat / dana; department B's record.
- contactattempt: create only; aigerim / bolat / dana; department B's attempt.
- collectionround: read-only, staff only; cc / rector / other_cc; the other institution's round.
- officialextract: read-only, staff only; cc / rector / other_cc; the other institution's extract (#20).
- officialcheckconsent: read-only; aigerim / bolat / dana; department B's graduate's consent (#20).
- reconciliation: run (create), recompute and freeze by the Career Center; staff only; cc / rector / other_cc;
  the other institution's reconciliation (#20).
- reconciliationrow: read-only, staff only; aigerim / bolat / dana; department B's graduate's row (#20).
- discrepancytask: no create (decided by its actions), staff only; aigerim / bolat / dana; department B's (#20).
- employment-kpis: one KPI object, not rows, so not the row mixin: EmploymentKpiScopeTests pins the cohort
  each persona reaches (literal counts), and that anonymous visitors and students are refused.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase
from mansap.graduates.models import (
    CollectionRound,
    ContactAttempt,
    DiscrepancyTask,
    EmploymentRecord,
    OfficialCheckConsent,
    OfficialExtract,
    Reconciliation,
    ReconciliationRow,
)
from mansap.graduates.tests.factories import make_graduate, make_round
from mansap.graduates.tests.test_scope_matrix import make_record


def make_contact_attempt(graduate) -> ContactAttempt:
    return ContactAttempt.objects.create(
        graduate=graduate, contacted_on=dt.date(2025, 8, 1), channel="telephone", outcome="reached"
    )


class EmploymentRecordAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = EmploymentRecord
    basename = "employmentrecord"
    writes = ("create",)

    @classmethod
    def in_scope(cls):
        return make_record(make_graduate(cls.program_a))

    @classmethod
    def out_of_scope(cls):
        return make_record(make_graduate(cls.program_b))


class ContactAttemptAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = ContactAttempt
    basename = "contactattempt"
    writes = ("create",)

    @classmethod
    def in_scope(cls):
        return make_contact_attempt(make_graduate(cls.program_a))

    @classmethod
    def out_of_scope(cls):
        return make_contact_attempt(make_graduate(cls.program_b))


class CollectionRoundAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = CollectionRound
    basename = "collectionround"
    writes = ()
    staff_only = True
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_round(cls.institution, opens_on=dt.date(2025, 9, 1), deadline=dt.date(2025, 9, 30))

    @classmethod
    def out_of_scope(cls):
        return make_round(cls.other_institution, opens_on=dt.date(2025, 9, 1), deadline=dt.date(2025, 9, 30))


def make_extract(institution) -> OfficialExtract:
    return OfficialExtract.objects.create(
        institution=institution, kind="contracts", source="ESUTD", period_start=dt.date(2025, 1, 1),
        period_end=dt.date(2025, 12, 31), consent_basis="consent forms", original_name="e.xlsx",
        sha256=f"{institution.pk:064d}",
    )  # fmt: skip


class OfficialExtractAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = OfficialExtract
    basename = "officialextract"
    writes = ()
    staff_only = True
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_extract(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return make_extract(cls.other_institution)


class OfficialCheckConsentAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = OfficialCheckConsent
    basename = "officialcheckconsent"
    writes = ()

    @classmethod
    def in_scope(cls):
        return OfficialCheckConsent.objects.create(graduate=make_graduate(cls.program_a), status="given")

    @classmethod
    def out_of_scope(cls):
        return OfficialCheckConsent.objects.create(graduate=make_graduate(cls.program_b), status="refused")


def make_reconciliation(institution) -> Reconciliation:
    return Reconciliation.objects.create(
        institution=institution, cohort=2025, as_of=dt.date(2026, 3, 15), sustained_from=dt.date(2025, 10, 1)
    )


class ReconciliationAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Reconciliation
    basename = "reconciliation"
    writes = ("create",)
    staff_only = True
    editor, viewer, outsider = "cc", "rector", "other_cc"

    def create_payload(self):
        return {"cohort": 2025, "as_of": "2026-03-15"}

    @classmethod
    def in_scope(cls):
        return make_reconciliation(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return make_reconciliation(cls.other_institution)


def make_row(institution, graduate) -> ReconciliationRow:
    return ReconciliationRow.objects.create(
        reconciliation=make_reconciliation(institution), graduate=graduate, status="unknown", state="consistent"
    )


class ReconciliationRowAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = ReconciliationRow
    basename = "reconciliationrow"
    writes = ()
    staff_only = True

    @classmethod
    def in_scope(cls):
        return make_row(cls.institution, make_graduate(cls.program_a))

    @classmethod
    def out_of_scope(cls):
        return make_row(cls.institution, make_graduate(cls.program_b))


def make_task(institution, graduate) -> DiscrepancyTask:
    return DiscrepancyTask.objects.create(
        reconciliation=make_reconciliation(institution), graduate=graduate, state="official_only",
        department_status="unknown", has_trace=True,
    )  # fmt: skip


class DiscrepancyTaskAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = DiscrepancyTask
    basename = "discrepancytask"
    writes = ()
    staff_only = True

    @classmethod
    def in_scope(cls):
        return make_task(cls.institution, make_graduate(cls.program_a))

    @classmethod
    def out_of_scope(cls):
        return make_task(cls.institution, make_graduate(cls.program_b))


class EmploymentKpiScopeTests(ScopedMatrixTestCase):
    """The KPI endpoint counts only the graduates in the caller's scope (cohort 2025: one per department A, B,
    and one of the other institution)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_graduate(cls.program_a)
        make_graduate(cls.program_b)
        make_graduate(cls.other_program)
        cls.url = reverse("employment-kpis-list") + "?cohort=2025&as_of=2026-03-01"

    def test_each_persona_counts_only_the_graduates_in_scope(self) -> None:
        expected = {"aigerim": 1, "bolat": 1, "dana": 1, "dean": 2, "cc": 2, "rector": 2, "other_cc": 1}
        counts = {}
        for name in expected:
            response = self.api_as(getattr(self, name)).get(self.url)
            self.assertEqual(response.status_code, 200, f"{self.url} as {name}: {response.content!r}")
            counts[name] = response.json()["counts"]["cohort"]
        self.assertEqual(counts, expected)

    def test_anonymous_refused(self) -> None:
        self.assertIn(self.api_as(None).get(self.url).status_code, (401, 403))

    def test_student_403(self) -> None:
        self.assertEqual(self.api_as(self.student_user).get(self.url).status_code, 403)
