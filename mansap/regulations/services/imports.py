"""Importing an existing register of controlled documents (issue #17), all or nothing, on the platform's rules.

    python manage.py import_documents FILE.xlsx [--dry-run] [--json] [--institution CODE] [--language kk|ru|en]
                                                [--user USERNAME]

and the same from the page (an import job: upload, background check with progress, confirm, error report).
One row per document and its version. Columns (English names or their Russian and Kazakh aliases, any case):

    code, type, title_kk, title_ru, title_en, unit, version, approved_on, effective_on, last_review_on,
    review_interval_years, classification, replaces

`unit` is the developing unit's code or name (kept as text when no faculty or department matches);
`classification` is public or internal; `replaces` names a predecessor's code (in the platform or in the file),
which is then superseded from this document's effective date; an empty interval means the default (3 years).
A row with an effective date is put in force from it, one without stays approved. Error codes, each naming the
row and column:

- `bad_code`: the code (or the predecessor's) matches none of the configured code patterns;
- `bad_date`: not a date; `date_order`: effective before approved;
- `unknown_predecessor`: no document in the platform or in the file has the `replaces` code;
- `duplicate_code`: the code is in the file twice;
- `bad_version`: the version is not major.minor;
- and the platform's `missing_field`, `bad_choice`, `bad_number`, `too_long`.

Importing the same file twice changes nothing: a document's version already in the register is left as it is,
and a review already recorded on that date is not recorded again.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from mansap.common.history import attributed
from mansap.common.import_runs import ImportRun, table_import
from mansap.common.importing import (
    BASE_MESSAGES,
    CellError,
    Column,
    ImportReport,
    ImportSpec,
    ParsedRow,
    RowCheck,
    enum_parser,
    parse_date,
    parse_int,
    text_parser,
)
from mansap.core.access import is_regulation_editor
from mansap.core.models import Department, Faculty
from mansap.regulations.choices import (
    DEFAULT_REVIEW_INTERVAL,
    Classification,
    DocumentType,
    ReviewResult,
    VersionStatus,
)
from mansap.regulations.models import Document, DocumentVersion, Review
from mansap.regulations.services import documents as services
from mansap.regulations.services.codes import matching_pattern, patterns_for
from mansap.regulations.services.documents import unit_name_fields

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution

KIND = "documents"
LANGS = ("kk", "ru", "en")

MESSAGES: dict[str, Any] = {
    **BASE_MESSAGES,
    "bad_code": _("The code {value} matches none of the document code formats ({formats})."),
    "date_order": _("The effective date {value} is before the approval date {approved}."),
    "unknown_predecessor": _("No document of the register or of the file has the code {value}."),
    "duplicate_code": _("The code {value} is already in row {first_row}."),
    "bad_version": _("{value} is not a version: write major.minor, e.g. 1.0 or 4.0."),
}


def parse_version(value: Any) -> tuple[int, int]:
    """ "1.0", "4", 2.1, "v1.2", "Редакция 4", "Нұсқа: 1.0" → (major, minor)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value, 0
    text = str(value).strip()
    match = re.fullmatch(r"(?:[^\d]*?)\s*(\d{1,3})(?:\.(\d{1,3}))?", text)
    if match is None or not 0 < int(match.group(1)) < 1000:
        raise CellError("bad_version")
    return int(match.group(1)), int(match.group(2) or 0)


