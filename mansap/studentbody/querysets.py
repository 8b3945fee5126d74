"""Querysets of the studentbody app: who sees and changes the orders and the students' contingent history.

The Student Service Center (core.access.CONTINGENT_EDITORS: the Registrar's Office) sees and changes every order
of its institution, drafts included. Everyone else reads orders in force only (signed or entered in Platonus),
and only their items about students in their scope: institution-wide offices (management) all of them, a dean
their faculty's, a department its programs' students'; a student reads their own items and periods.
An order is seen when one of its items is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.apps import apps
from django.db.models import Count, Q

from mansap.common.partitioning import InstitutionRows
from mansap.core.access import CHANGE, CONTINGENT_EDITORS, VIEW, is_contingent_editor
from mansap.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from mansap.core.access import AnyUser

IN_FORCE = ("signed", "entered")  # choices.IN_FORCE, spelled here: choices imports nothing of ours


class OrderItemQuerySet(InstitutionRows, ScopedQuerySet):
    institution_path = "institution"  # the item's own column, its order's (#18)
    faculty_path = "student__program__department__faculty"
    department_path = "student__program__department"
    change_roles = CONTINGENT_EDITORS

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        found = super().for_user(user, action)
        if action == VIEW and not is_contingent_editor(user):
            found = found.filter(order__status__in=IN_FORCE)
        return found

    def self_filter(self, user: AnyUser, action: str) -> Q:
        if action != VIEW:
            return Q()
        return Q(student__user_id=user.pk)

    def with_list_related(self) -> Self:
        return self.select_related("order", "student__program", "program")


class OrderQuerySet(ScopedQuerySet):
    change_roles = CONTINGENT_EDITORS

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        if action == CHANGE or is_contingent_editor(user):
            return super().for_user(user, action)
        if not user.is_authenticated:
            return self.none()
        items = apps.get_model("studentbody", "OrderItem")._default_manager.for_user(user, VIEW)
        return self.filter(pk__in=items.values("order_id"))

    def with_list_related(self) -> Self:
        return self


class StudentPeriodQuerySet(InstitutionRows, ScopedQuerySet):
    institution_path = "institution"  # the period's own column, its student's (#18)
    faculty_path = "student__program__department__faculty"
    department_path = "student__program__department"
    change_roles = frozenset()  # rebuilt by services.states from the orders; nobody writes a period

    def self_filter(self, user: AnyUser, action: str) -> Q:
        if action != VIEW:
            return Q()
        return Q(student__user_id=user.pk)

    def on(self, day: object) -> Self:
        """The periods in force on a date: one per student who has any state on it."""
        return self.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=day), valid_from__lte=day)


class ReportLayoutQuerySet(ScopedQuerySet):
    """The statistical layouts: every member of the institution reads them, the SSC changes them."""

    institution_wide_view = True
    change_roles = CONTINGENT_EDITORS


class PersonalFileQuerySet(InstitutionRows, ScopedQuerySet):
    """Personal files: the SSC keeps them (CHANGE); the student's dean and department read them; a student reads
    their own."""

    institution_path = "institution"  # the file's own column, its student's (#18)
    faculty_path = "student__program__department__faculty"
    department_path = "student__program__department"
    change_roles = CONTINGENT_EDITORS

    def self_filter(self, user: AnyUser, action: str) -> Q:
        if action != VIEW:
            return Q()
        return Q(student__user_id=user.pk)

    def with_list_related(self) -> Self:
        return self.select_related("student__program", "transfer_act")


class DocumentKindQuerySet(ScopedQuerySet):
    """The checklist of an institution: read by its members, changed by the SSC."""

    institution_wide_view = True
    change_roles = CONTINGENT_EDITORS


class TransferActQuerySet(ScopedQuerySet):
    """Archive transfer acts: the SSC (the archive's keeper for now) alone reads and changes them."""

    change_roles = CONTINGENT_EDITORS

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        if not getattr(user, "is_superuser", False) and not is_contingent_editor(user):
            return self.none()
        return super().for_user(user, CHANGE)

    def annotate_files(self) -> Self:
        return self.annotate(file_count=Count("files"))


class AnnualReportQuerySet(ScopedQuerySet):
    """The registrar's annual reports: the SSC (CONTINGENT_EDITORS) alone reads and changes them; others see none."""

    change_roles = CONTINGENT_EDITORS

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        if not getattr(user, "is_superuser", False) and not is_contingent_editor(user):
            return self.none()
        return super().for_user(user, CHANGE)


class AnnualSectionQuerySet(ScopedQuerySet):
    institution_path = "report__institution"
    change_roles = CONTINGENT_EDITORS

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        if not getattr(user, "is_superuser", False) and not is_contingent_editor(user):
            return self.none()
        return super().for_user(user, CHANGE)
