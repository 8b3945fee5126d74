"""Practice grades in the academic record (issue #14): a grade given in practice becomes a grade row from the source
"practice"; a Platonus row of the same course, year and term wins (the practice row is removed, a warning when the
letters differ); a re-grade updates the row; `sync_practice_grades` is idempotent."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from mansap.academics.models import Course, Grade
from mansap.academics.reports.gpa import student_gpa
from mansap.academics.services import imports
from mansap.academics.tests.factories import make_course, make_grade
from mansap.academics.tests.test_import import HEADER
from mansap.common.testing import BaseTestCase, make_student, workbook_bytes
from mansap.practice.services import assessment
from mansap.practice.tests.factories import make_base, make_placement, make_practice

TODAY = dt.date(2026, 7, 1)


class PracticeGradeTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.student = make_student(cls.program_a)
        cls.base = make_base(cls.institution, programs=[cls.program_a])
        cls.practice = make_practice(cls.program_a, course_code="PRA301", grade_term="2")  # 2025-2026, 4 credits
        cls.placement = make_placement(cls.practice, cls.student, cls.base, report_submitted_on=dt.date(2026, 6, 29))

    def grade(self, score: int | None) -> None:
        self.placement.refresh_from_db()
        with self.captureOnCommitCallbacks(execute=True):  # the signal goes after the grading's commit
            assessment.record_grade(self.placement, score, acting_user=self.aigerim, today=TODAY)

    def rows(self) -> list[tuple[Any, ...]]:
        return list(
            Grade.objects.filter(student=self.student).order_by("pk").values_list(
                "course__code", "academic_year", "term", "attestation", "kind", "attempt", "letter", "percent",
                "source",
            )
        )  # fmt: skip

    def import_platonus(self, letter: str, percent: Any = "") -> dict[str, Any]:
        row = [self.student.iin, "PRA301", "Production practice", 4, "2025-2026", 2, "practice", percent, letter,
               "graded", "regular"]  # fmt: skip
        file = io.BytesIO(workbook_bytes({"grades": [HEADER, row]}))
        report = imports.run_import(file, "grades.xlsx", institution=self.institution, acting_user=self.registrar)
        with translation.override("en"):
            return {**report.to_dict(), "practice_replaced": report.extra["practice_replaced"]}

    def test_a_practice_grade_becomes_a_grade_row_and_a_regrade_updates_it(self) -> None:
        self.grade(87)
        self.assertEqual(
            self.rows(),
            [("PRA301", "2025-2026", "2", "practice", "graded", "regular", "B+", Decimal("87.00"), "practice")],
        )
        course = Course.objects.get(code="PRA301")
        self.assertEqual((course.credits, course.name_en, course.department_id), (4, "Production practice",
                                                                                  self.dept_a.pk))  # fmt: skip
        gpa = student_gpa(self.student)
        self.assertEqual(gpa.as_json(), {"cumulative": 3.33, "years": {"2025-2026": 3.33}, "credits_attempted": 4,
                                         "credits_earned": 4})  # fmt: skip
        self.grade(96)
        self.assertEqual(
            self.rows(),
            [("PRA301", "2025-2026", "2", "practice", "graded", "regular", "A", Decimal("96.00"), "practice")],
        )
        self.assertEqual(Grade.objects.get().history.count(), 2)
        self.grade(None)  # the grade cleared: the row goes
        self.assertEqual(self.rows(), [])

    def test_a_practice_without_a_course_code_keeps_its_grade_to_itself(self) -> None:
        self.practice.course_code = ""
        self.practice.save()
        self.grade(87)
        self.assertEqual(self.rows(), [])

    def test_platonus_wins_with_a_warning_when_the_letters_differ(self) -> None:
        self.grade(87)
        report = self.import_platonus("A-", 92)
        self.assertEqual((report["errors"], report["created"], report["practice_replaced"]), ([], 1, 1))
        self.assertEqual(
            [(w["row"], w["column"], w["code"], w["message"]) for w in report["warnings"]],
            [(2, "letter", "practice_grade_differs",
              "The practice grade B+ given in Mansap for PRA301 differs from A-: this row replaces it.")],
        )  # fmt: skip
        self.assertEqual(
            self.rows(),
            [("PRA301", "2025-2026", "2", "practice", "graded", "regular", "A-", Decimal("92.00"), "platonus")],
        )
        self.assertEqual(student_gpa(self.student).as_json(), {
            "cumulative": 3.67, "years": {"2025-2026": 3.67}, "credits_attempted": 4, "credits_earned": 4,
        })  # fmt: skip
        # the record page shows the difference; the practice's letter is not counted
        self.client.force_login(self.registrar)
        with translation.override("en"):
            page = self.client.get(reverse("academics:record", args=[self.student.pk]), HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(
            [(c.course.code, c.academic_year, c.practice_letter, c.platonus_letter)
             for c in page.context["record"].practice_conflicts],
            [("PRA301", "2025-2026", "B+", "A-")],
        )  # fmt: skip
        self.assertContains(page, "B+ given in practice, A- from AIS Platonus.")
        # a re-grade in practice no longer writes over Platonus's row
        self.grade(60)
        self.assertEqual([r[6:] for r in self.rows()], [("A-", Decimal("92.00"), "platonus")])

    def test_no_warning_when_the_letters_agree(self) -> None:
        self.grade(87)
        report = self.import_platonus("B+", 87)
        self.assertEqual((report["errors"], report["warnings"], report["practice_replaced"]), ([], [], 1))
        self.assertEqual([r[6:] for r in self.rows()], [("B+", Decimal("87.00"), "platonus")])
        self.client.force_login(self.registrar)
        page = self.client.get(reverse("academics:record", args=[self.student.pk]))
        self.assertEqual(page.context["record"].practice_conflicts, [])
        self.assertNotContains(page, 'id="practice-conflicts"')

    def test_a_practice_row_is_never_written_over_a_platonus_row(self) -> None:
        course = make_course(self.institution, "PRA301", 4)
        make_grade(self.student, course, "2025-2026", "2", "C", attempt="retake", attestation="practice")
        self.grade(87)
        self.assertEqual([r[5:] for r in self.rows()], [("retake", "C", None, "platonus")])

    def test_sync_practice_grades_is_idempotent(self) -> None:
        # placements graded before the mapping existed (no signal): the command brings them in
        other = make_student(self.program_a)
        make_placement(self.practice, other, self.base, score=70, letter_grade="C+", graded_on=TODAY)
        self.placement.score, self.placement.letter_grade, self.placement.graded_on = 55, "D+", TODAY
        self.placement.save()
        third = make_student(self.program_a)
        make_placement(self.practice, third, self.base, score=90, letter_grade="A-", graded_on=TODAY)
        make_grade(third, make_course(self.institution, "PRA301", 4), "2025-2026", "2", "B")  # Platonus has it

        def sync() -> dict[str, Any]:
            out = io.StringIO()
            call_command("sync_practice_grades", "--json", stdout=out)
            return json.loads(out.getvalue())

        self.assertEqual(sync(), {"created": 2, "updated": 0, "removed": 0, "unchanged": 0, "left_to_platonus": 1,
                                  "courses_added": []})  # fmt: skip
        self.assertEqual(
            sorted(Grade.objects.values_list("student__iin", "letter", "source")),
            sorted([(self.student.iin, "D+", "practice"), (other.iin, "C+", "practice"), (third.iin, "B", "platonus")]),
        )
        self.assertEqual(sync(), {"created": 0, "updated": 0, "removed": 0, "unchanged": 2, "left_to_platonus": 1,
                                  "courses_added": []})  # fmt: skip
        self.assertEqual(Grade.objects.count(), 3)
        # the practice no longer maps to a course: its rows go
        self.practice.course_code = ""
        self.practice.save()
        self.assertEqual(sync()["removed"], 2)
        self.assertEqual(list(Grade.objects.values_list("source", flat=True)), ["platonus"])

    def test_nobody_types_a_grade_through_the_api(self) -> None:
        self.grade(87)
        grade = Grade.objects.get()
        self.client.force_login(self.registrar)
        url = reverse("grade-detail", args=[grade.pk])
        self.assertEqual(self.client.patch(url, {"letter": "A"}, content_type="application/json").status_code, 405)
        self.assertEqual(self.client.post(reverse("grade-list"), {}, content_type="application/json").status_code, 405)
        self.assertEqual(Grade.objects.get().letter, "B+")
