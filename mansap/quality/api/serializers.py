"""Serializers of the quality API: processes, risks, assessments and actions; KPI definitions, targets, values."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mansap.common.api import DateField, ModelSerializer, ValidatedModelSerializer
from mansap.common.indicators import Period, PeriodKind
from mansap.core.access import VIEW, scoped
from mansap.quality.choices import zone_of
from mansap.quality.models import (
    AdvisoryBoard,
    AdvisoryBoardMeeting,
    AdvisoryBoardMember,
    KPIDefinition,
    KPISurvey,
    KPITarget,
    KPIValue,
    ManagementReview,
    Process,
    ProgramRevision,
    ReviewDecision,
    Risk,
    RiskAction,
    RiskAssessment,
    RiskReview,
    WorkPlan,
    WorkPlanMeasure,
    WorkPlanReport,
    WorkPlanReportItem,
)
from mansap.quality.models.processes import TRANSLATED_FIELDS
from mansap.surveys.models import Campaign

LANGS = ("kk", "ru", "en")


class VisibleChoicesMixin(ModelSerializer):
    """Each field of `visible_choices` offers only the rows of its model the user sees (an invisible one is "does
    not exist", never a leak)."""

    visible_choices: dict[str, type[Model]] = {}

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            for name, model in self.visible_choices.items():
                fields[name].queryset = scoped(model).for_user(request.user, VIEW)  # type: ignore[attr-defined]
        return fields


class ProcessSerializer(ValidatedModelSerializer):
    risk_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Process
        fields = [
            "id", "number", "code", "id_code", "category", "risk_count", "owner_user",
            *[f"{name}_{lang}" for name in TRANSLATED_FIELDS for lang in LANGS],
        ]  # fmt: skip
        read_only_fields = ["number"]


class RiskSerializer(VisibleChoicesMixin, ValidatedModelSerializer):
    visible_choices = {"process": Process}
    current_score = serializers.IntegerField(read_only=True, allow_null=True)
    current_zone = serializers.SerializerMethodField()
    current_assessed_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Risk
        fields = [
            "id", "key", "process", "category", "owner", "title_kk", "title_ru", "title_en",
            "treatment_kk", "treatment_ru", "treatment_en", "source",
            "current_score", "current_zone", "current_assessed_on", "next_review_on", "retired_on", "retired_reason",
        ]  # fmt: skip
        read_only_fields = ["next_review_on", "retired_on", "retired_reason"]

    def get_current_zone(self, obj: Risk) -> str | None:
        zone = zone_of(getattr(obj, "current_score", None))
        return zone.value if zone else None

    def prepare_instance(self, instance: Model) -> None:
        risk = cast(Risk, instance)
        if risk.process_id and not risk.institution_id:
            risk.institution_id = risk.process.institution_id


class VisibleRiskMixin(VisibleChoicesMixin):
    visible_choices = {"risk": Risk}


class RiskAssessmentSerializer(VisibleRiskMixin):
    zone = serializers.SerializerMethodField()

    class Meta:
        model = RiskAssessment
        fields = ["id", "risk", "assessed_on", "likelihood", "impact", "score", "zone", "note", "assessed_by"]
        read_only_fields = ["score", "assessed_by"]

    def get_zone(self, obj: RiskAssessment) -> str | None:
        zone = obj.zone
        return zone.value if zone else None


class RiskActionSerializer(VisibleRiskMixin):
    class Meta:
        model = RiskAction
        fields = ["id", "risk", "action", "owner", "due_on", "done_on", "status"]


class RiskReviewSerializer(VisibleRiskMixin):
    likelihood = serializers.IntegerField(min_value=1, max_value=5, required=False, write_only=True)
    impact = serializers.IntegerField(min_value=1, max_value=5, required=False, write_only=True)

    class Meta:
        model = RiskReview
        fields = [
            "id", "risk", "reviewed_on", "reviewer", "outcome", "reason", "next_review_on", "assessment",
            "likelihood", "impact",
        ]  # fmt: skip
        read_only_fields = ["reviewer", "assessment"]
        extra_kwargs = {"reviewed_on": {"required": False}}


class ReviewDecisionSerializer(ModelSerializer):
    class Meta:
        model = ReviewDecision
        fields = [
            "id", "review", "body", "protocol_number", "protocol_date", "text", "owner", "due_on", "status", "done_on",
        ]  # fmt: skip

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["review"].queryset = scoped(ManagementReview).for_user(request.user, VIEW)  # type: ignore[attr-defined]
        return fields


class ManagementReviewSerializer(ModelSerializer):
    """A review; `snapshot` (the frozen figures) is given for an issued or closed one, `files` the stored files."""

    files = serializers.SerializerMethodField()
    decisions = ReviewDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = ManagementReview
        fields = [
            "id", "period_start", "period_end", "version", "supersedes", "status", "notes", "prepared_by",
            "issued_at", "issued_by", "closed_at", "snapshot", "files", "decisions",
        ]  # fmt: skip
        read_only_fields = [
            "version", "supersedes", "status", "prepared_by", "issued_at", "issued_by", "closed_at", "snapshot",
        ]  # fmt: skip

    def get_files(self, obj: ManagementReview) -> list[dict[str, str]]:
        from django.urls import reverse

        if obj.status == "draft":
            return []
        return [
            {"language": lang, "format": kind, "url": reverse("quality:review_download", args=[obj.pk, lang, kind])}
            for lang in LANGS
            for kind in ("pdf", "xlsx")
        ]


class WorkPlanMeasureSerializer(ModelSerializer):
    class Meta:
        model = WorkPlanMeasure
        fields = ["id", "plan", "goal", "text", "due_on", "responsible"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["plan"].queryset = scoped(WorkPlan).for_user(request.user, VIEW)  # type: ignore[attr-defined]
        return fields


class WorkPlanReportItemSerializer(ModelSerializer):
    class Meta:
        model = WorkPlanReportItem
        fields = ["measure", "status", "comment"]


class WorkPlanReportSerializer(ModelSerializer):
    items = WorkPlanReportItemSerializer(many=True, read_only=True)

    class Meta:
        model = WorkPlanReport
        fields = ["id", "half", "period_end", "summary", "submitted_by", "items"]


class WorkPlanSerializer(ModelSerializer):
    """The service validates the plan (services.workplans.save_plan): who may add it is asked first (403)."""

    measures = WorkPlanMeasureSerializer(many=True, read_only=True)
    reports = WorkPlanReportSerializer(many=True, read_only=True)

    class Meta:
        model = WorkPlan
        fields = ["id", "office", "department", "year", "goals", "measures", "reports"]


# ---- KPIs (#13) ------------------------------------------------------------------------------------------------
class KPIDefinitionSerializer(VisibleChoicesMixin, ValidatedModelSerializer):
    visible_choices = {"process": Process}
    provider_missing = serializers.BooleanField(read_only=True)

    class Meta:
        model = KPIDefinition
        fields = [
            "id", "process", "code", "name_kk", "name_ru", "name_en", "formula_kk", "formula_ru", "formula_en",
            "status", "unit", "higher_is_better", "period_kind", "source", "indicator", "provider_missing",
            "formula_agreed_by", "formula_agreed_at",
        ]  # fmt: skip
        read_only_fields = ["status", "formula_agreed_by", "formula_agreed_at"]

    def prepare_instance(self, instance: Model) -> None:
        definition = cast(KPIDefinition, instance)
        if definition.process_id and not definition.institution_id:
            definition.institution_id = definition.process.institution_id


class VisibleKPIMixin(VisibleChoicesMixin):
    visible_choices = {"definition": KPIDefinition}


class KPITargetSerializer(VisibleKPIMixin):
    """POST sets the target of a KPI for a period (again: changes it); the thresholds default to the target."""

    amber_threshold = serializers.DecimalField(max_digits=18, decimal_places=4, required=False, allow_null=True)
    red_threshold = serializers.DecimalField(max_digits=18, decimal_places=4, required=False, allow_null=True)

    class Meta:
        model = KPITarget
        fields = ["id", "definition", "period", "target", "amber_threshold", "red_threshold", "set_by", "set_at"]
        read_only_fields = ["set_by", "set_at"]
        validators: list[Any] = []  # one per KPI and period: a second POST changes it (the service decides)


class KPIValueSerializer(VisibleKPIMixin):
    """POST enters the value of an entered KPI for a period with its evidence (a file, multipart, or a link);
    again: corrects it (`reason` goes to the history)."""

    reason = serializers.CharField(write_only=True, required=False, allow_blank=True, max_length=100)

    class Meta:
        model = KPIValue
        fields = [
            "id", "definition", "period", "value", "numerator", "denominator", "source", "evidence",
            "evidence_url", "note", "entered_by", "entered_at", "reason",
        ]  # fmt: skip
        read_only_fields = ["source", "entered_by", "entered_at"]
        validators: list[Any] = []
        extra_kwargs = {"evidence": {"use_url": False}}


class KPISurveySerializer(VisibleChoicesMixin):
    """A survey campaign attached to a KPI (its headline score becomes the KPI's value): POST attaches it
    (services.surveys.attach_campaign), DELETE detaches it; the campaign must be one the user sees."""

    class Meta:
        model = KPISurvey
        fields = ["id", "definition", "campaign", "attached_by", "created_at"]
        read_only_fields = ["attached_by", "created_at"]
        validators: list[Any] = []  # attached once: the service's check answers, with its message

    visible_choices = {"definition": KPIDefinition, "campaign": Campaign}


# ---- Program revisions and advisory boards ----------------------------------------------------------------------
class _VisibleChoices(ModelSerializer):
    """Related choices limited to what the user sees: programs they may record revisions for, organizations and
    people of their scope (an invisible one is "does not exist", never a leak)."""

    def get_fields(self) -> dict[str, Any]:
        from mansap.core.models import Student
        from mansap.employers.models import Organization
        from mansap.quality.services.programs import revision_programs

        fields = super().get_fields()
        request = self.context.get("request")
        if request is None:
            return fields
        user = request.user
        if "program" in fields:
            fields["program"].queryset = revision_programs(user)  # type: ignore[attr-defined]
        if "employers" in fields:
            fields["employers"].child_relation.queryset = scoped(Organization).for_user(user, VIEW)  # type: ignore[attr-defined]
        if "organization" in fields:
            fields["organization"].queryset = scoped(Organization).for_user(user, VIEW)  # type: ignore[attr-defined]
        people = scoped(Student).for_user(user, VIEW)
        for name in ("alumni", "students"):
            if name in fields:
                fields[name].child_relation.queryset = people  # type: ignore[attr-defined]
        if "alumnus" in fields:
            fields["alumnus"].queryset = people  # type: ignore[attr-defined]
        if "board" in fields:
            fields["board"].queryset = scoped(AdvisoryBoard).for_user(user, VIEW)  # type: ignore[attr-defined]
        return fields


class ProgramRevisionSerializer(_VisibleChoices):
    minutes_url = serializers.SerializerMethodField()

    class Meta:
        model = ProgramRevision
        fields = [
            "id", "program", "revised_on", "summary_kk", "summary_ru", "summary_en", "employers", "alumni",
            "students", "minutes_url", "recorded_by",
        ]  # fmt: skip
        read_only_fields = ["recorded_by"]

    def get_minutes_url(self, obj: ProgramRevision) -> str | None:
        return obj.private_file_url("minutes") if obj.minutes else None


class AdvisoryBoardSerializer(_VisibleChoices):
    class Meta:
        model = AdvisoryBoard
        fields = ["id", "faculty", "program", "name_kk", "name_ru", "name_en", "approved_on", "is_active"]
        extra_kwargs = {"faculty": {"required": False}}


class AdvisoryBoardMemberSerializer(_VisibleChoices):
    class Meta:
        model = AdvisoryBoardMember
        fields = [
            "id", "board", "kind", "organization", "person_name", "position", "alumnus", "role", "member_from",
            "member_to",
        ]  # fmt: skip


class AdvisoryBoardMeetingSerializer(_VisibleChoices):
    minutes_url = serializers.SerializerMethodField()

    class Meta:
        model = AdvisoryBoardMeeting
        fields = ["id", "board", "held_on", "agenda", "decisions", "minutes_url"]

    def get_minutes_url(self, obj: AdvisoryBoardMeeting) -> str | None:
        return obj.private_file_url("minutes") if obj.minutes else None


class Process17QuerySerializer(serializers.Serializer):
    """The query of /api/v1/process-17/: the same parameters as the dashboard page."""

    year = serializers.CharField(
        required=False, help_text=_("Academic year, e.g. 2025-2026; default: the current one.")
    )
    on = DateField(required=False, help_text=_("The date of KPI-17.5–17.7, YYYY-MM-DD; default: the year's end."))
    faculty = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    department = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)

    def validate_year(self, value: str) -> Period:
        try:
            return Period.parse(PeriodKind.ACADEMIC_YEAR, value)
        except ValueError:
            raise serializers.ValidationError(_("Write the academic year as 2025-2026.")) from None


class Process17Serializer(serializers.Serializer):
    """Documentation of the process 17 dashboard's object (reports/p17.as_json)."""

    institution = serializers.CharField()
    year = serializers.CharField()
    cohort = serializers.IntegerField()
    on = serializers.DateField()
    scope = serializers.DictField(help_text=_("faculty, department (ids or null) and label"))
    kpis = serializers.ListField(
        child=serializers.DictField(),
        help_text=_(
            "number, code, title, unit, value, numerator, denominator, as_of, target, status; beside: the figures "
            "shown with the KPI (with KPI-17.1 the verified employment rate and the share covered by official "
            "extracts: code, title, unit, value, numerator, denominator, as_of, suppressed)"
        ),
    )
    by_department = serializers.ListField(child=serializers.DictField())
    by_program = serializers.ListField(child=serializers.DictField())
