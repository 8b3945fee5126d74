"""API of the surveys app; `register(router)` is called by mansap/api/urls.py.

- survey-questionnaires (read): versions with their sections, questions and choices (detail);
- survey-campaigns: list, detail, create and change (the audience is frozen once launched);
- survey-campaigns/<id>/results/: the aggregate results, with the minimum slice applied.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Exists, OuterRef
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from mansap.common.api import ScopedViewSet, ValidatedModelSerializer
from mansap.core.querysets import CHANGE, is_staff_member
from mansap.surveys import filtersets, results, services
from mansap.surveys.models import Campaign, Choice, Question, Questionnaire, Section, results_departments
from mansap.surveys.models import Response as SurveyResponse


class IsStaffMember(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return is_staff_member(request.user)


class ChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "code", "position", "text_kk", "text_ru", "text_en"]


class QuestionSerializer(serializers.ModelSerializer):
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "position", "kind", "text_kk", "text_ru", "text_en", "required", "min_value", "max_value",
                  "condition_question", "condition_value", "compare_with", "choices"]  # fmt: skip


class SectionSerializer(serializers.ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["id", "position", "title_kk", "title_ru", "title_en", "questions"]


class QuestionnaireSerializer(serializers.ModelSerializer):
    question_count = serializers.IntegerField(read_only=True)
    is_locked = serializers.BooleanField(read_only=True)

    class Meta:
        model = Questionnaire
        fields = ["id", "kind", "title_kk", "title_ru", "title_en", "version", "family", "previous",
                  "question_count", "is_locked", "created_at", "updated_at"]  # fmt: skip


class QuestionnaireDetailSerializer(QuestionnaireSerializer):
    sections = SectionSerializer(many=True, read_only=True)

    class Meta(QuestionnaireSerializer.Meta):
        fields = [*QuestionnaireSerializer.Meta.fields, "intro_kk", "intro_ru", "intro_en", "sections"]


class QuestionnaireViewSet(ScopedViewSet):
    queryset = Questionnaire.objects.annotate(
        question_count=Count("sections__questions", distinct=True),
        answered=Exists(SurveyResponse.objects.filter(campaign__questionnaire=OuterRef("pk"))),
    ).order_by("kind", "family", "version")
    serializer_class = QuestionnaireSerializer
    filterset_class = filtersets.QuestionnaireFilterSet
    http_method_names = ["get", "head", "options"]
    permission_classes = [IsAuthenticated, IsStaffMember]

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


class CampaignSerializer(ValidatedModelSerializer):
    status = serializers.CharField(read_only=True)
    invited = serializers.IntegerField(read_only=True)
    responded = serializers.IntegerField(read_only=True)
    submitted = serializers.IntegerField(read_only=True)

    class Meta:
        model = Campaign
        fields = ["id", "title_kk", "title_ru", "title_en", "questionnaire", "kind", "opens_on", "closes_on",
                  "anonymous", "min_slice", "public_link", "language", "department", "programs", "cohort",
                  "organizations", "headline_question", "launched_at", "closed_at", "status", "invited", "responded",
                  "submitted"]  # fmt: skip
        read_only_fields = ["launched_at", "closed_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.fields["questionnaire"].queryset = Questionnaire.objects.for_user(user)  # type: ignore[attr-defined]
            self.fields["programs"].child_relation.queryset = self.fields[  # type: ignore[attr-defined]
                "programs"
            ].child_relation.queryset.with_people_for(user, CHANGE)
            self.fields["department"].queryset = self.fields["department"].queryset.with_people_for(user, CHANGE)  # type: ignore[attr-defined]
        instance = self.instance if isinstance(self.instance, Campaign) else None
        if instance is not None and instance.launched_at:
            for name in ("questionnaire", "kind", "department", "programs", "cohort", "organizations"):
                self.fields[name].read_only = True

    def prepare_instance(self, instance: Any) -> None:
        if not instance.institution_id:
            institution = services.default_institution(self.context["request"].user)
            if institution is not None:
                instance.institution = institution

    def create(self, validated_data: dict[str, Any]) -> Any:
        return self._save(Campaign(), validated_data)

    def update(self, instance: Any, validated_data: dict[str, Any]) -> Any:
        return self._save(instance, validated_data)

    def _save(self, campaign: Campaign, validated_data: dict[str, Any]) -> Campaign:
        """Through the same service as the campaign page."""
        programs = validated_data.pop("programs", None)
        organizations = validated_data.pop("organizations", None)
        for name, value in validated_data.items():
            setattr(campaign, name, value)
        try:
            return services.save_campaign(
                campaign, acting_user=self.context["request"].user, programs=programs, organizations=organizations
            )
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc


class CampaignViewSet(ScopedViewSet):
    queryset = (
        Campaign.objects.with_list_related().prefetch_related("programs", "organizations").order_by("-opens_on", "-pk")
    )
    serializer_class = CampaignSerializer
    filterset_class = filtersets.CampaignFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    permission_classes = [IsAuthenticated, IsStaffMember]
    ordering_fields = ["opens_on", "closes_on"]

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


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("survey-questionnaires", QuestionnaireViewSet, basename="survey-questionnaire")
    router.register("survey-campaigns", CampaignViewSet, basename="survey-campaign")
