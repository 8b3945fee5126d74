"""Querysets of the regulations app: who reads and who changes the register of controlled documents.

Every staff member of an institution reads its whole register (the documents, their approved versions and
reviews); the quality department (core.access.REGULATION_EDITORS) changes it and alone sees drafts and versions in
agreement. Nobody without a membership reaches a row here: anonymous visitors, students, graduates and employer
contacts get nothing, so an internal-only document is never served to them. Public documents in force reach the
public register through `public()`, outside the scope rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Self

from django.apps import apps
from django.db.models import Exists, OuterRef

from mansap.common.partitioning import InstitutionRows
from mansap.core.access import REGULATION_EDITORS, VIEW, is_regulation_editor
from mansap.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from mansap.core.access import AnyUser

# choices.UNPUBLISHED and the public statuses, spelled here: choices imports nothing of ours.
UNPUBLISHED = ("draft", "in_agreement")
PUBLIC_STATUSES = ("in_force", "under_revision")


class CodePatternQuerySet(ScopedQuerySet):
    institution_wide_view = True
    change_roles = REGULATION_EDITORS


class DocumentQuerySet(ScopedQuerySet):
    institution_wide_view = True
    change_roles = REGULATION_EDITORS

    def with_list_related(self) -> Self:
        return self.select_related("department", "faculty", "owner")

    def public(self) -> Self:
        """Public documents with a version in force: what anyone may see on the public register."""
        versions = apps.get_model("regulations", "DocumentVersion")._default_manager
        live = versions.filter(document=OuterRef("pk"), status__in=PUBLIC_STATUSES)
        return self.filter(Exists(live), classification="public")


class DocumentChildQuerySet(ScopedQuerySet):
    """Rows of a document (versions, reviews, agreements, download records): scoped as the document is."""

    institution_path = "document__institution"
    institution_wide_view = True
    change_roles = REGULATION_EDITORS


class DocumentVersionQuerySet(DocumentChildQuerySet):
    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        found = super().for_user(user, action)
        if action == VIEW and not is_regulation_editor(user):
            found = found.exclude(status__in=UNPUBLISHED)
        return found

    def public(self) -> Self:
        return self.filter(document__classification="public", status__in=PUBLIC_STATUSES)


class VersionChildQuerySet(ScopedQuerySet):
    institution_path = "version__document__institution"
    institution_wide_view = True
    change_roles = REGULATION_EDITORS

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        found = super().for_user(user, action)
        if action == VIEW and not is_regulation_editor(user):
            found = found.exclude(version__status__in=UNPUBLISHED)
        return found


class AcknowledgementQuerySet(InstitutionRows, VersionChildQuerySet):
    """Who acknowledged which version: scoped as the version is, by the acknowledgement's own column (#18)."""

    institution_path = "institution"


class DownloadLogQuerySet(InstitutionRows, VersionChildQuerySet):
    """Who downloaded what: the quality department reads the whole log, nobody else any of it."""

    institution_path = "institution"  # the download's own column, its document's (#18)

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        if not is_regulation_editor(user):
            return self.none()
        return super().for_user(user, action)
