"""Practice API (assessment part): grades and the diary, with the rules of the forms.

- practice-grades: the placements' review of the report (read only), admission, defence date, score,
  letter grade and points. PATCH any of {"admitted_to_defence": true | false | null, "defence_date":
  "YYYY-MM-DD" | null, "score": 0–100 | null} goes through the services of the grade sheet, in that order
  and in one transaction (`decide_admission`, `set_defence_date`, `record_grade`); a refused change answers
  400 naming the field. ?practice=<id> filters one practice. Staff in scope; students get their own (read only).
- practice-diary-entries: a student's own diary (list, create, change, delete until graded, within the
  practice period); staff read the diaries in their scope and may PATCH only the supervisor's remark.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import QuerySet
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError
from rest_framework.routers import DefaultRouter

from mansap.common.api import ScopedViewSet
from mansap.core.querysets import CHANGE
from mansap.practice.choices import PlacementStatus
from mansap.practice.models import DiaryEntry, Placement
from mansap.practice.services import assessment as svc


def _drf(exc: DjangoValidationError) -> DRFValidationError:
    return DRFValidationError(serializers.as_serializer_error(exc))


def _on_field(name: str, exc: DjangoValidationError) -> DRFValidationError:
    """A service error as a 400 naming the field (errors without a field are put on `name`)."""
    if hasattr(exc, "error_dict"):
        return _drf(exc)
    return DRFValidationError({name: exc.messages})


class GradeSerializer(serializers.ModelSerializer):
    student = serializers.CharField(source="student.full_name", read_only=True)
    base = serializers.CharField(source="base.__str__", read_only=True)
    company_evaluation_received = serializers.SerializerMethodField()
    reviewed_by = serializers.SerializerMethodField()
    admitted_to_defence = serializers.BooleanField(allow_null=True, required=False)
    defence_date = serializers.DateField(allow_null=True, required=False)
    score = serializers.IntegerField(min_value=0, max_value=100, allow_null=True, required=False)
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = Placement
        fields = [
            "id", "practice", "student", "base", "report_submitted_on", "company_evaluation_received",
            "company_report_score", "review_text", "review_decision", "reviewed_on", "reviewed_by",
            "admitted_to_defence", "admission_decided_on", "defence_date",
            "score", "letter_grade", "grade_points", "graded_on", "warnings",
        ]  # fmt: skip
        read_only_fields = [f for f in fields if f not in ("admitted_to_defence", "defence_date", "score")]

    def get_company_evaluation_received(self, obj: Placement) -> bool:
        return obj.company_submitted_at is not None

    def get_reviewed_by(self, obj: Placement) -> str | None:
        return obj.reviewed_by.display_name if obj.reviewed_by else None

    def get_warnings(self, obj: Placement) -> list[str]:
        return list(getattr(obj, "_grade_warnings", []))

    def update(self, instance: Placement, validated_data: dict[str, Any]) -> Placement:
        """Admission, then defence date, then score, like a row of the grade sheet; all or nothing."""
        user = self.context["request"].user
        result = None
        with transaction.atomic():
            if "admitted_to_defence" in validated_data:
                admitted = validated_data["admitted_to_defence"]
                if admitted != instance.admitted_to_defence:
                    try:
                        svc.decide_admission(instance, admitted=admitted, acting_user=user)
                    except DjangoValidationError as exc:
                        raise _on_field("admitted_to_defence", exc) from exc
            if "defence_date" in validated_data and validated_data["defence_date"] != instance.defence_date:
                try:
                    svc.set_defence_date(instance, validated_data["defence_date"], acting_user=user)
                except DjangoValidationError as exc:
                    raise _on_field("defence_date", exc) from exc
            if "score" in validated_data and validated_data["score"] != instance.score:
                try:
                    result = svc.record_grade(instance, validated_data["score"], acting_user=user)
                except DjangoValidationError as exc:
                    raise _on_field("score", exc) from exc
        instance._grade_warnings = result.warnings if result else []  # type: ignore[attr-defined]
        return instance


class GradeViewSet(ScopedViewSet):
    queryset = (
        Placement.objects.exclude(status=PlacementStatus.CANCELLED)
        .select_related("practice__institution", "student", "base__organization", "reviewed_by")
        .order_by("practice", "student__last_name", "student__first_name", "pk")
    )
    serializer_class = GradeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Placement]:
        queryset = super().get_queryset()
        practice = self.request.query_params.get("practice", "")
        if practice.isdigit():
            queryset = queryset.filter(practice_id=int(practice))
        return queryset


class DiaryEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = DiaryEntry
        fields = ["id", "placement", "day", "work_done", "supervisor_remark", "created_at", "updated_at"]
        read_only_fields = ["supervisor_remark", "created_at", "updated_at"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        field = self.fields["placement"]
        if request is not None and getattr(field, "queryset", None) is not None:
            field.queryset = (  # type: ignore[attr-defined]
                Placement.objects.filter(student__user_id=request.user.pk)
                .exclude(status=PlacementStatus.CANCELLED)
                .select_related("practice")
            )
        if self.instance is not None and not isinstance(self.instance, list | QuerySet):
            field.read_only = True

    def create(self, validated_data: dict[str, Any]) -> DiaryEntry:
        try:
            return svc.add_diary_entry(
                validated_data["placement"],
                day=validated_data.get("day"),
                work_done=validated_data.get("work_done", ""),
                acting_user=self.context["request"].user,
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc

    def update(self, instance: DiaryEntry, validated_data: dict[str, Any]) -> DiaryEntry:
        try:
            return svc.update_diary_entry(
                instance,
                day=validated_data.get("day", instance.day),
                work_done=validated_data.get("work_done", instance.work_done),
                acting_user=self.context["request"].user,
            )
        except DjangoValidationError as exc:
            raise _drf(exc) from exc


class RemarkSerializer(serializers.ModelSerializer):
    class Meta:
        model = DiaryEntry
        fields = ["id", "placement", "day", "work_done", "supervisor_remark", "created_at", "updated_at"]
        read_only_fields = ["placement", "day", "work_done", "created_at", "updated_at"]

    def update(self, instance: DiaryEntry, validated_data: dict[str, Any]) -> DiaryEntry:
        return svc.set_supervisor_remark(
            instance, validated_data.get("supervisor_remark", ""), acting_user=self.context["request"].user
        )


class DiaryEntryViewSet(ScopedViewSet):
    queryset = DiaryEntry.objects.select_related("placement__practice", "placement__student").order_by(
        "placement", "day", "pk"
    )
    serializer_class = DiaryEntrySerializer

    def own(self, entry: DiaryEntry) -> bool:
        return svc.is_own_placement(self.request.user, entry.placement)

    def get_queryset(self) -> QuerySet[DiaryEntry]:
        queryset = super().get_queryset()
        placement = self.request.query_params.get("placement", "")
        if placement.isdigit():
            queryset = queryset.filter(placement_id=int(placement))
        return queryset

    def get_serializer_class(self) -> Any:
        if self.request.method in ("PUT", "PATCH") and getattr(self, "kwargs", {}).get("pk"):
            entry = self.get_object_cached()
            if entry is not None and not self.own(entry):
                return RemarkSerializer
        return DiaryEntrySerializer

    def get_object_cached(self) -> DiaryEntry | None:
        if not hasattr(self, "_entry"):
            pk = str(self.kwargs.get("pk") or "")
            self._entry = self.get_queryset().filter(pk=int(pk)).first() if pk.isdigit() else None
        return self._entry

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not hasattr(request.user, "student"):
            raise PermissionDenied  # only a student keeps a diary
        return super(ScopedViewSet, self).create(request, *args, **kwargs)

    def check_object_permissions(self, request: Any, obj: Any) -> None:
        super().check_object_permissions(request, obj)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return
        if self.own(obj):
            return
        # Staff may only write the supervisor's remark, never change or delete a student's entry.
        if (
            request.method == "DELETE"
            or not DiaryEntry.objects.for_user(request.user, CHANGE).filter(pk=obj.pk).exists()
        ):
            raise PermissionDenied
        if not Placement.objects.for_user(request.user, CHANGE).filter(pk=obj.placement_id).exists():
            raise PermissionDenied

    def perform_destroy(self, instance: DiaryEntry) -> None:
        try:
            svc.delete_diary_entry(instance, acting_user=self.request.user)
        except DjangoValidationError as exc:
            raise _drf(exc) from exc


def register(router: DefaultRouter) -> None:
    router.register("practice-grades", GradeViewSet, basename="practice-grade")
    router.register("practice-diary-entries", DiaryEntryViewSet, basename="practice-diaryentry")
