"""The service desk's KPI provider for the quality app (issue #16): the share of the requests issued within their
SLA, among those received in the period and issued (mansap.common.indicators' contract)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.indicators import WHOLE, Breakdown, Indicator, Measurement, Period, Unit, register
from mansap.servicedesk.choices import RequestStatus
from mansap.servicedesk.reports.sla import institution_requests


@register
class RequestsWithinSla(Indicator):
    code = "servicedesk.requests_within_sla"
    title = _("Service desk requests issued within the SLA (share)")
    unit = Unit.SHARE

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        issued = [
            r
            for r in institution_requests(institution, period.start, period.end).filter(status=RequestStatus.ISSUED)
            if r.closed_at
        ]
        within = [r for r in issued if r.closed_at <= r.due_at]
        return Measurement.share(len(within), len(issued), rows=within)
