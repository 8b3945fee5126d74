"""Form No. 10 for AIS Platonus: one row per graduate of a round's cohort, status as of the deadline.

The column layout is configurable per institution (Form10Column rows: which
value, under which header in each language). A graduate's status follows
mansap.graduates.reports.analytics.snapshot: the latest record started on or before the
round's deadline (ties: the one recorded last); "unknown" with none, or when that
record ended before the deadline.

The export (form10_table) costs two queries: the layout, and one for the rows (cohort_values: the graduates,
their record in force and last contact, joined in the database, read as plain columns through the cursor). Its
cells are computed a column at a time, each label, date and name once per distinct value (#19: within 1.3x of
openpyxl writing the same cells). FIELDS' getters over form10_rows (values, one row at a time) are the reference
the export is tested against, and what the columns page offers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from itertools import repeat
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import connections
from django.db.models import Max, QuerySet, TextChoices
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.core.choices import Funding, Region, StudyForm, StudyLanguage
from mansap.core.models import Student
from mansap.core.models.people import full_name_of
from mansap.graduates.choices import EmploymentStatus
from mansap.graduates.models import CollectionRound, ContactAttempt, EmploymentRecord, Form10Column
from mansap.graduates.reports.analytics import latest_records
from mansap.graduates.reports.progress import round_graduates
from mansap.graduates.services.form10 import form10_layout

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


class GraduateValues(NamedTuple):
    """What form No. 10 reads of a graduate (one values row): the Student attributes it writes, by their names."""

    pk: int
    iin: str
    last_name: str
    first_name: str
    middle_name: str
    study_form: str
    study_language: str
    funding: str
    graduation_date: dt.date | None
    email: str
    phone: str
    program_code: str
    program_name_kk: str
    program_name_ru: str
    program_name_en: str
    department_name_kk: str
    department_name_ru: str
    department_name_en: str

    @property
    def full_name(self) -> str:
        return full_name_of(self.last_name, self.first_name, self.middle_name)

    @property
    def cohort(self) -> int | None:
        return self.graduation_date.year if self.graduation_date else None

    @property
    def program_name(self) -> str:
        return _in_language(self.program_name_kk, self.program_name_ru, self.program_name_en)

    @property
    def department_name(self) -> str:
        return _in_language(self.department_name_kk, self.department_name_ru, self.department_name_en)


class RecordValues(NamedTuple):
    """What form No. 10 reads of an employment record (one values row), with EmploymentRecord's properties."""

    graduate_id: int
    status: str
    started_on: dt.date | None
    ended_on: dt.date | None
    employer_name: str
    employer_bin: str
    position: str
    region: str
    region_text: str
    salary: int | None
    evidence: str | None
    organization_id: int | None
    organization_short_name: str | None
    organization_name_kk: str | None
    organization_name_ru: str | None
    organization_name_en: str | None

    @property
    def by_specialty(self) -> bool:
        return self.status == EmploymentStatus.EMPLOYED_SPECIALTY

    @property
    def employer_display(self) -> str:
        """EmploymentRecord.employer_display: the organization's short name or name, else the name typed in."""
        if self.organization_id:
            return self.organization_short_name or _in_language(
                self.organization_name_kk or "", self.organization_name_ru or "", self.organization_name_en or ""
            )
        return self.employer_name


@dataclass
class Row:
    """What one graduate's row is computed from."""

    graduate: GraduateValues
    record: RecordValues | None  # the record in force on the deadline, or None (unknown)
    last_contact: dt.date | None


@lru_cache(maxsize=1024)
def _translated_label(choices: type[TextChoices], value: str, language: str) -> str:
    with translation.override(language):
        return str(choices(value).label)


# The language form10_table exports in, set once for its rows: asking Django for the active language on each of
# 100,000 cells cost as much as the labels themselves.
_export_language: ContextVar[str | None] = ContextVar("form10_export_language", default=None)


