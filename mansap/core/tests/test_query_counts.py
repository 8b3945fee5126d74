"""Bounded queries: every list page, its XLSX export and every API list cost the same with 2 or 20 rows.

Each test measures a list with a few rows, adds rows, measures again and insists the two counts are
equal (no query per row); then it pins the exact count with assertNumQueries so a new query shows up
in review. The comments name the queries in order.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_api_token, make_student
from mansap.core.models import (
    AcademicYear,
    CalendarEvent,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    ImportJob,
    Institution,
    ProgramGroup,
)
from mansap.employers.models import Organization

_serial = itertools.count(1)


class QueryCountTestCase(ScopedCRUDTests):
    """Measures a URL with few rows and with many; the rows come from `add(n)`."""

    few = 2
    many = 20

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.group = ProgramGroup.objects.create(code="B057", name_kk="АТ", name_ru="ИТ", name_en="IT")
        cls.sponsor = Organization.objects.create(institution=cls.institution, name_kk="А", name_ru="А", name_en="A")
        cls.advisor = Employee.objects.create(
            department=cls.dept_a, last_name="Кеңесшi", first_name="Б", position="professor"
        )

    def fetch(self, user: Any, url: str, api: bool) -> None:
        if api:
            response = self.api.get(url)
        else:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        if not api and not url.endswith("export=xlsx"):
            rows = len(response.context["table"].page.object_list)
            self.assertGreaterEqual(rows, self.expected_rows, url)
        elif api:
            self.assertGreaterEqual(len(response.json()["results"]), self.expected_rows, url)
        else:
            self.assertGreaterEqual(len(self.xlsx_rows(response)) - 1, self.expected_rows, url)

    def count(self, user: Any, url: str, api: bool) -> int:
        with CaptureQueriesContext(connection) as captured:
            self.fetch(user, url, api)
        return len(captured.captured_queries)

    def check_bounded(self, user: Any, url: str, add: Callable[[int], None], pinned: int, api: bool = False) -> None:
        """Same count at `few` and `many` rows, and exactly `pinned` queries."""
        self.client.force_login(user)
        # A token, as real API clients send: each request loads its user (and memberships) afresh,
        # where force_authenticate would hand every request the same user object and its cache.
        self.api = self.api_as(None)
        self.api.credentials(HTTP_AUTHORIZATION=f"Token {make_api_token(user)}")
        add(self.few)
        self.expected_rows = self.few
        self.fetch(user, url, api)  # warm caches (content types, sessions) outside the measurement
        with_few = self.count(user, url, api)
        add(self.many - self.few)
        self.expected_rows = self.many
        with_many = self.count(user, url, api)
        self.assertEqual(
            with_few, with_many, f"{url}: {with_few} queries with {self.few} rows, {with_many} with {self.many}"
        )
        with self.assertNumQueries(pinned):
            self.fetch(user, url, api)

    # Row factories -------------------------------------------------------------------------------------

    def add_students(self, n: int, **fields: Any) -> None:
        for _ in range(n):
            make_student(
                self.program_a, minor_program=self.program_b, sponsor=self.sponsor, advisor=self.advisor, **fields
            )

    def add_graduates(self, n: int) -> None:
        self.add_students(n, graduation_date=dt.date(2024, 6, 28), diploma_number="ЖБ-Б 1", with_honours=True)

    def add_institutions(self, n: int) -> None:
        for _ in range(n):
            i = next(_serial)
            Institution.objects.create(code=f"u{i}", short_name=f"U{i}", name_kk="У", name_ru="У", name_en="U")

    def add_faculties(self, n: int) -> None:
        for _ in range(n):
            i = next(_serial)
            Faculty.objects.create(institution=self.institution, code=f"F{i}", name_kk="Ф", name_ru="Ф", name_en="F")

    def add_departments(self, n: int) -> None:
        for _ in range(n):
            i = next(_serial)
            department = Department.objects.create(
                faculty=self.faculty, code=f"D{i}", name_kk="К", name_ru="К", name_en="D"
            )
            EducationalProgram.objects.create(
                code=f"6B{90000 + i}", level="bachelor", department=department, name_kk="П", name_ru="П", name_en="P"
            )

    def add_programs(self, n: int) -> None:
        for _ in range(n):
            i = next(_serial)
            EducationalProgram.objects.create(
                code=f"6B{80000 + i}", level="bachelor", department=self.dept_a, group=self.group,
                name_kk="П", name_ru="П", name_en="P",
            )  # fmt: skip

    def add_years(self, n: int) -> None:
        for _ in range(n):
            start = 1990 + next(_serial)
            year = AcademicYear.objects.create(
                institution=self.institution, start_year=start, starts_on=dt.date(start, 9, 1),
                ends_on=dt.date(start + 1, 6, 30),
            )  # fmt: skip
            CalendarEvent.objects.create(
                academic_year=year, kind="semester", title_kk="С", title_ru="С", title_en="S",
                starts_on=dt.date(start, 9, 1), ends_on=dt.date(start, 12, 20),
            )  # fmt: skip

    def add_employees(self, n: int) -> None:
        for _ in range(n):
            Employee.objects.create(
                department=self.dept_a, last_name=f"Қызметкер{next(_serial)}", first_name="А", position="lecturer",
                email="a@example.kz",
            )  # fmt: skip

    def add_imports(self, n: int) -> None:
        for _ in range(n):
            ImportJob.objects.create(
                institution=self.institution, file="imports/x.xlsx", original_name=f"file{next(_serial)}.xlsx",
                created_by=self.aigerim, report={"rows": 10},
            )  # fmt: skip


class ListPageQueryCountTests(QueryCountTestCase):
    # A list page as a logged-in staff member always costs:
    #   session, user, memberships (once per request: scoping, navigation, can_create),
    #   count (paginator), rows (one query with the related rows joined),
    # plus what its filter form needs to offer choices (noted per page).

    def test_students(self) -> None:
        # session, user, memberships, count, rows (+ program, department, group joined),
        # filter choices: departments, programs
        self.check_bounded(self.aigerim, reverse("core:student_list"), self.add_students, 7)

    def test_graduates(self) -> None:
        # session, user, memberships, count, rows, filter choices: departments, programs
        self.check_bounded(self.aigerim, reverse("core:graduate_list"), self.add_graduates, 7)

    def test_institutions(self) -> None:
        # session, user, count, rows (a superuser's scope needs no memberships)
        self.check_bounded(self.admin, reverse("core:institution_list"), self.add_institutions, 4)

    def test_faculties(self) -> None:
        # session, user, memberships, count, rows
        self.check_bounded(self.cc, reverse("core:faculty_list"), self.add_faculties, 5)

    def test_departments(self) -> None:
        # session, user, memberships, count, rows (+ faculty joined, program count annotated),
        # filter choices: faculties
        self.check_bounded(self.cc, reverse("core:department_list"), self.add_departments, 6)

    def test_programs(self) -> None:
        # session, user, memberships, count, rows (+ department, faculty, group joined),
        # filter choices: departments
        self.check_bounded(self.cc, reverse("core:educationalprogram_list"), self.add_programs, 6)

    def test_academic_years(self) -> None:
        # session, user, memberships, count, rows
        self.check_bounded(self.cc, reverse("core:academicyear_list"), self.add_years, 5)

    def test_employees(self) -> None:
        # session, user, memberships, count, rows (+ department joined), filter choices: departments
        self.check_bounded(self.aigerim, reverse("core:employee_list"), self.add_employees, 6)

    def test_imports(self) -> None:
        # session, user, memberships, count, rows (+ uploader joined)
        self.check_bounded(self.aigerim, reverse("core:import_list"), self.add_imports, 5)


class ExportQueryCountTests(QueryCountTestCase):
    # An export has no paginator and renders no filter form (an empty filter needs no choices):
    #   session, user, memberships, count (the table's length), rows (+ related rows joined).

    def test_students_export(self) -> None:
        # session, user, memberships, count, rows
        self.check_bounded(self.aigerim, reverse("core:student_list") + "?export=xlsx", self.add_students, 5)

    def test_graduates_export(self) -> None:
        # session, user, memberships, count, rows
        self.check_bounded(self.aigerim, reverse("core:graduate_list") + "?export=xlsx", self.add_graduates, 5)

    def test_employees_export(self) -> None:
        # session, user, memberships, count, rows
        self.check_bounded(self.aigerim, reverse("core:employee_list") + "?export=xlsx", self.add_employees, 5)

    def test_structure_exports(self) -> None:
        for name, add in (
            ("core:faculty_list", self.add_faculties),
            ("core:department_list", self.add_departments),
            ("core:educationalprogram_list", self.add_programs),
            ("core:academicyear_list", self.add_years),
        ):
            with self.subTest(name):
                # session, user, memberships, count, rows
                self.check_bounded(self.cc, reverse(name) + "?export=xlsx", add, 5)


class ApiListQueryCountTests(QueryCountTestCase):
    # An API list authenticated by a token:
    #   token + user (one join), memberships (scoping), count (paginator), rows (+ related rows joined).

    def test_students(self) -> None:
        # token + user, memberships, count, rows (+ program, department, group joined)
        self.check_bounded(self.aigerim, "/api/v1/students/", self.add_students, 4, api=True)

    def test_graduates(self) -> None:
        # token + user, memberships, count, rows
        self.check_bounded(self.aigerim, "/api/v1/graduates/", self.add_graduates, 4, api=True)

    def test_institutions(self) -> None:
        # token + user, count, rows (a superuser's scope needs no memberships)
        self.check_bounded(self.admin, "/api/v1/institutions/", self.add_institutions, 3, api=True)

    def test_faculties(self) -> None:
        # token + user, memberships, count, rows
        self.check_bounded(self.cc, "/api/v1/faculties/", self.add_faculties, 4, api=True)

    def test_departments(self) -> None:
        # token + user, memberships, count, rows
        self.check_bounded(self.cc, "/api/v1/departments/", self.add_departments, 4, api=True)

    def test_programs(self) -> None:
        # token + user, memberships, count, rows
        self.check_bounded(self.cc, "/api/v1/programs/", self.add_programs, 4, api=True)

    def test_academic_years(self) -> None:
        # token + user, memberships, count, rows, events (prefetched)
        self.check_bounded(self.cc, "/api/v1/academic-years/", self.add_years, 5, api=True)

    def test_calendar_events(self) -> None:
        # token + user, memberships, count, rows (+ year joined)
        self.check_bounded(self.cc, "/api/v1/calendar-events/", self.add_years, 4, api=True)

    def test_employees(self) -> None:
        # token + user, memberships, count, rows
        self.check_bounded(self.aigerim, "/api/v1/employees/", self.add_employees, 4, api=True)
