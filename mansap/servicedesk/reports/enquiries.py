"""Monthly figures of the public enquiries (R-161): received, answered, median response time in working hours,
share answered within the target; the same reading serves the page, its XLSX and the quality app's indicator.

An enquiry counts in the month it was received. The share within the target is taken over the enquiries whose
outcome is known: answered ones, and open ones already past their due time (an open enquiry still inside its
target is neither in nor out yet).
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from mansap.servicedesk.models.enquiries import Enquiry, EnquiryStatus


@dataclass(frozen=True)
class Figures:
    month: int  # 1–12; 0 for the year's total
    received: int
    answered: int
    median_hours: Decimal | None
    within: int
    decided: int

    @property
    def share_within(self) -> Decimal | None:
        if not self.decided:
            return None
        return (Decimal(self.within) / Decimal(self.decided)).quantize(Decimal("0.0001"))


def _bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware instants: the start of `start`'s day to the end of `end`'s day (local time)."""
    lo = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    hi = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return lo, hi


def received_between(enquiries: QuerySet[Enquiry], start: dt.date, end: dt.date) -> QuerySet[Enquiry]:
    lo, hi = _bounds(start, end)
    return enquiries.filter(received_at__gte=lo, received_at__lt=hi)


def figures_of(rows: list[dict[str, Any]], month: int, now: dt.datetime) -> Figures:
    answered = [r for r in rows if r["status"] == EnquiryStatus.ANSWERED]
    seconds = [r["response_seconds"] for r in answered if r["response_seconds"] is not None]
    median = (Decimal(statistics.median(seconds)) / 3600).quantize(Decimal("0.01")) if seconds else None
    within = sum(1 for r in answered if r["answered_at"] <= r["due_at"])
    late_open = sum(1 for r in rows if r["status"] != EnquiryStatus.ANSWERED and r["due_at"] < now)
    return Figures(month, len(rows), len(answered), median, within, len(answered) + late_open)


FIELDS = ("received_at", "status", "response_seconds", "answered_at", "due_at")


def monthly(enquiries: QuerySet[Enquiry], year: int, now: dt.datetime | None = None) -> list[Figures]:
    """Twelve months of a year and the year's total (month 0, last): one query."""
    now = now or timezone.now()
    rows = list(received_between(enquiries, dt.date(year, 1, 1), dt.date(year, 12, 31)).values(*FIELDS))
    by_month: dict[int, list[dict[str, Any]]] = {m: [] for m in range(1, 13)}
    for row in rows:
        by_month[timezone.localtime(row["received_at"]).month].append(row)
    return [*(figures_of(by_month[m], m, now) for m in range(1, 13)), figures_of(rows, 0, now)]


def period_figures(
    enquiries: QuerySet[Enquiry], start: dt.date, end: dt.date, now: dt.datetime | None = None
) -> Figures:
    rows = list(received_between(enquiries, start, end).values(*FIELDS))
    return figures_of(rows, 0, now or timezone.now())
