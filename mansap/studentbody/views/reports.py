"""The studentbody's reports: the monthly movement of the contingent (R-123), with XLSX and PDF in kk/ru/en.

The page reads `reports.movement.movement_report`, built on the same reader as the `movement_report` command
(`movement_by_program`), over the periods in the user's scope."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from mansap.common.exports import pdf_response, xlsx_response
from mansap.common.forms import BootstrapForm, DateInput, ScopedModelForm
from mansap.common.views import ScopedEditView, StaffRequiredMixin
from mansap.core.access import VIEW, get_for_user_or_404, institution_for, is_contingent_editor
from mansap.studentbody.forms import ContingentForm
from mansap.studentbody.models import ReportLayout, StudentPeriod
from mansap.studentbody.reports import exports, grants, layouts
from mansap.studentbody.reports.movement import month_bounds, movement_report
from mansap.studentbody.services import layouts as layout_services
from mansap.studentbody.views.contingent import _labels
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


# ---- Statistical reports with configurable layouts (Q22) ----------------------------------------------------------


def _value_label(institution: Any) -> Any:
    cache: dict[str, dict[str, str]] = {}

    def label(key: str, value: Any) -> str:
        if value is None or value == "":
            return _("not known")
        if key not in cache:
            cache[key] = _labels(key, [], institution, everything=True) if key != "citizenship" else {}
        return cache[key].get(str(value), str(value))

    return label


def chosen_layout(request: HttpRequest) -> Any:
    """?layout=<pk> (a stored layout of the user's institution), ?default=<code>, else the first default."""
    pk = request.GET.get("layout")
    if pk:
        return get_for_user_or_404(ReportLayout, request.user, pk)
    return layouts.DEFAULTS.get(request.GET.get("default", ""), layouts.DEFAULTS["3-nk"])


class LayoutReportView(StaffRequiredMixin, TemplateView):
    template_name = "studentbody/reports/layout.html"

    def table(self) -> tuple[Any, Any, layouts.LayoutTable]:
        layout = chosen_layout(self.request)
        form = ContingentForm(self.request.GET or None)
        periods = StudentPeriod.objects.for_user(self.request.user, VIEW)
        label = _value_label(institution_for(self.request.user))
        return form, layout, layouts.render(periods, layout.rows, layout.columns, form.day(), label)

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.GET.get("export") == "xlsx":
            with translation.override(document_language(request)):
                _form, layout, table = self.table()
                title = f"{layout.name} {table.day.strftime('%d.%m.%Y')}"
                return xlsx_response(exports.layout_xlsx(str(layout.name), table), title)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        form, layout, table = self.table()
        institution = institution_for(self.request.user)
        stored = ReportLayout.objects.filter(institution=institution) if institution else ReportLayout.objects.none()
        context.update(
            form=form, layout=layout, table=table, defaults=layouts.DEFAULTS.values(), stored=stored,
            editor=is_contingent_editor(self.request.user), keys=dict(layouts.key_choices()),
            query=self.request.GET.urlencode(), title=_("Statistical reports"),
        )  # fmt: skip
        context["breadcrumbs"] = [(context["title"], None)]
        return context


class ReportLayoutForm(ScopedModelForm):
    rows = forms.MultipleChoiceField(
        label=gettext_lazy("Rows"), required=False, widget=forms.SelectMultiple(attrs={"size": 9})
    )
    columns = forms.MultipleChoiceField(
        label=gettext_lazy("Columns"), required=False, widget=forms.SelectMultiple(attrs={"size": 9})
    )

    class Meta:
        model = ReportLayout
        fields = ["name_kk", "name_ru", "name_en", "rows", "columns"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("rows", "columns"):
            self.fields[name].choices = layouts.key_choices()  # type: ignore[attr-defined]


class LayoutEditView(ScopedEditView):
    """A new layout (no pk; ?default=1-nk starts from a default) or a stored one; the SSC only."""

    queryset = ReportLayout.objects.all()
    form_class = ReportLayoutForm

    def get_object(self, queryset: Any = None) -> Any:
        if not is_contingent_editor(self.request.user):
            if self.kwargs.get("pk") is not None:
                super().get_object(queryset)  # 404 outside the scope first
            raise PermissionDenied
        return super().get_object(queryset)

    def get_initial(self) -> dict[str, Any]:
        initial = super().get_initial()
        start = layouts.DEFAULTS.get(self.request.GET.get("default", ""))
        if start is not None and not self.kwargs.get("pk"):
            with translation.override("kk"):
                initial["name_kk"] = str(start.name)
            with translation.override("ru"):
                initial["name_ru"] = str(start.name)
            with translation.override("en"):
                initial["name_en"] = str(start.name)
            initial.update(rows=start.rows, columns=start.columns)
        return initial

    def save(self, form: Any) -> ReportLayout:
        values = {name: form.cleaned_data[name] for name in layout_services.FIELDS}
        layout = form.instance
        if not layout.pk:
            layout.institution = institution_for(self.request.user, or_raise=PermissionDenied)
        return layout_services.save_layout(layout, acting_user=self.request.user, **values)
