"""The inherited scope matrix of the academics pages and API (common.testing.ScopedPageTests / ScopedAPITests).

Covered: the catalogue (list, detail, edit, history; the SSC edits, a department reads, another institution's
course is 404) and the grade list; the courses (staff only) and grades (read only, students see their own)
endpoints; model curricula (list, detail, edit, history; a department edits its own programs') and the individual
curricula list, with the curricula and individual-curricula endpoints. By hand (test_scope.py,
test_curricula_pages.py): the record page, the scale page, the import page, the GPA endpoint and the curricula's
other pages.
"""

from __future__ import annotations

from mansap.academics.models import Course, Grade, IndividualCurriculum, ModelCurriculum
from mansap.academics.tests.factories import make_course, make_grade, make_individual, make_model_curriculum
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


class _Curricula:
    # A department edits its own programs' curricula; its read-only colleague reads them; another department sees
    # none of them (404).
    editor, viewer, outsider = "aigerim", "bolat", "dana"


class ModelCurriculumPageMatrixTests(_Curricula, ScopedPageTests, ScopedMatrixTestCase):
    model = ModelCurriculum
    url_names = {
        "list": "academics:modelcurriculum_list", "detail": "academics:modelcurriculum_detail",
        "edit": "academics:modelcurriculum_edit", "delete": None, "history": "academics:modelcurriculum_history",
    }  # fmt: skip

    @classmethod
    def in_scope(cls):
        return make_model_curriculum(cls.program_a, 2024)

    @classmethod
    def out_of_scope(cls):
        return make_model_curriculum(cls.program_b, 2024)


class IndividualCurriculumPageMatrixTests(_Curricula, ScopedPageTests, ScopedMatrixTestCase):
    model = IndividualCurriculum
    url_names = {
        "list": "academics:individualcurriculum_list", "detail": None, "edit": None, "delete": None, "history": None,
    }  # fmt: skip
    # The list serves students too (their own curricula; test_curricula_pages.py checks they see only those).
    student = None

    @classmethod
    def in_scope(cls):
        return make_individual(make_student(cls.program_a, admission_year=2024))

    @classmethod
    def out_of_scope(cls):
        return make_individual(make_student(cls.program_b, admission_year=2024))


class ModelCurriculumAPIMatrixTests(_Curricula, ScopedAPITests, ScopedMatrixTestCase):
    model = ModelCurriculum
    basename = "curriculum"
    writes = ()
    staff_only = True

    @classmethod
    def in_scope(cls):
        return make_model_curriculum(cls.program_a, 2023)

    @classmethod
    def out_of_scope(cls):
        return make_model_curriculum(cls.program_b, 2023)


class IndividualCurriculumAPIMatrixTests(_Curricula, ScopedAPITests, ScopedMatrixTestCase):
    model = IndividualCurriculum
    basename = "individual-curriculum"
    writes = ()

    @classmethod
    def in_scope(cls):
        return make_individual(make_student(cls.program_a, admission_year=2024))

    @classmethod
    def out_of_scope(cls):
        return make_individual(make_student(cls.program_b, admission_year=2024))
