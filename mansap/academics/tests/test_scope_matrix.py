"""The inherited scope matrix of the academics pages and API (common.testing.ScopedPageTests / ScopedAPITests).

Covered: the catalogue (list, detail, edit, history; the SSC edits, a department reads, another institution's
course is 404) and the grade list; the courses (staff only) and grades (read only, students see their own)
endpoints. By hand (test_scope.py): the record page, the scale page, the import page and the GPA endpoint.
"""

from __future__ import annotations

from mansap.academics.models import Course, Grade
from mansap.academics.tests.factories import make_course, make_grade
from mansap.common.testing import ScopedAPITests, ScopedMatrixTestCase, ScopedPageTests, make_student


class _Academics:
    editor, viewer, outsider = "registrar", "aigerim", "other_cc"


class CoursePageMatrixTests(_Academics, ScopedPageTests, ScopedMatrixTestCase):
    model = Course
    url_names = {
        "list": "academics:course_list", "detail": "academics:course_detail", "edit": "academics:course_edit",
        "delete": None, "history": "academics:course_history",
    }  # fmt: skip

    @classmethod
    def in_scope(cls):
        return make_course(cls.institution, "MAT101")

    @classmethod
    def out_of_scope(cls):
        return make_course(cls.other_institution, "MAT101")


class GradePageMatrixTests(_Academics, ScopedPageTests, ScopedMatrixTestCase):
    model = Grade
    url_names = {"list": "academics:grade_list", "detail": None, "edit": None, "delete": None, "history": None}

    @classmethod
    def in_scope(cls):
        return make_grade(make_student(cls.program_a), make_course(cls.institution, "G1"))

    @classmethod
    def out_of_scope(cls):
        return make_grade(make_student(cls.other_program), make_course(cls.other_institution, "G1"))


class CourseAPIMatrixTests(_Academics, ScopedAPITests, ScopedMatrixTestCase):
    model = Course
    basename = "course"
    writes = ()
    staff_only = True

    @classmethod
    def in_scope(cls):
        return make_course(cls.institution, "API1")

    @classmethod
    def out_of_scope(cls):
        return make_course(cls.other_institution, "API1")


class GradeAPIMatrixTests(_Academics, ScopedAPITests, ScopedMatrixTestCase):
    model = Grade
    basename = "grade"
    writes = ()

    @classmethod
    def in_scope(cls):
        return make_grade(make_student(cls.program_a), make_course(cls.institution, "API2"))

    @classmethod
    def out_of_scope(cls):
        return make_grade(make_student(cls.other_program), make_course(cls.other_institution, "API2"))
