"""Employment KPIs, as the issue defines them. Page, export, API and command all call compute_kpis().

For a cohort (graduation year) and an as-of date, a graduate's status is their
latest employment record that started on or before that date (ties: the one
recorded last); with none, or when that record ended before the as-of date, the
status is "unknown".
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet

from mansap.core.models import Student
from mansap.graduates.choices import EMPLOYED, OUT_OF_LABOUR_FORCE, EmploymentStatus
from mansap.graduates.models import EmploymentRecord

S = EmploymentStatus


@dataclass
class Snapshot:
    """Each graduate's status (and salary) as of a date."""

    statuses: dict[int, str] = field(default_factory=dict)
    salaries: dict[int, int] = field(default_factory=dict)


def snapshot(graduates: QuerySet[Student], as_of: dt.date) -> Snapshot:
    """Status of every graduate of the queryset as of the date: one query over their records."""
    ids = list(graduates.values_list("pk", flat=True))
    result = Snapshot(statuses=dict.fromkeys(ids, S.UNKNOWN))
    latest: dict[int, tuple[Any, ...]] = {}
    rows = (
        EmploymentRecord.objects.filter(graduate__in=graduates, started_on__lte=as_of)
        .order_by()
        .values_list("graduate_id", "started_on", "created_at", "pk", "status", "ended_on", "salary")
    )
    for row in rows.iterator(chunk_size=5000):
        key = row[1:4]  # started_on, then recorded last (created_at, pk) breaks ties
        seen = latest.get(row[0])
        if seen is None or key > seen[0]:
            latest[row[0]] = (key, row[4], row[5], row[6])
    for graduate_id, (_key, status, ended_on, salary) in latest.items():
        if ended_on is not None and ended_on < as_of:
            continue  # ended before the as-of date: unknown
        result.statuses[graduate_id] = status
        if salary is not None and status in EMPLOYED:
            result.salaries[graduate_id] = salary
    return result


def _rate(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


def kpis_from_snapshot(snap: Snapshot) -> dict[str, Any]:
    counts = Counter(snap.statuses.values())
    cohort = len(snap.statuses)
    unknown = counts[S.UNKNOWN]
    employed = sum(counts[s] for s in EMPLOYED)
    out = sum(counts[s] for s in OUT_OF_LABOUR_FORCE)
    labour_force = cohort - out
    known = cohort - unknown
    salaries = list(snap.salaries.values())
    average = (
        int((Decimal(sum(salaries)) / len(salaries)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
        if salaries
        else None
    )
    median = statistics.median(salaries) if salaries else None
    return {
        "knowledge_rate": _rate(known, cohort),
        "employment_rate": _rate(employed, labour_force),
        "employment_by_specialty_rate": _rate(counts[S.EMPLOYED_SPECIALTY], labour_force),
        "own_business_share": _rate(counts[S.OWN_BUSINESS], labour_force),
        "career_outcomes_rate": _rate(employed + counts[S.CONTINUING_EDUCATION] + counts[S.MILITARY_SERVICE], known),
        "average_salary": average,
        "median_salary": median,
        "counts": {
            "cohort": cohort,
            "unknown": unknown,
            "employed": employed,
            "employed_specialty": counts[S.EMPLOYED_SPECIALTY],
            "own_business": counts[S.OWN_BUSINESS],
            "out_of_labour_force": out,
            "continuing_education": counts[S.CONTINUING_EDUCATION],
            "military_service": counts[S.MILITARY_SERVICE],
            "parental_leave": counts[S.PARENTAL_LEAVE],
            "with_salary": len(salaries),
        },
        "status_counts": {status: counts[status] for status in S.values},
    }


def compute_kpis(graduates: QuerySet[Student], as_of: dt.date) -> dict[str, Any]:
    """The KPI object for a set of graduates (already filtered to a cohort, department...)."""
    return kpis_from_snapshot(snapshot(graduates, as_of))