def _language() -> str:
    return _export_language.get() or translation.get_language() or "kk"


@lru_cache(maxsize=4096)
def _name_in(language: str, kk: str, ru: str, en: str) -> str:
    names = {"kk": kk, "ru": ru, "en": en}
    order = [language] + [code for code in ("kk", "ru", "en") if code != language]
    return next((str(names[code]) for code in order if names.get(code)), "")


def _in_language(kk: str, ru: str, en: str) -> str:
    """core.models.base.translated over values: the name in the export's language, else the others in order."""
    return _name_in(_language()[:2], kk, ru, en)


def _label(choices: type[TextChoices], value: str) -> str:
    """The choice's label in the active language, translated once per export, not once a row (#19)."""
    return _translated_label(choices, value, _language()) if value else ""


@lru_cache(maxsize=16)
def _yes_no_in(value: bool, language: str) -> str:
    with translation.override(language):
        return _("yes") if value else _("no")


def _yes_no(value: bool) -> str:
    return _yes_no_in(value, _language())


def _status(row: Row) -> str:
    return _label(EmploymentStatus, row.record.status if row.record else EmploymentStatus.UNKNOWN)


def _record_value(getter: Callable[[RecordValues], Any]) -> Callable[[Row], Any]:
    return lambda row: (getter(row.record) or "") if row.record else ""


def _region(record: RecordValues) -> str:
    if record.region:
        return _label(Region, record.region)
    return record.region_text


# value key -> (label shown when editing the mapping, getter)
FIELDS: dict[str, tuple[Any, Callable[[Row], Any]]] = {
    "iin": (gettext_lazy("IIN"), lambda row: row.graduate.iin),
    "full_name": (gettext_lazy("full name"), lambda row: row.graduate.full_name),
    "program_code": (gettext_lazy("program code"), lambda row: row.graduate.program_code),
    "program_name": (gettext_lazy("program name"), lambda row: row.graduate.program_name),
    "study_form": (gettext_lazy("study form"), lambda row: _label(StudyForm, row.graduate.study_form)),
    "study_language": (
        gettext_lazy("language of instruction"),
        lambda row: _label(StudyLanguage, row.graduate.study_language),
    ),
    "funding": (gettext_lazy("funding"), lambda row: _label(Funding, row.graduate.funding)),
    "graduation_year": (gettext_lazy("graduation year"), lambda row: row.graduate.cohort),
    "graduation_date": (gettext_lazy("graduation date"), lambda row: row.graduate.graduation_date),
    "department": (gettext_lazy("department"), lambda row: row.graduate.department_name),
    "status": (gettext_lazy("employment status"), _status),
    "by_specialty": (
        gettext_lazy("employed by specialty (yes/no)"),
        lambda row: _yes_no(bool(row.record and row.record.by_specialty)),
    ),
    "employer": (gettext_lazy("employer"), _record_value(lambda r: r.employer_display)),
    "employer_bin": (gettext_lazy("employer's BIN"), _record_value(lambda r: r.employer_bin)),
    "position": (gettext_lazy("position"), _record_value(lambda r: r.position)),
    "region": (gettext_lazy("region"), _record_value(_region)),
    "started_on": (gettext_lazy("since"), _record_value(lambda r: r.started_on)),
    "salary": (gettext_lazy("salary, KZT"), _record_value(lambda r: r.salary)),
    "evidence": (
        gettext_lazy("supporting document (yes/no)"),
        lambda row: _yes_no(bool(row.record and row.record.evidence)),
    ),
    "last_contact": (gettext_lazy("last contact date"), lambda row: row.last_contact or ""),
    "email": (gettext_lazy("e-mail"), lambda row: row.graduate.email),
    "phone": (gettext_lazy("phone"), lambda row: row.graduate.phone),
}


