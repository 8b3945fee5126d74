"""Querysets of the core app; the access rules they apply live in core.access.

Each scoped queryset names the paths from its model to the institution, faculty and
department; `for_user(user, action)` ORs the rows the user's memberships reach
(core.access.scope_q). Views and viewsets apply it in their base classes.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Self

from django.db import models
from django.db.models import Q

from mansap.core.access import (
    ACTIONS,
    CHANGE,
    VIEW,
    api_tokens_q,
    membership_access_q,
    scope_q,
)

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


class ScopedQuerySet(models.QuerySet):
    """Base for every queryset whose rows belong to part of an institution."""

    institution_path: str | None = "institution"
    faculty_path: str | None = None
    department_path: str | None = None
    # Organization structure is visible to every member of the institution.
    institution_wide_view = False
    # Whose read-write memberships give CHANGE (e.g. core.access.EMPLOYMENT_RECORDERS); None: every role's.
    change_roles: frozenset[str] | None = None

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        return self._reached_by(user, action, self.change_roles if action == CHANGE else None)

    def for_user_as(self, user: AnyUser, roles: Collection[str]) -> Self:
        """The rows a user may change as a member of one of `roles` (a power of some offices only, such as
        core.access.EMPLOYMENT_RECORDERS)."""
        return self._reached_by(user, CHANGE, roles)

    def _reached_by(self, user: AnyUser, action: str, roles: Collection[str] | None) -> Self:
        if not user.is_authenticated:
            return self.none()
        q = scope_q(
            user,
            action,
            institution_path=self.institution_path,
            faculty_path=self.faculty_path,
            department_path=self.department_path,
            institution_wide_view=self.institution_wide_view,
            roles=roles,
        )
        if q is None:
            return self
        q |= self.self_filter(user, action)
        if not q:
            return self.none()
        return self.filter(q)

    def self_filter(self, user: AnyUser, action: str) -> Q:
        """Rows a user reaches as themselves (a student's own record); none by default."""
        return Q()


class InstitutionQuerySet(ScopedQuerySet):
    institution_path = "pk"
    institution_wide_view = True


class FacultyQuerySet(ScopedQuerySet):
    institution_wide_view = True

    def hosting_departments_for(self, user: AnyUser) -> Self:
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

    def with_people_for(self, user: AnyUser, action: str = VIEW) -> Self:
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

    def with_people_for(self, user: AnyUser, action: str = VIEW) -> Self:
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

    def self_filter(self, user: AnyUser, action: str) -> Q:
        return Q(user_id=user.pk) if action == VIEW else Q()

    def graduates(self) -> Self:
        return self.filter(graduation_date__isnull=False)

    def cohort_years(self) -> list[int]:
        """The years these students graduated in (their cohorts), newest first."""
        dates = self.graduates().order_by().values_list("graduation_date__year", flat=True).distinct()
        return sorted({year for year in dates if year}, reverse=True)

    def with_list_related(self) -> Self:
        return self.select_related("program__department", "program__group")

    def with_detail_related(self) -> Self:
        return self.select_related("program__department__faculty", "minor_program", "sponsor", "advisor", "institution")


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        """The memberships a user may see (VIEW) or change (CHANGE) on the access pages (/org/access/).

        The Career Center and superusers reach their institution's, management reads its institution's,
        a dean reaches the department memberships of their faculty (core.access.membership_access_q).
        """
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if not user.is_authenticated:
            return self.none()
        q = membership_access_q(user, manage=action == CHANGE)
        if q is None:
            return self
        return self.filter(q) if q else self.none()


class ImportJobQuerySet(ScopedQuerySet):
    def self_filter(self, user: AnyUser, action: str) -> Q:
        return Q(created_by_id=user.pk)


class ApiTokenQuerySet(models.QuerySet):
    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        """The tokens a user sees (VIEW) and revokes (CHANGE) on their tokens page: their own
        (core.access.api_tokens_q)."""
        if action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        q = api_tokens_q(user)
        return self.filter(q) if q is not None else self.none()
