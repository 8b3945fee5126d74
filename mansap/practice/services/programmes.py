"""Practice programmes and methodological guidelines from the register of regulations (issue #17, R-018, R-019).

`link_programme` ties a program's programme for a type of practice (or its guidelines) to a controlled document of
the register; `programmes_for` answers, for a practice, each linked document with its version in force and the
links the user may follow: staff who read the register get its scoped download (an internal-only file is logged
there); students and anyone else only the public register's download of a public document, never an internal
one (the register's rule). The loose `Practice.programme_file` a department uploaded before stays readable on the
practice's page, marked as outside the register, until the document is registered and linked: the quality
department registers the file as a version of a programme document (its file per language), links it here, and
the department then clears the upload.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import VIEW, is_career_center_editor, is_staff_member
from mansap.practice.choices import ProgrammeRole
from mansap.practice.models import Practice, PracticeProgramme
from mansap.regulations.choices import LANGUAGES, LIVE, Classification, DocumentType, Language, VersionStatus
from mansap.regulations.models import Document, DocumentVersion

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from mansap.core.access import AnyUser, MaybeUser
    from mansap.core.models import EducationalProgram


@dataclass
class ProgrammeRow:
    link: PracticeProgramme
    version: DocumentVersion | None
    files: list[tuple[str, str]] = field(default_factory=list)  # (language label, url)
    register_url: str = ""

    @property
    def document(self) -> Document:
        return self.link.document


# The register's types a programme or guidelines may be (a process map, a unit's regulation or a form is not one);
# the templates of generated documents are controlled documents too but never a programme.
PROGRAMME_TYPES = (DocumentType.INSTRUCTION, DocumentType.REGULATION, DocumentType.RULES)


def may_link_programmes(user: MaybeUser) -> bool:
    """Who links and unlinks programmes: the Career Center's editors (the one rule the page and the API follow)."""
    return is_career_center_editor(user)


def linkable_documents(user: AnyUser) -> QuerySet[Document]:
    """The register's documents the user may see that may be a programme: of PROGRAMME_TYPES, not a template,
    not superseded or cancelled."""
    return (
        Document.objects.for_user(user, VIEW)
        .filter(type__in=PROGRAMME_TYPES, template__isnull=True)
        .exclude(status__in=[VersionStatus.SUPERSEDED, VersionStatus.CANCELLED])
        .order_by("code")
    )


@transaction.atomic
def link_programme(
    *,
    program: EducationalProgram,
    document: Document,
    acting_user: MaybeUser,
    kind: str = "",
    role: str = ProgrammeRole.PROGRAMME,
) -> PracticeProgramme:
    """Link (or relink) the program's programme of `kind` (guidelines: any kind) to a document of its register."""
    if acting_user is not None and not may_link_programmes(acting_user):
        raise PermissionDenied
    if document.institution_id != program.department.faculty.institution_id:
        raise ValidationError({"document": _("The document is not in this institution's register.")})
    if document.type not in PROGRAMME_TYPES or hasattr(document, "template"):
        raise ValidationError({"document": _("This document of the register cannot be a practice programme.")})
    if role == ProgrammeRole.PROGRAMME and not kind:
        raise ValidationError({"kind": _("Choose the type of practice the programme is for.")})
    link = PracticeProgramme.objects.filter(program=program, kind=kind, role=role).first() or PracticeProgramme(
        program=program, kind=kind, role=role
    )
    link.document = document
    link.full_clean()
    attributed(link, acting_user, reason="linked").save()
    return link


@transaction.atomic
def unlink_programme(link: PracticeProgramme, *, acting_user: MaybeUser) -> None:
    """Remove a program's link to a register document (the document and its versions stay in the register)."""
    if acting_user is not None and not may_link_programmes(acting_user):
        raise PermissionDenied
    attributed(link, acting_user, reason="unlinked").delete()


def version_in_force(document: Document) -> DocumentVersion | None:
    """The document's live version, from its prefetched versions (`prefetch_related("document__versions")`)."""
    return next((v for v in document.versions.all() if v.status in LIVE), None)


def programmes_for(practice: Practice, user: Any) -> list[ProgrammeRow]:
    """The programme of the practice's type and the program's guidelines, each with its version in force."""
    links = list(
        PracticeProgramme.objects.filter(program=practice.program_id)
        .filter(Q(kind=practice.kind) | Q(kind=""))
        .select_related("document")
        .prefetch_related("document__versions")
        .order_by("role", "-kind")
    )
    staff = user is not None and user.is_authenticated and is_staff_member(user)
    readable = (
        set(Document.objects.for_user(user, VIEW).filter(pk__in=[link.document_id for link in links]).values_list(
            "pk", flat=True))
        if staff else set()
    )  # fmt: skip
    rows = []
    for link in links:
        version = version_in_force(link.document)
        row = ProgrammeRow(link, version)
        if link.document_id in readable:
            row.register_url = link.document.get_absolute_url()
            url_name = "regulations:version_download"
        elif link.document.classification == Classification.PUBLIC:
            url_name = "regulations:public_download"
        else:
            url_name = ""
        if version is not None and url_name:
            row.files = [
                (str(Language(code).label), reverse(url_name, args=[version.pk, code]))
                for code in LANGUAGES
                if version.file_of(code)
            ]
        rows.append(row)
    return rows
