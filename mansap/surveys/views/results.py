"""The results page of a campaign (charts per question), its XLSX and PDF exports, and the units' responses.

Every page of one campaign or unit response fetches it through core.access (the Scoped* bases or
get_for_user_or_404): outside the user's scope 404, a reader's write 403. A department reading an
institution-wide campaign sees its own audience's figures (querysets.results_departments).
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any
from urllib.parse import quote

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from openpyxl import Workbook

from mansap.common.exports import XLSX_CONTENT_TYPE, text_cell, xlsx_response
from mansap.common.params import parse_id
from mansap.common.typing import AuthedRequest
from mansap.common.views import (
    ScopedActionView,
    ScopedDetailView,
    ScopedListView,
    ScopedMixin,
    ScopedServiceFormView,
)
from mansap.core.access import CHANGE, VIEW, get_for_user_or_404, is_career_center_editor, user_can_change
from mansap.core.models import Department, EducationalProgram
from mansap.surveys import filtersets, forms, tables
from mansap.surveys.choices import LANGUAGE_CODES, QuestionType
from mansap.surveys.models import Campaign, ResultsResponse
from mansap.surveys.querysets import results_departments
from mansap.surveys.reports import results
from mansap.surveys.services import results as services


def load_results(campaign: Campaign, request: HttpRequest) -> results.CampaignResults:
    return results.campaign_results(
        campaign,
        program_id=parse_id(request.GET.get("program")),
        department_id=parse_id(request.GET.get("department")),
        departments=results_departments(request.user, campaign),
    )


class CampaignResultsView(ScopedDetailView):
    queryset = Campaign.objects.select_related("questionnaire", "headline_question", "department")
    template_name = "surveys/campaign_results.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign: Campaign = self.object
        data = load_results(campaign, self.request)
        charts = {f"chart-{r.question.pk}": r.chart() for r in data.questions if r.chart()}
        gaps_chart = [
            {
                "id": f"gap-{prep.pk}",
                "labels": [g.label for g in gaps],
                "importance": [float(g.importance) for g in gaps],
                "preparedness": [float(g.preparedness) for g in gaps],
            }
            for _imp, prep, gaps in data.gaps
        ]
        program_ids = [r.key for r in data.by_program if r.key]
        context.update(
            data=data,
            charts={
                "questions": charts,
                "gaps": gaps_chart,
                "labels": {
                    "count": _("Answers"),
                    "mean": _("Mean (1–5)"),
                    "importance": _("Importance"),
                    "preparedness": _("Preparedness"),
                },
            },
            programs=EducationalProgram.objects.filter(pk__in=program_ids).order_by("code"),
            departments=Department.objects.filter(pk__in=[r.key for r in data.by_department if r.key]),
            query=self.request.GET.urlencode(),
            limited=results_departments(self.request.user, campaign) is not None,
            title=_("Results: {campaign}").format(campaign=campaign),
        )
        context["breadcrumbs"] = [
            *self.breadcrumbs(),
            (str(campaign), campaign.get_absolute_url()),
            (_("Results"), None),
        ]
        context.update(self.unit_responses(campaign))
        return context

    def unit_responses(self, campaign: Campaign) -> dict[str, Any]:
        """The units' summaries and plans (R-071), and the form for a unit that has not responded yet."""
        user = self.request.user
        rows = list(
            ResultsResponse.objects.for_user(user, VIEW)
            .filter(campaign=campaign)
            .select_related("department", "author", "reviewed_by")
            .order_by("department__code")
        )
        writable = set(
            ResultsResponse.objects.for_user(user, CHANGE).filter(campaign=campaign).values_list("pk", flat=True)
        )
        for row in rows:
            row.can_change = row.pk in writable  # type: ignore[attr-defined]
        due = services.results_response_due(campaign)
        form = None
        if due is not None:
            form = forms.ResultsResponseForm(user=user, campaign=campaign)
            if not form.fields["department"].queryset.exists():  # type: ignore[attr-defined]
                form = None
        return {
            "unit_responses": rows,
            "unit_response_form": form,
            "unit_response_due": due,
            "may_review": is_career_center_editor(user),  # quality assurance
        }


