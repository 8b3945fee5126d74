"""The studentbody's reports: the monthly movement of the contingent (R-123), with XLSX and PDF in kk/ru/en.

The page reads `reports.movement.movement_report`, built on the same reader as the `movement_report` command
(`movement_by_program`), over the periods in the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from mansap.common.exports import pdf_response, xlsx_response
from mansap.common.forms import BootstrapForm, DateInput
from mansap.common.views import StaffRequiredMixin
from mansap.core.access import VIEW
from mansap.studentbody.models import StudentPeriod
from mansap.studentbody.reports import exports, grants
from mansap.studentbody.reports.movement import month_bounds, movement_report
from mansap.studentbody.views.documents import document_language


class MonthForm(BootstrapForm):
    month = forms.CharField(
        label=gettext_lazy("Month"), required=False, widget=forms.TextInput(attrs={"type": "month"})
    )

    def clean_month(self) -> str:
        value = self.cleaned_data.get("month") or ""
        if value:
            try:
                month_bounds(value)
            except ValueError:
                raise forms.ValidationError(_("Give the month as YYYY-MM, e.g. 2026-10.")) from None
        return value

    def chosen(self) -> str:
        """The month asked for, else the current one."""
        if self.is_valid() and self.cleaned_data.get("month"):
            return str(self.cleaned_data["month"])
        return timezone.localdate().strftime("%Y-%m")


class MovementReportView(StaffRequiredMixin, TemplateView):
    template_name = "studentbody/reports/movement.html"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        export = request.GET.get("export")
        if export in ("xlsx", "pdf"):
            month = MonthForm(request.GET).chosen()
            with translation.override(document_language(request)):
                report = movement_report(StudentPeriod.objects.for_user(request.user, VIEW), month)
                name = exports.movement_title(report)
                if export == "pdf":
                    return pdf_response(exports.movement_pdf(report), name)
                return xlsx_response(exports.movement_xlsx(report), name)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form = MonthForm(self.request.GET or None)
        month = form.chosen()
        report = movement_report(StudentPeriod.objects.for_user(self.request.user, VIEW), month)
        first, last = month_bounds(month)
        context.update(
            form=form, month=month, report=report, header=exports.movement_header(report)[3:-2],
            rows=[(line, line.cells(report.kinds)) for line in report.lines],
            total_cells=exports.Line(_("Total"), report.total, "", "total").cells(report.kinds),
            start_day=first - dt.timedelta(days=1), last_day=last, title=_("Monthly movement of the contingent"),
        )  # fmt: skip
        context["breadcrumbs"] = [(context["title"], None)]
        return context


class PeriodForm(BootstrapForm):
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())

    def dates(self) -> tuple[dt.date, dt.date]:
        """The dates asked for, else the academic year so far (from 1 September)."""
        today = timezone.localdate()
        default_start = dt.date(today.year if today.month >= 9 else today.year - 1, 9, 1)
        data = self.cleaned_data if self.is_valid() else {}
        return data.get("start") or default_start, data.get("end") or today


class VacatedGrantsView(StaffRequiredMixin, TemplateView):
    template_name = "studentbody/reports/vacated_grants.html"

    def places(self) -> tuple[PeriodForm, dt.date, dt.date, list[grants.Place]]:
        form = PeriodForm(self.request.GET or None)
        start, end = form.dates()
        periods = StudentPeriod.objects.for_user(self.request.user, VIEW)
        return form, start, end, grants.vacated_places(periods, start, end)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            with translation.override(document_language(request)):
                _form, start, end, places = self.places()
                title = _("Vacated state-grant places {start}–{end}").format(
                    start=start.strftime("%d.%m.%Y"), end=end.strftime("%d.%m.%Y")
                )
                return xlsx_response(exports.grants_xlsx(places), title)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form, start, end, places = self.places()
        context.update(
            form=form, start=start, end=end, places=places, summary=grants.summary(places),
            title=_("Vacated state-grant places"),
        )  # fmt: skip
        context["breadcrumbs"] = [(context["title"], None)]
        return context
