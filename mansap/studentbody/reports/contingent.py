"""The contingent at any date (issue #15): who studies on a date, counted by a key, from the periods.

`contingent(periods, day, by)` is one SQL query (models.periods): the periods in force on `day`, grouped by the
key, with the studying and the on-leave counted side by side. Studying means enrolled, not on leave, not
expelled, transferred out or graduated; orders effective on the day itself are included.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django.db.models import Count, Q, QuerySet

from mansap.studentbody.choices import Breakdown, State
from mansap.studentbody.models import StudentPeriod

# The column each key groups by (the command's --by keys are the issue's: program, faculty, year, funding, form).
KEY_PATHS = {
    Breakdown.FACULTY: "program__department__faculty__code",
    Breakdown.DEPARTMENT: "program__department__code",
    Breakdown.PROGRAM: "program__code",
    Breakdown.YEAR: "year_of_study",
    Breakdown.FORM: "study_form",
    Breakdown.FUNDING: "funding",
    Breakdown.LANGUAGE: "study_language",
    Breakdown.SEX: "student__sex",
    Breakdown.CITIZENSHIP: "student__citizenship",  # today's citizenship (core.Student keeps no history of it)
}
COMMAND_KEYS = ("program", "faculty", "year", "funding", "form", "citizenship")


@dataclasses.dataclass
class Contingent:
    day: dt.date
    total: int = 0
    on_leave: int = 0
    by: dict[str, int] = dataclasses.field(default_factory=dict)
    leave_by: dict[str, int] = dataclasses.field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"total": self.total, "by": self.by, "on_leave": self.on_leave}


def _key(value: Any) -> str:
    return "" if value is None else str(value)


def contingent(periods: QuerySet[StudentPeriod], day: dt.date, by: str | None = None) -> Contingent:
    """Counts on `day`: total studying, on leave, and (with `by`) both per value of the key; one query."""
    studying = Count("pk", filter=Q(state=State.STUDYING))
    leave = Count("pk", filter=Q(state=State.ACADEMIC_LEAVE))
    rows = periods.on(day).filter(state__in=(State.STUDYING, State.ACADEMIC_LEAVE))  # type: ignore[attr-defined]
    result = Contingent(day)
    if by is None:
        totals = rows.aggregate(studying=studying, leave=leave)
        result.total, result.on_leave = totals["studying"], totals["leave"]
        return result
    path = KEY_PATHS[Breakdown(by)]
    for row in rows.values(path).annotate(studying=studying, leave=leave).order_by(path):
        key = _key(row[path])
        result.total += row["studying"]
        result.on_leave += row["leave"]
        if row["studying"]:
            result.by[key] = row["studying"]
        if row["leave"]:
            result.leave_by[key] = row["leave"]
    return result
