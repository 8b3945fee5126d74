"""The scope matrix of the core pages (common.testing.ScopedPageTests), one class per scoped model.

Covered (model: pages; editor / read-only / outsider; what "out of scope" is):
- Institution: list, detail, edit, history (no delete page); cc / rector / other_cc; the other institution.
- Faculty: list, detail, edit, delete, history; cc / rector / other_cc; a faculty of the other institution.
- Department: list, detail, edit, delete, history; dean / bolat / other_cc; a department of the other institution.
- EducationalProgram: list, detail, edit, delete, history; aigerim / bolat / other_cc; the other institution's.
- AcademicYear: list, detail, edit, delete, history; cc / rector / other_cc; the other institution's.
- CalendarEvent: edit, delete (it has no list, detail or history page: it shows on its year's page), and
  the add page under its year as the "edit" page of the year; cc / rector / other_cc; an event of (or the year
  of) the other institution.
- Employee: list, detail, edit, delete, history; aigerim / bolat / dana; an employee of department B.
- Student: list, detail, edit, delete, history; aigerim / bolat / dana; a student of department B.
- Student as graduate: the graduates list (core:graduate_list); aigerim; a graduate of department B.
- ImportJob: list, detail (core:import_detail); registrar / rector / other_cc; the other institution's job.
- User (access management, core:access_list): list only; cc; the other institution's Career Center.
- ApiToken (the user's API tokens, accounts/tokens/): list only; aigerim; bolat's token (same department, but a
  token is its owner's alone; revoking it is a 404, tested in test_api_tokens.py).

Organization structure (institutions, faculties, departments, programs, years) is visible to every member of
the institution (institution_wide_view), so for those models "out of scope" is the other institution and the
outsider is its Career Center; another department's program is visible and only read-only (403, covered by
the read-only cases).

Intentionally not here: ProgramGroup (a shared reference list, not scoped); Membership (its pages are actions on
a member's access page, with no list, detail or edit page of their own: tested in test_access_management.py,
the API in test_api_scope_matrix.py); the import's status, confirm and error-report URLs (workflow steps of the
same ImportJob, tested in test_imports.py).
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedMatrixTestCase, ScopedPageTests, make_student, make_user
from mansap.core.choices import Access, Role
from mansap.core.models import (
    AcademicYear,
    ApiToken,
    CalendarEvent,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    ImportJob,
    Institution,
    Membership,
    Student,
    User,
)
from mansap.core.services.accounts import create_api_token
from mansap.core.tests.factories import DepartmentFactory, EducationalProgramFactory, FacultyFactory


def make_year(institution, start: int) -> AcademicYear:
    return AcademicYear.objects.create(
        institution=institution, start_year=start, starts_on=dt.date(start, 9, 1), ends_on=dt.date(start + 1, 6, 30)
    )


def make_calendar_event(year: AcademicYear) -> CalendarEvent:
    return CalendarEvent.objects.create(
        academic_year=year, kind="semester", title_kk="Семестр", title_ru="Семестр", title_en="Semester",
        starts_on=dt.date(year.start_year, 9, 1), ends_on=dt.date(year.start_year, 12, 20),
    )  # fmt: skip


def make_employee_in(department, last_name: str) -> Employee:
    return Employee.objects.create(department=department, last_name=last_name, first_name="Марат", position="lecturer")


class InstitutionPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Institution
    url_names = {
        "list": "core:institution_list",
        "detail": "core:institution_detail",
        "edit": "core:institution_edit",
        "delete": None,
        "history": "core:institution_history",
    }
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return cls.institution

    @classmethod
    def out_of_scope(cls):
        return cls.other_institution


class FacultyPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Faculty
    url_names = {
        "list": "core:faculty_list",
        "detail": "core:faculty_detail",
        "edit": "core:faculty_edit",
        "delete": "core:faculty_delete",
        "history": "core:faculty_history",
    }
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return FacultyFactory(institution=cls.institution)

    @classmethod
    def out_of_scope(cls):
        return FacultyFactory(institution=cls.other_institution)


class DepartmentPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Department
    url_names = {
        "list": "core:department_list",
        "detail": "core:department_detail",
        "edit": "core:department_edit",
        "delete": "core:department_delete",
        "history": "core:department_history",
    }
    editor, viewer, outsider = "dean", "bolat", "other_cc"

    @classmethod
    def in_scope(cls):
        return DepartmentFactory(faculty=cls.faculty)

    @classmethod
    def out_of_scope(cls):
        return DepartmentFactory(faculty=cls.other_faculty)


class EducationalProgramPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = EducationalProgram
    url_names = {
        "list": "core:educationalprogram_list",
        "detail": "core:educationalprogram_detail",
        "edit": "core:educationalprogram_edit",
        "delete": "core:educationalprogram_delete",
        "history": "core:educationalprogram_history",
    }
    editor, viewer, outsider = "aigerim", "bolat", "other_cc"

    @classmethod
    def in_scope(cls):
        return EducationalProgramFactory(department=cls.dept_a)

    @classmethod
    def out_of_scope(cls):
        return EducationalProgramFactory(department=cls.other_dept)


class AcademicYearPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = AcademicYear
    url_names = {
        "list": "core:academicyear_list",
        "detail": "core:academicyear_detail",
        "edit": "core:academicyear_edit",
        "delete": "core:academicyear_delete",
        "history": "core:academicyear_history",
    }
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_year(cls.institution, 2030)

    @classmethod
    def out_of_scope(cls):
        return make_year(cls.other_institution, 2031)


class CalendarEventPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = CalendarEvent
    url_names = {
        "list": None,
        "detail": None,
        "edit": "core:calendarevent_edit",
        "delete": "core:calendarevent_delete",
        "history": None,
    }
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_calendar_event(make_year(cls.institution, 2030))

    @classmethod
    def out_of_scope(cls):
        return make_calendar_event(make_year(cls.other_institution, 2030))


class CalendarEventAddMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """A new calendar period is added under its year (/org/years/<year>/events/add/): scoped through the year."""

    model = AcademicYear
    url_names = {"list": None, "detail": None, "edit": "core:calendarevent_add", "delete": None, "history": None}
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_year(cls.institution, 2030)

    @classmethod
    def out_of_scope(cls):
        return make_year(cls.other_institution, 2030)


class EmployeePageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Employee
    url_names = {
        "list": "core:employee_list",
        "detail": "core:employee_detail",
        "edit": "core:employee_edit",
        "delete": "core:employee_delete",
        "history": "core:employee_history",
    }

    @classmethod
    def in_scope(cls):
        return make_employee_in(cls.dept_a, "Қызметкерова")

    @classmethod
    def out_of_scope(cls):
        return make_employee_in(cls.dept_b, "Бөтенова")


class StudentPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Student
    url_names = {
        "list": "core:student_list",
        "detail": "core:student_detail",
        "edit": "core:student_edit",
        "delete": "core:student_delete",
        "history": "core:student_history",
    }

    @classmethod
    def in_scope(cls):
        return make_student(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return make_student(cls.program_b)

    def test_detail_student_403(self) -> None:
        # By design, not a failure: a student may open their own record (StudentDetailView.staff_only = False);
        # anyone else's is outside their scope, so 404 rather than 403.
        self.assert_status(self.student_user, self.page_url("detail", self.obj), 404)


class GraduateListMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Student
    url_names = {"list": "core:graduate_list", "detail": None, "edit": None, "delete": None, "history": None}

    @classmethod
    def in_scope(cls):
        return make_student(cls.program_a, graduation_date=dt.date(2025, 6, 25))

    @classmethod
    def out_of_scope(cls):
        return make_student(cls.program_b, graduation_date=dt.date(2025, 6, 25))


class ImportJobPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = ImportJob
    url_names = {
        "list": "core:import_list",
        "detail": "core:import_detail",
        "edit": None,
        "delete": None,
        "history": None,
    }
    editor, viewer, outsider = "registrar", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return ImportJob.objects.create(
            institution=cls.institution, file="imports/a.xlsx", original_name="a.xlsx", created_by=cls.registrar
        )

    @classmethod
    def out_of_scope(cls):
        return ImportJob.objects.create(
            institution=cls.other_institution, file="imports/b.xlsx", original_name="b.xlsx", created_by=cls.other_cc
        )


class AccessListMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """The access list's rows are users: the institution's staff, not the other institution's."""

    model = User
    url_names = {"list": "core:access_list", "detail": None, "edit": None, "delete": None, "history": None}
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        user = make_user("matrix_staff")
        Membership.objects.create(
            user=user, institution=cls.institution, role=Role.DEPARTMENT, department=cls.dept_a, access=Access.VIEW
        )
        return user

    @classmethod
    def out_of_scope(cls):
        return cls.other_cc


class ApiTokenListMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    """The tokens page lists one's own tokens only; a student has no such page (403)."""

    model = ApiToken
    url_names = {"list": "apitoken_list", "detail": None, "edit": None, "delete": None, "history": None}
    list_context = "tokens"
    editor, viewer, outsider = "aigerim", None, "dana"

    @classmethod
    def in_scope(cls):
        return create_api_token(cls.aigerim, name="Aigerim's script", acting_user=cls.aigerim)[0]

    @classmethod
    def out_of_scope(cls):
        return create_api_token(cls.bolat, name="Bolat's script", acting_user=cls.bolat)[0]
