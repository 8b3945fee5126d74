"""Session results (R-096, R-115) and the two KPI providers of process 11, with literal values (issue #14)."""

from __future__ import annotations

from decimal import Decimal

from mansap.academics.models import Grade
from mansap.academics.reports.session import session_results
from mansap.academics.tests.factories import make_course, make_grade
from mansap.common import indicators
from mansap.common.indicators import Breakdown, Period
from mansap.common.testing import BaseTestCase, make_student

D = Decimal


class SessionResultTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        math, physics = make_course(cls.institution, "MAT101", 5), make_course(cls.institution, "PHY101", 3)
        cls.s1, cls.s2 = make_student(cls.program_a), make_student(cls.program_a)
        cls.s3 = make_student(cls.program_b)
        make_grade(cls.s1, math, "2024-2025", "1", "A")
        make_grade(cls.s1, physics, "2024-2025", "1", "FX")
        make_grade(cls.s1, physics, "2024-2025", "summer", "C", attempt="summer")  # the FX is retaken
        make_grade(cls.s2, math, "2024-2025", "1", "B-")
        make_grade(cls.s2, physics, "2024-2025", "1", "C")
        make_grade(cls.s3, math, "2024-2025", "1", "F")
        make_grade(cls.s3, physics, "2024-2025", "1", "", kind="pass")  # not graded: not counted
        make_grade(cls.s2, math, "2023-2024", "1", "F")  # another year

    def test_a_terms_results(self) -> None:
        results = session_results(Grade.objects.all(), self.institution, "2024-2025", "1")
        self.assertEqual((results.total, results.passed, results.quality), (5, 3, 2))
        self.assertEqual((results.absolute_share, results.quality_share), (D("0.6000"), D("0.4000")))
        # (4.00 + 0.50 + 2.67 + 2.00 + 0.00) / 5 = 9.17 / 5 = 1.834 → 1.83
        self.assertEqual(results.average, D("1.83"))
        self.assertEqual(
            [(g.student_id, g.course.code, g.letter) for g in results.debts], [(self.s3.pk, "MAT101", "F")]
        )

    def test_the_kpi_providers_of_process_11(self) -> None:
        year = Period.academic_year(2024)
        absolute = indicators.get("academics.absolute_performance").measure(self.institution, year)
        quality = indicators.get("academics.quality_performance").measure(self.institution, year)
        # all terms of 2024-2025: the five attempts of term 1 and the summer C → 4 of 6 passed, 2 of 6 A to B-
        self.assertEqual((absolute.value, absolute.numerator, absolute.denominator), (D("0.6667"), 4, 6))
        self.assertEqual((quality.value, quality.numerator, quality.denominator), (D("0.3333"), 2, 6))
        self.assertEqual(len(absolute.rows), 6)
        department_b = indicators.get("academics.absolute_performance").measure(
            self.institution, year, Breakdown(department=self.dept_b.pk)
        )
        self.assertEqual((department_b.value, department_b.numerator, department_b.denominator), (D("0.0000"), 0, 1))
        empty = indicators.get("academics.quality_performance").measure(self.institution, Period.academic_year(2030))
        self.assertEqual((empty.value, empty.denominator), (None, 0))
