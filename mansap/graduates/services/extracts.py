"""Official extracts (#20): reading a labour-contract or contribution extract of any layout, all or nothing.

An extract comes from an official register (ESUTD on the Enbek platform, the pension contribution records) as a
spreadsheet keyed by IIN, in a layout nobody publishes. Its columns are mapped to our fields by a saved profile
(`ExtractProfile.mapping`: {field: header as written}) or guessed from the headers in kk/ru/en; the Career Center
corrects the guess on the mapping page and may save it as a profile.

The rules of the platform's imports hold (mansap.common.importing reads and reports; core.services.imports runs
the background jobs): every row is checked, and one error writes nothing; the issues are coded (bad_iin,
iin_leading_zero, unknown_graduate, bad_date, bad_month, bad_bin...); the same file (by SHA-256) is taken once
per institution. IINs are read as text: an 11-digit IIN that is valid once the leading zero Excel dropped is
restored is taken with the warning `iin_leading_zero`, anything else is `bad_iin`. A row whose IIN is no graduate
of the institution is kept (graduate empty, warning `unknown_graduate`) for matching later.

Rows are parsed and written chunk by chunk (common.bulk's INSERTs), so memory stays flat however long the file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.bulk import insert_rows
from mansap.common.identifiers import clean_identifier, has_valid_check_digit, validate_bin
from mansap.common.importing import (
    BASE_MESSAGES,
    CellError,
    Column,
    HeaderMap,
    ImportReport,
    ParsedRow,
    ProgressCallback,
    UnreadableFile,
    normalize_header,
    open_table,
    parse_date,
    parse_decimal,
    parse_row,
    parse_rows,
    shown_value,
    text_parser,
)
from mansap.core.access import is_career_center, require_change
from mansap.core.choices import ImportStatus
from mansap.core.models import ImportJob, Institution, Student
from mansap.core.services import imports as core_imports
from mansap.graduates import kpi_cache
from mansap.graduates.choices import ConsentStatus, ExtractKind
from mansap.graduates.models import (
    ExtractCohort,
    ExtractProfile,
    ExtractUpload,
    OfficialCheckConsent,
    OfficialContract,
    OfficialContribution,
    OfficialExtract,
)

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from mansap.core.models import User

KIND = "extract"  # the ImportJob kind (core.services.imports.IMPORT_KINDS)
CHUNK_SIZE = 2000
PREVIEW_ROWS = 10
REFUSAL = gettext_lazy("Only the Career Center uploads official extracts.")

# ---------------------------------------------------------------------------
# Values


def parse_extract_iin(value: Any) -> str:
    """An IIN read as text: 12 digits with a valid check digit, or 11 digits that are valid once the leading zero
    a spreadsheet dropped is restored (the caller warns `iin_leading_zero`); anything else is bad_iin."""
    text = clean_identifier(shown_value(value))
    if text.isdigit() and len(text) == 11 and has_valid_check_digit("0" + text):
        return "0" + text
    if has_valid_check_digit(text):
        return text
    raise CellError("bad_iin", value=text)


def parse_bin(value: Any) -> str:
    text = clean_identifier(shown_value(value))
    if text.isdigit() and len(text) == 11 and has_valid_check_digit("0" + text):
        text = "0" + text  # a number cell lost its leading zero (a BIN of 2000-2009); valid once restored
    try:
        validate_bin(text)
    except ValidationError:
        raise CellError("bad_bin", value=text) from None
    return text


def parse_contract_date(value: Any) -> dt.date:
    return parse_date(value, earliest=dt.date(1950, 1, 1))


MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "январь января янв қаңтар january jan",
        "февраль февраля фев ақпан february feb",
        "март марта мар наурыз march",
        "апрель апреля апр сәуір april apr",
        "май мая мамыр may",
        "июнь июня июн маусым june jun",
        "июль июля июл шілде july jul",
        "август августа авг тамыз august aug",
        "сентябрь сентября сен сент қыркүйек september sep sept",
        "октябрь октября окт қазан october oct",
        "ноябрь ноября ноя қараша november nov",
        "декабрь декабря дек желтоқсан december dec",
    ),
    start=1,
):
    for _name in _names.split():
        MONTH_NAMES[_name] = _number
MONTH_NAMES["mar"] = 3

_YEAR_MONTH = re.compile(r"(\d{4})\s*[-./]\s*(\d{1,2})")
_MONTH_YEAR = re.compile(r"(\d{1,2})\s*[-./]\s*(\d{4})")
_COMPACT = re.compile(r"(\d{4})(\d{2})")


def parse_month(value: Any) -> dt.date:
    """The first day of a month: YYYY-MM, MM.YYYY, YYYYMM, a date, or a month's name (ru/kk/en) and a year."""
    if isinstance(value, dt.datetime):
        return value.date().replace(day=1)
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = shown_value(value).strip().casefold().replace("ё", "е")
    year = month = None
    if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{4}-\d{1,2}-\d{1,2}", text):
        try:
            return parse_date(text, earliest=dt.date(1950, 1, 1)).replace(day=1)
        except CellError:
            raise CellError("bad_month") from None
    if match := re.fullmatch(_YEAR_MONTH, text):
        year, month = int(match[1]), int(match[2])
    elif match := re.fullmatch(_MONTH_YEAR, text):
        month, year = int(match[1]), int(match[2])
    elif match := re.fullmatch(_COMPACT, text):
        year, month = int(match[1]), int(match[2])
    else:
        words = re.findall(r"[^\W\d_]+", text)
        years = re.findall(r"\d{4}", text)
        named = [MONTH_NAMES[w] for w in words if w in MONTH_NAMES]
        others = [w for w in words if w not in MONTH_NAMES and w not in {"г", "год", "года", "ж", "жыл", "жылы"}]
        if len(named) == 1 and len(years) == 1 and not others:
            month, year = named[0], int(years[0])
    if year is None or month is None or not 1 <= month <= 12 or not 1950 <= year <= 2999:
        raise CellError("bad_month")
    return dt.date(year, month, 1)


