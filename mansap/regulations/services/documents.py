"""The rules of the register (issue #17): documents, their versions and agreements, and the lifecycle
draft → in agreement → approved → in force → under revision → superseded / cancelled.

Every function is the one place its change happens (views, the API, commands and tests call it), runs in one
transaction, takes the acting user keyword-only and writes history attributed to them. Only the quality
department acts (core.access.is_regulation_editor; `acting_user=None` is a command acting for the institution).
An illegal transition is refused with a message naming both statuses. Putting a version in force supersedes the
document's previous version in force from the new one's effective date; a document introduced to replace a
predecessor supersedes the predecessor's version in force from its own effective date.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import is_regulation_editor, require_change
from mansap.regulations.choices import LIVE, TRANSITIONS, VersionStatus
from mansap.regulations.models import Agreement, Document, DocumentVersion
from mansap.regulations.services.codes import check_code
from mansap.regulations.services.reviews import refresh_document

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution

DOCUMENT_FIELDS = (
    "code", "aliases", "type", "title_kk", "title_ru", "title_en", "faculty", "department", "unit_name_kk",
    "unit_name_ru", "unit_name_en", "owner", "classification", "edms_number", "review_interval_years", "replaces",
)  # fmt: skip
VERSION_FIELDS = (
    "major", "minor", "approved_by_name", "approved_by_position", "approval_body", "protocol_number", "approved_on",
    "approved_year", "effective_on", "change_permit", "note", "file_kk", "file_ru", "file_en",
)  # fmt: skip
# What a version keeps once approved: the title page is signed, only the files may still be attached.
SIGNED_FIELDS = ("major", "minor", "approved_by_name", "approved_by_position", "approval_body", "protocol_number",
                 "approved_on", "approved_year")  # fmt: skip


KAZAKH_LETTERS = set("әғқңөұүһіӘҒҚҢӨҰҮҺІ")


def text_language(text: str) -> str:
    """kk, ru or en: the language a unit's name given as text is written in (Kazakh letters, else Cyrillic, else
    Latin)."""
    if any(letter in KAZAKH_LETTERS for letter in text):
        return "kk"
    if any("\u0400" <= letter <= "\u04ff" for letter in text):
        return "ru"
    return "en"


def unit_name_fields(text: str) -> dict[str, str]:
    """The document's unit_name_kk/ru/en for a unit known only by a name in one language: that language's field
    (the page shows it in the others until the editor names the unit in them)."""
    text = text.strip()
    return {f"unit_name_{code}": (text if code == text_language(text) else "") for code in ("kk", "ru", "en")}


def _require_editor(acting_user: MaybeUser) -> None:
    if acting_user is not None and not is_regulation_editor(acting_user):
        raise PermissionDenied


def _set(obj: Any, names: tuple[str, ...], values: dict[str, Any]) -> None:
    for name in names:
        if name in values:
            setattr(obj, name, values[name])


def _check_document(document: Document) -> None:
    check_code(document.code, document.institution)
    for alias in document.alias_list:
        check_code(alias, document.institution, field="aliases")
    if document.replaces_id is not None:
        if document.replaces_id == document.pk:
            raise ValidationError({"replaces": _("A document cannot replace itself.")})
        if Document.objects.filter(pk=document.replaces_id).exclude(institution=document.institution_id).exists():
            raise ValidationError({"replaces": _("The predecessor is not in this register.")})
    document.full_clean()


@transaction.atomic
def create_document(*, institution: Institution, acting_user: MaybeUser, **values: Any) -> Document:
    _require_editor(acting_user)
    document = Document(institution=institution)
    _set(document, DOCUMENT_FIELDS, values)
    _check_document(document)
    attributed(document, acting_user, reason="registered").save()
    return document


@transaction.atomic
def update_document(document: Document, *, acting_user: MaybeUser, **values: Any) -> Document:
    _require_editor(acting_user)
    require_change(acting_user, document)
    _set(document, DOCUMENT_FIELDS, values)
    _check_document(document)
    attributed(document, acting_user, reason="edited").save()
    refresh_document(document)
    return document


@transaction.atomic
def add_version(document: Document, *, acting_user: MaybeUser, **values: Any) -> DocumentVersion:
    """A new draft version (by default the next major one)."""
    _require_editor(acting_user)
    require_change(acting_user, document)
    latest = document.versions.order_by("-major", "-minor").first()
    version = DocumentVersion(document=document, major=(latest.major + 1) if latest else 1, minor=0)
    _set(version, VERSION_FIELDS, values)
    version.full_clean()
    attributed(version, acting_user, reason="drafted").save()
    refresh_document(document)
    return version


@transaction.atomic
def update_version(version: DocumentVersion, *, acting_user: MaybeUser, **values: Any) -> DocumentVersion:
    """Change a version; once approved its approval is fixed (files, the note and the permit may still change)."""
    _require_editor(acting_user)
    require_change(acting_user, version)
    if version.status not in (VersionStatus.DRAFT, VersionStatus.IN_AGREEMENT):
        changed = [name for name in SIGNED_FIELDS if name in values and values[name] != getattr(version, name)]
        if changed:
            raise ValidationError(
                _("The version is {status}: its approval cannot change.").format(status=version.get_status_display())
            )
    _set(version, VERSION_FIELDS, values)
    version.full_clean()
    attributed(version, acting_user, reason="edited").save()
    refresh_document(version.document)
    return version


@transaction.atomic
def add_agreement(version: DocumentVersion, *, acting_user: MaybeUser, **values: Any) -> Agreement:
    """An official who agreed the version (position, full name, date)."""
    _require_editor(acting_user)
    require_change(acting_user, version)
    agreement = Agreement(version=version)
    _set(agreement, ("position", "full_name", "agreed_on"), values)
    agreement.full_clean()
    agreement.save()
    return agreement


def _refuse(version: DocumentVersion, target: str) -> None:
    raise ValidationError(
        _("A version {status} cannot become {target}.").format(
            status=version.get_status_display(), target=VersionStatus(target).label),
        code="bad_transition",
    )  # fmt: skip


@transaction.atomic
def transition(
    version: DocumentVersion, target: str, *, acting_user: MaybeUser, on: dt.date | None = None
) -> DocumentVersion:
    """Move a version to `target` (putting it in force goes through `put_in_force`, with its date)."""
    _require_editor(acting_user)
    require_change(acting_user, version)
    if target == VersionStatus.IN_FORCE:
        return put_in_force(version, acting_user=acting_user, effective_on=on)
    if target not in TRANSITIONS.get(version.status, ()):
        _refuse(version, target)
    if target == VersionStatus.APPROVED and not version.approved_on and not version.approved_year:
        raise ValidationError({"approved_on": _("Record the date of approval first.")})
    if target == VersionStatus.APPROVED and not (version.approved_by_name or version.approval_body):
        raise ValidationError({"approved_by_name": _("Record who approved the version: a person or a body.")})
    if target in (VersionStatus.SUPERSEDED, VersionStatus.CANCELLED) and version.status in LIVE:
        version.ended_on = on or dt.date.today()
    version.status = target
    attributed(version, acting_user, reason=target).save()
    refresh_document(version.document)
    return version


@transaction.atomic
def put_in_force(
    version: DocumentVersion, *, acting_user: MaybeUser, effective_on: dt.date | None = None
) -> DocumentVersion:
    """The version is in force from `effective_on` (else its recorded effective date, else its approval date).

    The document's other version in force (or under revision) is superseded from that date, and so is the
    version in force of the document it replaces."""
    _require_editor(acting_user)
    require_change(acting_user, version)
    if VersionStatus.IN_FORCE not in TRANSITIONS.get(version.status, ()):
        _refuse(version, VersionStatus.IN_FORCE)
    day = effective_on or version.effective_on or version.approved_on
    if day is None:
        raise ValidationError({"effective_on": _("Give the date the version takes effect.")})
    if version.approved_on and day < version.approved_on:
        raise ValidationError({"effective_on": _("A version takes effect on or after its approval.")})
    if version.status == VersionStatus.APPROVED:
        version.effective_on = day
    version.status = VersionStatus.IN_FORCE
    version.ended_on = None
    attributed(version, acting_user, reason="in force").save()
    for other in version.document.versions.filter(status__in=LIVE).exclude(pk=version.pk):
        _supersede(other, day, acting_user)
    predecessor = version.document.replaces
    if predecessor is not None:
        for other in predecessor.versions.filter(status__in=LIVE):
            _supersede(other, day, acting_user)
        refresh_document(predecessor)
    refresh_document(version.document)
    return version


def _supersede(version: DocumentVersion, day: dt.date, acting_user: MaybeUser) -> None:
    version.status = VersionStatus.SUPERSEDED
    version.ended_on = day
    attributed(version, acting_user, reason="superseded").save()


def version_in_force(document: Document) -> DocumentVersion | None:
    """The version in force today (or under revision, still in force), if any."""
    return document.versions.filter(status__in=LIVE).first()
