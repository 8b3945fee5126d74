"""Vacated state-grant places (issue #15): every expulsion, transfer to another university, or transfer within the
university off a grant, of a student who held a state grant, frees a place for the grant competition.

Read from the periods (models.periods): a period that begins in the chosen dates with such an order, after a period
on a state grant. The place is the program and year of study of that grant period. Two queries: the periods that
begin with those orders (with their order and student), and the grant periods they follow.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import QuerySet

from mansap.core.choices import Funding
from mansap.studentbody.choices import OrderType
from mansap.studentbody.models import StudentPeriod

FREEING = (OrderType.EXPULSION, OrderType.TRANSFER_OUT, OrderType.TRANSFER_INTERNAL)


@dataclasses.dataclass
class Place:
    date: dt.date
    program: Any
    year_of_study: int | None
    student: Any
    order: Any
    item: Any


def vacated_places(periods: QuerySet[StudentPeriod], start: dt.date, end: dt.date) -> list[Place]:
    rows = list(
        periods.filter(valid_from__gte=start, valid_from__lte=end, item__order__type__in=FREEING)
        .select_related("item__order", "student")
        .order_by("valid_from", "student__last_name", "pk")
    )
    before = {
        (p.student_id, p.valid_to): p
        for p in StudentPeriod.objects.filter(
            student_id__in={row.student_id for row in rows}, valid_to__in={row.valid_from for row in rows},
            funding=Funding.GRANT,
        ).select_related("program__department__faculty")
    }  # fmt: skip
    places = []
    for row in rows:
        grant = before.get((row.student_id, row.valid_from))
        if grant is None or row.item is None:
            continue
        if row.item.order.type == OrderType.TRANSFER_INTERNAL and row.funding == Funding.GRANT:
            continue  # moved with the grant: no place is freed
        places.append(Place(row.valid_from, grant.program, grant.year_of_study, row.student, row.item.order, row.item))
    return places


def summary(places: list[Place]) -> list[tuple[Any, int | None, int]]:
    """(program, year of study, places freed), by program code then year."""
    counts: Counter[tuple[int, int | None]] = Counter((p.program.pk, p.year_of_study) for p in places)
    programs = {p.program.pk: p.program for p in places}
    keys = sorted(counts, key=lambda k: (programs[k[0]].code, k[1] or 0))
    return [(programs[pk], year, counts[(pk, year)]) for pk, year in keys]
