"""Form No. 10 for AIS Platonus: one row per graduate of a round's cohort, status as of the deadline.

The column layout is configurable per institution (Form10Column rows: which
value, under which header in each language). A graduate's status follows
mansap.graduates.reports.analytics.snapshot: the latest record started on or before the
round's deadline (ties: the one recorded last); "unknown" with none, or when that
record ended before the deadline. All rows cost three queries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from django.db.models import Max, QuerySet, TextChoices
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.core.choices import Funding, Region, StudyForm, StudyLanguage
from mansap.core.models import Student
from mansap.graduates.choices import EmploymentStatus
from mansap.graduates.models import CollectionRound, ContactAttempt, EmploymentRecord, Form10Column
from mansap.graduates.reports.analytics import latest_records
from mansap.graduates.reports.progress import round_graduates
from mansap.graduates.services.form10 import ensure_default_form10

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


@dataclass
class Row:
    """What one graduate's row is computed from."""

    graduate: Student
    record: EmploymentRecord | None  # the record in force on the deadline, or None (unknown)
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


def _record_value(getter: Callable[[EmploymentRecord], Any]) -> Callable[[Row], Any]:
    return lambda row: (getter(row.record) or "") if row.record else ""


def _region(record: EmploymentRecord) -> str:
    if record.region:
        return _label(Region, record.region)
    return record.region_text


# value key -> (label shown when editing the mapping, getter)
FIELDS: dict[str, tuple[Any, Callable[[Row], Any]]] = {
    "iin": (gettext_lazy("IIN"), lambda row: row.graduate.iin),
    "full_name": (gettext_lazy("full name"), lambda row: row.graduate.full_name),
    "program_code": (gettext_lazy("program code"), lambda row: row.graduate.program.code),
    "program_name": (gettext_lazy("program name"), lambda row: row.graduate.program.name),
    "study_form": (gettext_lazy("study form"), lambda row: _label(StudyForm, row.graduate.study_form)),
    "study_language": (
        gettext_lazy("language of instruction"),
        lambda row: _label(StudyLanguage, row.graduate.study_language),
    ),
    "funding": (gettext_lazy("funding"), lambda row: _label(Funding, row.graduate.funding)),
    "graduation_year": (gettext_lazy("graduation year"), lambda row: row.graduate.cohort),
    "graduation_date": (gettext_lazy("graduation date"), lambda row: row.graduate.graduation_date),
    "department": (gettext_lazy("department"), lambda row: row.graduate.program.department.name),
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


# What FIELDS read, and no more: building 20,000 whole students, programs, departments and records was a third of
# the export's time (#19). A value added to FIELDS adds its model fields here (test_form10's bounded-queries test
# exports every value and fails on a field read later, one query a row).
_NAMES = ("name_kk", "name_ru", "name_en")
GRADUATE_FIELDS = (
    *("iin", "last_name", "first_name", "middle_name", "study_form", "study_language", "funding"),
    *("graduation_date", "email", "phone", "program", "program__code", "program__department"),
    *(f"program__{name}" for name in _NAMES),
    *(f"program__department__{name}" for name in _NAMES),
)
RECORD_FIELDS = (
    *("graduate", "status", "started_on", "ended_on", "created_at", "employer_name", "employer_bin", "position"),
    *("region", "region_text", "salary", "evidence", "organization", "organization__short_name"),
    *(f"organization__{name}" for name in _NAMES),
)


def field_choices() -> list[tuple[str, Any]]:
    return [(key, label) for key, (label, _getter) in FIELDS.items()]


def header_of(column: Form10Column, language: str) -> str:
    code = (language or "kk")[:2]
    order = [code] + [c for c in ("kk", "ru", "en") if c != code]
    return next((getattr(column, f"header_{c}") for c in order if getattr(column, f"header_{c}", "")), column.field)


def records_as_of(graduates: QuerySet[Student], as_of: dt.date) -> dict[int, EmploymentRecord]:
    """Each graduate's record in force on the date: analytics' latest record (picked by the database), unless it
    ended before the date. One query."""
    records = latest_records(graduates, as_of).select_related("organization").only(*RECORD_FIELDS)
    return {r.graduate_id: r for r in records if r.ended_on is None or r.ended_on >= as_of}


def form10_rows(round_: CollectionRound, user: AnyUser) -> list[Row]:
    graduates = (
        round_graduates(round_, user)
        .select_related("program__department")
        .order_by("program__code", "last_name", "first_name", "pk")
    )
    rows = list(graduates.only(*GRADUATE_FIELDS))
    records = records_as_of(graduates, round_.deadline)
    contacts = dict(
        ContactAttempt.objects.filter(graduate__in=graduates, contacted_on__lte=round_.deadline)
        .order_by()
        .values("graduate")
        .annotate(last=Max("contacted_on"))
        .values_list("graduate", "last")
    )
    return [Row(graduate=g, record=records.get(g.pk), last_contact=contacts.get(g.pk)) for g in rows]


def form10_table(
    round_: CollectionRound, user: AnyUser, language: str | None = None
) -> tuple[list[str], list[list[Any]]]:
    """Header and rows of the export, in the language (default: the active one)."""
    language = (language or translation.get_language() or "kk")[:2]
    columns = ensure_default_form10(round_.institution)
    with translation.override(language):
        header = [header_of(column, language) for column in columns]
        getters = [FIELDS[c.field][1] if c.field in FIELDS else (lambda row: "") for c in columns]
        token = _export_language.set(language)
        try:
            rows = [[get(row) for get in getters] for row in form10_rows(round_, user)]
        finally:
            _export_language.reset(token)
    return header, rows


def export_filename(round_: CollectionRound) -> str:
    return f"form10 {round_.academic_year.name} round {round_.number} cohort {round_.cohort} {timezone.localdate()}"
