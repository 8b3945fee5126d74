"""The consortium's table reads every institution at once (#18): the employment figures grouped by institution
through compute_kpis' own reader, the partnership counts grouped, and a number of queries that does not grow
with the number of institutions."""

from __future__ import annotations

import datetime as dt

from django.test import TestCase

from mansap.common.testing import make_student
from mansap.core.models import Department, EducationalProgram, Faculty, Institution
from mansap.employers.indicators import JointUnits, PartnershipAgreements, TargetedStudents
from mansap.employers.reports.kpis import partnership_counts
from mansap.employers.tests.factories import make_agreement, make_org, make_unit
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.reports import analytics
from mansap.graduates.reports import consortium as report
from mansap.graduates.tests.factories import make_graduate

AS_OF = dt.date(2026, 6, 1)


def make_institution(code: str) -> tuple[Institution, EducationalProgram]:
    institution = Institution.objects.create(code=code, short_name=code, name_kk=code, name_ru=code, name_en=code)
    faculty = Faculty.objects.create(institution=institution, code="F", name_kk="F", name_ru="F", name_en="F")
    department = Department.objects.create(faculty=faculty, code="D", name_kk="D", name_ru="D", name_en="D")
    program = EducationalProgram.objects.create(
        code="6B06101", level="bachelor", name_kk="P", name_ru="P", name_en="P", department=department
    )
    return institution, program


def record(graduate, status: str, started_on: dt.date, salary: int | None = None, **fields) -> EmploymentRecord:
    return EmploymentRecord.objects.create(
        graduate=graduate, status=status, started_on=started_on, salary=salary, channel="telephone", **fields
    )


class GroupedReadersTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.a, program_a = make_institution("A")
        cls.b, program_b = make_institution("B")
        cls.c, _program_c = make_institution("C")  # no graduates, no partners
        # A, cohort 2025: 6 graduates.
        employed = [make_graduate(program_a) for _n in range(3)]
        for n, graduate in enumerate(employed):
            record(graduate, "employed_specialty", dt.date(2025, 9, 1), salary=200_000 + 100_000 * n)
        ended = make_graduate(program_a)  # a record that ended before the date: unknown
        record(ended, "employed_other", dt.date(2025, 9, 1), ended_on=dt.date(2026, 1, 31))
        moved = make_graduate(program_a)  # unemployed and seeking, then continuing education: the latest counts
        record(moved, "unemployed_seeking", dt.date(2025, 8, 1), ended_on=dt.date(2025, 9, 30))
        record(moved, "continuing_education", dt.date(2025, 10, 1))
        later = make_graduate(program_a)  # a record that starts after the date: unknown
        record(later, "military_service", dt.date(2026, 7, 1))
        # A, cohort 2024: not counted in 2025's figures.
        record(make_graduate(program_a, graduation_date=dt.date(2024, 6, 25)), "own_business", dt.date(2024, 9, 1))
        # B, cohort 2025: 5 graduates, 2 own business, 1 unemployed and seeking, 2 with no record.
        for n in range(5):
            graduate = make_graduate(program_b)
            if n < 2:
                record(graduate, "own_business", dt.date(2025, 9, 1))
            elif n == 2:
                record(graduate, "unemployed_seeking", dt.date(2025, 9, 1))
        # Partnerships: A two agreements in force and one expired, one open unit and one closed; B a sponsored
        # student.
        org_a = make_org(cls.a)
        make_agreement(org_a, valid_from=dt.date(2025, 1, 1))
        make_agreement(org_a, valid_from=dt.date(2024, 1, 1), valid_until=dt.date(2027, 1, 1))
        make_agreement(org_a, valid_from=dt.date(2023, 1, 1), valid_until=dt.date(2025, 12, 31))
        make_unit(org_a, program_a.department)
        make_unit(org_a, program_a.department, closed_on=dt.date(2026, 1, 1))
        make_student(program_b, sponsor=make_org(cls.b), admission_year=2024)

    def test_grouped_kpis_are_compute_kpis_of_each_institution(self) -> None:
        graduates = report.cohorts_graduates([self.a, self.b, self.c], 2025)
        with self.assertNumQueries(2):  # the graduates counted per institution, their records grouped
            grouped = analytics.compute_kpis_by(graduates, AS_OF, "institution_id")
        self.assertEqual(set(grouped), {self.a.pk, self.b.pk})  # C has no graduates
        for institution in (self.a, self.b):
            with self.subTest(institution.code):
                self.assertEqual(
                    grouped[institution.pk],
                    analytics.compute_kpis(report.cohort_graduates(institution, 2025), AS_OF),
                )
        a = grouped[self.a.pk]
        self.assertEqual(
            {k: v for k, v in a["status_counts"].items() if v},
            {"employed_specialty": 3, "continuing_education": 1, "unknown": 2},
        )
        self.assertEqual(a["average_salary"], 300_000)
        self.assertEqual(a["counts"]["cohort"], 6)
        b = grouped[self.b.pk]
        self.assertEqual(
            {k: v for k, v in b["status_counts"].items() if v},
            {"own_business": 2, "unemployed_seeking": 1, "unknown": 2},
        )

    def test_grouped_partnership_counts_are_the_indicators_of_each_institution(self) -> None:
        with self.assertNumQueries(3):  # one grouped query a figure
            counts = partnership_counts([self.a.pk, self.b.pk, self.c.pk], AS_OF)
        self.assertEqual(
            counts,
            {
                self.a.pk: {"agreements": 2, "joint_units": 1, "targeted_students": 0},
                self.b.pk: {"agreements": 0, "joint_units": 0, "targeted_students": 1},
                self.c.pk: {"agreements": 0, "joint_units": 0, "targeted_students": 0},
            },
        )
        for institution in (self.a, self.b, self.c):
            with self.subTest(institution.code):
                self.assertEqual(
                    counts[institution.pk],
                    {
                        "agreements": PartnershipAgreements().measure_on(institution, AS_OF).value,
                        "joint_units": JointUnits().measure_on(institution, AS_OF).value,
                        "targeted_students": TargetedStudents().measure_on(institution, AS_OF).value,
                    },
                )

    def test_the_table_costs_the_same_queries_for_2_and_for_20_institutions(self) -> None:
        with self.assertNumQueries(5):
            two = report.build([self.a, self.b], 2025, AS_OF, "en")
        more = [self.a, self.b] + [make_institution(f"X{n}")[0] for n in range(18)]
        with self.assertNumQueries(5):
            twenty = report.build(more, 2025, AS_OF, "en")
        self.assertEqual(len(twenty.columns), 21)  # 20 institutions and the total
        cohort = {row.figure.key: [cell.text for cell in row.cells] for row in two.rows}["cohort"]
        self.assertEqual(cohort, ["6", "5", "11"])
        cohort = {row.figure.key: [cell.text for cell in row.cells] for row in twenty.rows}["cohort"]
        self.assertEqual(cohort, ["6", "5", *["0"] * 18, "11"])
