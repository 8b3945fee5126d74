"""The contingent's readers never write, and a student's baseline follows every write of the student, the people
import's bulk writes included (core sends students_written; studentbody follows it) (issue #15)."""

from __future__ import annotations

import datetime as dt
import io

from django.core.management import call_command
from django.urls import reverse

from mansap.common.identifiers import make_iin
from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import Student
from mansap.core.services import imports
from mansap.core.tests.test_imports import HEADER, xlsx_bytes
from mansap.studentbody.models import StudentPeriod
from mansap.studentbody.tests.factories import signed

D = dt.date
IIN = make_iin(D(2004, 3, 14), "M", 71)


class BaselineTests(ScopedCRUDTests):
    def people_import(self, program_code: str, iin: str = IIN) -> None:
        row = [iin, "Сейітов", "Арман", "", "14.03.2004", "M", program_code, "", "", "", ""]
        report = imports.run_import(
            io.BytesIO(xlsx_bytes([HEADER, row])), "people.xlsx", institution=self.institution, acting_user=None,
            dry_run=False,
        )  # fmt: skip
        self.assertTrue(report.ok, report.errors)

    def test_reading_never_writes(self) -> None:
        student = make_student(self.program_a, admission_year=2024)
        StudentPeriod.objects.all().delete()  # a student from before baselines were kept on every write
        self.client.force_login(self.registrar)
        for url in (reverse("studentbody:contingent"), reverse("studentbody:student_history", args=[student.pk]),
                    reverse("studentbody:movement_report")):  # fmt: skip
            self.assertEqual(self.client.get(url).status_code, 200)
        call_command("contingent", "--as-of", "2026-10-01", "--json", stdout=io.StringIO())
        call_command("movement_report", "--month", "2026-10", "--json", stdout=io.StringIO())
        self.assertEqual(StudentPeriod.objects.count(), 0)
        call_command("contingent_baselines", stdout=io.StringIO())  # the one-off repair writes
        self.assertEqual(StudentPeriod.objects.count(), 1)

    def test_the_people_import_creates_the_baseline(self) -> None:
        self.people_import("6B06101")
        student = Student.objects.get(iin=IIN)
        self.assertEqual(
            list(StudentPeriod.objects.filter(student=student).values_list("state", "program__code")),
            [("studying", "6B06101")],
        )

    def test_the_people_import_updates_a_stale_baseline(self) -> None:
        student = make_student(self.program_a, iin=IIN, last_name="Сейітов", first_name="Арман",
                               birth_date=D(2004, 3, 14), sex="M")  # fmt: skip
        with_order = make_student(self.program_a, admission_year=2024)
        signed(with_order, "scholarship", D(2026, 9, 1))
        kept = list(StudentPeriod.objects.filter(student=with_order).values_list("program__code", flat=True))
        self.people_import("6B06102")
        self.people_import("6B06102", iin=with_order.iin)
        self.assertEqual(
            list(StudentPeriod.objects.filter(student=student).values_list("program__code", flat=True)), ["6B06102"]
        )
        # A student with orders keeps the baseline stored at their first order (the orders are the truth).
        self.assertEqual(
            list(StudentPeriod.objects.filter(student=with_order).values_list("program__code", flat=True)), kept
        )


class BulkBaselineTests(ScopedCRUDTests):
    """refresh_baselines given the students as written (the people import: nothing read back, rows as values)
    writes what it writes given a queryset (read back as objects) (#19)."""

    def periods(self, students: list[Student]) -> list[tuple]:
        return list(
            StudentPeriod.objects.filter(student__in=students)
            .order_by("student_id", "valid_from")
            .values_list("student_id", "valid_from", "valid_to", "state", "program_id", "study_form",
                         "study_language", "funding", "year_of_study", "item_id")
        )  # fmt: skip

    def test_the_students_as_written_give_the_queryset_s_periods(self) -> None:
        from mansap.studentbody.services.states import refresh_baselines

        studying = make_student(self.program_a, admission_year=2023, course=3)
        graduated = make_student(self.program_b, admission_year=2021, graduation_date=D(2025, 6, 25))
        no_year = make_student(self.program_a, admission_year=None)
        with_order = make_student(self.program_a, admission_year=2024)
        signed(with_order, "scholarship", D(2026, 9, 1))
        students = [studying, graduated, no_year, with_order]
        kept = self.periods([with_order])

        refresh_baselines(Student.objects.filter(pk__in=[s.pk for s in students]))
        from_queryset = self.periods(students)
        StudentPeriod.objects.filter(student__in=[studying, graduated, no_year]).delete()
        self.assertEqual(refresh_baselines([Student.objects.get(pk=s.pk) for s in students]), 4)
        self.assertEqual(self.periods(students), from_queryset)
        self.assertEqual(self.periods([with_order]), kept)  # orders in force: the stored baseline stays
        self.assertEqual(
            [(p[1], p[2], p[3]) for p in self.periods([graduated])],
            [(D(2021, 9, 1), D(2025, 6, 25), "studying"), (D(2025, 6, 25), None, "graduated")],
        )

    def test_students_alike_share_their_periods_and_keep_their_own_ids(self) -> None:
        from mansap.studentbody.services.states import refresh_baselines

        same = [make_student(self.program_a, admission_year=2021, graduation_date=D(2025, 6, 25)) for _ in range(3)]
        later = make_student(self.program_a, admission_year=2021, graduation_date=D(2025, 6, 30))
        other_program = make_student(self.program_b, admission_year=2021, graduation_date=D(2025, 6, 25))
        students = [*same, later, other_program]
        StudentPeriod.objects.filter(student__in=students).delete()
        self.assertEqual(refresh_baselines([Student.objects.get(pk=s.pk) for s in students]), 10)
        a, b = self.program_a.pk, self.program_b.pk
        expected = []
        for student, program, graduated in [*((s, a, D(2025, 6, 25)) for s in same), (later, a, D(2025, 6, 30)),
                                            (other_program, b, D(2025, 6, 25))]:  # fmt: skip
            expected += [(student.pk, D(2021, 9, 1), graduated, "studying", program),
                         (student.pk, graduated, None, "graduated", program)]  # fmt: skip
        self.assertEqual([p[:5] for p in self.periods(students)], expected)
