"""Serializers of the quality API: processes, risks, assessments and actions."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import Model
from rest_framework import serializers

from mansap.common.api import ModelSerializer, ValidatedModelSerializer
from mansap.core.access import VIEW, scoped
from mansap.quality.choices import zone_of
from mansap.quality.models import (
    AdvisoryBoard,
    AdvisoryBoardMeeting,
    AdvisoryBoardMember,
    Process,
    ProgramRevision,
    Risk,
    RiskAction,
    RiskAssessment,
)
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