def parse_amount(value: Any) -> Decimal:
    """A sum in tenge; thousands may be spaced ("12 500,50"), as the registers print them."""
    if isinstance(value, str):
        value = re.sub(r"[\s\u00a0\u202f]", "", value)
    return parse_decimal(value, minimum=Decimal("0.00"), maximum=Decimal("999999999999.99"))


# ---------------------------------------------------------------------------
# Columns (aliases: how the registers and the offices title them, kk/ru/en)

IIN_COLUMN = Column(
    "iin",
    ("IIN", "ИИН", "ЖСН", "ИИН работника", "ИИН сотрудника", "ИИН физического лица", "Қызметкердің ЖСН", "ЖСН (ИИН)"),
    required=True,
    parse=parse_extract_iin,
    label=gettext_lazy("IIN"),
    help=gettext_lazy("12 digits read as text; a leading zero lost by Excel is restored when the number is valid."),
)


def _bin_column(name: str, aliases: tuple[str, ...], label: Any) -> Column:
    return Column(name, aliases, parse=parse_bin, label=label, help=gettext_lazy("12 digits with a valid check digit."))


def _name_column(name: str, aliases: tuple[str, ...], label: Any) -> Column:
    return Column(name, aliases, parse=text_parser(255), label=label, help=gettext_lazy("Text."))


