"""The service desk's KPI providers for the quality app (mansap.common.indicators' contract).

servicedesk.enquiries_within_target (process 8, R-161): the share of the public enquiries received in the period
answered within their topic's target (2 working hours unless the topic says otherwise), over those whose outcome is
known (reports.enquiries). The rows behind the figure are those enquiries.

servicedesk.requests_within_sla (process 8): the share of the requests issued in the period within their service's
SLA in working days (reports.sla.read, the reader of the figures page and its XLSX too).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.indicators import WHOLE, Breakdown, Indicator, Measurement, Period, Unit, register
from mansap.servicedesk.models.enquiries import Enquiry, EnquiryStatus
from mansap.servicedesk.reports import sla
from mansap.servicedesk.reports.enquiries import period_figures, received_between


@register
class EnquiriesWithinTarget(Indicator):
    code = "servicedesk.enquiries_within_target"
    title = _("Share of public enquiries answered within the target time")
    unit = Unit.SHARE

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        enquiries = Enquiry.objects.filter(institution=institution)
        figures = period_figures(enquiries, period.start, period.end)
        decided = Q(status=EnquiryStatus.ANSWERED) | Q(due_at__lt=timezone.now())
        rows = received_between(enquiries, period.start, period.end).filter(decided).order_by("received_at")
        return Measurement.share(figures.within, figures.decided, rows=rows)


@register
class RequestsWithinSla(Indicator):
    code = "servicedesk.requests_within_sla"
    title = _("Service desk requests issued within the SLA (share)")
    unit = Unit.SHARE

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        figures = sla.read(institution, period.start, period.end)
        return Measurement.share(figures.total.within_sla, figures.total.issued, rows=figures.within)


__all__ = ["EnquiriesWithinTarget", "RequestsWithinSla"]
