"""The process 17 dashboard (#13): the page, its XLSX and PDF, and the lists behind each figure.

Every one reads reports/p17.read() for the scope reports/p17.scope_for() gives the user (the Career Center,
the Registrar's Office and management: the institution; a dean: their faculty; others: 403).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from mansap.common.indicators import Period, PeriodKind
from mansap.common.params import parse_date, parse_id
from mansap.common.views import StaffRequiredMixin
from mansap.core.models import Department, Faculty
from mansap.graduates.reports import analytics
from mansap.quality.reports import p17

STATUS_BADGES = {"green": "success", "amber": "warning", "red": "danger", "none": "secondary"}


@dataclass
class Query:
    """The dashboard's query string, read and checked: bad values give messages, not errors."""

    scope: p17.Scope
    period: Period
    on: dt.date
    on_given: bool
    errors: list[str]

    def params(self, **extra: Any) -> str:
        values: dict[str, Any] = {"year": self.period.label}
        if self.on_given:
            values["on"] = self.on.isoformat()
        if self.scope.breakdown.faculty is not None:
            values["faculty"] = self.scope.breakdown.faculty
        if self.scope.breakdown.department is not None:
            values["department"] = self.scope.breakdown.department
        values.update({k: v for k, v in extra.items() if v is not None})
        return urlencode(values)


def read_query(request: HttpRequest) -> Query:
    errors: list[str] = []
    year = request.GET.get("year", "").strip()
    period = p17.current_period()
    if year:
        try:
            period = Period.parse(PeriodKind.ACADEMIC_YEAR, year)
        except ValueError:
            errors.append(_("“{value}” is not an academic year: write it as 2025-2026.").format(value=year[:20]))
    faculty = parse_id(request.GET.get("faculty")) if request.GET.get("faculty") else None
    department = parse_id(request.GET.get("department")) if request.GET.get("department") else None
    scope = p17.scope_for(request.user, faculty=faculty, department=department)
    on_text = request.GET.get("on", "").strip()
    on = parse_date(on_text) if on_text else None
    if on_text and on is None:
        errors.append(_("“{value}” is not a date: write it as YYYY-MM-DD.").format(value=on_text[:20]))
    return Query(scope, period, on or period.end, on is not None, errors)


def year_choices(period: Period) -> list[str]:
    current = p17.current_period()
    labels = [p.label for p in reversed(current.last(6))]
    if period.label not in labels:
        labels.append(period.label)
    return labels


class DashboardView(StaffRequiredMixin, TemplateView):
    template_name = "quality/p17_dashboard.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        query = read_query(self.request)
        dashboard = p17.read(query.scope, query.period, on=query.on)
        title = _("Process 17 dashboard")
        rows_url = reverse("quality:p17_rows", args=["NUMBER"])
        cards = [
            {
                "figure": figure,
                "text": figure.text(),
                "target": figure.target_text(),
                "basis": p17.basis(figure, dashboard.cohort),
                "badge": STATUS_BADGES.get(figure.status, "secondary"),
                "as_of": analytics.format_date(figure.as_of) if figure.as_of else "",
                "drill": rows_url.replace("NUMBER", figure.number) + "?" + query.params(),
                "count": len(figure.rows) if isinstance(figure.rows, list) else None,
                "beside": [
                    {"figure": b, "text": b.text(), "basis": p17.basis(b, dashboard.cohort)} for b in figure.beside
                ],
            }
            for figure in dashboard.figures
        ]
        scope = query.scope
        faculties = Faculty.objects.filter(institution=scope.institution).order_by("code")
        if scope.faculties is not None:
            faculties = faculties.filter(pk__in=scope.faculties)
        departments = Department.objects.filter(faculty__in=faculties).order_by("code")
        if scope.breakdown.faculty is not None:
            departments = departments.filter(faculty_id=scope.breakdown.faculty)
        context.update(
            title=title,
            breadcrumbs=[(_("Process map"), reverse("quality:process_list")), (title, None)],
            query=query,
            dashboard=dashboard,
            cards=cards,
            years=year_choices(query.period),
            faculties=list(faculties),
            departments=list(departments),
            faculty_locked=scope.faculties is not None and len(scope.faculties) == 1,
            on_text=analytics.format_date(dashboard.on),
            export_query=query.params(),
            status_badges=STATUS_BADGES,
            department_rows=[
                {
                    "row": row,
                    "params": query.params(department=row.pk),
                    "counts": [row.counts.get(number, 0) for number in p17.PARTNER_KPIS],
                }
                for row in dashboard.departments
            ],
        )
        return context


class DashboardExportView(StaffRequiredMixin, View):
    """The dashboard as XLSX or PDF (?lang picks the language, else the user's)."""

    report_format = "xlsx"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from mansap.quality.reports import p17_exports

        language = request.GET.get("lang", "")
        if language not in ("kk", "ru", "en"):
            language = translation.get_language() or "kk"
        with translation.override(language):
            query = read_query(request)
            dashboard = p17.read(query.scope, query.period, on=query.on)
            if self.report_format == "pdf":
                return p17_exports.pdf_response(dashboard, language)
            return p17_exports.xlsx_response(dashboard, language)


class RowsView(StaffRequiredMixin, TemplateView):
    """The records behind one figure of the dashboard, 25 a page."""

    template_name = "quality/p17_rows.html"
    paginate_by = 25

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        number = self.kwargs["number"]
        if number not in p17.CODES:
            raise Http404
        query = read_query(self.request)
        dashboard = p17.read(query.scope, query.period, on=query.on, numbers=(number,))
        figure = dashboard.figure(number)
        page = Paginator(figure.rows, self.paginate_by).get_page(self.request.GET.get("page"))
        header, cells = p17.drill_table(number, list(page.object_list))
        title = f"KPI-{number}. {figure.title}"
        dashboard_url = reverse("quality:p17_dashboard") + "?" + query.params()
        context.update(
            title=title,
            breadcrumbs=[(_("Process 17 dashboard"), dashboard_url), (f"KPI-{number}", None)],
            figure=figure,
            text=figure.text(),
            basis=p17.basis(figure, dashboard.cohort),
            query=query,
            page_obj=page,
            header=header,
            cells=cells,
            page_query=query.params(),
            scope_label=query.scope.label,
        )
        return context
