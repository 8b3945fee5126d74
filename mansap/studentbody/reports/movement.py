"""The monthly movement of the contingent (issue #15, R-123): the studying contingent on the last day of the
previous month (`start`) and on the month's last day (`end`), and between them each student's changes of state
effective within the month, as arrivals to or departures from the studying contingent by order type.

The changes are read from the periods (models.periods): every period that begins within the month is one change
from the period before it. It is an arrival when the student was not studying (in the program, with --program)
before and is after, a departure the other way round; its type is the order's (a baseline period, a student of the
people import admitted in the month, counts as `enrolment`, or `graduation` when it is their graduation). A
transfer within the university is an arrival into its new program and a departure from its old one. So start +
arrivals − departures = end holds by construction over the periods, and `check()` compares it with the contingent
counted by its own query: a mismatch is shown, never hidden.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import QuerySet

from mansap.studentbody.choices import OrderType, State
from mansap.studentbody.models import StudentPeriod
from mansap.studentbody.reports.contingent import contingent


@dataclasses.dataclass
class Movement:
    month: str
    start: int
    end: int
    arrivals: dict[str, int]
    departures: dict[str, int]

    @property
    def balance(self) -> int:
        """start + arrivals − departures: equals `end` unless the data disagree."""
        return self.start + sum(self.arrivals.values()) - sum(self.departures.values())

    @property
    def consistent(self) -> bool:
        return self.balance == self.end

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "arrivals": self.arrivals, "departures": self.departures}


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """'2026-10' → (1 October, 31 October); ValueError for anything else."""
    year, number = (int(part) for part in month.split("-"))
    if len(month) != 7 or not 1 <= number <= 12:
        raise ValueError(month)
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


def _studying(state: str | None, program_id: int | None, program: int | None) -> bool:
    return state == State.STUDYING and (program is None or program_id == program)


def movement(periods: QuerySet[StudentPeriod], month: str, program: int | None = None) -> Movement:
    first, last = month_bounds(month)
    scoped = periods.filter(program_id=program) if program is not None else periods
    start = contingent(scoped, first - dt.timedelta(days=1)).total
    end = contingent(scoped, last).total
    students = periods.filter(valid_from__gte=first, valid_from__lte=last).values("student_id")
    rows = (
        periods.filter(student_id__in=students, valid_from__lte=last)
        .select_related("item__order")
        .order_by("student_id", "valid_from")
    )
    arrivals: Counter[str] = Counter()
    departures: Counter[str] = Counter()
    previous: StudentPeriod | None = None
    for row in rows:
        before = previous if previous is not None and previous.student_id == row.student_id else None
        previous = row
        if row.valid_from < first:
            continue
        was = _studying(before.state if before else None, before.program_id if before else None, program)
        now = _studying(row.state, row.program_id, program)
        if row.item is not None:
            kind = str(row.item.order.type)
        else:
            kind = OrderType.GRADUATION if row.state == State.GRADUATED else OrderType.ENROLMENT
        if was and now and program is None and before is not None and before.program_id != row.program_id:
            arrivals[kind] += 1  # a change of program: out of the old one and into the new one
            departures[kind] += 1
        elif was != now:
            (arrivals if now else departures)[str(kind)] += 1
    return Movement(month, start, end, dict(sorted(arrivals.items())), dict(sorted(departures.items())))
