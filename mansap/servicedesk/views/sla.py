"""The desk's SLA figures per service and month (R-126) and their XLSX: the numbers of reports.sla.read, the same
reader as the quality app's indicator."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.exports import sheets_to_xlsx, xlsx_response
from mansap.common.views import StaffRequiredMixin
from mansap.core.access import institution_for, is_service_desk_staff
from mansap.servicedesk.forms.sla import SlaFilterForm
from mansap.servicedesk.reports import sla


def month_label(month: str) -> str:
    """'2026-03' → 'March 2026' in the page's language; '' (the total) → 'Total'."""
    if not month:
        return _("Total")
    year, number = month.split("-")
    return f"{MONTHS[int(number)]} {year}"


def header() -> list[str]:
    return [
        _("Service"), _("Month"), _("Received"), _("Issued"), _("Median time, working hours"),
        _("Median time, working days"), _("Issued within the SLA"), _("Share within the SLA"),
    ]  # fmt: skip


def cells(row: sla.SlaRow) -> list[Any]:
    return [
        row.service.name if row.service is not None else _("All services"), month_label(row.month), row.received,
        row.issued, row.median_hours, row.median_days, row.within_sla, row.share_within_sla,
    ]  # fmt: skip


class SlaFiguresView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        if not is_service_desk_staff(request.user):
            raise PermissionDenied
        institution = institution_for(request.user, or_raise=PermissionDenied)
        form = SlaFilterForm(request.GET or None, institution=institution)
        start, end, service = form.period()
        figures = sla.read(institution, start, end, service)
        if request.GET.get("export") == "xlsx" and (not form.is_bound or form.is_valid()):
            rows = [cells(row) for row in [*figures.rows, figures.total]]
            content = sheets_to_xlsx([(_("SLA figures"), header(), rows)])
            return xlsx_response(content, f"sla-{start:%Y-%m}-{end:%Y-%m}")
        query = request.GET.copy()
        query["export"] = "xlsx"
        context = {
            "title": _("Service desk: SLA figures"),
            "breadcrumbs": [(_("Queue"), reverse("servicedesk:queue")), (_("SLA figures"), None)],
            "form": form, "figures": figures, "start": start, "end": end,
            "rows": [(row, month_label(row.month)) for row in figures.rows],
            "xlsx_query": query.urlencode(),
        }  # fmt: skip
        return render(request, "servicedesk/sla.html", context, status=400 if form.is_bound and form.errors else 200)
