"""documents_due (issue #17): the issue's JSON on a hand-built register, its boundaries and the command."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command

from mansap.common.testing import BaseTestCase
from mansap.regulations.reports.due import documents_due
from mansap.regulations.services.documents import update_document
from mansap.regulations.services.reviews import record_review
from mansap.regulations.tests.factories import approved, document, in_force

D = dt.date
AS_OF = D(2027, 1, 15)


class DocumentsDueTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        i = cls.institution
        cls.a = document(i, code="KazUTB-CC-RPA-7.2-2024-01")  # 29.02.2024 + 3 → 28.02.2027: due soon
        in_force(cls.a, D(2024, 2, 29))
        cls.b = document(i, code="KazUTB-CC-RPA-7.2-2025-01")  # → 18.06.2028: current
        in_force(cls.b, D(2025, 6, 18))
        cls.c = document(i, code="KazUTB-CC-RPA-7.2-2021-01")  # → 01.09.2024: overdue
        in_force(cls.c, D(2021, 9, 1))
        cls.old = document(i, code="ПСП 11-02.112.-2023")  # superseded on 29.02.2024: not counted
        in_force(cls.old, D(2021, 11, 12))
        cls.new = document(i, code="ПСП 11-02.112-2022", replaces=cls.old, review_interval_years=4)  # → 2028
        in_force(cls.new, D(2024, 2, 29))
        approved(document(i, code="KazUTB-CC-RPA-7.2-2026-05"))  # approved, never in force: not counted
        in_force(document(i, code="KazUTB-CC-RPA-7.2-2027-01"), D(2027, 3, 1))  # takes effect later: not counted
        cls.g = document(i, code="KazUTB-CC-RPA-7.2-2024-02")  # → 15.01.2027, the as-of date itself: due soon
        in_force(cls.g, D(2024, 1, 15))

    def test_the_issues_json(self) -> None:
        self.assertEqual(documents_due(self.institution, AS_OF), {
            "overdue": ["KazUTB-CC-RPA-7.2-2021-01"],
            "due_soon": ["KazUTB-CC-RPA-7.2-2024-01", "KazUTB-CC-RPA-7.2-2024-02"],
            "in_force": 5,
            "current_share": 0.8,
        })  # fmt: skip

    def test_within_days_bounds_due_soon(self) -> None:
        result = documents_due(self.institution, AS_OF, within_days=0)
        self.assertEqual(result["due_soon"], ["KazUTB-CC-RPA-7.2-2024-02"])
        result = documents_due(self.institution, AS_OF, within_days=44)  # 15.01 + 44 days = 28.02
        self.assertEqual(result["due_soon"], ["KazUTB-CC-RPA-7.2-2024-01", "KazUTB-CC-RPA-7.2-2024-02"])
        result = documents_due(self.institution, AS_OF, within_days=43)
        self.assertEqual(result["due_soon"], ["KazUTB-CC-RPA-7.2-2024-02"])

    def test_the_day_after_the_due_date_is_overdue(self) -> None:
        result = documents_due(self.institution, D(2027, 1, 16), within_days=0)
        self.assertEqual(result["overdue"], ["KazUTB-CC-RPA-7.2-2021-01", "KazUTB-CC-RPA-7.2-2024-02"])

    def test_before_the_successor_the_predecessor_counts(self) -> None:
        result = documents_due(self.institution, D(2024, 2, 28), within_days=0)
        self.assertEqual(result["in_force"], 3)  # c, the predecessor, g (not yet a, b, the successor)

    def test_a_review_before_the_as_of_date_clears_overdue_one_after_does_not(self) -> None:
        record_review(self.c, acting_user=None, reviewed_on=D(2027, 2, 1), reviewer="Head", result="no_change")
        self.assertEqual(documents_due(self.institution, AS_OF)["overdue"], ["KazUTB-CC-RPA-7.2-2021-01"])
        record_review(self.c, acting_user=None, reviewed_on=D(2024, 8, 20), reviewer="Head", result="no_change")
        result = documents_due(self.institution, AS_OF)
        self.assertEqual((result["overdue"], result["current_share"]), ([], 1.0))

    def test_29_february_is_due_on_28_february_and_overdue_from_1_march(self) -> None:
        on_the_day = documents_due(self.institution, D(2027, 2, 28), within_days=0)
        self.assertEqual(on_the_day["overdue"], ["KazUTB-CC-RPA-7.2-2021-01", "KazUTB-CC-RPA-7.2-2024-02"])
        self.assertEqual(on_the_day["due_soon"], ["KazUTB-CC-RPA-7.2-2024-01"])
        next_day = documents_due(self.institution, D(2027, 3, 1), within_days=0)
        self.assertEqual(next_day["overdue"], ["KazUTB-CC-RPA-7.2-2021-01", "KazUTB-CC-RPA-7.2-2024-01",
                                               "KazUTB-CC-RPA-7.2-2024-02"])  # fmt: skip
        # The successor took effect on 29.02.2024 with a 4-year interval: 29.02.2028 is kept (a leap year).
        self.assertEqual(documents_due(self.institution, D(2028, 2, 29), within_days=0)["due_soon"],
                         ["ПСП 11-02.112-2022"])  # fmt: skip

    def test_an_interval_change_moves_documents_in_and_out_of_overdue(self) -> None:
        update_document(self.b, acting_user=None, review_interval_years=1)  # 18.06.2025 + 1 → 18.06.2026
        update_document(self.c, acting_user=None, review_interval_years=6)  # 01.09.2021 + 6 → 01.09.2027
        result = documents_due(self.institution, AS_OF)
        self.assertEqual((result["overdue"], result["current_share"]), (["KazUTB-CC-RPA-7.2-2025-01"], 0.8))
        update_document(self.c, acting_user=None, review_interval_years=5)  # → 01.09.2026: overdue again
        self.assertEqual(documents_due(self.institution, AS_OF)["overdue"],
                         ["KazUTB-CC-RPA-7.2-2021-01", "KazUTB-CC-RPA-7.2-2025-01"])  # fmt: skip

    def test_the_command_prints_the_json(self) -> None:
        out = io.StringIO()
        call_command("documents_due", "--as-of", "2027-01-15", "--within-days", "90", "--json", stdout=out)
        self.assertEqual(json.loads(out.getvalue()), {
            "overdue": ["KazUTB-CC-RPA-7.2-2021-01"],
            "due_soon": ["KazUTB-CC-RPA-7.2-2024-01", "KazUTB-CC-RPA-7.2-2024-02"],
            "in_force": 5,
            "current_share": 0.8,
        })  # fmt: skip


class EmptyRegisterTests(BaseTestCase):
    def test_no_document_in_force(self) -> None:
        self.assertEqual(documents_due(self.institution, AS_OF),
                         {"overdue": [], "due_soon": [], "in_force": 0, "current_share": None})  # fmt: skip
