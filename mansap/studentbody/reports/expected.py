"""The contingent's reader for the apps below the student body (core.contingent): surveys ask who is expected to
graduate in a year, practice who studies in a program and year of study on the practice's date.

Studying on a date is the student's period in force on it (models.periods). The expected graduation year is the
program's length counted from the admission year (1 September), then adjusted by the student's orders, replayed in
their periods' order:

- an interruption (academic leave, or an expulsion / transfer out followed by a reinstatement) delays it by the
  academic years it spans, at least one: a leave of four months is a year repeated, of three years three years;
- a repeat of a year delays it by one;
- an arrival in a given year of study (a transfer from another university or within it, a reinstatement with a
  year) counts the rest of the new program from that year: the academic year it happens in is that year of study;
- a transfer to a program of another length without a year moves it by the difference.

Students expelled, transferred out or graduated are not studying, so they are nobody's expected graduates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from django.db.models import Exists, OuterRef, Q, QuerySet

from mansap.core.choices import StudentStatus
from mansap.core.contingent import ContingentReader
from mansap.core.models import Student
from mansap.studentbody.choices import IN_FORCE, OrderType, State
from mansap.studentbody.models import OrderItem, StudentPeriod

DEFAULT_LENGTH = 4
INTERRUPTED = (State.ACADEMIC_LEAVE, State.EXPELLED, State.TRANSFERRED_OUT)
ANCHORS = (OrderType.TRANSFER_IN, OrderType.TRANSFER_INTERNAL, OrderType.REINSTATEMENT)


def _academic_year(day: dt.date) -> int:
    return day.year if day.month >= 9 else day.year - 1


def _years(start: dt.date, end: dt.date) -> int:
    return max(1, round((end - start).days / 365.25))


def expected_year(
    admission_year: int | None, periods: list[StudentPeriod], repeats: Sequence[dt.date] = ()
) -> int | None:
    """The calendar year the student is expected to graduate in, from their periods (oldest first) and the effective
    dates of their repeats of a year (a repeat may change nothing a period keeps, so it is read from its item)."""
    if not periods:
        return None
    first = periods[0]
    length = first.program.duration_years or DEFAULT_LENGTH
    expected = (admission_year or _academic_year(first.valid_from)) + length
    interrupted_since: dt.date | None = None
    anchored_on = first.valid_from
    previous = first
    for row in periods:
        kind = row.item.order.type if row.item is not None else None
        row_length = row.program.duration_years or DEFAULT_LENGTH
        if kind in ANCHORS and row.year_of_study and row.state == State.STUDYING:
            # the academic year of the arrival is this year of study: the rest of the program from there
            expected = _academic_year(row.valid_from) + row_length - row.year_of_study + 1
            interrupted_since, anchored_on = None, row.valid_from
        elif row is not first:
            if row.state in INTERRUPTED and interrupted_since is None:
                interrupted_since = row.valid_from
            elif row.state == State.STUDYING and interrupted_since is not None:
                expected += _years(interrupted_since, row.valid_from)
                interrupted_since = None
            if row.program_id != previous.program_id:
                expected += row_length - (previous.program.duration_years or DEFAULT_LENGTH)
        previous = row
    return expected + sum(1 for day in repeats if day >= anchored_on)


class PeriodReader(ContingentReader):
    """core.contingent's reader over the student body's periods."""

    def studying(
        self,
        students: QuerySet[Student],
        day: dt.date,
        *,
        program_id: int | None = None,
        year_of_study: int | None = None,
    ) -> QuerySet[Student]:
        periods = StudentPeriod.objects.on(day).filter(state=State.STUDYING)
        if program_id is not None:
            periods = periods.filter(program_id=program_id)
        if year_of_study is not None:
            periods = periods.filter(year_of_study=year_of_study)
        # a student with no period yet (written in bulk before their baseline was made) reads from their fields
        unknown = ~Exists(StudentPeriod.objects.filter(student_id=OuterRef("pk")))
        fallback = super().studying(students, day, program_id=program_id, year_of_study=year_of_study)
        return students.filter(Q(pk__in=periods.values("student_id")) | Q(unknown, pk__in=fallback.values("pk")))

    def expected_graduates(self, students: QuerySet[Student], year: int) -> QuerySet[Student]:
        candidates = dict(students.filter(status=StudentStatus.STUDYING).values_list("pk", "admission_year"))
        rows: dict[int, list[StudentPeriod]] = defaultdict(list)
        periods = (
            StudentPeriod.objects.filter(student_id__in=list(candidates))
            .select_related("program", "item__order")
            .only("student_id", "valid_from", "state", "program_id", "program__duration_years", "year_of_study",
                  "item_id", "item__order__type")
            .order_by("student_id", "valid_from")
        )  # fmt: skip
        for period in periods:
            rows[period.student_id].append(period)
        repeats: dict[int, list[dt.date]] = defaultdict(list)
        items = OrderItem.objects.filter(
            student_id__in=list(candidates), order__type=OrderType.REPEAT_YEAR, order__status__in=IN_FORCE
        ).values_list("student_id", "effective_date")
        for student_id, day in items:
            repeats[student_id].append(day)
        chosen = [pk for pk, admitted in candidates.items() if expected_year(admitted, rows[pk], repeats[pk]) == year]
        return students.filter(pk__in=chosen)
