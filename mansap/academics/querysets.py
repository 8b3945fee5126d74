"""Querysets of the academics app: who sees and changes the catalogue, the grading scale and the grades.

The Student Service Center (core.access.ACADEMIC_RECORD_EDITORS: the Registrar's Office) changes the catalogue
and the scale and imports grades. Every staff member of the institution reads the catalogue and the scale.
Grades follow their student: institution-wide offices read all of them, a dean their faculty's, a department
its programs' students'; a student reads their own and an advisor their advisees' (self_filter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.apps import apps
from django.db.models import Count, Q, QuerySet, Sum

from mansap.common.partitioning import InstitutionRows
from mansap.core.access import ACADEMIC_RECORD_EDITORS, CURRICULUM_EDITORS, VIEW
from mansap.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


class CourseQuerySet(ScopedQuerySet):
    institution_wide_view = True
    change_roles = ACADEMIC_RECORD_EDITORS

    def with_list_related(self) -> Self:
        return self.select_related("department")


class GradeScaleBandQuerySet(ScopedQuerySet):
    institution_wide_view = True
    change_roles = ACADEMIC_RECORD_EDITORS


class GradeQuerySet(InstitutionRows, ScopedQuerySet):
    institution_path = "institution"  # the grade's own column (#18)
    faculty_path = "student__program__department__faculty"
    department_path = "student__program__department"
    change_roles = ACADEMIC_RECORD_EDITORS

    def self_filter(self, user: AnyUser, action: str) -> Q:
        if action != VIEW:
            return Q()
        return Q(student__user_id=user.pk) | Q(student__advisor__user_id=user.pk)

    def with_list_related(self) -> Self:
        return self.select_related("student__program", "course")


class CurriculumSettingsQuerySet(ScopedQuerySet):
    institution_wide_view = True
    change_roles = ACADEMIC_RECORD_EDITORS


class ModelCurriculumQuerySet(ScopedQuerySet):
    """Model curricula follow their program: the SSC reads and changes all, a dean reads the faculty's, a department
    reads and changes its own programs'; another department's answer 404."""

    institution_path = "program__department__faculty__institution"
    faculty_path = "program__department__faculty"
    department_path = "program__department"
    change_roles = CURRICULUM_EDITORS

    def with_list_related(self) -> Self:
        return self.select_related("program__department").annotate(
            row_count=Count("rows", distinct=True), credit_total=Sum("rows__course__credits")
        )


class ElectiveGroupQuerySet(ModelCurriculumQuerySet):
    institution_path = "curriculum__program__department__faculty__institution"
    faculty_path = "curriculum__program__department__faculty"
    department_path = "curriculum__program__department"


class ModelCurriculumRowQuerySet(ElectiveGroupQuerySet):
    pass


class IndividualCurriculumQuerySet(InstitutionRows, ScopedQuerySet):
    """Individual curricula follow their student, as grades do; the student and their advisor reach theirs (to
    read and to draw up: the services say what each may do in which status)."""

    institution_path = "institution"  # the curriculum's own column, its student's (#18)
    faculty_path = "student__program__department__faculty"
    department_path = "student__program__department"
    change_roles = CURRICULUM_EDITORS
    student_path = "student"

    def self_filter(self, user: AnyUser, action: str) -> Q:
        path = self.student_path
        return Q(**{f"{path}__user_id": user.pk}) | Q(**{f"{path}__advisor__user_id": user.pk})

    def with_list_related(self) -> Self:
        return self.select_related("student__program__department").annotate(
            course_count=Count("items", distinct=True), credit_total=Sum("items__course__credits")
        )


class IndividualCurriculumItemQuerySet(IndividualCurriculumQuerySet):
    institution_path = "institution"  # the item's own column, its curriculum's (#18)
    faculty_path = "curriculum__student__program__department__faculty"
    department_path = "curriculum__student__program__department"
    student_path = "curriculum__student"


def record_students(user: AnyUser) -> QuerySet[Any]:
    """The students whose academic record the user reads: those in their scope (the SSC all, a dean their faculty's,
    a department its own, a student themself) and an advisor's advisees."""
    students = apps.get_model("core", "Student")._default_manager
    return students.filter(Q(pk__in=students.for_user(user, VIEW).values("pk")) | Q(advisor__user_id=user.pk))
