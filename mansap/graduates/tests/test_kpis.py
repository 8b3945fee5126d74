"""The KPI formulas of the issue against a hand-computed cohort (analytics.compute_kpis and friends)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import Student
from mansap.graduates.reports import analytics
from mansap.graduates.services.records import record_employment

D = dt.date
GRADUATED = D(2025, 6, 30)
AS_OF = D(2026, 3, 1)


def record(graduate: Student, acting_user: object, status: str, started_on: dt.date, **fields: object) -> None:
    record_employment(
        graduate, acting_user=acting_user, status=status, started_on=started_on, channel="telephone", **fields
    )


class HandComputedCohortTests(BaseTestCase):
    """Twelve graduates of 2025 in departments A and B; the figures below are worked out by hand.

    As of 1 March 2026:
      g1  employed by specialty, 300 001        g7  military service
      g2  employed by specialty, 250 001        g8  parental leave
      g3  employed not by specialty, 200 000    g9  employed, but the record ended 31.12.2025 -> unknown
      g4  own business, no salary               g10 seeking work (a job from 01.04.2026 is not yet counted)
      g5  tie on 10.09.2025: seeking, then      g11 no record -> unknown
          employed not by specialty, 180 000    g12 not seeking work
          (recorded last) -> employed
      g6  continuing education
    cohort 12, unknown 2 (known 10), employed 5, out of the labour force 3 (labour force 9).
    """

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cc = cls.cc
        a, b = cls.program_a, cls.program_b
        g = {i: make_student(a if i <= 6 else b, graduation_date=GRADUATED) for i in range(1, 13)}
        cls.g = g
        record(g[1], cc, "employed_specialty", D(2025, 8, 1), salary=300_001, employer_name="Kaspi Bank")
        record(g[2], cc, "employed_specialty", D(2025, 9, 1), salary=250_001)
        record(g[3], cc, "employed_other", D(2025, 10, 1), salary=200_000)
        record(g[4], cc, "own_business", D(2025, 7, 15))
        record(g[5], cc, "unemployed_seeking", D(2025, 9, 10))
        record(g[5], cc, "employed_other", D(2025, 9, 10), salary=180_000)
        record(g[6], cc, "continuing_education", D(2025, 9, 1))
        record(g[7], cc, "military_service", D(2025, 11, 1))
        record(g[8], cc, "parental_leave", D(2025, 8, 1))
        record(g[9], cc, "employed_specialty", D(2025, 8, 1), ended_on=D(2025, 12, 31), salary=999_999)
        record(g[10], cc, "unemployed_seeking", D(2025, 8, 1))
        record(g[10], cc, "employed_specialty", D(2026, 4, 1), salary=400_000)
        record(g[12], cc, "not_seeking", D(2025, 10, 1))
        # Another cohort and another department's graduate of 2024: never part of the cohort's figures.
        other = make_student(a, graduation_date=D(2024, 6, 30))
        record(other, cc, "employed_specialty", D(2024, 8, 1), salary=1_000_000)

    def cohort(self) -> object:
        return Student.objects.graduates().filter(graduation_date__year=2025)

    def test_every_rate_and_count(self) -> None:
        kpis = analytics.compute_kpis(self.cohort(), AS_OF)
        self.assertEqual(
            kpis["counts"],
            {
                "cohort": 12,
                "unknown": 2,
                "employed": 5,
                "employed_specialty": 2,
                "own_business": 1,
                "out_of_labour_force": 3,
                "continuing_education": 1,
                "military_service": 1,
                "parental_leave": 1,
                "with_salary": 4,
            },
        )
        expected = {
            "knowledge_rate": Fraction(10, 12),
            "employment_rate": Fraction(5, 9),
            "employment_by_specialty_rate": Fraction(2, 9),
            "own_business_share": Fraction(1, 9),
            "career_outcomes_rate": Fraction(5 + 1 + 1, 10),
        }
        for name, fraction in expected.items():
            with self.subTest(name):
                self.assertEqual(kpis[name], fraction.numerator / fraction.denominator)
        # (300 001 + 250 001 + 200 000 + 180 000) / 4 = 232 500.5 -> 232 501 (half up, not half even)
        self.assertEqual(kpis["average_salary"], 232_501)
        # even count: (200 000 + 250 001) / 2 = 225 000.5 -> 225 001
        self.assertEqual(kpis["median_salary"], 225_001)
        self.assertEqual(kpis["status_counts"]["unemployed_seeking"], 1)
        self.assertEqual(kpis["status_counts"]["not_seeking"], 1)
        self.assertEqual(kpis["status_counts"]["unknown"], 2)

    def test_statuses_of_the_snapshot(self) -> None:
        snap = analytics.snapshot(self.cohort(), AS_OF)
        g = self.g
        self.assertEqual(snap.statuses[g[5].pk], "employed_other", "a tie goes to the record recorded last")
        self.assertEqual(snap.statuses[g[9].pk], "unknown", "the record ended before the as-of date")
        self.assertEqual(snap.statuses[g[10].pk], "unemployed_seeking", "a record starting later is ignored")
        self.assertEqual(snap.statuses[g[11].pk], "unknown", "no record at all")
        self.assertNotIn(g[9].pk, snap.salaries)
        self.assertNotIn(g[4].pk, snap.salaries, "own business without a salary")
        self.assertEqual(snap.salaries[g[5].pk], 180_000)

    def test_the_as_of_date_changes_the_result(self) -> None:
        later = analytics.compute_kpis(self.cohort(), D(2026, 5, 1))
        # g10 is now employed by specialty (400 000); everything else as before
        self.assertEqual(later["counts"]["employed"], 6)
        self.assertEqual(later["counts"]["employed_specialty"], 3)
        self.assertEqual(later["employment_rate"], 6 / 9)
        self.assertEqual(later["counts"]["with_salary"], 5)
        self.assertEqual(later["average_salary"], 266_000)  # 1 330 002 / 5 = 266 000.4
        self.assertEqual(later["median_salary"], 250_001)  # odd count: the middle one

        early = analytics.compute_kpis(self.cohort(), D(2025, 8, 15))
        # started by 15.08.2025: g1 ES, g4 OB, g8 PL, g9 ES (ends only in December), g10 seeking
        self.assertEqual(early["counts"]["cohort"], 12)
        self.assertEqual(early["counts"]["unknown"], 7)
        self.assertEqual(early["counts"]["employed"], 3)
        self.assertEqual(early["knowledge_rate"], 5 / 12)
        self.assertEqual(early["employment_rate"], 3 / 11)
        self.assertEqual(early["career_outcomes_rate"], 3 / 5)
        self.assertEqual(early["average_salary"], 650_000)  # (300 001 + 999 999) / 2
        self.assertEqual(early["median_salary"], 650_000)

        on_the_end_day = analytics.snapshot(self.cohort(), D(2025, 12, 31))
        self.assertEqual(on_the_end_day.statuses[self.g[9].pk], "employed_specialty", "ends on the date: still on")

    def test_empty_cohort(self) -> None:
        kpis = analytics.compute_kpis(Student.objects.graduates().filter(graduation_date__year=1999), AS_OF)
        for name in (*analytics.RATE_NAMES, *analytics.SALARY_NAMES):
            self.assertIsNone(kpis[name], name)
        self.assertEqual(set(kpis["counts"].values()), {0})
        self.assertEqual(set(kpis["counts"]), set(analytics.COUNT_NAMES))

    def test_everyone_out_of_the_labour_force(self) -> None:
        out = [make_student(self.program_c, graduation_date=D(2023, 6, 30)) for _ in range(3)]
        for graduate, status in zip(out, ("continuing_education", "military_service", "parental_leave"), strict=True):
            record(graduate, self.cc, status, D(2023, 9, 1))
        kpis = analytics.compute_kpis(Student.objects.filter(pk__in=[g.pk for g in out]), AS_OF)
        self.assertIsNone(kpis["employment_rate"])
        self.assertIsNone(kpis["employment_by_specialty_rate"])
        self.assertIsNone(kpis["own_business_share"])
        self.assertEqual(kpis["knowledge_rate"], 1.0)
        self.assertEqual(kpis["career_outcomes_rate"], 2 / 3)  # continuing education + military service
        self.assertEqual(kpis["counts"]["out_of_labour_force"], 3)

    def test_breakdown_slices_one_snapshot(self) -> None:
        snap = analytics.snapshot(self.cohort(), AS_OF)
        with self.assertNumQueries(1):  # the departments' names; no query per slice
            rows = analytics.breakdown(snap, "department")
        self.assertEqual([row.code for row in rows], ["CS", "IS"])
        for row in rows:
            department = self.dept_a if row.code == "IS" else self.dept_b
            expected = analytics.compute_kpis(self.cohort().filter(program__department=department), AS_OF)
            self.assertEqual(row.kpis, expected)
        self.assertEqual(sum(row.kpis["counts"]["cohort"] for row in rows), 12)
        with self.assertNumQueries(0):
            funding = analytics.breakdown(snap, "funding")
        self.assertEqual(len(funding), 1)
        self.assertEqual(funding[0].kpis, analytics.kpis_from_snapshot(snap))

    def test_analyse_computes_the_same_figures_in_one_scan(self) -> None:
        rounds = [("r2", "Round 2", D(2026, 5, 1)), ("r1", "Round 1", D(2025, 12, 1))]
        with self.assertNumQueries(3):  # graduates, records, the programs behind the departments
            analysis = analytics.analyse(self.cohort(), as_of=AS_OF, dimension="department", rounds=rounds)
        self.assertEqual(analysis.kpis, analytics.compute_kpis(self.cohort(), AS_OF))
        self.assertEqual([p.label for p in analysis.round_trend], ["Round 1", "Round 2"])
        self.assertEqual(
            [p.kpis for p in analysis.round_trend],
            [
                analytics.compute_kpis(self.cohort(), D(2025, 12, 1)),
                analytics.compute_kpis(self.cohort(), D(2026, 5, 1)),
            ],
        )
        self.assertEqual(len(analysis.breakdown), 2)

    def test_cohort_trend(self) -> None:
        graduates = Student.objects.graduates()
        trend = analytics.cohort_trend(graduates, {2025: AS_OF, 2024: D(2025, 6, 30)})
        self.assertEqual([(p.label, p.as_of) for p in trend], [("2024", D(2025, 6, 30)), ("2025", AS_OF)])
        self.assertEqual(trend[0].kpis["counts"]["cohort"], 1)
        self.assertEqual(trend[0].kpis["employment_rate"], 1.0)
        self.assertEqual(trend[1].kpis, analytics.compute_kpis(self.cohort(), AS_OF))

    def test_formats(self) -> None:
        self.assertEqual(analytics.format_rate(5 / 9, "en"), "55.6%")
        self.assertEqual(analytics.format_rate(5 / 9, "kk"), "55,6%")
        self.assertEqual(analytics.format_rate(5 / 9, "ru"), "55,6\xa0%")
        self.assertEqual(analytics.format_rate(0.0625, "en"), "6.3%")  # half up
        self.assertEqual(analytics.format_rate(1.0, "en"), "100.0%")
        self.assertEqual(analytics.format_rate(None, "kk"), "—")
        self.assertEqual(analytics.format_money(232_501, "en"), "232,501\xa0₸")
        self.assertEqual(analytics.format_money(232_501, "kk"), "232\xa0501\xa0₸")
        self.assertEqual(analytics.format_money(None, "ru"), "—")