def columns() -> list[Column]:
    type_extra = {
        "положение": "regulation", "ереже": "regulation", "правила": "rules", "қағидалар": "rules",
        "карта процессов": "process_map", "процестердің ақпараттық картасы": "process_map",
        "положение о подразделении": "unit_regulation", "бөлім туралы ереже": "unit_regulation",
        "инструкция": "instruction", "нұсқаулық": "instruction", "форма": "form", "нысан": "form",
    }  # fmt: skip
    classification_extra = {
        "публичный": "public", "открытый": "public", "ашық": "public", "жария": "public",
        "внутренний": "internal", "для внутреннего пользования": "internal", "ішкі": "internal",
    }  # fmt: skip
    return [
        Column("code", ("код", "код документа", "шифр", "коды", "құжат коды"), required=True, parse=text_parser(80),
               label=_("code"), help="KazUTB-CC-RPA-7.2-2025-01"),
        Column("type", ("тип", "вид документа", "түрі", "құжат түрі"), required=True,
               parse=enum_parser(DocumentType, type_extra),
               label=_("type"), help=", ".join(DocumentType.values)),
        Column("title_kk", ("название (каз)", "атауы (қаз)", "атауы"), parse=text_parser(500),
               label=_("title (Kazakh)")),
        Column("title_ru", ("название (рус)", "название", "атауы (орыс)"), parse=text_parser(500),
               label=_("title (Russian)")),
        Column("title_en", ("название (англ)", "атауы (ағыл)"), parse=text_parser(500), label=_("title (English)")),
        Column("unit", ("подразделение", "разработчик", "бөлім", "әзірлеуші"), parse=text_parser(200),
               label=_("developing unit"), help=_("a faculty's or department's code or name, else kept as text")),
        Column("version", ("версия", "редакция", "нұсқа"), parse=parse_version, label=_("version"),
               help=_("major.minor, e.g. 1.0; empty: 1.0")),
        Column("approved_on", ("дата утверждения", "утвержден", "бекітілген күні"), parse=parse_date,
               label=_("approved on"), help=_("dd.mm.yyyy")),
        Column("effective_on", ("дата введения", "дата введения в действие", "енгізілген күні"), parse=parse_date,
               label=_("effective date"), help=_("dd.mm.yyyy; empty: approved, not yet in force")),
        Column("last_review_on", ("дата последней проверки", "соңғы тексеру күні"), parse=parse_date,
               label=_("last review"), help=_("dd.mm.yyyy")),
        Column("review_interval_years", ("периодичность проверки", "тексеру кезеңділігі"),
               parse=lambda value: parse_int(value, minimum=1, maximum=10), label=_("review interval, years"),
               help=_("1–10; empty: 3")),
        Column("classification", ("гриф", "доступ", "қолжетімділік"),
               parse=enum_parser(Classification, classification_extra),
               label=_("classification"), help="public, internal"),
        Column("replaces", ("введен взамен", "взамен", "орнына"), parse=text_parser(80),
               label=_("replaces"), help=_("the predecessor's code")),
    ]  # fmt: skip


def spec() -> ImportSpec:
    return ImportSpec(columns(), MESSAGES)


def column_help() -> list[dict[str, Any]]:
    return spec().column_help()


@dataclass
class _Row:
    row: ParsedRow
    document: Document  # unsaved when new
    major: int
    minor: int
    version_exists: bool
    predecessor_code: str = ""


class _Check(RowCheck):
    def __init__(self, institution: Institution, report: ImportReport) -> None:
        self.institution = institution
        self.report = report
        self.patterns = patterns_for(institution)
        self.documents = {d.code: d for d in Document.objects.filter(institution=institution)}
        self.versions = set(
            DocumentVersion.objects.filter(document__institution=institution).values_list(
                "document__code", "major", "minor")
        )  # fmt: skip
        self.departments = list(Department.objects.filter(faculty__institution=institution))
        self.faculties = list(Faculty.objects.filter(institution=institution))
        self.seen: dict[str, int] = {}
        self.rows: list[_Row] = []

    def unit(self, text: str) -> dict[str, Any]:
        wanted = text.strip().casefold()
        for department in self.departments:
            names = (department.code, department.name_kk, department.name_ru, department.name_en)
            if wanted in {n.casefold() for n in names if n}:
                return {"department": department, "faculty": None, **unit_name_fields("")}
        for faculty in self.faculties:
            names = (faculty.code, faculty.name_kk, faculty.name_ru, faculty.name_en)
            if wanted in {n.casefold() for n in names if n}:
                return {"department": None, "faculty": faculty, **unit_name_fields("")}
        return {"department": None, "faculty": None, **unit_name_fields(text)}

    def row(self, row: ParsedRow) -> None:
        self.report.rows += 1
        data = row.data
        code = data.get("code")
        formats = ", ".join(name for name, _regex in self.patterns)
        if code is not None:
            if matching_pattern(code, self.patterns) is None:
                row.add_issue("code", "bad_code", formats=formats)
            elif code in self.seen:
                row.add_issue("code", "duplicate_code", first_row=self.seen[code])
            else:
                self.seen[code] = row.row
        approved, effective = data.get("approved_on"), data.get("effective_on")
        if approved and effective and effective < approved:
            row.add_issue("effective_on", "date_order", approved=approved.strftime("%d.%m.%Y"))
        predecessor = data.get("replaces", "")
        if predecessor and matching_pattern(predecessor, self.patterns) is None:
            row.add_issue("replaces", "bad_code", formats=formats)
        if row.issues or code is None:
            self.fail(row)
            return
        document = self.documents.get(code) or Document(institution=self.institution, code=code)
        document.type = data["type"]
        for lang in LANGS:
            if f"title_{lang}" in data:
                setattr(document, f"title_{lang}", data[f"title_{lang}"])
        if "unit" in data:
            for name, value in self.unit(data["unit"]).items():
                setattr(document, name, value)
        document.review_interval_years = data.get("review_interval_years") or DEFAULT_REVIEW_INTERVAL
        if "classification" in data:
            document.classification = data["classification"]
        major, minor = data.get("version", (1, 0))
        self.rows.append(_Row(row, document, major, minor, (code, major, minor) in self.versions, predecessor))

    def predecessors(self) -> None:
        """Each `replaces` names a document of the register or of the file (not itself)."""
        in_file = {entry.document.code for entry in self.rows}
        for entry in list(self.rows):
            code = entry.predecessor_code
            if code and (code == entry.document.code or (code not in self.documents and code not in in_file)):
                entry.row.add_issue("replaces", "unknown_predecessor")
                self.rows.remove(entry)
                self.fail(entry.row)

    def changes(self, entry: _Row) -> bool:
        """Whether importing the row changes anything in the register."""
        document = entry.document
        if document.pk is None or not entry.version_exists:
            return True
        stored = Document.objects.get(pk=document.pk)
        fields = ("type", "title_kk", "title_ru", "title_en", "department_id", "faculty_id", "unit_name_kk",
                  "unit_name_ru", "unit_name_en", "review_interval_years", "classification")  # fmt: skip
        if any(getattr(stored, name) != getattr(document, name) for name in fields):
            return True
        if (stored.replaces.code if stored.replaces is not None else "") != entry.predecessor_code:
            return True
        review_on = entry.row.data.get("last_review_on")
        return bool(review_on and not stored.reviews.filter(reviewed_on=review_on).exists())