def _fmt(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return "" if value is None else value


def results_rows(data: results.CampaignResults) -> list[list[Any]]:
    """The results as rows of one sheet: the headline figures, rates, then each question."""
    few = _("fewer than {n} answers").format(n=data.min_slice)
    rows: list[list[Any]] = [
        [_("Campaign"), str(data.campaign)],
        [_("Questionnaire"), str(data.campaign.questionnaire)],
        [_("Invited"), data.invited],
        [_("Responded"), data.responded],
        [_("Response rate, %"), _fmt(data.rate)],
        [_("Answers"), data.respondents],
        [_("Answers through the public link"), few if data.suppressed else data.public],
        [_("Share of public-link answers, %"), few if data.suppressed else _fmt(data.public_percent)],
        [_("Headline score"), _fmt(data.headline) if not data.suppressed else few],
        [],
        [_("Response rate by program"), _("Invited"), _("Responded"), _("Response rate, %")],
    ]
    rows += [[r.label, r.invited, r.responded, _fmt(r.rate)] for r in data.by_program]
    rows += [[], [_("Response rate by department"), _("Invited"), _("Responded"), _("Response rate, %")]]
    rows += [[r.label, r.invited, r.responded, _fmt(r.rate)] for r in data.by_department]
    for number, result in enumerate(data.questions, start=1):
        rows += [[], [f"{number}. {result.question.text}", _("Answers"), _("Share, %"), _("Mean")]]
        if result.suppressed:
            rows.append([few])
            continue
        rows.append([_("Respondents"), result.n, "", _fmt(result.mean)])
        rows += [[bar.label, bar.count, _fmt(bar.percent), ""] for bar in result.bars]
        rows += [[row.label, row.n, "", _fmt(row.mean)] for row in result.rows]
        if result.numbers is not None:
            rows += [
                [_("Minimum"), "", "", _fmt(result.numbers.minimum)],
                [_("Median"), "", "", _fmt(result.numbers.median)],
                [_("Maximum"), "", "", _fmt(result.numbers.maximum)],
            ]
        rows += [[text] for text in result.texts]
    for _importance, _prepared, gaps in data.gaps:
        rows += [[], [_("Competency gaps"), _("Importance"), _("Preparedness"), _("Gap")]]
        rows += [[g.label, _fmt(g.importance), _fmt(g.preparedness), _fmt(g.gap)] for g in gaps]
    return rows


class CampaignResultsExportView(ScopedMixin, View):
    """XLSX or PDF of the results in the chosen language (?lang=kk|ru|en, default the page's).

    A file, not a page: the campaign is fetched in the user's view scope (404 outside it) by hand.
    """

    queryset: QuerySet[Campaign] = Campaign.objects.select_related("questionnaire", "headline_question")

    def get(self, request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
        campaign = get_for_user_or_404(self.queryset, request.user, pk)
        language = request.GET.get("lang") or (translation.get_language() or "kk")[:2]
        if language not in LANGUAGE_CODES:
            language = "kk"
        with translation.override(language):
            data = load_results(campaign, request)
            name = f"{campaign.title} {timezone.localdate().isoformat()}"
            if fmt == "xlsx":
                return xlsx_response(self.xlsx(data), name)
            if fmt == "pdf":
                return self.pdf(data, name, language)
        raise Http404

    def xlsx(self, data: results.CampaignResults) -> bytes:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet(_("Results")[:31])
        for row in results_rows(data):
            ws.append([text_cell(ws, value) for value in row])
        out = BytesIO()
        wb.save(out)
        return out.getvalue()

    def pdf(self, data: results.CampaignResults, name: str, language: str) -> HttpResponse:
        from weasyprint import HTML

        html = render_to_string(
            "surveys/pdf/results.html",
            {
                "data": data,
                "language": language,
                "generated": timezone.localtime().strftime("%d.%m.%Y %H:%M"),
                "matrix": QuestionType.MATRIX,
            },
        )
        response = HttpResponse(HTML(string=html).write_pdf(), content_type="application/pdf")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}.pdf"
        response["Cache-Control"] = "private, no-store"
        return response


__all__ = ["XLSX_CONTENT_TYPE", "CampaignResultsExportView", "CampaignResultsView"]


# ---- Unit responses to the results (R-071) -------------------------------------------------------------------
class ResultsResponseListView(ScopedListView):
    queryset = ResultsResponse.objects.select_related("campaign", "department", "author")
    filterset_class = filtersets.ResultsResponseFilterSet
    table_class = tables.ResultsResponseTable


class ResultsResponseFormView(ScopedServiceFormView):
    """A unit's summary and plan (the form's response is the page's object), saved through the service."""

    form_class = forms.ResultsResponseForm
    template_name = "surveys/builder_form.html"
    request: AuthedRequest

    def get_form_kwargs(self, obj: ResultsResponse) -> dict[str, Any]:
        return {"instance": obj, "user": self.request.user, "campaign": obj.campaign}

    def perform(self, obj: ResultsResponse, form: Any) -> ResultsResponse:
        return services.save_results_response(form.instance, acting_user=self.request.user)

    def get_success_message(self, obj: ResultsResponse, result: ResultsResponse) -> str:
        return _("The unit's response is saved.")

    def get_success_url(self, obj: ResultsResponse, result: ResultsResponse) -> str:
        return result.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        # Past ScopedServiceFormView's own: its breadcrumbs name the object (str), which a new response cannot
        # before its unit is chosen; the title, cancel link and breadcrumbs are all set here instead.
        context = super(ScopedServiceFormView, self).get_context_data(**kwargs)
        obj: ResultsResponse = context["object"]
        campaign = obj.campaign
        label = _("Edit the unit's response") if obj.pk else _("The unit's response to the results")
        results_url = reverse("surveys:campaign_results", args=[campaign.pk])
        context.update(
            title=label,
            cancel_url=results_url + "#unit-responses",
            breadcrumbs=[
                (capfirst(str(Campaign._meta.verbose_name_plural)), reverse("surveys:campaign_list")),
                (str(campaign), campaign.get_absolute_url()),
                (_("Results"), results_url),
                (label, None),
            ],
        )
        return context


class ResultsResponseEditView(ResultsResponseFormView):
    """Change a unit's summary and plan (while it is being prepared); the results page is where it starts."""

    queryset = ResultsResponse.objects.select_related("campaign", "department")


class ResultsResponseAddView(ResultsResponseFormView):
    """Write a unit's response to a campaign's results: the URL's pk is the campaign's, which the user must see
    and answer for (a unit of theirs, with write access, that the campaign surveyed; else 403)."""

    queryset = Campaign.objects.all()
    action = VIEW

    def get_object(self) -> ResultsResponse:
        campaign: Campaign = super().get_object()
        if not services.responding_departments(self.request.user, campaign).exists():
            raise PermissionDenied
        return ResultsResponse(campaign=campaign)


class ResultsResponseActionView(ScopedActionView):
    """Present (the unit), review, return or publish (quality assurance) a unit's response.

    Fetched in the view scope only (404 outside it): who may act depends on the step, so `act` decides
    (403): quality assurance reviews, returns and publishes; the unit's own staff with write access present.
    """

    queryset = ResultsResponse.objects.all()
    action = VIEW
    request: AuthedRequest

    def act(self, obj: ResultsResponse) -> ResultsResponse:
        step = services.UNIT_RESPONSE_STEPS.get(self.kwargs["step"])
        if step is None:
            raise Http404
        reviewer_only = step[2]
        if reviewer_only:
            if not is_career_center_editor(self.request.user):
                raise PermissionDenied
        elif not user_can_change(self.request.user, obj):
            raise PermissionDenied
        return services.advance_results_response(obj, self.kwargs["step"], acting_user=self.request.user)

    def get_success_message(self, obj: ResultsResponse, result: ResultsResponse) -> str:
        return _("Status: {status}.").format(status=obj.get_status_display())


class PublishedResponsesView(LoginRequiredMixin, View):
    """For students: the units' published summaries and plans (R-071: published on the student portal).

    Not a staff page about one object: a student reads what was published to their institution's students.
    """

    def get(self, request: HttpRequest) -> HttpResponse:
        student = getattr(request.user, "student", None)
        if student is None:
            raise PermissionDenied
        rows = (
            ResultsResponse.objects.published()
            .filter(campaign__institution_id=student.institution_id)
            .select_related("campaign", "department")
            .order_by("-published_on", "-pk")[:100]
        )
        context = {"rows": rows, "title": _("What we do about your survey answers")}
        return render(request, "surveys/published_responses.html", context)
