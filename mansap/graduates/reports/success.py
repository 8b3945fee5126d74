"""KPI-17.4 "successful graduates": who of a cohort meets the criteria the Career Center set for it.

A graduate is successful when they meet at least one rule of their cohort's criteria (models/success.py);
a rule holds when every condition it sets holds for the graduate's situation:

- the situation is the graduate's status as of a date, by the employment analytics' rule (their latest valid
  record that started on or before the date, ties: recorded last; none, or ended before the date: unknown);
  the date is the KPI's as-of date, or, when the rule says "within N months of graduation", N months after
  the graduate's own graduation date (the as-of date when that is later: a graduate whose N months are not
  over yet is judged on their situation so far);
- `outcome`: that status is employed by specialty / employed (any job or own business) / own business /
  continuing education;
- `min_salary`: that record gives a salary of at least the amount, and the graduate is employed;
- `abroad`: that record's region is "abroad";
- `study_level`: the graduate continues their education at that level (e.g. master's).

Two queries whatever the cohort's size: one over the graduates, one over their valid records.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from mansap.core.choices import Region
from mansap.core.models import Student
from mansap.graduates.choices import EMPLOYED, EmploymentStatus
from mansap.graduates.models import EmploymentRecord, SuccessOutcome, SuccessRule
from mansap.graduates.reports.analytics import _raw_rows

S = EmploymentStatus

OUTCOME_STATUSES: dict[str, frozenset[str]] = {
    SuccessOutcome.EMPLOYED_SPECIALTY: frozenset({S.EMPLOYED_SPECIALTY}),
    SuccessOutcome.EMPLOYED: frozenset(EMPLOYED),
    SuccessOutcome.OWN_BUSINESS: frozenset({S.OWN_BUSINESS}),
    SuccessOutcome.CONTINUING_EDUCATION: frozenset({S.CONTINUING_EDUCATION}),
}


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later (the month's last day when it is shorter: 31 August + 6 = 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Situation:
    status: str
    salary: int | None
    region: str
    study_level: str


@dataclass
class SuccessResult:
    """The cohort's graduates (ids) and those who meet the criteria, with the rules each one meets."""

    cohort: list[int] = field(default_factory=list)
    successful: dict[int, list[int]] = field(default_factory=dict)  # graduate id -> indexes of the rules met
    has_rules: bool = False

    @property
    def count(self) -> int:
        return len(self.successful)


def _situation_on(history: Sequence[tuple[Any, ...]], day: dt.date) -> Situation | None:
    """The analytics' rule on one graduate's records sorted by (started_on, created_at, pk)."""
    found = None
    for row in history:
        if row[0] > day:
            break
        found = row
    if found is None:
        return None
    _started, status, ended_on, salary, region, study_level = found
    if ended_on is not None and ended_on < day:
        return None
    return Situation(status, salary, region or "", study_level or "")


def meets(rule: SuccessRule, situation: Situation | None) -> bool:
    """Whether a graduate's situation meets every condition of the rule (no situation meets nothing)."""
    if situation is None or rule.is_empty():
        return False
    if rule.outcome and situation.status not in OUTCOME_STATUSES[rule.outcome]:
        return False
    if rule.min_salary and (
        situation.status not in EMPLOYED or situation.salary is None or situation.salary < rule.min_salary
    ):
        return False
    if rule.abroad and situation.region != Region.ABROAD:
        return False
    return not rule.study_level or (
        situation.status == S.CONTINUING_EDUCATION and situation.study_level == rule.study_level
    )


def rule_date(rule: SuccessRule, graduated_on: dt.date, as_of: dt.date) -> dt.date:
    if not rule.within_months:
        return as_of
    return min(add_months(graduated_on, rule.within_months), as_of)


def evaluate(graduates: QuerySet[Student], rules: Iterable[SuccessRule], as_of: dt.date) -> SuccessResult:
    """Who of `graduates` (a cohort, already filtered) meets at least one of the rules as of the date."""
    rules = list(rules)
    result = SuccessResult(has_rules=bool(rules))
    dates: dict[int, dt.date] = {}
    for pk, graduated_on in _raw_rows(graduates.order_by().values_list("pk", "graduation_date")):
        result.cohort.append(pk)
        dates[pk] = graduated_on
    if not rules or not result.cohort:
        return result
    histories: dict[int, list[tuple[Any, ...]]] = defaultdict(list)
    # Sorted by the database in the analytics' order (start, then recorded last): no timestamps to read here.
    records = (
        EmploymentRecord.objects.using(graduates.db)
        .valid()
        .filter(graduate__in=graduates, started_on__lte=as_of)
        .order_by("graduate_id", "started_on", "created_at", "pk")
        .values_list("graduate_id", "started_on", "status", "ended_on", "salary", "region", "study_level")
    )
    for row in _raw_rows(records):
        histories[row[0]].append(row[1:])
    days: dict[tuple[int, dt.date], dt.date] = {}  # (rule, graduation date) -> the date its situation is read
    for graduate_id, history in histories.items():
        graduated_on = dates.get(graduate_id)
        if graduated_on is None:
            continue
        met = []
        for index, rule in enumerate(rules):
            day = days.get((index, graduated_on))
            if day is None:
                day = days[(index, graduated_on)] = rule_date(rule, graduated_on, as_of)
            if meets(rule, _situation_on(history, day)):
                met.append(index)
        if met:
            result.successful[graduate_id] = met
    return result


def cohort_rules(institution: Any, cohort: int) -> list[SuccessRule]:
    """The rules of the cohort's criteria, in order (none when the Career Center has set none)."""
    return list(SuccessRule.objects.filter(criteria__institution=institution, criteria__cohort=cohort))
