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

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
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
from mansap.regulations.models.documents import FILE_VALIDATORS
from mansap.regulations.services.documents import update_version

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


# ---- Moving the loose programme files into the register --------------------------------------------------------
def move_programme_files(*, language: str, institution: Any = None, dry_run: bool = False) -> dict[str, Any]:
    """Move each loose `Practice.programme_file` into the register (the command programme_files_to_register).

    The practices with an uploaded file are grouped by program and type of practice. Each group needs the
    program's programme of that type linked to a register document with a version in force (link_programme: the
    quality department registers the document, the Career Center links it). The newest practice's file (latest
    start, then latest row) becomes the version in force's file in `language` when that version has none; when
    it has one, the register's file is kept. Either way the loose uploads of the group are cleared (the stored
    files stay on disk) and the practice pages show the register's version in force.

    All or nothing: a group without a link (`not_linked`), without a version in force (`no_version_in_force`),
    whose newest file is missing from storage (`missing_file`) or is not a file the register takes (`bad_file`: the
    register checks the content, the practice upload only the extension) is an error and nothing is written. The answer:
    {"moved": [...], "kept_register_file": [...], "errors": [...], "dry_run": bool}; running it again finds no
    loose file and changes nothing.
    """
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}")
    practices = (
        Practice.objects.exclude(programme_file="")
        .select_related("program")
        .order_by("program__code", "program_id", "kind", "-starts_on", "-pk")
    )
    if institution is not None:
        practices = practices.filter(institution=institution)
    groups: dict[tuple[int, str], list[Practice]] = {}
    for practice in practices:
        groups.setdefault((practice.program_id, practice.kind), []).append(practice)
    links = {
        (link.program_id, link.kind): link
        for link in PracticeProgramme.objects.filter(
            role=ProgrammeRole.PROGRAMME, program_id__in={program for program, _kind in groups}
        )
        .select_related("document")
        .prefetch_related("document__versions")
    }
    result: dict[str, Any] = {"moved": [], "kept_register_file": [], "errors": [], "dry_run": dry_run}
    plan: list[tuple[list[Practice], DocumentVersion, ContentFile | None]] = []
    for key, group in groups.items():
        newest = group[0]
        stored_name = str(newest.programme_file.name)
        row: dict[str, Any] = {
            "program": newest.program.code,
            "kind": newest.kind,
            "practices": [practice.pk for practice in group],
            "file": stored_name,
        }
        link = links.get(key)
        version = version_in_force(link.document) if link is not None else None
        if link is None:
            result["errors"].append(
                {
                    **row,
                    "code": "not_linked",
                    "message": "no programme of this type of practice is linked to the register",
                }
            )
            continue
        row["document"] = link.document.code
        if version is None:
            result["errors"].append(
                {**row, "code": "no_version_in_force", "message": "the linked document has no version in force"}
            )
            continue
        row["version"] = version.number
        if not newest.programme_file.storage.exists(stored_name):
            result["errors"].append({**row, "code": "missing_file", "message": "the uploaded file is not in storage"})
            continue
        content = None
        if not version.file_of(language):
            with newest.programme_file.open("rb") as handle:
                content = ContentFile(handle.read(), name=os.path.basename(stored_name))
            try:
                for validate in FILE_VALIDATORS:  # DocumentVersion's file_kk/ru/en
                    validate(content)
            except ValidationError as exc:
                result["errors"].append({**row, "code": "bad_file", "message": " ".join(exc.messages)})
                continue
        result["kept_register_file" if content is None else "moved"].append(row)
        plan.append((group, version, content))
    if result["errors"] or dry_run:
        return result
    with transaction.atomic():
        for group, version, content in plan:
            if content is not None:
                content.seek(0)
                update_version(version, acting_user=None, **{f"file_{language}": content})
            for practice in group:
                practice.programme_file = ""
                attributed(practice, None, reason="programme file moved to the register").save(
                    update_fields=["programme_file", "updated_at"]
                )
    return result
