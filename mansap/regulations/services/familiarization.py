"""Familiarization with controlled documents (issue #17, R-145, Q26).

The quality department assigns a document to a department's staff or to a role; a person so assigned must
acknowledge the version in force. An acknowledgement of any version with the same major number counts: a new
minor version (1.0 → 1.1) asks nobody again, a new major one (1.1 → 2.0) asks everyone again.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from mansap.core.access import is_regulation_editor, is_staff_member, require_change, user_memberships
from mansap.regulations.choices import LIVE
from mansap.regulations.models import Acknowledgement, Assignment, Document, DocumentVersion

if TYPE_CHECKING:
    from mansap.core.access import AnyUser, MaybeUser


@transaction.atomic
def assign(
    document: Document, *, acting_user: MaybeUser, department: Any = None, role: str = "", days_to_acknowledge: int = 14
) -> Assignment:
    if acting_user is not None and not is_regulation_editor(acting_user):
        raise PermissionDenied
    require_change(acting_user, document)
    if department is not None and department.faculty.institution_id != document.institution_id:
        raise ValidationError({"department": _("The department is not of the document's university.")})
    if Assignment.objects.filter(document=document, department=department, role=role).exists():
        raise ValidationError(_("The document is already assigned to them."))
    assignment = Assignment(
        document=document, department=department, role=role, days_to_acknowledge=days_to_acknowledge
    )
    if acting_user is not None and acting_user.is_authenticated:
        assignment.assigned_by_id = acting_user.pk
    assignment.full_clean()
    assignment.save()
    return assignment


def _assignments_q(user: AnyUser) -> Q:
    """The assignments that reach the user through their memberships."""
    q = Q(pk__in=[])
    for membership in user_memberships(user):
        scope = Q(document__institution_id=membership.institution_id)
        q |= scope & Q(role=membership.role)
        if membership.department_id:
            q |= scope & Q(department_id=membership.department_id)
    return q


def pending_versions(user: AnyUser) -> list[DocumentVersion]:
    """The versions in force the user is assigned and has not acknowledged (nor a version of the same major)."""
    if not is_staff_member(user):
        return []
    documents = Assignment.objects.filter(_assignments_q(user)).values("document_id")
    versions = (
        DocumentVersion.objects.filter(document_id__in=documents, status__in=LIVE)
        .select_related("document")
        .order_by("document__code")
    )
    read = set(
        Acknowledgement.objects.filter(user_id=int(user.pk or 0)).values_list("version__document_id", "version__major")
    )
    return [v for v in versions if (v.document_id, v.major) not in read]


def has_acknowledged(user: AnyUser, version: DocumentVersion) -> bool:
    return Acknowledgement.objects.filter(
        user_id=int(user.pk or 0), version__document_id=version.document_id, version__major=version.major
    ).exists()


@transaction.atomic
def acknowledge(version: DocumentVersion, *, acting_user: AnyUser) -> Acknowledgement:
    """The user has read the version in force (once: a second click changes nothing)."""
    if version.status not in LIVE:
        raise ValidationError(_("Only the version in force is acknowledged."))
    found, _created = Acknowledgement.objects.get_or_create(version=version, user_id=int(acting_user.pk or 0))
    return found