# What FIELDS read, and no more, in the order of GraduateValues and RecordValues. A value added to FIELDS adds its
# field here and there.
_NAMES = ("name_kk", "name_ru", "name_en")
GRADUATE_FIELDS = (
    *("pk", "iin", "last_name", "first_name", "middle_name", "study_form", "study_language", "funding"),
    *("graduation_date", "email", "phone", "program__code"),
    *(f"program__{name}" for name in _NAMES),
    *(f"program__department__{name}" for name in _NAMES),
)
RECORD_FIELDS = (
    *("graduate", "status", "started_on", "ended_on", "employer_name", "employer_bin", "position"),
    *("region", "region_text", "salary", "evidence", "organization", "organization__short_name"),
    *(f"organization__{name}" for name in _NAMES),
)
# The model fields records_as_of loads (EmploymentRecord objects, for callers that want them).
_RECORD_OBJECT_FIELDS = (*RECORD_FIELDS, "created_at")


def field_choices() -> list[tuple[str, Any]]:
    return [(key, label) for key, (label, _getter) in FIELDS.items()]


def header_of(column: Form10Column, language: str) -> str:
    code = (language or "kk")[:2]
    order = [code] + [c for c in ("kk", "ru", "en") if c != code]
    return next((getattr(column, f"header_{c}") for c in order if getattr(column, f"header_{c}", "")), column.field)


def records_as_of(graduates: QuerySet[Student], as_of: dt.date) -> dict[int, EmploymentRecord]:
    """Each graduate's record in force on the date: analytics' latest record (picked by the database), unless it
    ended before the date. One query."""
    records = latest_records(graduates, as_of).select_related("organization").only(*_RECORD_OBJECT_FIELDS)
    return {r.graduate_id: r for r in records if r.ended_on is None or r.ended_on >= as_of}


def record_values_as_of(graduates: QuerySet[Student], as_of: dt.date) -> dict[int, RecordValues]:
    """records_as_of as values (RecordValues), not model objects. One query."""
    records = map(RecordValues._make, latest_records(graduates, as_of).values_list(*RECORD_FIELDS))
    return {r.graduate_id: r for r in records if r.ended_on is None or r.ended_on >= as_of}


def form10_rows(round_: CollectionRound, user: AnyUser) -> list[Row]:
    graduates = round_graduates(round_, user).order_by("program__code", "last_name", "first_name", "pk")
    rows = list(map(GraduateValues._make, graduates.values_list(*GRADUATE_FIELDS)))
    records = record_values_as_of(graduates, round_.deadline)
    contacts = dict(
        ContactAttempt.objects.filter(graduate__in=graduates, contacted_on__lte=round_.deadline)
        .order_by()
        .values("graduate")
        .annotate(last=Max("contacted_on"))
        .values_list("graduate", "last")
    )
    return [Row(graduate=g, record=records.get(g.pk), last_contact=contacts.get(g.pk)) for g in rows]


# What the export reads (#19), each source value under its own name: the graduates' columns, their record in
# force (analytics' latest record, unless it ended before the deadline) and their last contact by the deadline.
_GRADUATE_SQL = {
    "g_pk": "pk", "g_iin": "iin", "g_last_name": "last_name", "g_first_name": "first_name",
    "g_middle_name": "middle_name", "g_study_form": "study_form", "g_study_language": "study_language",
    "g_funding": "funding", "g_graduation_date": "graduation_date", "g_email": "email", "g_phone": "phone",
    "g_program_code": "program__code",
    **{f"g_program_{name}": f"program__{name}" for name in _NAMES},
    **{f"g_department_{name}": f"program__department__{name}" for name in _NAMES},
}  # fmt: skip
_RECORD_SQL = {
    "r_graduate": "graduate_id", "r_status": "status", "r_started_on": "started_on", "r_ended_on": "ended_on",
    "r_employer_name": "employer_name", "r_employer_bin": "employer_bin", "r_position": "position",
    "r_region": "region", "r_region_text": "region_text", "r_salary": "salary", "r_evidence": "evidence",
    "r_organization": "organization_id", "r_organization_short_name": "organization__short_name",
    **{f"r_organization_{name}": f"organization__{name}" for name in _NAMES},
}  # fmt: skip
_COLUMNS = (*_GRADUATE_SQL, *(name for name in _RECORD_SQL if name != "r_graduate"), "c_last")


