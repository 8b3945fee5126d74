"""Serializers of the quality API: processes, risks, assessments and actions."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mansap.common.api import DateField, ModelSerializer, ValidatedModelSerializer
from mansap.common.indicators import Period, PeriodKind
from mansap.core.access import VIEW, scoped
from mansap.quality.choices import zone_of
from mansap.quality.models import Process, Risk, RiskAction, RiskAssessment
from mansap.quality.models.processes import TRANSLATED_FIELDS

LANGS = ("kk", "ru", "en")


class ProcessSerializer(ValidatedModelSerializer):
    risk_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Process
        fields = [
            "id", "number", "code", "id_code", "category", "risk_count",
            *[f"{name}_{lang}" for name in TRANSLATED_FIELDS for lang in LANGS],
        ]  # fmt: skip
        read_only_fields = ["number"]


class RiskSerializer(ValidatedModelSerializer):
    current_score = serializers.IntegerField(read_only=True, allow_null=True)
    current_zone = serializers.SerializerMethodField()
    current_assessed_on = serializers.DateField(read_only=True, allow_null=True)

    class Meta:
        model = Risk
        fields = [
            "id", "key", "process", "category", "owner", "title_kk", "title_ru", "title_en",
            "treatment_kk", "treatment_ru", "treatment_en", "source",
            "current_score", "current_zone", "current_assessed_on",
        ]  # fmt: skip

    def get_current_zone(self, obj: Risk) -> str | None:
        zone = zone_of(getattr(obj, "current_score", None))
        return zone.value if zone else None

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["process"].queryset = scoped(Process).for_user(request.user, VIEW)  # type: ignore[attr-defined]
        return fields

    def prepare_instance(self, instance: Model) -> None:
        risk = cast(Risk, instance)
        if risk.process_id and not risk.institution_id:
            risk.institution_id = risk.process.institution_id


class VisibleRiskMixin(ModelSerializer):
    """`risk` offers only the risks the user sees (an invisible one is "does not exist", never a leak)."""

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["risk"].queryset = scoped(Risk).for_user(request.user, VIEW)  # type: ignore[attr-defined]
        return fields


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
        help_text=_("number, code, title, unit, value, numerator, denominator, as_of, target, status"),
    )
    by_department = serializers.ListField(child=serializers.DictField())
    by_program = serializers.ListField(child=serializers.DictField())
