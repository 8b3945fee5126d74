"""The scope matrix of the core API (common.testing.ScopedAPITests), one class per ScopedViewSet.

Covered (router basename: writes offered; editor / read-only / outsider; out of scope):
- institution: update only; cc / rector / other_cc; the other institution.
- faculty, department, educationalprogram, academicyear, calendarevent: create, update, delete; the editor
  of their level (cc, dean, aigerim) / a read-only member / other_cc; the other institution's object
  (organization structure is visible institution-wide, as on the pages).
- employee, student: create, update, delete; aigerim / bolat / dana; department B's.
- graduate: read-only; aigerim / bolat / dana; department B's graduate.
- membership: read-only and staff-only; cc / rector (management reads the access pages) / other_cc; the other
  institution's Career Center membership. Who else may read it (403 for department staff and the registrar,
  a dean's faculty) is in test_access_management.py.
"""

from __future__ import annotations

import datetime as dt

from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase, make_student
from mansap.core.models import (
    AcademicYear,
    CalendarEvent,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    Institution,
    Membership,
    Student,
)
from mansap.core.tests.factories import DepartmentFactory, EducationalProgramFactory, FacultyFactory
from mansap.core.tests.test_scope_matrix import make_calendar_event, make_employee_in, make_year

READ_ONLY: tuple[str, ...] = ()


class InstitutionAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Institution
    basename = "institution"
    writes = ("update",)
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return cls.institution

    @classmethod
    def out_of_scope(cls):
        return cls.other_institution


class FacultyAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Faculty
    basename = "faculty"
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return FacultyFactory(institution=cls.institution)

    @classmethod
    def out_of_scope(cls):
        return FacultyFactory(institution=cls.other_institution)


class DepartmentAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Department
    basename = "department"
    editor, viewer, outsider = "dean", "bolat", "other_cc"

    @classmethod
    def in_scope(cls):
        return DepartmentFactory(faculty=cls.faculty)

    @classmethod
    def out_of_scope(cls):
        return DepartmentFactory(faculty=cls.other_faculty)


class EducationalProgramAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = EducationalProgram
    basename = "educationalprogram"
    editor, viewer, outsider = "aigerim", "bolat", "other_cc"

    @classmethod
    def in_scope(cls):
        return EducationalProgramFactory(department=cls.dept_a)

    @classmethod
    def out_of_scope(cls):
        return EducationalProgramFactory(department=cls.other_dept)


class AcademicYearAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = AcademicYear
    basename = "academicyear"
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_year(cls.institution, 2030)

    @classmethod
    def out_of_scope(cls):
        return make_year(cls.other_institution, 2031)


class CalendarEventAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = CalendarEvent
    basename = "calendarevent"
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return make_calendar_event(make_year(cls.institution, 2030))

    @classmethod
    def out_of_scope(cls):
        return make_calendar_event(make_year(cls.other_institution, 2030))


class EmployeeAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Employee
    basename = "employee"

    @classmethod
    def in_scope(cls):
        return make_employee_in(cls.dept_a, "Қызметкерова")

    @classmethod
    def out_of_scope(cls):
        return make_employee_in(cls.dept_b, "Бөтенова")


class StudentAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Student
    basename = "student"

    @classmethod
    def in_scope(cls):
        return make_student(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return make_student(cls.program_b)


class GraduateAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Student
    basename = "graduate"
    writes = READ_ONLY

    @classmethod
    def in_scope(cls):
        return make_student(cls.program_a, graduation_date=dt.date(2025, 6, 25))

    @classmethod
    def out_of_scope(cls):
        return make_student(cls.program_b, graduation_date=dt.date(2025, 6, 25))


class MembershipAPIMatrixTests(ScopedAPITests, ScopedMatrixTestCase):
    model = Membership
    basename = "membership"
    writes = READ_ONLY
    staff_only = True
    editor, viewer, outsider = "cc", "rector", "other_cc"

    @classmethod
    def in_scope(cls):
        return Membership.objects.get(user=cls.aigerim)

    @classmethod
    def out_of_scope(cls):
        return Membership.objects.get(user=cls.other_cc)
