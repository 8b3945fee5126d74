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

`movement_by_program` is the one reader: it counts every program of the month in one pass (two grouped contingent
queries and one query of the month's changes), and `movement` (the command's JSON, one program or the total) and
the movement report page (views.reports) both read it, so they cannot disagree. A change of program is a departure
from the old program and an arrival into the new one; in the total it counts on both sides too.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet

from mansap.core.models import EducationalProgram
from mansap.studentbody.choices import ARRIVALS, DEPARTURES, OrderType, State
from mansap.studentbody.models import StudentPeriod


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

    @property
    def arrived(self) -> int:
        return sum(self.arrivals.values())

    @property
    def departed(self) -> int:
        return sum(self.departures.values())

    def as_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "arrivals": self.arrivals, "departures": self.departures}

    def add(self, other: Movement) -> None:
        self.start += other.start
        self.end += other.end
        for mine, theirs in ((self.arrivals, other.arrivals), (self.departures, other.departures)):
            for kind, count in theirs.items():
                mine[kind] = mine.get(kind, 0) + count


def month_bounds(month: str) -> tuple[dt.date, dt.date]:
    """'2026-10' → (1 October, 31 October); ValueError for anything else."""
    year, number = (int(part) for part in month.split("-"))
    if len(month) != 7 or not 1 <= number <= 12:
        raise ValueError(month)
    return dt.date(year, number, 1), dt.date(year, number, calendar.monthrange(year, number)[1])


def _studying_in(period: StudentPeriod | None) -> int | None:
    """The program a period studies in (None: not studying)."""
    return period.program_id if period is not None and period.state == State.STUDYING else None


def _counts(periods: QuerySet[StudentPeriod], day: dt.date) -> dict[int, int]:
    """The studying contingent on `day` per program: one grouped query (as reports.contingent counts it)."""
    rows = periods.on(day).filter(state=State.STUDYING)  # type: ignore[attr-defined]
    return {row["program_id"]: row["n"] for row in rows.values("program_id").annotate(n=Count("pk"))}


def _kind(row: StudentPeriod) -> str:
    if row.item is not None:
        return str(row.item.order.type)
    return str(OrderType.GRADUATION if row.state == State.GRADUATED else OrderType.ENROLMENT)


def movement_by_program(periods: QuerySet[StudentPeriod], month: str) -> dict[int, Movement]:
    """Each program's movement in the month (programs with a start, an end or a change), keyed by program id."""
    first, last = month_bounds(month)
    return movement_between(periods, first, last, month)


def movement_between(
    periods: QuerySet[StudentPeriod], first: dt.date, last: dt.date, label: str
) -> dict[int, Movement]:
    """Each program's movement from `first` to `last` (both included): a month, or the academic year of the
    registrar's annual report; `label` names the span."""
    month = label
    starts = _counts(periods, first - dt.timedelta(days=1))
    ends = _counts(periods, last)
    students = periods.filter(valid_from__gte=first, valid_from__lte=last).values("student_id")
    rows = (
        periods.filter(student_id__in=students, valid_from__lte=last)
        .select_related("item__order")
        .order_by("student_id", "valid_from")
    )
    arrivals: dict[int, Counter[str]] = {}
    departures: dict[int, Counter[str]] = {}
    previous: StudentPeriod | None = None
    for row in rows:
        before = previous if previous is not None and previous.student_id == row.student_id else None
        previous = row
        if row.valid_from < first:
            continue
        was, now = _studying_in(before), _studying_in(row)
        if was == now:
            continue
        kind = _kind(row)
        if was is not None:
            departures.setdefault(was, Counter())[kind] += 1
        if now is not None:
            arrivals.setdefault(now, Counter())[kind] += 1
    programs = set(starts) | set(ends) | set(arrivals) | set(departures)
    return {
        program: Movement(
            month, starts.get(program, 0), ends.get(program, 0),
            dict(sorted(arrivals.get(program, Counter()).items())),
            dict(sorted(departures.get(program, Counter()).items())),
        )
        for program in programs
    }  # fmt: skip


def total(rows: Iterable[Movement], month: str) -> Movement:
    result = Movement(month, 0, 0, {}, {})
    for row in rows:
        result.add(row)
    result.arrivals, result.departures = dict(sorted(result.arrivals.items())), dict(sorted(result.departures.items()))
    return result


def movement(periods: QuerySet[StudentPeriod], month: str, program: int | None = None) -> Movement:
    """The month's movement of one program, or (None) of all: the command's JSON."""
    rows = movement_by_program(periods, month)
    if program is not None:
        return rows.get(program) or Movement(month, 0, 0, {}, {})
    return total(rows.values(), month)


# ---- The page's and the exports' table: programs grouped by faculty ---------------------------------------------


@dataclasses.dataclass
class Line:
    label: str
    movement: Movement
    code: str = ""
    kind: str = "program"  # program | faculty | total

    def cells(self, kinds: tuple[list[str], list[str]]) -> list[int]:
        m = self.movement
        arrivals, departures = kinds
        return [m.start, *(m.arrivals.get(k, 0) for k in arrivals), m.arrived,
                *(m.departures.get(k, 0) for k in departures), m.departed, m.end]  # fmt: skip


@dataclasses.dataclass
class MovementReport:
    month: str
    lines: list[Line]
    total: Movement
    arrival_kinds: list[str]
    departure_kinds: list[str]

    @property
    def kinds(self) -> tuple[list[str], list[str]]:
        return self.arrival_kinds, self.departure_kinds

    @property
    def mismatches(self) -> list[Line]:
        return [line for line in self.lines if not line.movement.consistent]


def _kinds(standard: tuple[str, ...], seen: Iterable[str]) -> list[str]:
    """The issue's types in their order, the transfer within the university, then any other type that moved."""
    kinds = [str(k) for k in standard] + [OrderType.TRANSFER_INTERNAL.value]
    return kinds + sorted(set(seen) - set(kinds))


def movement_report(periods: QuerySet[StudentPeriod], month: str) -> MovementReport:
    """The month per program, with a subtotal per faculty and the total; programs named in the active language."""
    rows = movement_by_program(periods, month)
    programs = EducationalProgram.objects.filter(pk__in=list(rows)).select_related("department__faculty")
    by_faculty: dict[Any, list[EducationalProgram]] = {}
    for program in sorted(programs, key=lambda p: (p.department.faculty.code, p.code)):
        by_faculty.setdefault(program.department.faculty, []).append(program)
    lines: list[Line] = []
    for faculty, members in by_faculty.items():
        lines.append(Line(faculty.name, total((rows[p.pk] for p in members), month), faculty.code, "faculty"))
        lines += [Line(program.name, rows[program.pk], program.code) for program in members]
    overall = total(rows.values(), month)
    return MovementReport(
        month, lines, overall, _kinds(ARRIVALS, overall.arrivals), _kinds(DEPARTURES, overall.departures)
    )
