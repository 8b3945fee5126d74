"""Querysets of the servicedesk app: who sees the catalogue, the requests and the issued documents.

The desk (core.access.SERVICE_DESK_STAFF: the Registrar's Office, the Student Service Center) sees and changes every
request and document of its institution; a student sees their own. Nobody else does: a department or a dean's
office sees none of the desk's requests, the Career Center none either. The catalogue is read by every member of
the institution and by its students; the desk changes it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.apps import apps
from django.db.models import Q

from mansap.core.access import SERVICE_DESK_STAFF, VIEW
from mansap.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


class ServiceQuerySet(ScopedQuerySet):
    institution_wide_view = True
    change_roles = SERVICE_DESK_STAFF

    def self_filter(self, user: AnyUser, action: str) -> Q:
        if action != VIEW:
            return Q()
        # A subquery, not a join through the institution's students: one row per service, however many students.
        students = apps.get_model("core", "Student")._default_manager.filter(user_id=user.pk or 0)
        return Q(institution_id__in=students.values("institution_id"))

    def active(self) -> Self:
        return self.filter(is_active=True)


class _DeskQuerySet(ScopedQuerySet):
    """Rows of the desk: its members reach them whatever the action; a student their own, to read."""

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        return self._reached_by(user, action, SERVICE_DESK_STAFF)

    def self_filter(self, user: AnyUser, action: str) -> Q:
        if action != VIEW:
            return Q()
        return Q(student__user_id=user.pk)


class ServiceRequestQuerySet(_DeskQuerySet):
    def with_list_related(self) -> Self:
        return self.select_related("service", "student", "assigned_to")


class IssuedDocumentQuerySet(_DeskQuerySet):
    def with_list_related(self) -> Self:
        return self.select_related("service", "student", "issued_by", "request")