CONTRACT_COLUMNS: list[Column] = [
    IIN_COLUMN,
    _bin_column(
        "employer_bin",
        ("BIN", "БИН", "БСН", "employer BIN", "БИН работодателя", "Жұмыс берушінің БСН", "БИН/ИИН работодателя"),
        gettext_lazy("employer's BIN"),
    ),
    _name_column(
        "employer_name",
        (
            "employer",
            "employer name",
            "Работодатель",
            "Наименование работодателя",
            "Жұмыс беруші",
            "Жұмыс берушінің атауы",
            "Организация",
            "Ұйым",
        ),
        gettext_lazy("employer"),
    ),
    _name_column("position", ("position", "job title", "Должность", "Лауазымы", "Лауазым"), gettext_lazy("position")),
    Column(
        "started_on",
        (
            "start",
            "start date",
            "contract start",
            "Дата начала",
            "Дата начала договора",
            "Дата заключения договора",
            "Дата заключения",
            "Басталған күні",
            "Шарттың басталған күні",
            "Шарт жасалған күні",
        ),
        required=True,
        parse=parse_contract_date,
        label=gettext_lazy("contract start"),
        help=gettext_lazy("A date: dd.mm.yyyy, yyyy-mm-dd or an Excel date."),
    ),
    Column(
        "ended_on",
        (
            "end",
            "end date",
            "contract end",
            "Дата окончания",
            "Дата окончания договора",
            "Дата расторжения",
            "Дата расторжения договора",
            "Аяқталған күні",
            "Шарттың аяқталған күні",
            "Шарт бұзылған күні",
        ),
        parse=parse_contract_date,
        label=gettext_lazy("contract end"),
        help=gettext_lazy("A date, or empty while the contract is in force."),
    ),
]

CONTRIBUTION_COLUMNS: list[Column] = [
    IIN_COLUMN,
    Column(
        "month",
        (
            "month",
            "period",
            "Период",
            "Месяц",
            "Период платежа",
            "Кезең",
            "Ай",
            "Төлем кезеңі",
            "Отчетный период",
            "Есепті кезең",
        ),
        required=True,
        parse=parse_month,
        label=gettext_lazy("month"),
        help=gettext_lazy("yyyy-mm, mm.yyyy, a date, or the month's name and year (e.g. март 2025, наурыз 2025)."),
    ),
    _bin_column(
        "payer_bin",
        ("BIN", "БИН", "БСН", "payer BIN", "БИН агента", "БИН плательщика", "Төлеушінің БСН", "Агенттің БСН"),
        gettext_lazy("payer's BIN"),
    ),
    _name_column(
        "payer_name",
        (
            "payer",
            "payer name",
            "Плательщик",
            "Наименование плательщика",
            "Налоговый агент",
            "Агент",
            "Төлеуші",
            "Төлеушінің атауы",
            "Работодатель",
            "Жұмыс беруші",
        ),
        gettext_lazy("payer"),
    ),
    Column(
        "amount",
        ("amount", "sum", "Сумма", "Сумма взноса", "Сомасы", "Сома", "Жарна сомасы"),
        parse=parse_amount,
        label=gettext_lazy("amount, KZT"),
        help=gettext_lazy("A number with a comma or a dot; may be empty."),
    ),
]

COLUMNS: dict[str, list[Column]] = {
    ExtractKind.CONTRACTS: CONTRACT_COLUMNS,
    ExtractKind.CONTRIBUTIONS: CONTRIBUTION_COLUMNS,
}

MESSAGES: dict[str, Any] = {
    **BASE_MESSAGES,
    "bad_iin": gettext_lazy(
        "{value} is not an IIN: an IIN has 12 digits with a valid check digit (a lost leading zero is restored only "
        "when the number is then valid)."
    ),
    "iin_leading_zero": gettext_lazy(
        "The IIN {value} had lost its leading zero (a number cell in Excel): it was read as {iin}."
    ),
    "unknown_graduate": gettext_lazy(
        "No graduate of the institution has the IIN {value}: the row is kept and will match when the graduate is added."
    ),
    "bad_bin": gettext_lazy("{value} is not a BIN: a BIN has 12 digits with a valid check digit."),
    "bad_month": gettext_lazy(
        "{value} is not a month: write it as yyyy-mm (e.g. 2025-03), mm.yyyy, a date or the month's name and year."
    ),
    "bad_date.order": gettext_lazy("The contract end {value} is before its start {after}."),
    "already_imported": gettext_lazy(
        "This file was already imported on {date} (extract No. {extract}): nothing was added."
    ),
}


