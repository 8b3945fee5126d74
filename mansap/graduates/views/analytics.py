"""The employment analytics page and its exports, for every staff member over the graduates they may see.

Not Scoped* views: they show figures of a selection, not one object. The scope is applied where the
selection is read (reports/selection.py: Student.objects.for_user), so the page, its XLSX and its PDF
count the same graduates.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView, View

from mansap.common.views import StaffRequiredMixin
from mansap.graduates.choices import EmploymentStatus
from mansap.graduates.forms.analytics import AnalyticsFilterForm
from mansap.graduates.models import CollectionRound
from mansap.graduates.reports import analytics, verification
from mansap.graduates.reports.selection import Selection, cohort_years

if TYPE_CHECKING:
    from mansap.core.access import AnyUser

TREND_COHORTS = 5


FIGURES = (*analytics.RATE_NAMES, *analytics.SALARY_NAMES)


def read_selection(request: HttpRequest) -> tuple[Selection, AnalyticsFilterForm, dict[int, dt.date]]:
    """The selection from the query string; defaults: the latest cohort with graduates, today, by department."""
    years = cohort_years(request.user)
    form = AnalyticsFilterForm(request.GET or None, user=request.user, years=list(years))
    today = timezone.localdate()
    default_cohort = next(iter(years), today.year)
    if not request.GET:
        return Selection(cohort=default_cohort, as_of=today, dimension=analytics.DEFAULT_DIMENSION), form, years
    valid = form.is_valid()
    data = form.cleaned_data if valid else {}
    selection = Selection(
        cohort=data.get("cohort") or default_cohort,
        as_of=data.get("as_of") or today,
        dimension=data.get("by") or analytics.DEFAULT_DIMENSION,
        faculty=data.get("faculty"),
        department=data.get("department"),
        program=data.get("program"),
        funding=data.get("funding") or "",
        study_form=data.get("study_form") or "",
        valid=valid,
    )
    return selection, form, years


def trend_cohorts(years: dict[int, dt.date], cohort: int, as_of: dt.date) -> dict[int, dt.date]:
    """The last cohorts up to the selected one, each as of one year after its graduation (or the as-of date)."""
    chosen = sorted((year for year in years if year <= cohort), reverse=True)[:TREND_COHORTS]
    return {year: min(as_of, analytics.one_year_after(years[year])) for year in chosen}


def round_points(user: AnyUser, cohort: int, today: dt.date | None = None) -> list[tuple[int, str, dt.date, bool]]:
    """The cohort's rounds of the current academic year as (key, label, as of, in progress).

    A round is final as of its deadline once the deadline has passed (or the Career Center closed it); the
    round running today is "in progress", as of today; rounds that have not opened yet are left out.
    """
    today = today or timezone.localdate()
    rounds = (
        CollectionRound.objects.for_user(user)
        .filter(academic_year__is_current=True, cohort=cohort, opens_on__lte=today)
        .order_by("deadline", "number")
    )
    points = []
    for r in rounds:
        label = _("Round {number}").format(number=r.number)
        if r.deadline <= today or r.closed_at is not None:
            points.append((r.pk, label, min(r.deadline, today), False))
        else:
            points.append((r.pk, _("{round} (in progress)").format(round=label), today, True))
    return points


STATUS_COLOURS: dict[str, str] = {
    EmploymentStatus.EMPLOYED_SPECIALTY: "#1b7f3b",
    EmploymentStatus.EMPLOYED_OTHER: "#5fb36b",
    EmploymentStatus.OWN_BUSINESS: "#a3d17c",
    EmploymentStatus.CONTINUING_EDUCATION: "#2f6db5",
    EmploymentStatus.MILITARY_SERVICE: "#6f8fc4",
    EmploymentStatus.PARENTAL_LEAVE: "#a9bde0",
    EmploymentStatus.UNEMPLOYED_SEEKING: "#d9822b",
    EmploymentStatus.NOT_SEEKING: "#e8b86b",
    EmploymentStatus.UNKNOWN: "#b0b4ba",
}


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value * 100, 1)


def chart_data(kpis: dict[str, Any]) -> dict[str, Any]:
    """What the page's charts draw: the status mix, and the names of the trends' series (the trends themselves
    come after the page: the cohort trend as JSON, the rounds' trend in their fragment)."""
    counts = kpis["status_counts"]
    return {
        "status": {
            "labels": [str(label) for _value, label in EmploymentStatus.choices],
            "data": [counts[value] for value in EmploymentStatus.values],
            "colours": [STATUS_COLOURS[value] for value in EmploymentStatus.values],
        },
        "series": {
            "knowledge": _("Knowledge rate"),
            "employment": _("Employment rate"),
            "percent": _("%"),
        },
    }


def _trend(points: list[analytics.TrendPoint]) -> dict[str, Any]:
    return {
        "labels": [point.label for point in points],
        "dates": [analytics.format_date(point.as_of) for point in points],
        "in_progress": [point.in_progress for point in points],
        "knowledge": [_percent(point.kpis["knowledge_rate"]) for point in points],
        "employment": [_percent(point.kpis["employment_rate"]) for point in points],
    }


def breakdown_rows(rows: list[analytics.BreakdownRow]) -> list[dict[str, Any]]:
    return [
        {
            "code": row.code,
            "label": row.label,
            "counts": row.kpis["counts"],
            "figures": [analytics.format_kpi(name, row.kpis) for name in FIGURES],
        }
        for row in rows
    ]


def _query(request: HttpRequest) -> str:
    """The page's query string without ?lang: what its fragments and exports are asked with."""
    query = request.GET.copy()
    query.pop("lang", None)
    return query.urlencode()


class AnalyticsView(StaffRequiredMixin, TemplateView):
    """Headline KPIs and the status mix for the graduates the user may see; the breakdown, the rounds' trend, the
    cohorts' trend and the verified cards are loaded after the page has shown (the views below).

    The page computes only what its first screen shows: compute_kpis() of the selection as of the date.
    """

    template_name = "graduates/analytics.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        selection, form, years = read_selection(self.request)
        kpis = analytics.compute_kpis(selection.graduates(user), selection.as_of)
        query = _query(self.request)
        title = _("Employment analytics")
        context.update(
            title=title,
            breadcrumbs=[(title, None)],
            form=form,
            selection=selection,
            kpis=kpis,
            kpi_cards=analytics.kpi_rows(kpis),
            count_rows=analytics.count_rows(kpis),
            dimension_label=analytics.DIMENSIONS[selection.dimension],
            chart=chart_data(kpis),
            definitions=analytics.definitions(),
            as_of_text=analytics.format_date(selection.as_of),
            export_query=query,
            trend_url=f"{reverse('graduates:analytics_trend')}?{query}",
            has_graduates=bool(years),
            # #20: the verified employment rate and the covered share beside the KPIs, loaded after the page
            # (AnalyticsVerifiedView): the reconciliation's rules over the whole selection cost more than the page.
            verified_url=f"{reverse('graduates:analytics_verified')}?{query}",
            # #19: the breakdown and the rounds' trend, loaded after the page as well: each reads the graduates'
            # records again (per slice, per round), which the first screen does not need.
            breakdown_url=f"{reverse('graduates:analytics_breakdown')}?{query}",
            rounds_url=f"{reverse('graduates:analytics_rounds')}?{query}",
        )
        return context


class AnalyticsFragmentView(StaffRequiredMixin, TemplateView):
    """A part of the analytics page that the page loads after it has shown (htmx, hx-trigger="load"); without
    JavaScript, the same part on a page of its own (the page's noscript link). The same selection and scope as the
    page (read_selection, Selection.graduates)."""

    fragment_template = ""
    page_template = "graduates/analytics_part.html"
    title: str | Promise = ""

    def get_template_names(self) -> list[str]:
        if getattr(self.request, "htmx", False):
            return [self.fragment_template]
        return [self.page_template]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        selection, _form, _years = read_selection(self.request)
        title = self.get_title(selection)
        context.update(
            title=title,
            breadcrumbs=[
                (_("Employment analytics"), f"{reverse('graduates:analytics')}?{_query(self.request)}"),
                (title, None),
            ],
            selection=selection,
            as_of_text=analytics.format_date(selection.as_of),
            fragment_template=self.fragment_template,
        )
        context.update(self.figures(selection))
        return context

    def get_title(self, selection: Selection) -> str:
        return str(self.title)

    def figures(self, selection: Selection) -> dict[str, Any]:
        raise NotImplementedError


class AnalyticsBreakdownView(AnalyticsFragmentView):
    """The page's breakdown by faculty/department/program/funding/study form, with its total (kind "breakdown")."""

    fragment_template = "graduates/analytics/_breakdown.html"

    def get_title(self, selection: Selection) -> str:
        return _("Breakdown: %(dimension)s") % {"dimension": analytics.DIMENSIONS[selection.dimension]}

    def figures(self, selection: Selection) -> dict[str, Any]:
        rows, total = analytics.analyse_breakdown(
            selection.graduates(self.request.user), as_of=selection.as_of, dimension=selection.dimension
        )
        return {
            "rows": rows,
            "breakdown": breakdown_rows(rows),
            "breakdown_total": breakdown_rows(
                [analytics.BreakdownRow(key=None, label=_("Total"), code="", kpis=total)]
            )[0],
            "dimension_label": analytics.DIMENSIONS[selection.dimension],
            "figure_labels": [analytics.KPI_LABELS[name] for name in FIGURES],
        }


class AnalyticsRoundsView(AnalyticsFragmentView):
    """The selected cohort as of each collection round of the current academic year (kind "rounds"): a chart the
    page draws and the same figures as a table."""

    fragment_template = "graduates/analytics/_rounds.html"
    title = gettext_lazy("Collection rounds of the current academic year")

    def figures(self, selection: Selection) -> dict[str, Any]:
        user = self.request.user
        points = analytics.round_trend(selection.graduates(user), round_points(user, selection.cohort))
        return {
            "round_trend": points,
            "chart": {"rounds": _trend(points)},
            "round_rows": [
                {
                    "label": point.label,
                    "as_of": point.as_of,
                    "in_progress": point.in_progress,
                    "knowledge": analytics.format_rate(point.kpis["knowledge_rate"]),
                    "employment": analytics.format_rate(point.kpis["employment_rate"]),
                    "cohort": point.kpis["counts"]["cohort"],
                }
                for point in points
            ],
        }


class AnalyticsVerifiedView(AnalyticsFragmentView):
    """#20's verified employment rate and covered share of the page's selection, as the cards the page loads after
    it has shown; the figures come from reports/verification.verified_kpis, kept in the figures' cache (kpi_cache,
    kind "verified")."""

    fragment_template = "graduates/verification/_verified_cards.html"
    title = gettext_lazy("Verified employment")

    def figures(self, selection: Selection) -> dict[str, Any]:
        graduates = selection.graduates(self.request.user)
        return {"verified_cards": verification.rate_cards(verification.verified_kpis(graduates, selection.as_of))}


class AnalyticsTrendView(StaffRequiredMixin, View):
    """The knowledge and employment rates of the last cohorts, as JSON for the page's trend chart.

    One aggregated query over every cohort (analytics.cohort_trend), still a walk over all their graduates,
    so the page loads this after it has shown.
    """

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        selection, _form, years = read_selection(request)
        points = analytics.cohort_trend(
            selection.base_graduates(request.user), trend_cohorts(years, selection.cohort, selection.as_of)
        )
        return JsonResponse(_trend(points))


class AnalyticsExportView(StaffRequiredMixin, View):
    """The selection as a report: ?format is the report's formatter (xlsx or pdf); ?lang picks the language."""

    report_format = "xlsx"

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from mansap.graduates.reports.exports import EmploymentAnalyticsReport

        if not EmploymentAnalyticsReport.is_available_to(request.user):
            raise Http404
        language = request.GET.get("lang", "")
        if language not in ("kk", "ru", "en"):
            language = translation.get_language() or "kk"
        with translation.override(language):
            selection, _form, _years = read_selection(request)
            report = EmploymentAnalyticsReport(user=request.user, selection=selection, formatter=self.report_format)
            return report.generate()