def _fetch(queryset: QuerySet[Any]) -> list[tuple[Any, ...]]:
    """The queryset's rows straight from the cursor: no model, no Django converter (a date may come as text)."""
    sql, params = queryset.query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def cohort_values(round_: CollectionRound, user: AnyUser) -> dict[str, Sequence[Any]]:
    """The round's graduates the user may see, as columns (name in _COLUMNS -> one value a graduate), in the
    export's order; the record columns None where no record is in force, c_last None without a contact.

    Three queries read through the cursor (graduates, analytics' latest records, last contacts), joined here by
    dictionary: SQLite nested-loops a LEFT JOIN of the windowed records (each graduate against every record row: 3 s
    of CPU for a 5,536-graduate cohort, bench/README.md), so the join is not left to the planner. Whether a record
    ended before the deadline is checked once per distinct end date.
    """
    graduates = round_graduates(round_, user)
    as_of = round_.deadline
    ordered = graduates.order_by("program__code", "last_name", "first_name", "pk")
    people = _fetch(ordered.values_list(*_GRADUATE_SQL.values()))
    records = _fetch(latest_records(graduates, as_of).values_list(*_RECORD_SQL.values()))
    contacts = _fetch(
        ContactAttempt.objects.using(graduates.db)
        .filter(graduate__in=graduates.order_by().values("pk"), contacted_on__lte=as_of)
        .order_by()
        .values("graduate")
        .annotate(last=Max("contacted_on"))
        .values_list("graduate", "last")
    )
    in_force = {end: (day := _as_date(end)) is None or day >= as_of for end in {row[3] for row in records}}
    by_graduate = {row[0]: row[1:] for row in records if in_force[row[3]]}
    pks = [row[0] for row in people]
    none = (None,) * (len(_RECORD_SQL) - 1)
    columns: list[Sequence[Any]] = list(zip(*people, strict=True)) if people else [()] * len(_GRADUATE_SQL)
    if people:
        columns += zip(*map(by_graduate.get, pks, repeat(none)), strict=True)
    else:
        columns += [()] * len(none)
    columns.append(list(map(dict(contacts).get, pks)))
    return dict(zip(_COLUMNS, columns, strict=True))


def _each(function: Callable[[Any], Any], values: Sequence[Any]) -> list[Any]:
    """function of each value, called once per distinct value (labels, dates, names: a few dozen a cohort)."""
    once = {value: function(value) for value in set(values)}
    return list(map(once.__getitem__, values))


def _as_date(value: Any) -> dt.date | None:
    """A date as the database returned it: a date, or ISO text (SQLite's MAX() has no declared type), or None."""
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _or(values: Sequence[Any], empty: Any) -> list[Any]:
    return [value or empty for value in values]