def columns_for(kind: str) -> list[Column]:
    if kind not in COLUMNS:
        raise ValueError(f"unknown extract kind {kind!r}")
    return COLUMNS[kind]


def column_help(kind: str) -> list[dict[str, Any]]:
    return [
        {
            "name": c.name,
            "label": str(c.label),
            "aliases": list(c.aliases),
            "required": c.required,
            "accepts": str(c.help),
        }
        for c in columns_for(kind)
    ]


# ---------------------------------------------------------------------------
# Mapping


def guess_mapping(header: Sequence[str], kind: str) -> dict[str, str]:
    """{field: header} for every field whose aliases (kk/ru/en) name a header; the first header wins."""
    mapping: dict[str, str] = {}
    taken: set[int] = set()
    for column in columns_for(kind):
        names = column.matches()
        for index, title in enumerate(header):
            if index not in taken and title and normalize_header(title) in names:
                mapping[column.name] = title
                taken.add(index)
                break
    return mapping


def header_map(header: Sequence[str], mapping: Mapping[str, str], kind: str) -> HeaderMap:
    """The header's positions of the mapped fields (a mapped header the file lacks counts as unmapped)."""
    by_title: dict[str, int] = {}
    for index, title in enumerate(header):
        if title:
            by_title.setdefault(normalize_header(title), index)
    positions: dict[str, int] = {}
    for column in columns_for(kind):
        chosen = mapping.get(column.name)
        if chosen and normalize_header(chosen) in by_title:
            positions[column.name] = by_title[normalize_header(chosen)]
    used = set(positions.values())
    ignored = [title for index, title in enumerate(header) if title and index not in used]
    missing = [c.name for c in columns_for(kind) if c.required and c.name not in positions]
    return HeaderMap(positions, ignored, missing)


def read_header(file_obj: Any, filename: str, *, rows: int = PREVIEW_ROWS) -> tuple[list[str], list[list[Any]]]:
    """The file's header and its first rows as read (for the mapping page). Raises UnreadableFile."""
    table = open_table(file_obj, filename)
    first: list[list[Any]] = []
    for _number, values in table.rows:
        first.append(values)
        if len(first) >= rows:
            break
    return table.header, first


def preview(
    header: Sequence[str], rows: Sequence[Sequence[Any]], mapping: Mapping[str, str], kind: str
) -> list[dict[str, Any]]:
    """The first rows under a mapping: each field's value as read and the code of its problem, if any."""
    columns = columns_for(kind)
    mapped = header_map(header, mapping, kind)
    out = []
    for number, values in enumerate(rows, start=2):
        parsed = parse_row(number, values, mapped, columns)
        problems = {issue.column: issue.code for issue in parsed.issues}
        cells = []
        for column in columns:
            value = parsed.data.get(column.name)
            shown = value.isoformat() if isinstance(value, dt.date) else ("" if value is None else str(value))
            if column.name in problems:
                shown = parsed.shown.get(column.name, "")
            cells.append({"field": column.name, "value": shown, "code": problems.get(column.name, "")})
        out.append({"row": number, "cells": cells})
    return out


# ---------------------------------------------------------------------------
# Importing


@dataclass
class ExtractParams:
    """What the Career Center says of an extract: its kind, source, period, consent basis, cohorts, mapping."""

    kind: str
    cohorts: list[int]
    source: str = ""
    period_start: dt.date | None = None  # None: from the rows' dates
    period_end: dt.date | None = None
    consent_basis: str = ""
    mapping: dict[str, str] | None = None  # None: the profile's, else guessed from the headers
    profile: ExtractProfile | None = None


