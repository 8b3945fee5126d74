"""SLA figures of the service desk per service and month (issue #16): requests received, requests issued, the
median working time from receipt to issue, and the share of the issued requests issued by their due date.

A request counts in the month it was received. The working time is the working-day clock's
(services.calendar.working_time_between), so a weekend or Nauryz does not lengthen it.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from mansap.servicedesk.choices import RequestStatus
from mansap.servicedesk.models import ServiceRequest
from mansap.servicedesk.services import calendar


@dataclass(frozen=True)
class SlaRow:
    service: Any
    month: str  # YYYY-MM
    received: int
    issued: int
    within_sla: int
    median_hours: Decimal | None  # working hours from receipt to issue

    @property
    def share_within_sla(self) -> Decimal | None:
        return (Decimal(self.within_sla) / Decimal(self.issued)).quantize(Decimal("0.0001")) if self.issued else None


def sla_rows(requests: Iterable[ServiceRequest]) -> list[SlaRow]:
    """One row per (service, month of receipt), in the catalogue's order then by month."""
    groups: dict[tuple[int, str], list[ServiceRequest]] = {}
    services: dict[int, Any] = {}
    for request in requests:
        month = timezone.localtime(request.received_at).strftime("%Y-%m")
        groups.setdefault((request.service_id, month), []).append(request)
        services[request.service_id] = request.service
    rows = []
    for (service_id, month), found in groups.items():
        issued = [r for r in found if r.status == RequestStatus.ISSUED and r.closed_at]
        hours = [calendar.working_time_between(r.received_at, r.closed_at) / dt.timedelta(hours=1) for r in issued]  # type: ignore[arg-type]
        median = Decimal(str(round(statistics.median(hours), 2))) if hours else None
        within = sum(1 for r in issued if r.closed_at and r.closed_at <= r.due_at)
        rows.append(SlaRow(services[service_id], month, len(found), len(issued), within, median))
    return sorted(rows, key=lambda row: (row.service.position, row.service.code, row.month))


def institution_requests(institution: Any, start: dt.date, end: dt.date) -> Any:
    """The institution's requests received between two dates (inclusive, local time)."""
    return ServiceRequest.objects.filter(
        institution=institution, received_at__date__gte=start, received_at__date__lte=end
    ).select_related("service")