def _import(run: ImportRun) -> None:
    report = run.report
    check = _Check(run.institution, report)
    check.check_table(run.table, run.spec.columns, run.header, progress=run.progress, progress_span=(0.0, 0.7))
    check.predecessors()
    if report.refused():
        return
    report.valid += len(check.rows)
    for entry in check.rows:
        if entry.document.pk is None:
            report.created += 1
        elif check.changes(entry):
            report.updated += 1
        else:
            report.unchanged += 1
    if not run.dry_run and (report.created or report.updated):
        try:
            with transaction.atomic():
                apply(check, acting_user=run.acting_user)
        except ValidationError as exc:  # a rule the row checks did not foresee: nothing is written
            first = check.rows[0].row.row if check.rows else 1
            report.error(first, "code", "bad_choice", value="", choices="; ".join(exc.messages))
            report.created = report.updated = report.unchanged = 0
    run.done()


def apply(check: _Check, *, acting_user: MaybeUser) -> None:
    by_code: dict[str, Document] = {}
    for entry in check.rows:
        document = entry.document
        document.full_clean(exclude=["replaces", "status", "next_review_on"], validate_unique=False)
        attributed(document, acting_user, reason="import").save()
        by_code[document.code] = document
    for entry in check.rows:
        code = entry.predecessor_code
        predecessor = (by_code.get(code) or check.documents.get(code)) if code else None
        if entry.document.replaces_id != (predecessor.pk if predecessor else None):
            entry.document.replaces = predecessor
            attributed(entry.document, acting_user, reason="import").save()
    # Versions in effective-date order: a successor supersedes a predecessor the file also brings.
    ordered = sorted(check.rows, key=lambda e: (e.row.data.get("effective_on") or dt.date.max, e.row.row))
    for entry in ordered:
        data = entry.row.data
        document = entry.document
        if not entry.version_exists:
            version = DocumentVersion(
                document=document, major=entry.major, minor=entry.minor, status=VersionStatus.APPROVED,
                approved_on=data.get("approved_on"), imported=True,
            )  # fmt: skip
            version.full_clean()
            attributed(version, acting_user, reason="import").save()
            if data.get("effective_on"):
                services.put_in_force(version, acting_user=acting_user, effective_on=data["effective_on"])
        review_on = data.get("last_review_on")
        if review_on and not Review.objects.filter(document=document, reviewed_on=review_on).exists():
            review = Review(document=document, reviewed_on=review_on, reviewer=str(_("imported register")),
                            result=ReviewResult.NO_CHANGE, note="")  # fmt: skip
            attributed(review, acting_user, reason="import").save()
        services.refresh_document(document)


# Check the file and, unless `dry_run` or it has an error, import it in one transaction. Raises UnreadableFile and
# PermissionDenied (a user who is not of the quality department).
run_import = table_import(spec, is_regulation_editor, _import)

__all__ = ["KIND", "MESSAGES", "column_help", "columns", "run_import"]
