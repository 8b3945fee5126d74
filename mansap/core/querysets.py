"""Querysets of the core app and the one place access scoping is decided.

A user's memberships are read once per request (cached on the user object) and
turned into filters. Each scoped queryset names the paths from its model to the
institution, faculty and department; `for_user(user, action)` ORs the rows the
memberships reach. Views and viewsets apply it in their base classes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.db import models
from django.db.models import Q

from mansap.core.choices import INSTITUTION_WIDE_ROLES, Role

if TYPE_CHECKING:
    from mansap.core.models import Membership

VIEW = "view"
CHANGE = "change"
ACTIONS = (VIEW, CHANGE)


def user_memberships(user: Any) -> list[Membership]:
    """The user's memberships, read once per user object (i.e. once per request)."""
    cached = getattr(user, "_mansap_memberships", None)
    if cached is None:
        from mansap.core.models import Membership

        cached = list(Membership.objects.filter(user_id=user.pk)) if user.is_authenticated else []
        user._mansap_memberships = cached
    return cached


def memberships_for(user: Any, action: str) -> list[Membership]:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    found = user_memberships(user)
    return found if action == VIEW else [m for m in found if m.is_rw]


def is_staff_member(user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_superuser or user_memberships(user)))


def can_create(user: Any, scope_level: str) -> bool:
    """Whether the user may add records that live at this level (institution/faculty/department)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    writable = memberships_for(user, CHANGE)
    if scope_level == "institution":
        return any(m.role in INSTITUTION_WIDE_ROLES for m in writable)
    if scope_level == "faculty":
        return any(m.role in INSTITUTION_WIDE_ROLES or m.role == Role.DEAN for m in writable)
    return bool(writable)


def scope_q(
    user: Any,
    action: str,
    *,
    institution_path: str | None,
    faculty_path: str | None = None,
    department_path: str | None = None,
    institution_wide_view: bool = False,
) -> Q | None:
    """The filter of rows a user reaches through memberships; None means every row (superuser).

    An empty Q() means nothing is reachable.
    """
    if user.is_superuser:
        return None
    found = memberships_for(user, action)
    wide = institution_wide_view and action == VIEW
    institutions = {m.institution_id for m in found if m.role in INSTITUTION_WIDE_ROLES or wide}
    faculties = set() if wide else {m.faculty_id for m in found if m.role == Role.DEAN and m.faculty_id is not None}
    departments = (
        set() if wide else {m.department_id for m in found if m.role == Role.DEPARTMENT and m.department_id is not None}
    )
    q = Q()
    if institutions and institution_path:
        q |= Q(**{f"{institution_path}__in": sorted(institutions)})
    if faculties and faculty_path:
        q |= Q(**{f"{faculty_path}__in": sorted(faculties)})
    if departments and department_path:
        q |= Q(**{f"{department_path}__in": sorted(departments)})
    return q


class ScopedQuerySet(models.QuerySet):
    """Base for every queryset whose rows belong to part of an institution."""

    institution_path: str | None = "institution"
    faculty_path: str | None = None
    department_path: str | None = None
    # Organization structure is visible to every member of the institution.
    institution_wide_view = False

    def for_user(self, user: Any, action: str = VIEW) -> Self:
        if not user.is_authenticated:
            return self.none()
        q = scope_q(
            user,
            action,
            institution_path=self.institution_path,
            faculty_path=self.faculty_path,
            department_path=self.department_path,
            institution_wide_view=self.institution_wide_view,
        )
        if q is None:
            return self
        q |= self.self_filter(user, action)
        if not q:
            return self.none()
        return self.filter(q)

    def self_filter(self, user: Any, action: str) -> Q:
        """Rows a user reaches as themselves (a student's own record); none by default."""
        return Q()


class InstitutionQuerySet(ScopedQuerySet):
    institution_path = "pk"
    institution_wide_view = True


class FacultyQuerySet(ScopedQuerySet):
    institution_wide_view = True

    def hosting_departments_for(self, user: Any) -> Self:
        """Faculties in which the user may add or change departments (a dean: their own)."""
        q = scope_q(user, CHANGE, institution_path="institution", faculty_path="pk")
        return self if q is None else (self.filter(q) if q else self.none())


class DepartmentQuerySet(ScopedQuerySet):
    institution_path = "faculty__institution"
    faculty_path = "faculty"
    institution_wide_view = True

    def with_list_related(self) -> Self:
        return (
            self.select_related("faculty")
            .annotate(program_count=models.Count("programs", distinct=True))
            .order_by("code")
        )

    def with_people_for(self, user: Any, action: str = VIEW) -> Self:
        """Departments whose people (students, employees) the user may see or change."""
        q = scope_q(user, action, institution_path="faculty__institution", faculty_path="faculty", department_path="pk")
        return self if q is None else (self.filter(q) if q else self.none())


class ProgramGroupQuerySet(models.QuerySet):
    pass


class ProgramQuerySet(ScopedQuerySet):
    institution_path = "department__faculty__institution"
    faculty_path = "department__faculty"
    department_path = "department"
    institution_wide_view = True

    def with_list_related(self) -> Self:
        return self.select_related("department__faculty", "group")

    def with_people_for(self, user: Any, action: str = VIEW) -> Self:
        """Programs whose students the user may see or change."""
        q = scope_q(
            user,
            action,
            institution_path="department__faculty__institution",
            faculty_path="department__faculty",
            department_path="department",
        )
        return self if q is None else (self.filter(q) if q else self.none())


class AcademicYearQuerySet(ScopedQuerySet):
    institution_wide_view = True


class CalendarEventQuerySet(ScopedQuerySet):
    institution_path = "academic_year__institution"
    institution_wide_view = True


class EmployeeQuerySet(ScopedQuerySet):
    institution_path = "department__faculty__institution"
    faculty_path = "department__faculty"
    department_path = "department"

    def with_list_related(self) -> Self:
        return self.select_related("department")


class StudentQuerySet(ScopedQuerySet):
    institution_path = "institution"
    faculty_path = "program__department__faculty"
    department_path = "program__department"

    def self_filter(self, user: Any, action: str) -> Q:
        return Q(user_id=user.pk) if action == VIEW else Q()

    def graduates(self) -> Self:
        return self.filter(graduation_date__isnull=False)

    def with_list_related(self) -> Self:
        return self.select_related("program__department", "program__group")

    def with_detail_related(self) -> Self:
        return self.select_related("program__department__faculty", "minor_program", "sponsor", "advisor", "institution")


class MembershipQuerySet(models.QuerySet):
    pass


class ImportJobQuerySet(ScopedQuerySet):
    def self_filter(self, user: Any, action: str) -> Q:
        return Q(created_by_id=user.pk)
