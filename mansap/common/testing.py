"""Shared test fixtures: a small university and the people the style guide names.

- aigerim: department staff, read-write, department A
- bolat: department staff, read-only, department A
- dana: department staff, read-write, department B
- dean: dean's office (read-write) of the faculty holding A and B
- cc: Career Center (read-write, whole institution)
- registrar: Registrar's Office (read-write, whole institution)
- rector: management (read-only, whole institution)
- admin: superuser
- student_user: the login of one student of department A (sees only their own record)
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from django.test import TestCase

from mansap.common.identifiers import make_iin
from mansap.core.choices import Access, Role
from mansap.core.models import (
    Department,
    EducationalProgram,
    Faculty,
    Institution,
    Membership,
    Student,
    User,
)

_serials = itertools.count(1)


def make_student(program: EducationalProgram, **fields: Any) -> Student:
    """A valid student of a program (unique IIN); graduated when graduation_date is given."""
    serial = next(_serials)
    born = fields.pop("birth_date", dt.date(2002, 1, 1) + dt.timedelta(days=serial % 300))
    sex = fields.pop("sex", "F" if serial % 2 else "M")
    defaults: dict[str, Any] = {
        "institution": program.department.faculty.institution,
        "iin": make_iin(born, sex, serial),
        "last_name": f"Студент{serial}",
        "first_name": "Айгерім" if sex == "F" else "Ерлан",
        "birth_date": born,
        "sex": sex,
        "program": program,
        "admission_year": 2020,
    }
    defaults.update(fields)
    if defaults.get("graduation_date") and "status" not in fields:
        defaults["status"] = "graduated"
    student = Student(**defaults)
    student.fill_derived()
    student.save()
    return student


def make_user(username: str, **fields: Any) -> User:
    user = User.objects.create_user(username=username, password="pw-" + username, **fields)
    return user


class BaseTestCase(TestCase):
    """A university with two departments in one faculty, a second faculty, and the personas."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.institution = Institution.objects.create(
            code="KAZUTB", short_name="KazUTB", name_kk="ҚазТБУ", name_ru="КазУТБ", name_en="KazUTB"
        )
        cls.faculty = Faculty.objects.create(
            institution=cls.institution, code="FIT", name_kk="АТ факультеті", name_ru="Факультет ИТ", name_en="IT"
        )
        cls.other_faculty = Faculty.objects.create(
            institution=cls.institution, code="FEB", name_kk="Экономика", name_ru="Экономика", name_en="Economics"
        )
        cls.dept_a = Department.objects.create(
            faculty=cls.faculty, code="IS", name_kk="Ақпараттық жүйелер", name_ru="Информационные системы",
            name_en="Information Systems",
        )  # fmt: skip
        cls.dept_b = Department.objects.create(
            faculty=cls.faculty, code="CS", name_kk="Информатика", name_ru="Информатика", name_en="Computer Science"
        )
        cls.dept_c = Department.objects.create(
            faculty=cls.other_faculty, code="EC", name_kk="Экономика", name_ru="Экономика", name_en="Economics"
        )
        cls.program_a = EducationalProgram.objects.create(
            code="6B06101", level="bachelor", name_kk="Ақпараттық жүйелер", name_ru="Информационные системы",
            name_en="Information systems", department=cls.dept_a,
        )  # fmt: skip
        cls.program_b = EducationalProgram.objects.create(
            code="6B06102", level="bachelor", name_kk="Информатика", name_ru="Информатика",
            name_en="Computer science", department=cls.dept_b,
        )  # fmt: skip
        cls.program_c = EducationalProgram.objects.create(
            code="6B04101", level="bachelor", name_kk="Экономика", name_ru="Экономика", name_en="Economics",
            department=cls.dept_c,
        )  # fmt: skip
        cls.admin = User.objects.create_superuser("admin", password="pw-admin")
        cls.cc = cls.member("cc", Role.CAREER_CENTER)
        cls.registrar = cls.member("registrar", Role.REGISTRAR)
        cls.rector = cls.member("rector", Role.MANAGEMENT, access=Access.VIEW)
        cls.dean = cls.member("dean", Role.DEAN, faculty=cls.faculty)
        cls.aigerim = cls.member("aigerim", Role.DEPARTMENT, department=cls.dept_a)
        cls.bolat = cls.member("bolat", Role.DEPARTMENT, department=cls.dept_a, access=Access.VIEW)
        cls.dana = cls.member("dana", Role.DEPARTMENT, department=cls.dept_b)
        cls.student_user = make_user("student")

    @classmethod
    def member(cls, username: str, role: str, access: str = Access.EDIT, **scope: Any) -> User:
        user = make_user(username, first_name=username.capitalize())
        Membership.objects.create(user=user, institution=cls.institution, role=role, access=access, **scope)
        return user


class ScopedCRUDTests(BaseTestCase):
    """Helpers for tests of scoped pages and API endpoints (no tests of its own).

    Each helper logs the given user in first, so one test can walk through several personas.
    """

    def get_as(self, user: User | None, url: str, **extra: Any) -> Any:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(url, **extra)

    def post_as(self, user: User | None, url: str, data: dict[str, Any] | None = None) -> Any:
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.post(url, data or {})

    def assert_status(self, user: User | None, url: str, status: int, method: str = "get") -> Any:
        response = self.post_as(user, url) if method == "post" else self.get_as(user, url)
        self.assertEqual(
            response.status_code, status, f"{method.upper()} {url} as {user}: {response.status_code} != {status}"
        )
        return response

    def assert_page_shows(self, user: User | None, url: str, *texts: str) -> Any:
        response = self.assert_status(user, url, 200)
        for text in texts:
            self.assertContains(response, text, msg_prefix=f"GET {url} as {user}")
        return response

    def assert_page_hides(self, user: User | None, url: str, *texts: str) -> Any:
        response = self.assert_status(user, url, 200)
        for text in texts:
            self.assertNotContains(response, text, msg_prefix=f"GET {url} as {user}")
        return response

    def xlsx_rows(self, response: Any) -> list[list[Any]]:
        """The cell values of an XLSX response's first sheet, header row included."""
        from io import BytesIO

        from openpyxl import load_workbook

        self.assertEqual(response.status_code, 200)
        self.assertTrue(response["Content-Type"].startswith("application/vnd.openxmlformats"))
        workbook = load_workbook(BytesIO(response.content), read_only=True)
        return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]

    def xlsx_values(self, response: Any) -> set[str]:
        return {str(value) for row in self.xlsx_rows(response)[1:] for value in row if value is not None}

    def api_as(self, user: User | None) -> Any:
        from rest_framework.test import APIClient

        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client


def form_data(instance: Any, fields: list[str] | tuple[str, ...], **changes: Any) -> dict[str, Any]:
    """POST data that re-submits an instance's current values through its form, with changes."""
    data: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        if value is None:
            value = ""
        elif isinstance(value, dt.date):
            value = value.isoformat()
        data[name] = value
    for name, value in changes.items():
        if value is False:
            data.pop(name, None)
        elif value is True:
            data[name] = "on"
        else:
            data[name] = value
    return data