def _table_columns(values: dict[str, Sequence[Any]], fields: list[str], empty: Any) -> list[list[Any]]:
    """Each layout column's cells, computed a column at a time from cohort_values: what FIELDS' getters give."""
    language = _language()
    n = len(values["g_pk"])
    statuses = values["r_status"]  # None: no record in force
    yes, no = _yes_no_in(True, language), _yes_no_in(False, language)

    def label(choices: type[TextChoices]) -> Callable[[Any], str]:
        return lambda value: _translated_label(choices, value, language) if value else ""

    def names(prefix: str) -> list[str]:
        kk, ru, en = (values[f"{prefix}_{name}"] for name in _NAMES)
        return [_name_in(language, *triple) for triple in zip(kk, ru, en, strict=True)]

    def record(name: str) -> Callable[[], list[Any]]:
        return lambda: _or(values[name], empty)

    def employer() -> list[Any]:
        shorts = values["r_organization_short_name"]
        kk, ru, en = (values[f"r_organization_{name}"] for name in _NAMES)
        return [
            ((short or _name_in(language, k or "", r or "", e or "")) if organization else name) or empty
            for organization, name, short, k, r, e in zip(
                values["r_organization"], values["r_employer_name"], shorts, kk, ru, en, strict=True
            )
        ]

    def region() -> list[Any]:
        # The region's label, else the region typed in (a label is never empty).
        labels = _each(label(Region), values["r_region"])
        return [label_ or text or empty for label_, text in zip(labels, values["r_region_text"], strict=True)]

    def dates(name: str) -> Callable[[], list[Any]]:
        return lambda: _or(_each(_as_date, values[name]), empty)

    def graduation_dates() -> list[Any]:
        return _each(_as_date, values["g_graduation_date"])

    def full_names() -> list[str]:
        return list(map(full_name_of, values["g_last_name"], values["g_first_name"], values["g_middle_name"]))

    computed: dict[str, Callable[[], list[Any]]] = {
        "iin": lambda: list(values["g_iin"]),
        "full_name": full_names,
        "program_code": lambda: list(values["g_program_code"]),
        "program_name": lambda: names("g_program"),
        "study_form": lambda: _each(label(StudyForm), values["g_study_form"]),
        "study_language": lambda: _each(label(StudyLanguage), values["g_study_language"]),
        "funding": lambda: _each(label(Funding), values["g_funding"]),
        "graduation_year": lambda: _each(lambda value: value.year if value else None, graduation_dates()),
        "graduation_date": graduation_dates,
        "department": lambda: names("g_department"),
        "status": lambda: _each(label(EmploymentStatus), tuple(s or EmploymentStatus.UNKNOWN for s in statuses)),
        "by_specialty": lambda: [yes if s == EmploymentStatus.EMPLOYED_SPECIALTY else no for s in statuses],
        "employer": employer,
        "employer_bin": record("r_employer_bin"),
        "position": record("r_position"),
        "region": region,
        "started_on": dates("r_started_on"),
        "salary": record("r_salary"),
        "evidence": lambda: [yes if e else no for e in values["r_evidence"]],
        "last_contact": dates("c_last"),
        "email": lambda: list(values["g_email"]),
        "phone": lambda: list(values["g_phone"]),
    }

    return [computed[field]() if field in computed else [""] * n for field in fields]


def form10_table(
    round_: CollectionRound, user: AnyUser, language: str | None = None, *, empty: Any = ""
) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the export, in the language (default: the active one). `empty`: the value of a cell
    with nothing to show (the workbook passes None: openpyxl writes no cell at all for it, as Excel does).

    One query for the rows (cohort_values), then a column at a time, each label, date and name computed once per
    distinct value: the same cells as FIELDS' getters over form10_rows (tested), at the cost of reading the cohort
    (#19: the export within 1.3x of openpyxl writing the same cells).
    """
    language = (language or translation.get_language() or "kk")[:2]
    columns = form10_layout(round_.institution)
    with translation.override(language):
        header = [header_of(column, language) for column in columns]
        token = _export_language.set(language)
        try:
            values, fields = cohort_values(round_, user), [column.field for column in columns]
            # The last cell is written even when empty ("", as the table has it): every row is as wide as the
            # header for a reader that does not pad rows (openpyxl's read-only mode, Platonus' import).
            table = _table_columns(values, fields[:-1], empty) + _table_columns(values, fields[-1:], "")
        finally:
            _export_language.reset(token)
    return header, list(map(list, zip(*table, strict=True))) if table else []


def export_filename(round_: CollectionRound) -> str:
    return f"form10 {round_.academic_year.name} round {round_.number} cohort {round_.cohort} {timezone.localdate()}"
