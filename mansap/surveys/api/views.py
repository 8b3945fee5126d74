"""Viewsets of the surveys API: questionnaires (read) and campaigns (with their results)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from mansap.common.api import ScopedViewSet
from mansap.surveys import filtersets
from mansap.surveys.api.serializers import (
    CampaignResultsSerializer,
    CampaignSerializer,
    QuestionnaireDetailSerializer,
    QuestionnaireSerializer,
)
from mansap.surveys.models import Campaign, Questionnaire
from mansap.surveys.models import Response as SurveyResponse
from mansap.surveys.querysets import results_departments
from mansap.surveys.reports import results


class QuestionnaireViewSet(ScopedViewSet):
    queryset = Questionnaire.objects.annotate(
        question_count=Count("sections__questions", distinct=True),
        answered=Exists(SurveyResponse.objects.filter(campaign__questionnaire=OuterRef("pk"))),
    ).order_by("kind", "family", "version")
    serializer_class = QuestionnaireSerializer
    filterset_class = filtersets.QuestionnaireFilterSet
    http_method_names = ["get", "head", "options"]
    staff_only = True  # logged in (the default permission) and staff (common.api.IsStaffMember)

    def get_queryset(self) -> Any:
        queryset = super().get_queryset()
        if self.action == "retrieve":
            queryset = queryset.prefetch_related("sections__questions__choices")
        return queryset

    def get_serializer_class(self) -> Any:
        return QuestionnaireDetailSerializer if self.action == "retrieve" else QuestionnaireSerializer

    def paginate_queryset(self, queryset: Any) -> Any:
        page = super().paginate_queryset(queryset)
        for questionnaire in page or []:
            questionnaire._locked = bool(questionnaire.answered)  # annotated: no query per row
        return page

    def get_object(self) -> Any:
        obj = super().get_object()
        obj._locked = bool(obj.answered)
        return obj


class CampaignViewSet(ScopedViewSet):
    queryset = (
        Campaign.objects.with_list_related().prefetch_related("programs", "organizations").order_by("-opens_on", "-pk")
    )
    serializer_class = CampaignSerializer
    filterset_class = filtersets.CampaignFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    staff_only = True
    ordering_fields = ["opens_on", "closes_on"]

    @extend_schema(responses=CampaignResultsSerializer)
    @action(detail=True, methods=["get"])
    def results(self, request: Request, pk: str | None = None) -> Response:
        """Aggregate results; groups below the campaign's minimum slice carry `suppressed: true` and no figures."""
        campaign = self.get_object()
        data = results.campaign_results(campaign, departments=results_departments(request.user, campaign))

        def num(value: Any) -> Any:
            return None if value is None else float(value)

        questions = []
        for r in data.questions:
            entry: dict[str, Any] = {"question": r.question.pk, "kind": r.kind, "suppressed": r.suppressed}
            if not r.suppressed:
                entry.update(
                    n=r.n,
                    mean=num(r.mean),
                    distribution=[
                        {"key": b.key, "label": b.label, "count": b.count, "percent": num(b.percent)} for b in r.bars
                    ],
                    rows=[{"code": row.code, "label": row.label, "n": row.n, "mean": num(row.mean)} for row in r.rows],
                )
            questions.append(entry)
        return Response(
            {
                "campaign": campaign.pk,
                "min_slice": data.min_slice,
                "invited": data.invited,
                "responded": data.responded,
                "response_rate": num(data.rate),
                "respondents": None if data.suppressed else data.respondents,
                "public_answers": None if data.suppressed else data.public,
                "public_percent": None if data.suppressed else num(data.public_percent),
                "suppressed": data.suppressed,
                "headline_score": num(data.headline),
                "by_program": [
                    {"program": r.key, "invited": r.invited, "responded": r.responded, "rate": num(r.rate)}
                    for r in data.by_program
                ],
                "by_department": [
                    {"department": r.key, "invited": r.invited, "responded": r.responded, "rate": num(r.rate)}
                    for r in data.by_department
                ],
                "gaps": [
                    {
                        "importance_question": imp.pk,
                        "preparedness_question": prep.pk,
                        "rows": [
                            {
                                "code": g.code,
                                "importance": num(g.importance),
                                "preparedness": num(g.preparedness),
                                "gap": num(g.gap),
                            }
                            for g in gaps
                        ],
                    }
                    for imp, prep, gaps in data.gaps
                ],
                "questions": questions,
            }
        )
