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
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.core.choices import Region
from mansap.core.models import Student
from mansap.graduates.choices import EmploymentStatus
from mansap.graduates.models import CollectionRound, ContactAttempt, EmploymentRecord, Form10Column
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


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def _status(row: Row) -> str:
    return str(EmploymentStatus(row.record.status).label if row.record else EmploymentStatus.UNKNOWN.label)


def _record_value(getter: Callable[[EmploymentRecord], Any]) -> Callable[[Row], Any]:
    return lambda row: (getter(row.record) or "") if row.record else ""


def _region(record: EmploymentRecord) -> str:
    if record.region:
        return str(Region(record.region).label)
    return record.region_text


# value key -> (label shown when editing the mapping, getter)
FIELDS: dict[str, tuple[Any, Callable[[Row], Any]]] = {
    "iin": (gettext_lazy("IIN"), lambda row: row.graduate.iin),
    "full_name": (gettext_lazy("full name"), lambda row: row.graduate.full_name),
    "program_code": (gettext_lazy("program code"), lambda row: row.graduate.program.code),
    "program_name": (gettext_lazy("program name"), lambda row: row.graduate.program.name),
    "study_form": (gettext_lazy("study form"), lambda row: str(row.graduate.get_study_form_display())),
    "study_language": (
        gettext_lazy("language of instruction"),
        lambda row: str(row.graduate.get_study_language_display()) if row.graduate.study_language else "",
    ),
    "funding": (gettext_lazy("funding"), lambda row: str(row.graduate.get_funding_display())),
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


def field_choices() -> list[tuple[str, Any]]:
    return [(key, label) for key, (label, _getter) in FIELDS.items()]


def header_of(column: Form10Column, language: str) -> str:
    code = (language or "kk")[:2]
    order = [code] + [c for c in ("kk", "ru", "en") if c != code]
    return next((getattr(column, f"header_{c}") for c in order if getattr(column, f"header_{c}", "")), column.field)


def records_as_of(graduates: QuerySet[Student], as_of: dt.date) -> dict[int, EmploymentRecord]:
    """Each graduate's record in force on the date (analytics.snapshot's rule), in one query."""
    latest: dict[int, EmploymentRecord] = {}
    records = (
        EmploymentRecord.objects.valid()
        .filter(graduate__in=graduates, started_on__lte=as_of)
        .select_related("organization")
        .order_by()
    )
    for record in records:
        seen = latest.get(record.graduate_id)
        key = (record.started_on, record.created_at, record.pk)
        if seen is None or key > (seen.started_on, seen.created_at, seen.pk):
            latest[record.graduate_id] = record
    return {gid: r for gid, r in latest.items() if r.ended_on is None or r.ended_on >= as_of}


def form10_rows(round_: CollectionRound, user: AnyUser) -> list[Row]:
    graduates = (
        round_graduates(round_, user)
        .select_related("program__department")
        .order_by("program__code", "last_name", "first_name", "pk")
    )
    rows = list(graduates)
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
        rows = [[get(row) for get in getters] for row in form10_rows(round_, user)]
    return header, rows


def export_filename(round_: CollectionRound) -> str:
    return f"form10 {round_.academic_year.name} round {round_.number} cohort {round_.cohort} {timezone.localdate()}"
