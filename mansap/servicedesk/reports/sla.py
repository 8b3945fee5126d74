"""SLA figures of the service desk per service and month (issue #16, R-126): requests received, requests issued,
the median time from receipt to issue in working hours and working days, and the share of the issued requests
issued by their due date.

A request counts in the month it was received. The time is the working-day clock's
(services.calendar.working_time_between on the institution's calendar), so a weekend, Nauryz or a moved day off
does not lengthen it; a working day is the institution's opening hours (9:00–18:00 unless the desk changed them).

`read(institution, start, end, service=None)` is the one reader: the figures page, its XLSX and the quality app's
indicator (indicators.RequestsWithinSla) all take their numbers from it.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from mansap.servicedesk.choices import RequestStatus
from mansap.servicedesk.models import ServiceRequest
from mansap.servicedesk.services import calendar


@dataclass(frozen=True)
class SlaRow:
    service: Any  # None: the total of every service
    month: str  # YYYY-MM; "" for the period's total
    received: int
    issued: int
    within_sla: int
    median_hours: Decimal | None  # working hours from receipt to issue
    median_days: Decimal | None = None  # the same in working days

    @property
    def share_within_sla(self) -> Decimal | None:
        return (Decimal(self.within_sla) / Decimal(self.issued)).quantize(Decimal("0.0001")) if self.issued else None


@dataclass(frozen=True)
class SlaFigures:
    rows: list[SlaRow]
    total: SlaRow
    within: list[ServiceRequest] = field(default_factory=list)  # the requests issued within the SLA


def _issued(request: ServiceRequest) -> bool:
    return request.status == RequestStatus.ISSUED and request.closed_at is not None


def _within(request: ServiceRequest) -> bool:
    return _issued(request) and request.closed_at is not None and request.closed_at <= request.due_at


def _row(service: Any, month: str, found: list[ServiceRequest], day_hours: float) -> SlaRow:
    issued = [r for r in found if _issued(r)]
    hours = [
        calendar.working_time_between(r.received_at, r.closed_at, institution=r.institution_id)  # type: ignore[arg-type]
        / dt.timedelta(hours=1)
        for r in issued
    ]
    median = statistics.median(hours) if hours else None
    return SlaRow(
        service, month, len(found), len(issued), sum(1 for r in issued if _within(r)),
        Decimal(str(round(median, 2))) if median is not None else None,
        Decimal(str(round(median / day_hours, 2))) if median is not None and day_hours else None,
    )  # fmt: skip


def _day_hours(requests: list[ServiceRequest]) -> float:
    if not requests:
        return 0.0
    opens, closes = calendar.working_hours(requests[0].institution_id)
    span = dt.datetime.combine(dt.date.min, closes) - dt.datetime.combine(dt.date.min, opens)
    return span / dt.timedelta(hours=1)


def sla_rows(requests: Iterable[ServiceRequest]) -> list[SlaRow]:
    """One row per (service, month of receipt), in the catalogue's order then by month."""
    found = list(requests)
    day_hours = _day_hours(found)
    groups: dict[tuple[int, str], list[ServiceRequest]] = {}
    services: dict[int, Any] = {}
    for request in found:
        month = timezone.localtime(request.received_at).strftime("%Y-%m")
        groups.setdefault((request.service_id, month), []).append(request)
        services[request.service_id] = request.service
    rows = [_row(services[service_id], month, group, day_hours) for (service_id, month), group in groups.items()]
    return sorted(rows, key=lambda row: (row.service.position, row.service.code, row.month))


def institution_requests(institution: Any, start: dt.date, end: dt.date) -> Any:
    """The institution's requests received between two dates (inclusive, local time)."""
    lo = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    hi = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    found = ServiceRequest.objects.filter(institution=institution, received_at__gte=lo, received_at__lt=hi)
    return found.select_related("service")


def read(institution: Any, start: dt.date, end: dt.date, service: Any = None) -> SlaFigures:
    """The figures of the requests received between two dates (one service's, or every service's): a row per
    service and month, the period's total, and the requests issued within the SLA (the indicator's rows)."""
    queryset = institution_requests(institution, start, end)
    if service is not None:
        queryset = queryset.filter(service=service)
    found = list(queryset.order_by("received_at", "pk"))
    total = _row(None, "", found, _day_hours(found))
    return SlaFigures(rows=sla_rows(found), total=total, within=[r for r in found if _within(r)])
