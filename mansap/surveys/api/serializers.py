"""Serializers of the surveys API."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from rest_framework import serializers

from mansap.common.api import ModelSerializer, ValidatedModelSerializer
from mansap.core.access import CHANGE, institution_for
from mansap.core.models import Department, EducationalProgram
from mansap.surveys.models import Campaign, Choice, Question, Questionnaire, Section
from mansap.surveys.services import campaigns as services


def _limit_choices(field: serializers.Field, queryset: QuerySet[Any]) -> None:
    """The objects a related field (or each item of a many-related one) may name."""
    related: Any = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
    related.queryset = queryset  # Any: drf-stubs type RelatedField.queryset as a manager, not a queryset


class ChoiceSerializer(ModelSerializer):
    class Meta:
        model = Choice
        fields = ["id", "code", "position", "text_kk", "text_ru", "text_en"]


class QuestionSerializer(ModelSerializer):
    choices = ChoiceSerializer(many=True, read_only=True)

    class Meta:
        model = Question
        fields = ["id", "position", "kind", "text_kk", "text_ru", "text_en", "required", "min_value", "max_value",
                  "condition_question", "condition_value", "compare_with", "choices"]  # fmt: skip


class SectionSerializer(ModelSerializer):
    questions = QuestionSerializer(many=True, read_only=True)

    class Meta:
        model = Section
        fields = ["id", "position", "title_kk", "title_ru", "title_en", "questions"]


class QuestionnaireSerializer(ModelSerializer):
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
            # The choices the campaign form offers: questionnaires the user reads, their own units and programs.
            _limit_choices(self.fields["questionnaire"], Questionnaire.objects.for_user(user))
            _limit_choices(self.fields["programs"], EducationalProgram.objects.with_people_for(user, CHANGE))
            _limit_choices(self.fields["department"], Department.objects.with_people_for(user, CHANGE))
        instance = self.instance if isinstance(self.instance, Campaign) else None
        if instance is not None and instance.launched_at:
            for name in ("questionnaire", "kind", "department", "programs", "cohort", "organizations"):
                self.fields[name].read_only = True

    def prepare_instance(self, instance: Any) -> None:
        if not instance.institution_id:
            # As the service will (save_campaign): the first institution the user may change as a whole.
            institution = institution_for(self.context["request"].user, CHANGE)
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


# ---- The results' shape (documentation of GET /survey-campaigns/{id}/results/) -------------------------------
class _ResultsBarSerializer(serializers.Serializer):
    key = serializers.IntegerField()  # a choice's id, or a scale's point (1–5)
    label = serializers.CharField()  # type: ignore[assignment]  # (a field named like Field.label)
    count = serializers.IntegerField()
    percent = serializers.FloatField(allow_null=True)


class _ResultsRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # (a field named like Field.label)
    n = serializers.IntegerField()
    mean = serializers.FloatField(allow_null=True)


class _ResultsQuestionSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    kind = serializers.CharField()
    suppressed = serializers.BooleanField()  # fewer answers than the minimum slice: no figures
    n = serializers.IntegerField(required=False)
    mean = serializers.FloatField(required=False, allow_null=True)
    distribution = _ResultsBarSerializer(many=True, required=False)
    rows = _ResultsRowSerializer(many=True, required=False)


class _ResultsRateSerializer(serializers.Serializer):
    invited = serializers.IntegerField()
    responded = serializers.IntegerField()
    rate = serializers.FloatField(allow_null=True)


class _ProgramRateSerializer(_ResultsRateSerializer):
    program = serializers.IntegerField(allow_null=True)


class _DepartmentRateSerializer(_ResultsRateSerializer):
    department = serializers.IntegerField(allow_null=True)


class _GapRowSerializer(serializers.Serializer):
    code = serializers.CharField()
    importance = serializers.FloatField(allow_null=True)
    preparedness = serializers.FloatField(allow_null=True)
    gap = serializers.FloatField(allow_null=True)


class _GapSerializer(serializers.Serializer):
    importance_question = serializers.IntegerField()
    preparedness_question = serializers.IntegerField()
    rows = _GapRowSerializer(many=True)


class CampaignResultsSerializer(serializers.Serializer):
    """A campaign's aggregate results (CampaignViewSet.results)."""

    campaign = serializers.IntegerField()
    min_slice = serializers.IntegerField()
    invited = serializers.IntegerField()
    responded = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True)
    respondents = serializers.IntegerField(allow_null=True)
    public_answers = serializers.IntegerField(allow_null=True)
    public_percent = serializers.FloatField(allow_null=True)
    suppressed = serializers.BooleanField()
    headline_score = serializers.FloatField(allow_null=True)
    by_program = _ProgramRateSerializer(many=True)
    by_department = _DepartmentRateSerializer(many=True)
    gaps = _GapSerializer(many=True)
    questions = _ResultsQuestionSerializer(many=True)
