"""GPA (R-132) and the academic rating (R-133), pinned with literal values on hand-built cases (issue #14)."""

from __future__ import annotations

import io
import json
from decimal import Decimal

from django.core.management import call_command

from mansap.academics.reports.gpa import academic_rating, rank, round_gpa, student_gpa
from mansap.academics.tests.factories import make_course, make_grade
from mansap.common.testing import BaseTestCase, make_student

D = Decimal


class GpaRuleTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.c5 = make_course(cls.institution, "MAT101", 5)
        cls.c3 = make_course(cls.institution, "PHY101", 3)
        cls.c4 = make_course(cls.institution, "HIS101", 4)
        cls.c2 = make_course(cls.institution, "PE101", 2)

    def test_one_year(self) -> None:
        student = make_student(self.program_a)
        make_grade(student, self.c5, letter="A")  # 5 × 4.00 = 20.00
        make_grade(student, self.c3, letter="B-")  # 3 × 2.67 = 8.01
        result = student_gpa(student)
        # 28.01 / 8 = 3.50125 → 3.50
        self.assertEqual(result.cumulative, D("3.50"))
        self.assertEqual(result.years, {"2024-2025": D("3.50")})
        self.assertEqual((result.credits_attempted, result.credits_earned), (8, 8))

    def test_a_retake_in_a_later_year_counts_in_that_year_only(self) -> None:
        student = make_student(self.program_a)
        make_grade(student, self.c5, "2024-2025", "1", "F")
        make_grade(student, self.c3, "2024-2025", "2", "A")
        make_grade(student, self.c5, "2025-2026", "1", "B", attempt="retake")
        make_grade(student, self.c4, "2025-2026", "2", "C")
        result = student_gpa(student)
        # 2024-2025: PHY101 only (the F is superseded) = 4.00; 2025-2026: (5×3 + 4×2) / 9 = 23/9 = 2.555… → 2.56
        self.assertEqual(result.years, {"2024-2025": D("4.00"), "2025-2026": D("2.56")})
        # all: (12 + 15 + 8) / 12 = 35/12 = 2.9166… → 2.92
        self.assertEqual(result.cumulative, D("2.92"))
        self.assertEqual((result.credits_attempted, result.credits_earned), (12, 12))
        self.assertEqual(json.loads(self.gpa_json(student))["years"], {"2024-2025": 4.0, "2025-2026": 2.56})

    def test_a_summer_semester_is_after_term_2_of_the_same_year(self) -> None:
        student = make_student(self.program_a)
        make_grade(student, self.c5, "2024-2025", "2", "FX")
        make_grade(student, self.c5, "2024-2025", "summer", "C+", attempt="summer")
        make_grade(student, self.c3, "2024-2025", "1", "A-")
        result = student_gpa(student)
        # (5 × 2.33 + 3 × 3.67) / 8 = (11.65 + 11.01) / 8 = 22.66 / 8 = 2.8325 → 2.83
        self.assertEqual(result.cumulative, D("2.83"))
        self.assertEqual((result.credits_attempted, result.credits_earned), (8, 8))

    def test_pass_and_exempted_rows_count_for_credits_only(self) -> None:
        student = make_student(self.program_a)
        make_grade(student, self.c5, letter="B+")
        make_grade(student, self.c2, letter="", kind="pass")
        make_grade(student, self.c4, letter="", kind="exempted")
        result = student_gpa(student)
        self.assertEqual(result.cumulative, D("3.33"))
        self.assertEqual(result.credits_attempted, 5)
        self.assertEqual(result.credits_earned, 11)

    def test_fx_as_the_latest_attempt_counts_as_half_and_earns_nothing(self) -> None:
        student = make_student(self.program_a)
        make_grade(student, self.c5, "2024-2025", "1", "D")
        make_grade(student, self.c5, "2024-2025", "2", "FX", attempt="retake")
        make_grade(student, self.c3, "2024-2025", "1", "B")
        result = student_gpa(student)
        # (5 × 0.50 + 3 × 3.00) / 8 = 11.5 / 8 = 1.4375 → 1.44
        self.assertEqual(result.cumulative, D("1.44"))
        self.assertEqual((result.credits_attempted, result.credits_earned), (8, 3))

    def test_rounding_half_up_at_005(self) -> None:
        self.assertEqual(round_gpa(D("2.665")), D("2.67"))  # half up (banker's rounding would give 2.66)
        self.assertEqual(round_gpa(D("2.6649")), D("2.66"))
        student = make_student(self.program_a)
        make_grade(student, make_course(self.institution, "R1", 1), letter="A-")  # 1 × 3.67 = 3.67
        make_grade(student, make_course(self.institution, "R3", 3), letter="C+")  # 3 × 2.33 = 6.99
        # 10.66 / 4 = 2.665 exactly → 2.67
        result = student_gpa(student)
        self.assertEqual(result.cumulative, D("2.67"))
        self.assertEqual(result.years, {"2024-2025": D("2.67")})

    def test_a_student_with_no_graded_row(self) -> None:
        student = make_student(self.program_a)
        self.assertEqual(
            json.loads(self.gpa_json(student)),
            {"cumulative": None, "years": {}, "credits_attempted": 0, "credits_earned": 0},
        )
        make_grade(student, self.c2, letter="", kind="pass")
        self.assertEqual(
            json.loads(self.gpa_json(student)),
            {"cumulative": None, "years": {"2024-2025": None}, "credits_attempted": 0, "credits_earned": 2},
        )

    def gpa_json(self, student) -> str:
        out = io.StringIO()
        call_command("gpa", "--student", student.iin, "--json", stdout=out)
        return out.getvalue()