def file_sha256(file_obj: Any) -> str:
    digest = hashlib.sha256()
    if hasattr(file_obj, "seek"):
        file_obj.seek(0)
    while chunk := file_obj.read(1024 * 1024):
        digest.update(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
    if hasattr(file_obj, "seek"):
        file_obj.seek(0)
    return digest.hexdigest()


@dataclass
class _Run:
    institution: Institution
    params: ExtractParams
    report: ImportReport
    extract: OfficialExtract | None  # None: a check (nothing is written)
    columns_missing: bool
    first: dt.date | None = None
    last: dt.date | None = None
    graduates: int = 0
    unknown: int = 0
    write_fields: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        model = self.model
        names = ["institution", "extract", "row_number", "iin", "graduate", *self.value_fields]
        self.write_fields = [model._meta.get_field(name) for name in names]

    @property
    def contracts(self) -> bool:
        return self.params.kind == ExtractKind.CONTRACTS

    @property
    def model(self) -> Any:
        return OfficialContract if self.contracts else OfficialContribution

    @property
    def value_fields(self) -> tuple[str, ...]:
        if self.contracts:
            return ("employer_bin", "employer_name", "position", "started_on", "ended_on")
        return ("month", "payer_bin", "payer_name", "amount")

    def process_chunk(self, chunk: list[ParsedRow]) -> None:
        report = self.report
        report.rows += len(chunk)
        iins = {p.data["iin"] for p in chunk if "iin" in p.data}
        known = dict(
            Student.objects.filter(institution=self.institution, iin__in=iins)
            .graduates()
            .order_by()
            .values_list("iin", "pk")
        )
        rows: list[tuple[Any, ...]] = []
        for parsed in chunk:
            data = parsed.data
            started, ended = data.get("started_on"), data.get("ended_on")
            if started and ended and ended < started:
                parsed.add_issue("ended_on", "bad_date", variant="order", after=started.isoformat())
            report.errors.extend(parsed.issues)
            if not parsed.ok or self.columns_missing:
                report.invalid += 1
                continue
            report.valid += 1
            iin = data["iin"]
            if iin != clean_identifier(parsed.shown["iin"]):
                report.warn(parsed.row, "iin", "iin_leading_zero", value=parsed.shown["iin"], iin=iin)
            graduate = known.get(iin)
            if graduate is None:
                self.unknown += 1
                report.warn(parsed.row, "iin", "unknown_graduate", value=iin)
            else:
                self.graduates += 1
            for day in (data.get("started_on"), data.get("ended_on") or data.get("started_on"), data.get("month")):
                if day is not None:
                    self.first = day if self.first is None else min(self.first, day)
                    self.last = day if self.last is None else max(self.last, day)
            self.add_preview(parsed, graduate)
            if self.extract is not None:
                values = [
                    data.get(name, "" if name.endswith(("_bin", "_name")) or name == "position" else None)
                    for name in self.value_fields
                ]
                rows.append((self.institution.pk, self.extract.pk, parsed.row, iin, graduate, *values))
        report.created += len(rows) if report.ok else 0
        if rows and report.ok:
            insert_rows(self.model, self.write_fields, rows)

    def add_preview(self, parsed: ParsedRow, graduate: int | None) -> None:
        preview_rows = self.report.extra["preview"]
        if len(preview_rows) < PREVIEW_ROWS:
            data = parsed.data
            preview_rows.append(
                {
                    "row": parsed.row,
                    "iin": data["iin"],
                    "matched": graduate is not None,
                    "bin": data.get("employer_bin") or data.get("payer_bin") or "",
                    "name": data.get("employer_name") or data.get("payer_name") or "",
                    "from": str(data.get("started_on") or data.get("month") or ""),
                    "to": str(data.get("ended_on") or ""),
                    "amount": str(data.get("amount") or ""),
                }
            )

    def period(self) -> tuple[dt.date, dt.date]:
        today = timezone.localdate()
        start = self.params.period_start or self.first or today
        end = self.params.period_end or self.last or start
        if not self.contracts and self.params.period_end is None and self.last is not None:
            end = _month_end(self.last)
        return start, max(start, end)


def _month_end(day: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def resolve_mapping(header: Sequence[str], params: ExtractParams) -> dict[str, str]:
    if params.mapping is not None:
        return dict(params.mapping)
    if params.profile is not None:
        return dict(params.profile.mapping)
    return guess_mapping(header, params.kind)


def run_extract(
    file_obj: Any,
    filename: str,
    *,
    institution: Institution,
    acting_user: User | None,
    dry_run: bool,
    params: ExtractParams,
    progress: ProgressCallback | None = None,
) -> tuple[ImportReport, OfficialExtract | None]:
    """Check an extract and, unless dry_run, store it and its rows in one transaction if no row has an error.

    report.to_dict() is the import commands' JSON; the extract is the new OfficialExtract (None on a check,
    on errors, or when the same file was imported before: the report then says so and counts it unchanged).
    Raises UnreadableFile; PermissionDenied for a user who is not the institution's Career Center.
    """
    user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    if user is not None and not is_career_center(user, institution):
        raise PermissionDenied(str(REFUSAL))
    columns = columns_for(params.kind)
    sha = file_sha256(file_obj)
    table = open_table(file_obj, filename)
    mapping = resolve_mapping(table.header, params)
    mapped = header_map(table.header, mapping, params.kind)
    report = ImportReport(ignored_columns=mapped.ignored, messages=MESSAGES)
    report.extra.update(preview=[], mapping=mapping, sha256=sha, kind=params.kind)
    name = (filename or "")[:255]
    if not mapped.positions:
        raise UnreadableFile.because("no_header", name=name, example=", ".join(c.name for c in columns if c.required))
    first_row = next(table.rows, None)
    if first_row is None:
        raise UnreadableFile.because("no_rows", name=name)
    table.rows = itertools.chain([first_row], table.rows)

    previous = OfficialExtract.objects.filter(institution=institution, sha256=sha).first()
    if previous is not None:
        report.rows = report.valid = report.unchanged = previous.row_count
        report.warn(
            table.header_row,
            "file",
            "already_imported",
            value=name,
            date=timezone.localtime(previous.created_at).date().isoformat(),
            extract=previous.pk,
        )
        return report, None

    for missing in mapped.missing:
        report.error(table.header_row, missing, "missing_field", variant="header")

    def process(extract: OfficialExtract | None) -> _Run:
        run = _Run(institution, params, report, extract, columns_missing=bool(mapped.missing))
        for chunk in parse_rows(table, columns, mapped, chunk_size=CHUNK_SIZE, progress=progress):
            run.process_chunk(chunk)
        return run

    extract = None
    if dry_run:
        run = process(None)
    else:
        with transaction.atomic():
            start = params.period_start or timezone.localdate()
            extract = OfficialExtract(
                institution=institution,
                kind=params.kind,
                source=params.source[:255],
                period_start=start,
                period_end=max(start, params.period_end or start),
                consent_basis=params.consent_basis[:500],
                original_name=name,
                sha256=sha,
                profile=params.profile,
                uploaded_by=user,
            )
            try:
                with transaction.atomic():
                    extract.save()
            except IntegrityError:  # the same file, imported meanwhile by another upload
                raise ValidationError(_("This file was already imported."), code="already_imported") from None
            run = process(extract)
            if report.errors.total:
                transaction.set_rollback(True)
                extract = None
            else:
                extract.period_start, extract.period_end = run.period()
                extract.row_count = report.valid
                if hasattr(file_obj, "seek"):
                    file_obj.seek(0)
                extract.file.save(name or "extract", File(file_obj, name=name), save=False)
                extract.save()
                ExtractCohort.objects.bulk_create(
                    [ExtractCohort(extract=extract, year=y) for y in sorted(set(params.cohorts))]
                )
                kpi_cache.bump_all_on_commit()  # the verified figures (reports/verification.py) count it now
    report.extra.update(matched=run.graduates, unknown=run.unknown)
    if report.errors.total:
        report.created = report.updated = report.unchanged = 0
        report.extra["preview"] = []
    elif dry_run:
        report.created = report.valid
    report.sort()
    return report, extract


def run_import(
    file_obj: Any,
    filename: str,
    *,
    institution: Institution,
    acting_user: User | None,
    dry_run: bool,
    progress: ProgressCallback | None = None,
    job: ImportJob | None = None,
) -> ImportReport:
    """The import jobs' entry (core.services.imports.IMPORT_KINDS["extract"]): the upload's parameters are those
    the Career Center gave on the upload and mapping pages (ExtractUpload)."""
    if job is None:
        raise ValueError("an extract import runs on its job")
    upload = ExtractUpload.objects.select_related("profile").get(job=job)
    params = ExtractParams(
        kind=upload.kind,
        cohorts=list(upload.cohorts),
        source=upload.source,
        period_start=upload.period_start,
        period_end=upload.period_end,
        consent_basis=upload.consent_basis,
        mapping=dict(upload.mapping),
        profile=upload.profile,
    )
    with transaction.atomic():
        report, extract = run_extract(
            file_obj,
            filename,
            institution=institution,
            acting_user=acting_user,
            dry_run=dry_run,
            params=params,
            progress=progress,
        )
        if extract is not None:
            ExtractUpload.objects.filter(pk=upload.pk).update(extract=extract)
    return report


# ---------------------------------------------------------------------------
# Reading extracts


def _row_count(model: Any, *, matched: bool) -> Subquery:
    rows = model.objects.filter(extract=OuterRef("pk"), graduate__isnull=not matched).order_by().values("extract")
    return Subquery(rows.annotate(n=Count("pk")).values("n"), output_field=IntegerField())


def with_counts(queryset: Any) -> Any:
    """Each extract with its matched and unknown rows (of whichever kind it is): one query for the list."""
    return queryset.annotate(
        matched=Coalesce(_row_count(OfficialContract, matched=True), _row_count(OfficialContribution, matched=True), 0),
        unknown=Coalesce(
            _row_count(OfficialContract, matched=False), _row_count(OfficialContribution, matched=False), 0
        ),
    )


# ---------------------------------------------------------------------------
# The pages' steps: upload, mapping, delete; consent


def may_upload(user: Any, institution: Any = None) -> bool:
    return is_career_center(user, institution)


@transaction.atomic
def start_upload(
    upload: UploadedFile,
    *,
    institution: Institution,
    acting_user: User,
    kind: str,
    source: str,
    period_start: dt.date,
    period_end: dt.date,
    consent_basis: str,
    cohorts: Sequence[int],
    profile: ExtractProfile | None = None,
) -> ExtractUpload:
    """Store the file as an import job (not queued yet: the mapping comes first) with what was said of it."""
    if not may_upload(acting_user, institution):
        raise PermissionDenied(str(REFUSAL))
    if period_end < period_start:
        raise ValidationError(_("The end of the period cannot be before its start."), code="period_order")
    if profile is not None and (profile.institution_id != institution.pk or profile.kind != kind):
        raise ValidationError(_("The profile is for another kind of extract."), code="bad_profile")
    job = ImportJob.objects.create(
        institution=institution, kind=KIND, file=upload, original_name=(upload.name or "")[:255], created_by=acting_user
    )
    return ExtractUpload.objects.create(
        institution=institution,
        job=job,
        kind=kind,
        source=source,
        period_start=period_start,
        period_end=period_end,
        consent_basis=consent_basis,
        cohorts=sorted(set(cohorts)),
        profile=profile,
        uploaded_by=acting_user,
    )


@transaction.atomic
def set_mapping(
    upload: ExtractUpload, mapping: Mapping[str, str], *, acting_user: User, profile_name: str = ""
) -> ExtractUpload:
    """Keep the mapping the user confirmed (saved as a profile when named) and queue the file's check."""
    from mansap.core import tasks  # tasks import the core services

    require_change(acting_user, upload)
    if upload.mapped:
        raise ValidationError(_("This file's columns are already mapped."), code="bad_state")
    if expire(upload) or upload.job.status != ImportStatus.PENDING:
        raise ValidationError(_("This upload has expired: upload the file again."), code="expired")
    known = {c.name for c in columns_for(upload.kind)}
    clean = {name: title for name, title in mapping.items() if name in known and title}
    missing = [str(c.label) for c in columns_for(upload.kind) if c.required and c.name not in clean]
    if missing:
        raise ValidationError(
            _("Choose the column of: {fields}.").format(fields=", ".join(missing)), code="missing_field"
        )
    if profile_name.strip():
        profile, _created = ExtractProfile.objects.update_or_create(
            institution=upload.institution,
            kind=upload.kind,
            name=profile_name.strip()[:100],
            defaults={"mapping": clean, "created_by": acting_user},
        )
        upload.profile = profile
    upload.mapping = clean
    upload.mapped = True
    upload.save(update_fields=["mapping", "mapped", "profile", "updated_at"])
    job_id = upload.job_id
    transaction.on_commit(lambda: tasks.check_import_job(job_id))
    return upload


# An upload waits for the Career Center twice: for its column mapping (the job stays "pending", not queued), then,
# checked, for the confirmation. Left longer than this, it expires (core.services.imports.expire, as a job whose
# worker stopped is failed when its page is read): it leaves the list of uploads in progress, nothing was imported.
EXPIRES_DAYS = int(getattr(settings, "EXTRACT_UPLOAD_EXPIRES_DAYS", 7))


def expire(upload: ExtractUpload) -> bool:
    """Fail the upload's job when it has waited more than EXPIRES_DAYS for its mapping or its confirmation."""
    waiting = (ImportStatus.VALID, ImportStatus.INVALID) if upload.mapped else (ImportStatus.PENDING,)
    return core_imports.expire(upload.job, statuses=waiting, days=EXPIRES_DAYS)


def upload_page(job: ImportJob) -> str:
    """The upload's own page (core's job pages send there: ImportKind.page)."""
    from django.urls import reverse

    pk = ExtractUpload.objects.filter(job=job).values_list("pk", flat=True).first()
    return reverse("graduates:extract_upload", args=[pk]) if pk else reverse("graduates:extract_list")


@transaction.atomic
def delete_extract(extract: OfficialExtract, *, acting_user: User | None) -> None:
    """A wrong extract goes whole (its rows with it); it can then be uploaded again."""
    require_change(acting_user, extract, unsaved_ok=False)
    name = extract.file.name
    storage = extract.file.storage
    extract.delete()
    kpi_cache.bump_all_on_commit()  # the verified figures no longer count it
    if name:
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def record_consent(graduate: Student, *, status: str, note: str = "", acting_user: User | None) -> OfficialCheckConsent:
    """Record (or change) a graduate's consent to official checks; the history keeps every earlier answer."""
    from mansap.core.access import can_record_employment

    if acting_user is not None and not can_record_employment(acting_user, graduate):
        raise PermissionDenied
    if status not in ConsentStatus.values:
        raise ValidationError(_("Choose given or refused."), code="bad_status")
    consent = OfficialCheckConsent.objects.filter(graduate=graduate).first()
    if consent is None:
        consent = OfficialCheckConsent(graduate=graduate, institution_id=graduate.institution_id)
    consent.status = status
    consent.note = note[:500]
    consent.recorded_by = acting_user
    consent.save()
    kpi_cache.bump_all_on_commit()  # a refused consent takes the graduate out of the verified figures
    return consent
