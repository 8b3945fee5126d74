"""Bounded queries: the grade list, its export, the catalogue and the academics API lists cost the same with 2 or
20 rows, and so does a student's record page with 2 or 20 grades."""

from __future__ import annotations

import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.academics.models import Grade
from mansap.academics.tests.factories import make_course, make_grade
from mansap.common.testing import make_student
from mansap.core.models import Student
from mansap.core.tests.test_query_counts import QueryCountTestCase

_codes = itertools.count(1)


class AcademicsQueryCountTests(QueryCountTestCase):
    def add_grades(self, n: int) -> None:
        for _ in range(n):
            student = make_student(self.program_a)
            make_grade(student, make_course(self.institution, f"Q{next(_codes)}"), letter="B")

    def test_the_grade_list_and_its_export(self) -> None:
        # session, user, memberships, COUNT, the page of rows (student, program, course joined), the filter's
        # academic years, departments and programs
        self.check_bounded(self.registrar, reverse("academics:grade_list"), self.add_grades, pinned=8)
        self.check_bounded(self.registrar, reverse("academics:grade_list") + "?export=xlsx", self.add_grades, pinned=5)

    def test_the_catalogue(self) -> None:
        self.check_bounded(self.aigerim, reverse("academics:course_list"), self.add_grades, pinned=6)

    def test_api_lists(self) -> None:
        # token, user, memberships, COUNT, the rows; the GPA list adds their grades and the grading scale
        for name, pinned in (("grade-list", 4), ("course-list", 4), ("gpa-list", 6)):
            with self.subTest(name):
                self.check_bounded(self.registrar, reverse(name), self.add_grades, pinned=pinned, api=True)

    def test_a_students_record(self) -> None:
        student = make_student(self.program_a)
        url = reverse("academics:record", args=[student.pk])
        self.client.force_login(self.registrar)

        def grades(n: int) -> None:
            for _ in range(n):
                make_grade(student, make_course(self.institution, f"R{next(_codes)}"), letter="A")
                make_grade(make_student(self.program_a), make_course(self.institution, f"R{next(_codes)}"))

        grades(2)
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        grades(18)
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(len(few), len(many))

    def add_group_grades(self, n: int) -> None:
        for _ in range(n):
            student = make_student(self.program_a, group="Q-1")
            make_grade(student, make_course(self.institution, f"S{next(_codes)}"), letter="FX")

    def measure(self, url: str, pinned: int) -> None:
        """The same number of queries for 2 and 20 students (each with an FX, a debt), exactly `pinned`."""
        self.client.force_login(self.registrar)
        self.add_group_grades(2)
        self.client.get(url)  # warm caches (content types, sessions) outside the measurement
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get(url).status_code, 200)
        self.add_group_grades(18)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertEqual(len(few), len(many), url)
        self.assertEqual(len(many), pinned, url)
        if response.get("Content-Type", "").startswith("text/html"):
            report, sheet, groups = (response.context.get(k) for k in ("report", "sheet", "groups"))
            shown = len(report.results.debts) if report else len(sheet.rows) if sheet else groups[0][0].students
            self.assertEqual(shown, 20, url)

    def test_the_session_results_and_their_exports(self) -> None:
        # session, user, memberships, the institution, the departments and programs of the filters, the terms with
        # grades, the term's grades (student, program, course joined), the same students' later grades, the scale
        for name, pinned in (
            ("academics:session_results", 10),
            ("academics:session_xlsx", 10),
            ("academics:session_debts_xlsx", 10),
            ("academics:session_pdf", 10),
        ):
            with self.subTest(name):
                self.measure(reverse(name) + "?year=2024-2025&term=1", pinned)
                Grade.objects.all().delete()

    def test_the_summary_record_sheet_and_its_exports(self) -> None:
        # session, user, memberships, the institution, the departments and programs the user reads, the group's
        # students, their grades (course joined), the grading scale; the list of groups: their sizes, their programs
        query = f"?program={self.program_a.pk}&admission_year=2020&group=Q-1"
        for name, params, pinned in (
            ("academics:summary_sheet", query, 9),
            ("academics:summary_sheet_xlsx", query, 9),
            ("academics:summary_sheet_pdf", query, 9),
            ("academics:summary_sheet", "", 8),
        ):
            with self.subTest(name):
                self.measure(reverse(name) + params, pinned)
                Student.objects.filter(group="Q-1").delete()
