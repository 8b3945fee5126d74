"""The analytics page's filter: the cohorts' years (one recursive query) and the structure's options (one query of
values), with literal values for each role's scope."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from mansap.common.testing import make_student
from mansap.core.models import Department, Student
from mansap.graduates.forms.analytics import structure_choices
from mansap.graduates.reports.selection import cohort_years, years_of
from mansap.graduates.tests.test_analytics import HTMX, QUERY, URL, AnalyticsTestCase

D = dt.date
BREAKDOWN_URL = reverse("graduates:analytics_breakdown")
TREND_URL = reverse("graduates:analytics_trend")


class CohortYearsTests(AnalyticsTestCase):
    """Cohort 2025 (30.06.2025) in departments A, B and C; one graduate of 2024 (30.06.2024) in A."""

    def test_years_with_each_last_graduation_date(self) -> None:
        self.assertEqual(cohort_years(self.cc), {2025: D(2025, 6, 30), 2024: D(2024, 6, 30)})
        # An earlier date of a year already there changes nothing; a new year shows at once (no cache).
        make_student(self.program_b, graduation_date=D(2025, 1, 31))
        make_student(self.program_c, graduation_date=D(2021, 12, 31))
        make_student(self.program_c, graduation_date=D(2021, 2, 1))
        make_student(self.program_a)  # a student, not a graduate
        self.assertEqual(cohort_years(self.cc), {2025: D(2025, 6, 30), 2024: D(2024, 6, 30), 2021: D(2021, 12, 31)})
        self.assertEqual(list(cohort_years(self.cc)), [2025, 2024, 2021])  # newest first

    def test_scope(self) -> None:
        make_student(self.program_c, graduation_date=D(2021, 12, 31))
        self.assertEqual(cohort_years(self.aigerim), {2025: D(2025, 6, 30), 2024: D(2024, 6, 30)})
        self.assertEqual(cohort_years(self.dana), {2025: D(2025, 6, 30)})
        self.assertEqual(cohort_years(self.dean), {2025: D(2025, 6, 30), 2024: D(2024, 6, 30)})
        self.assertEqual(cohort_years(self.student_user), {})

    def test_same_as_the_distinct_dates(self) -> None:
        """The recursive query gives what the distinct graduation dates give, filters included, in one query."""
        make_student(self.program_b, graduation_date=D(2023, 1, 15))
        make_student(self.program_b, graduation_date=D(2023, 7, 1))
        for graduates in (
            Student.objects.graduates(),
            Student.objects.graduates().filter(program=self.program_b),
            Student.objects.graduates().filter(program__department=self.dept_c),
            Student.objects.graduates().filter(funding="grant"),
            Student.objects.graduates().none(),
        ):
            dates = {day for day in graduates.values_list("graduation_date", flat=True)}
            expected = {year: max(d for d in dates if d.year == year) for year in {d.year for d in dates}}
            with self.subTest(str(graduates.query) if graduates.exists() else "none"):
                with CaptureQueriesContext(connection) as queries:
                    found = years_of(graduates)
                self.assertEqual(found, dict(sorted(expected.items(), reverse=True)))
                self.assertLessEqual(len(queries), 1)
        self.assertEqual(
            years_of(Student.objects.graduates().filter(program=self.program_b)),
            {2025: D(2025, 6, 30), 2023: D(2023, 7, 1)},
        )

    def test_page_offers_the_years(self) -> None:
        make_student(self.program_a, graduation_date=D(2027, 1, 20))
        response = self.get_as(self.aigerim, URL)
        self.assertEqual(response.context["selection"].cohort, 2027)  # the latest cohort, at once
        self.assertContains(response, '<option value="2024">2024</option>', html=False)
        response = self.get_as(self.dana, URL)
        self.assertEqual(response.context["selection"].cohort, 2025)
        self.assertNotContains(response, '<option value="2024">', html=False)


class StructureChoicesTests(AnalyticsTestCase):
    """Faculties FIT (IT: departments IS and CS) and FEB (Economics: department EC); one program each."""

    def test_career_center_sees_every_option_by_code(self) -> None:
        empty = Department.objects.create(
            faculty=self.faculty, code="AA", name_kk="Жаңа кафедра", name_ru="Новая кафедра", name_en="New department"
        )
        with translation.override("en"):
            faculties, departments, programs = structure_choices(self.cc)
        self.assertEqual(faculties, [(self.other_faculty.pk, "Economics"), (self.faculty.pk, "IT")])
        self.assertEqual(
            departments,
            [
                (empty.pk, "New department"),  # no program yet: offered, as before
                (self.dept_b.pk, "Computer Science"),
                (self.dept_c.pk, "Economics"),
                (self.dept_a.pk, "Information Systems"),
            ],
        )
        self.assertEqual(
            programs,
            [
                (self.program_c.pk, "6B04101 Economics"),
                (self.program_a.pk, "6B06101 Information systems"),
                (self.program_b.pk, "6B06102 Computer science"),
            ],
        )

    def test_department_user_sees_only_theirs_in_each_language(self) -> None:
        expected = {
            "en": ("IT", "Information Systems", "6B06101 Information systems"),
            "ru": ("Факультет ИТ", "Информационные системы", "6B06101 Информационные системы"),
            "kk": ("АТ факультеті", "Ақпараттық жүйелер", "6B06101 Ақпараттық жүйелер"),
        }
        for language, (faculty, department, program) in expected.items():
            with self.subTest(language), translation.override(language):
                self.assertEqual(
                    structure_choices(self.aigerim),
                    (
                        [(self.faculty.pk, faculty)],
                        [(self.dept_a.pk, department)],
                        [(self.program_a.pk, program)],
                    ),
                )
        with translation.override("en"):
            self.assertEqual(
                structure_choices(self.dean),
                (
                    [(self.faculty.pk, "IT")],
                    [(self.dept_b.pk, "Computer Science"), (self.dept_a.pk, "Information Systems")],
                    [
                        (self.program_a.pk, "6B06101 Information systems"),
                        (self.program_b.pk, "6B06102 Computer science"),
                    ],
                ),
            )
            self.assertEqual(structure_choices(self.student_user), ([], [], []))

    def test_page_renders_the_options_and_the_selected_one(self) -> None:
        response = self.get_as(self.aigerim, URL + QUERY + f"&program={self.program_a.pk}")
        html = response.content.decode()
        self.assertIn(
            '<select name="program" class="form-select form-select-sm" id="id_program">\n'
            '  <option value="">all</option>\n\n'
            f'  <option value="{self.program_a.pk}" selected>6B06101 Information systems</option>\n\n'
            "</select>",
            html,
        )
        self.assertIn(f'<option value="{self.dept_a.pk}">Information Systems</option>', html)
        self.assertNotIn("Computer Science", html)
        # A program out of the user's scope is refused (the field still reads its queryset), not shown.
        response = self.get_as(self.aigerim, URL + QUERY + f"&program={self.program_b.pk}")
        self.assertContains(response, '<td class="text-end" data-count="cohort">0</td>', html=False)
        self.assertIn("Check the filters:", response.content.decode())
        response = self.get_as(self.aigerim, URL + QUERY + "&program=x", HTTP_ACCEPT_LANGUAGE="kk")
        self.assertEqual(response.status_code, 200)

    def test_options_read_once_and_only_by_the_page(self) -> None:
        self.client.force_login(self.cc)

        def structure_queries(url: str, **extra: str) -> int:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url, **extra).status_code, 200)
            # structure_choices' query: the departments, their faculty and their programs (LEFT JOIN); not the
            # breakdown's names of its slices (the programs with their department and faculty)
            return sum(
                'FROM "core_department"' in sql and 'LEFT OUTER JOIN "core_educationalprogram"' in sql
                for sql in (query["sql"] for query in queries.captured_queries)
            )

        self.assertEqual(structure_queries(URL + QUERY), 1)  # the three selects from one query
        self.assertEqual(structure_queries(BREAKDOWN_URL + QUERY, **HTMX), 0)  # fragments render no filter
        self.assertEqual(structure_queries(TREND_URL + QUERY), 0)
