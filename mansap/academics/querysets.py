"""Querysets of the academics app: who sees and changes the catalogue, the grading scale and the grades.

The Student Service Center (core.access.ACADEMIC_RECORD_EDITORS: the Registrar's Office) changes the catalogue
and the scale and imports grades. Every staff member of the institution reads the catalogue and the scale.
Grades follow their student: institution-wide offices read all of them, a dean their faculty's, a department
its programs' students'; a student reads their own and an advisor their advisees' (self_filter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.apps import apps
from django.db.models import Q, QuerySet

from mansap.core.access import ACADEMIC_RECORD_EDITORS, VIEW
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


class GradeQuerySet(ScopedQuerySet):
    institution_path = "student__institution"
    faculty_path = "student__program__department__faculty"
    department_path = "student__program__department"
    change_roles = ACADEMIC_RECORD_EDITORS

    def self_filter(self, user: AnyUser, action: str) -> Q:
        if action != VIEW:
            return Q()
        return Q(student__user_id=user.pk) | Q(student__advisor__user_id=user.pk)

    def with_list_related(self) -> Self:
        return self.select_related("student__program", "course")


def record_students(user: AnyUser) -> QuerySet[Any]:
    """The students whose academic record the user reads: those in their scope (the SSC all, a dean their faculty's,
    a department its own, a student themself) and an advisor's advisees."""
    students = apps.get_model("core", "Student")._default_manager
    return students.filter(Q(pk__in=students.for_user(user, VIEW).values("pk")) | Q(advisor__user_id=user.pk))
