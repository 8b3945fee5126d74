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

ScopedMatrixTestCase adds a second university (other_institution, with its own Career Center, other_cc),
and the mixins ScopedPageTests and ScopedAPITests turn a few declarations into the inherited scope matrix
(NetBox's ViewTestCases): see their docstrings.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.db.models import Model
from django.shortcuts import resolve_url
from django.test import TestCase
from django.urls import reverse

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


def make_api_token(user: User, **fields: Any) -> str:
    """A new API token of the user (through the service, as the create_api_token command issues one); returns
    the key to send as `Authorization: Token <key>`."""
    from mansap.core.services.accounts import create_api_token

    fields.setdefault("name", "tests")
    return create_api_token(user, acting_user=None, **fields)[1]


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

    Each helper logs the given user in first, so one test can walk through several personas. The inherited
    scope matrix (ScopedMatrixTestCase with ScopedPageTests / ScopedAPITests, below) is built on them.
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


def workbook_bytes(sheets: dict[str, list[list[Any]]]) -> bytes:
    """An .xlsx file with one sheet per key (in order), each holding its rows from A1."""
    from io import BytesIO

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = BytesIO()
    workbook.save(out)
    return out.getvalue()


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


#
# The inherited scope matrix
#
class ScopedMatrixTestCase(ScopedCRUDTests):
    """ScopedCRUDTests plus a second university, for the "other institution" half of the scope matrix.

    - other_institution → other_faculty → other_dept → other_program: its structure;
    - other_cc: its Career Center (read-write, whole institution): an editor whose scope is elsewhere;
    - own_student: the student record behind student_user (department A), so the student persona is a real one.
    """

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.other_institution = Institution.objects.create(
            code="OTHERU", short_name="OtherU", name_kk="Басқа университет", name_ru="Другой университет",
            name_en="Other University",
        )  # fmt: skip
        cls.other_faculty = Faculty.objects.create(
            institution=cls.other_institution, code="OFAC", name_kk="Басқа факультет", name_ru="Другой факультет",
            name_en="Other faculty",
        )  # fmt: skip
        cls.other_dept = Department.objects.create(
            faculty=cls.other_faculty, code="OD", name_kk="Басқа кафедра", name_ru="Другая кафедра",
            name_en="Other department",
        )  # fmt: skip
        cls.other_program = EducationalProgram.objects.create(
            code="6B06199", level="bachelor", name_kk="Басқа бағдарлама", name_ru="Другая программа",
            name_en="Other program", department=cls.other_dept,
        )  # fmt: skip
        cls.other_cc = make_user("other_cc", first_name="Other")
        Membership.objects.create(
            user=cls.other_cc, institution=cls.other_institution, role=Role.CAREER_CENTER, access=Access.EDIT
        )
        cls.own_student = make_student(cls.program_a, user=cls.student_user)

    def persona(self, name: str | None) -> User | None:
        """The persona a matrix attribute names ("aigerim", "other_cc", …); None is the anonymous visitor."""
        return None if name is None else getattr(self, name)

    def assert_login_redirect(self, response: Any, url: str) -> None:
        self.assertEqual(response.status_code, 302, f"{url} as anonymous: {response.status_code} != 302")
        self.assertTrue(
            response["Location"].startswith(resolve_url(settings.LOGIN_URL)),
            f"{url} as anonymous redirects to {response['Location']}, not to the login page",
        )


PAGES = ("list", "detail", "edit", "delete", "history")


def _needs(*requirements: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Marks a matrix test with the URL names (PAGES keys) or personas it needs; without them it is not generated."""

    def mark(test: Callable[..., Any]) -> Callable[..., Any]:
        test.matrix_needs = requirements
        return test

    return mark


class _MatrixMixin:
    """What both mixins share: personas by attribute name, the objects, and dropping tests that cannot apply."""

    # Personas, as the names of the BaseTestCase / ScopedMatrixTestCase attributes.
    editor: ClassVar[str] = "aigerim"  # may change the in-scope object
    viewer: ClassVar[str | None] = "bolat"  # sees the in-scope object, may not change it (None: no such role)
    outsider: ClassVar[str] = "dana"  # may change things, but the in-scope object is outside their scope
    student: ClassVar[str | None] = "student_user"  # a login without a membership

    model: ClassVar[type[Model]]  # the class of self.obj and self.other (the object in the URLs)
    obj: Any
    other: Any

    @classmethod
    def in_scope(cls) -> Model:
        """An object the editor (and the viewer) may see."""
        raise NotImplementedError

    @classmethod
    def out_of_scope(cls) -> Model:
        """An object the editor may not see: another department's, or another institution's."""
        raise NotImplementedError

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.obj = cls.in_scope()
        cls.other = cls.out_of_scope()
        for built in (cls.obj, cls.other):
            if not isinstance(built, cls.model):
                raise TypeError(f"{cls.__name__} declares model {cls.model.__name__} but built {built!r}")

    @classmethod
    def _has(cls, requirement: str) -> bool:
        raise NotImplementedError

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if not cls._declared():
            return  # an intermediate mixin
        if not hasattr(cls, "model"):
            raise TypeError(f"{cls.__name__} must declare its model")
        # A test whose page, endpoint action or persona does not exist is not generated at all (unittest's
        # loader skips attributes that are not callable), rather than reported as hundreds of skips.
        for name in dir(cls):
            test = getattr(cls, name, None)
            needs = getattr(test, "matrix_needs", ())
            if needs and name not in cls.__dict__ and not all(cls._has(need) for need in needs):
                setattr(cls, name, None)

    @classmethod
    def _declared(cls) -> bool:
        raise NotImplementedError

    def assert_kept(self, obj: Model, why: str) -> None:
        self.assertTrue(type(obj)._default_manager.filter(pk=obj.pk).exists(), f"{obj!r} was deleted: {why}")


class ScopedPageTests(_MatrixMixin):
    """The scope matrix of one scoped model's pages, inherited by declaring (NetBox's ViewTestCases):

        class FacultyPageTests(ScopedPageTests, ScopedMatrixTestCase):
            model = Faculty
            url_names = {"list": "core:faculty_list", "detail": "core:faculty_detail", "edit": "core:faculty_edit",
                         "delete": "core:faculty_delete", "history": "core:faculty_history"}
            editor, viewer, outsider = "cc", "rector", "other_cc"

            @classmethod
            def in_scope(cls): return FacultyFactory(institution=cls.institution)

            @classmethod
            def out_of_scope(cls): return FacultyFactory(institution=cls.other_institution)

    - model: the class of the objects the URLs take (a child page reached through its parent names the parent);
    - url_names: every key of PAGES, None where the page does not exist (its tests are then not generated);
    - editor / viewer / outsider / student: personas by attribute name (defaults: aigerim, bolat, dana, the student);
    - in_scope() / out_of_scope(): built once per class (setUpTestData) as self.obj / self.other;
    - list_context: where a list page without a table keeps its rows (default: the table, else object_list).

    Inherited tests: the list answers 200 and shows obj but not other; detail/edit/delete/history of obj answer
    200 for the editor and 404 for other; the viewer reads the detail (200) and is refused the edit and delete
    pages and the delete POST (403, obj kept); the outsider's delete POST is 404 (obj kept); the student gets
    403 and the anonymous visitor the login page everywhere. A case the application gets wrong is overridden in
    the subclass with @unittest.expectedFailure (calling super()) and a comment naming URL, persona and status.
    """

    url_names: ClassVar[dict[str, str | None]]
    list_context: ClassVar[str | None] = None  # the context variable of a list page that has no table

    @classmethod
    def _declared(cls) -> bool:
        names = cls.__dict__.get("url_names")
        if names is None:
            return hasattr(cls, "url_names")
        if set(names) != set(PAGES):
            raise TypeError(f"{cls.__name__}.url_names must name exactly {PAGES} (None for a missing page)")
        return True

    @classmethod
    def _has(cls, requirement: str) -> bool:
        if requirement in PAGES:
            return cls.url_names[requirement] is not None
        return getattr(cls, requirement) is not None

    def page_url(self, page: str, obj: Model | None = None) -> str:
        name = self.url_names[page]
        assert name is not None
        if page == "list":
            return reverse(name)
        assert obj is not None
        return reverse(name, args=[obj.pk])

    def listed_pks(self, response: Any) -> set[Any]:
        """The primary keys of the rows a list page shows (list_context, else its table's data, else object_list)."""
        context = response.context
        if self.list_context is not None:
            return {obj.pk for obj in context[self.list_context]}
        if "table" in context:
            return {getattr(record, "pk", None) for record in context["table"].data}
        return {obj.pk for obj in context["object_list"]}

    # The list
    @_needs("list")
    def test_list_shows_in_scope_and_hides_out_of_scope(self) -> None:
        url = self.page_url("list")
        response = self.assert_status(self.persona(self.editor), url, 200)
        listed = self.listed_pks(response)
        self.assertIn(self.obj.pk, listed, f"{url} as {self.editor} does not list the in-scope {self.obj!r}")
        self.assertNotIn(self.other.pk, listed, f"{url} as {self.editor} lists the out-of-scope {self.other!r}")

    # In scope: the editor opens every page of the object
    @_needs("detail")
    def test_detail_in_scope_200(self) -> None:
        self.assert_status(self.persona(self.editor), self.page_url("detail", self.obj), 200)

    @_needs("edit")
    def test_edit_in_scope_200(self) -> None:
        self.assert_status(self.persona(self.editor), self.page_url("edit", self.obj), 200)

    @_needs("delete")
    def test_delete_in_scope_200(self) -> None:
        self.assert_status(self.persona(self.editor), self.page_url("delete", self.obj), 200)

    @_needs("history")
    def test_history_in_scope_200(self) -> None:
        self.assert_status(self.persona(self.editor), self.page_url("history", self.obj), 200)

    # Out of scope: 404, never 403 (which would confirm the object exists)
    @_needs("detail")
    def test_detail_out_of_scope_404(self) -> None:
        self.assert_status(self.persona(self.editor), self.page_url("detail", self.other), 404)

    @_needs("edit")
    def test_edit_out_of_scope_404(self) -> None:
        self.assert_status(self.persona(self.editor), self.page_url("edit", self.other), 404)

    @_needs("delete")
    def test_delete_out_of_scope_404(self) -> None:
        self.assert_status(self.persona(self.editor), self.page_url("delete", self.other), 404)

    @_needs("history")
    def test_history_out_of_scope_404(self) -> None:
        self.assert_status(self.persona(self.editor), self.page_url("history", self.other), 404)

    @_needs("delete")
    def test_delete_post_by_outsider_404_and_kept(self) -> None:
        self.assert_status(self.persona(self.outsider), self.page_url("delete", self.obj), 404, method="post")
        self.assert_kept(self.obj, f"POST delete as {self.outsider}")

    # Read-only: sees, may not change
    @_needs("detail", "viewer")
    def test_detail_read_only_200(self) -> None:
        self.assert_status(self.persona(self.viewer), self.page_url("detail", self.obj), 200)

    @_needs("edit", "viewer")
    def test_edit_read_only_403(self) -> None:
        self.assert_status(self.persona(self.viewer), self.page_url("edit", self.obj), 403)

    @_needs("delete", "viewer")
    def test_delete_read_only_403(self) -> None:
        self.assert_status(self.persona(self.viewer), self.page_url("delete", self.obj), 403)

    @_needs("delete", "viewer")
    def test_delete_post_read_only_403_and_kept(self) -> None:
        self.assert_status(self.persona(self.viewer), self.page_url("delete", self.obj), 403, method="post")
        self.assert_kept(self.obj, f"POST delete as {self.viewer}")

    # Students: 403 on staff pages
    @_needs("list", "student")
    def test_list_student_403(self) -> None:
        self.assert_status(self.persona(self.student), self.page_url("list"), 403)

    @_needs("detail", "student")
    def test_detail_student_403(self) -> None:
        self.assert_status(self.persona(self.student), self.page_url("detail", self.obj), 403)

    @_needs("edit", "student")
    def test_edit_student_403(self) -> None:
        self.assert_status(self.persona(self.student), self.page_url("edit", self.obj), 403)

    @_needs("delete", "student")
    def test_delete_student_403(self) -> None:
        self.assert_status(self.persona(self.student), self.page_url("delete", self.obj), 403)

    @_needs("history", "student")
    def test_history_student_403(self) -> None:
        self.assert_status(self.persona(self.student), self.page_url("history", self.obj), 403)

    # Anonymous visitors: the login page
    def _assert_anonymous(self, page: str, method: str = "get") -> None:
        url = self.page_url(page, None if page == "list" else self.obj)
        response = self.post_as(None, url) if method == "post" else self.get_as(None, url)
        self.assert_login_redirect(response, url)

    @_needs("list")
    def test_list_anonymous_login(self) -> None:
        self._assert_anonymous("list")

    @_needs("detail")
    def test_detail_anonymous_login(self) -> None:
        self._assert_anonymous("detail")

    @_needs("edit")
    def test_edit_anonymous_login(self) -> None:
        self._assert_anonymous("edit")

    @_needs("delete")
    def test_delete_post_anonymous_login_and_kept(self) -> None:
        self._assert_anonymous("delete", method="post")
        self.assert_kept(self.obj, "POST delete as anonymous")

    @_needs("history")
    def test_history_anonymous_login(self) -> None:
        self._assert_anonymous("history")


API_WRITES = ("create", "update", "delete")


class ScopedAPITests(_MatrixMixin):
    """The scope matrix of one ScopedViewSet endpoint, inherited by declaring:

        class FacultyAPITests(ScopedAPITests, ScopedMatrixTestCase):
            model = Faculty
            basename = "faculty"                     # the router's faculty-list / faculty-detail
            writes = ("create", "update", "delete")  # the write actions the endpoint offers
            staff_only = False                       # True: a student's login is refused (403)
            editor, viewer, outsider = "cc", "rector", "other_cc"
            in_scope / out_of_scope as for ScopedPageTests
            create_payload(): the body of the read-only user's POST, where the endpoint validates before it refuses

    Inherited tests: the list has obj and not other; retrieve answers 200 for the editor and the viewer, 404 for
    other; a write on other is 404 (PATCH); the viewer's writes are 403 (POST, PATCH, DELETE; obj kept); the
    outsider's DELETE is 404; a write the endpoint does not offer answers 405 (so `writes` stays true);
    anonymous requests are refused (401/403); a student is refused (staff_only) or sees neither object.
    """

    basename: ClassVar[str]
    writes: ClassVar[tuple[str, ...]] = API_WRITES
    staff_only: ClassVar[bool] = False

    @classmethod
    def _declared(cls) -> bool:
        if "writes" in cls.__dict__ and not set(cls.writes) <= set(API_WRITES):
            raise TypeError(f"{cls.__name__}.writes must be a subset of {API_WRITES}")
        return hasattr(cls, "basename")

    @classmethod
    def _has(cls, requirement: str) -> bool:
        if requirement in API_WRITES:
            return requirement in cls.writes
        if requirement.startswith("no_"):
            return requirement[3:] not in cls.writes
        if requirement == "staff_only":
            return cls.staff_only
        if requirement == "students_allowed":
            return not cls.staff_only
        return getattr(cls, requirement) is not None

    def create_payload(self) -> dict[str, Any]:
        """The body of the read-only user's POST (empty: ScopedViewSet refuses before validating)."""
        return {}

    def list_url(self) -> str:
        return reverse(f"{self.basename}-list")

    def detail_url(self, obj: Model) -> str:
        return reverse(f"{self.basename}-detail", args=[obj.pk])

    def call(self, persona: str | None, method: str, url: str, status: int | tuple[int, ...], data: Any = None) -> Any:
        api = self.api_as(self.persona(persona))
        response = getattr(api, method)(url, data or {}, format="json") if method != "get" else api.get(url)
        expected = status if isinstance(status, tuple) else (status,)
        self.assertIn(
            response.status_code, expected, f"{method.upper()} {url} as {persona}: {response.status_code} != {status}"
        )
        return response

    def listed_ids(self, response: Any) -> set[Any]:
        data = response.json()
        rows = data["results"] if isinstance(data, dict) and "results" in data else data
        return {row.get("id", row.get("pk")) for row in rows}

    def test_api_list_shows_in_scope_and_hides_out_of_scope(self) -> None:
        listed = self.listed_ids(self.call(self.editor, "get", self.list_url(), 200))
        self.assertIn(self.obj.pk, listed, f"{self.list_url()} as {self.editor} misses {self.obj!r}")
        self.assertNotIn(self.other.pk, listed, f"{self.list_url()} as {self.editor} leaks {self.other!r}")

    def test_api_retrieve_in_scope_200(self) -> None:
        response = self.call(self.editor, "get", self.detail_url(self.obj), 200)
        self.assertEqual(response.json().get("id", response.json().get("pk")), self.obj.pk)

    @_needs("viewer")
    def test_api_retrieve_read_only_200(self) -> None:
        self.call(self.viewer, "get", self.detail_url(self.obj), 200)

    def test_api_retrieve_out_of_scope_404(self) -> None:
        self.call(self.editor, "get", self.detail_url(self.other), 404)

    @_needs("update")
    def test_api_update_out_of_scope_404(self) -> None:
        self.call(self.editor, "patch", self.detail_url(self.other), 404)

    @_needs("delete")
    def test_api_delete_by_outsider_404_and_kept(self) -> None:
        self.call(self.outsider, "delete", self.detail_url(self.obj), 404)
        self.assert_kept(self.obj, f"DELETE as {self.outsider}")

    @_needs("create", "viewer")
    def test_api_create_read_only_403(self) -> None:
        self.call(self.viewer, "post", self.list_url(), 403, self.create_payload())

    @_needs("update", "viewer")
    def test_api_update_read_only_403(self) -> None:
        self.call(self.viewer, "patch", self.detail_url(self.obj), 403)

    @_needs("delete", "viewer")
    def test_api_delete_read_only_403_and_kept(self) -> None:
        self.call(self.viewer, "delete", self.detail_url(self.obj), 403)
        self.assert_kept(self.obj, f"DELETE as {self.viewer}")

    @_needs("no_create")
    def test_api_create_not_offered_405(self) -> None:
        self.call(self.editor, "post", self.list_url(), 405)

    @_needs("no_update")
    def test_api_update_not_offered_405(self) -> None:
        self.call(self.editor, "patch", self.detail_url(self.obj), 405)

    @_needs("no_delete")
    def test_api_delete_not_offered_405_and_kept(self) -> None:
        self.call(self.editor, "delete", self.detail_url(self.obj), 405)
        self.assert_kept(self.obj, f"DELETE as {self.editor}")

    def test_api_list_anonymous_refused(self) -> None:
        self.call(None, "get", self.list_url(), (401, 403))

    def test_api_retrieve_anonymous_refused(self) -> None:
        self.call(None, "get", self.detail_url(self.obj), (401, 403))

    @_needs("staff_only", "student")
    def test_api_list_student_403(self) -> None:
        self.call(self.student, "get", self.list_url(), 403)

    @_needs("students_allowed", "student")
    def test_api_student_sees_neither_object(self) -> None:
        listed = self.listed_ids(self.call(self.student, "get", self.list_url(), 200))
        self.assertFalse({self.obj.pk, self.other.pk} & listed, f"{self.list_url()} as a student lists staff data")
        self.call(self.student, "get", self.detail_url(self.obj), 404)


def close_response(response: Any) -> None:
    """Close a (file) response outside the test client, as the client itself does.

    Closing a response sends request_finished, whose close_old_connections receiver would close the
    test's database connection: harmless on SQLite's in-memory database, fatal on PostgreSQL.
    """
    from django.core import signals
    from django.db import close_old_connections

    signals.request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        signals.request_finished.connect(close_old_connections)


# ---- The demo university seeded once for a test class ---------------------------------------------------------


@dataclass(frozen=True)
class SeededDemo:
    output: str  # what seed_demo printed
    media: Path  # where its files are


def class_demo_fixture(*, graduates: int, seed: int = 7) -> Any:
    """A class-scoped pytest fixture: `seed_demo --graduates N --seed S` run once for the tests of a class.

    Seeding the whole demo takes seconds; the tests that only read it share one seed. The rows are written inside
    a transaction held open for the class (each test then runs in a savepoint inside it, as with Django's
    setUpTestData) and rolled back after the class's last test, so no other test ever sees them. A class using
    it overrides the `media_root` fixture with `.media`, so its tests find the demo's files.
    """
    import pytest
    from django.core.management import call_command
    from django.db import transaction
    from django.test import override_settings

    @pytest.fixture(scope="class")
    def fixture(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[SeededDemo]:
        media = tmp_path_factory.mktemp("demo-media")
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media), transaction.atomic():
            try:
                out = StringIO()
                call_command("seed_demo", graduates=graduates, seed=seed, stdout=out)
                yield SeededDemo(out.getvalue(), media)
            finally:
                transaction.set_rollback(True)

    return fixture
