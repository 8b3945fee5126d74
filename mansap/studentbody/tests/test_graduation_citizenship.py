"""Graduation orders make graduates (through graduates.services.cohorts), idempotently, with the order's date, the
cohort of its year and the program; the contingent counted by citizenship (issue #15)."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import Student
from mansap.graduates.services.cohorts import cohort_of, record_graduation
from mansap.studentbody.services.states import apply_due, sync_current
from mansap.studentbody.tests.factories import signed

D = dt.date


class GraduationOrderTests(BaseTestCase):
    def setUp(self) -> None:
        # A student expected to graduate in June 2027 (a date the people import may have given) who graduates
        # early by an order effective 28 June 2026.
        self.student = make_student(self.program_a, admission_year=2022, course=4)

    def graduates(self) -> list[tuple[int, object, int | None, str]]:
        return [(s.pk, s.graduation_date, cohort_of(s), s.program.code)
                for s in Student.objects.graduates().select_related("program")]  # fmt: skip

    def test_a_graduation_order_makes_one_graduate_with_its_date_cohort_and_program(self) -> None:
        signed(self.student, "transfer_internal", D(2025, 9, 1), program=self.program_b)
        signed(self.student, "graduation", D(2026, 6, 28))
        self.assertEqual(self.graduates(), [(self.student.pk, D(2026, 6, 28), 2026, "6B06102")])
        student = Student.objects.get(pk=self.student.pk)
        self.assertEqual(student.status, "graduated")
        history = student.history.count()  # type: ignore[attr-defined]
        # applied again (the daily task, a re-sync): nothing changes, no second graduate, no new history row
        self.assertFalse(sync_current(student, acting_user=None))
        self.assertEqual(apply_due(D(2026, 6, 30)), 0)
        self.assertFalse(record_graduation(student, graduation_date=D(2026, 6, 28), acting_user=None))
        self.assertEqual(self.graduates(), [(self.student.pk, D(2026, 6, 28), 2026, "6B06102")])
        self.assertEqual(student.history.count(), history)  # type: ignore[attr-defined]

    def test_the_orders_date_wins_over_an_expected_one(self) -> None:
        Student.objects.filter(pk=self.student.pk).update(graduation_date=D(2027, 6, 30))
        self.student.refresh_from_db()
        signed(self.student, "graduation", D(2026, 6, 28))
        self.assertEqual(self.graduates(), [(self.student.pk, D(2026, 6, 28), 2026, "6B06101")])

    def test_a_graduation_signed_in_advance_takes_effect_on_its_day(self) -> None:
        signed(self.student, "graduation", D(2099, 6, 28))
        self.assertEqual(self.graduates(), [])
        self.assertEqual(apply_due(D(2099, 6, 27)), 0)
        self.assertEqual(apply_due(D(2099, 6, 28)), 1)
        self.assertEqual(self.graduates(), [(self.student.pk, D(2099, 6, 28), 2099, "6B06101")])
        self.assertEqual(apply_due(D(2099, 6, 29)), 0)


class ContingentByCitizenshipTests(BaseTestCase):
    def contingent(self, *args: str) -> dict[str, object]:
        out = io.StringIO()
        call_command("contingent", "--as-of", "2026-10-01", *args, "--json", stdout=out)
        return json.loads(out.getvalue())

    def test_the_command_and_the_page(self) -> None:
        make_student(self.program_a, admission_year=2025)
        make_student(self.program_a, admission_year=2025, citizenship="UZ")
        make_student(self.program_b, admission_year=2025, citizenship="UZ")
        make_student(self.program_b, admission_year=2025, citizenship="CN")
        self.assertEqual(self.contingent("--by", "citizenship"),
                         {"total": 4, "by": {"CN": 1, "KZ": 1, "UZ": 2}, "on_leave": 0})  # fmt: skip
        self.client.force_login(self.registrar)
        response = self.client.get("/studentbody/contingent/?as_of=2026-10-01", HTTP_ACCEPT_LANGUAGE="ru")
        table = next(t for t in response.context["tables"] if t["key"] == "citizenship")
        self.assertEqual([(r["label"], r["studying"]) for r in table["rows"]],
                         [("CN · Китай", 1), ("KZ · Казахстан", 1), ("UZ · Узбекистан", 2)])  # fmt: skip