class RatingTests(BaseTestCase):
    def test_competition_ranking(self) -> None:
        ranked = rank([("a", D("3.50")), ("b", D("3.80")), ("c", D("3.50")), ("d", D("2.00"))])
        self.assertEqual(ranked, [("b", D("3.80"), 1), ("a", D("3.50"), 2), ("c", D("3.50"), 2), ("d", D("2.00"), 4)])

    def test_the_rating_of_a_program_and_admission_year(self) -> None:
        course, other = make_course(self.institution, "M1", 5), make_course(self.institution, "M2", 5)
        students = [make_student(self.program_a, admission_year=2024, last_name=f"Тест{i}") for i in range(5)]
        for student, letter in zip(students, ["A", "B", "A", "C", None], strict=True):
            if letter:
                make_grade(student, course, "2025-2026", "1", letter)
        make_grade(students[4], other, "2024-2025", "1", "A")  # graded, but not in 2025-2026: not ranked
        make_grade(make_student(self.program_a, admission_year=2023), course, "2025-2026", "1", "A")  # other year
        make_grade(make_student(self.program_b, admission_year=2024), course, "2025-2026", "1", "A")  # other program
        rating = academic_rating(
            type(students[0]).objects.filter(program=self.program_a, admission_year=2024), self.institution, "2025-2026"
        )
        self.assertEqual(rating.size, 4)
        self.assertEqual([(r.student.pk, r.gpa, r.rank) for r in rating.rows], [
            (students[0].pk, D("4.00"), 1), (students[2].pk, D("4.00"), 1), (students[1].pk, D("3.00"), 3),
            (students[3].pk, D("2.00"), 4),
        ])  # fmt: skip
        out = io.StringIO()
        call_command("academic_rating", "--program", self.program_a.code, "--admission-year", "2024", "--year",
                     "2025-2026", "--json", stdout=out)  # fmt: skip
        self.assertEqual(json.loads(out.getvalue()), [
            {"iin": students[0].iin, "gpa": 4.0, "rank": 1}, {"iin": students[2].iin, "gpa": 4.0, "rank": 1},
            {"iin": students[1].iin, "gpa": 3.0, "rank": 3}, {"iin": students[3].iin, "gpa": 2.0, "rank": 4},
        ])  # fmt: skip
