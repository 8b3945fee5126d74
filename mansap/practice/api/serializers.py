"""Serializers of the practice API (staff part): the same validation as the forms and services."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.exceptions import ValidationError as DRFValidationError

from mansap.common.api import DateField, ModelSerializer, ValidatedModelSerializer
from mansap.core.access import CHANGE, VIEW, institution_for, scoped
from mansap.core.models import Department, EducationalProgram, Employee, Student, User
from mansap.employers.models import Organization
from mansap.practice.choices import PlacementStatus
from mansap.practice.models import DiaryEntry, Placement, Practice, PracticeBase, PracticeContract
from mansap.practice.services import assessment as svc


def _user(serializer: serializers.Serializer) -> User | AnonymousUser:
    user: User | AnonymousUser = serializer.context["request"].user
    return user


class _Scoped(serializers.PrimaryKeyRelatedField):
    """A related field whose choices are what the requesting user may see (or change)."""

    def __init__(self, model: type[Model], action: str = VIEW, **kwargs: Any) -> None:
        self.model, self.action = model, action
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        return scoped(self.model).for_user(self.context["request"].user, self.action)


class _Departments(serializers.PrimaryKeyRelatedField):
    """Departments the user may change (people of theirs): a base's or a contract's department."""

    def get_queryset(self) -> QuerySet[Department]:
        return Department.objects.with_people_for(self.context["request"].user, CHANGE)


class _Programs(serializers.PrimaryKeyRelatedField):
    """Programs of the departments the user may see."""

    def get_queryset(self) -> QuerySet[EducationalProgram]:
        return EducationalProgram.objects.filter(
            department__in=Department.objects.for_user(self.context["request"].user)
        )


class PracticeSerializer(ValidatedModelSerializer):
    program = _Programs()
    department: Any = serializers.PrimaryKeyRelatedField(read_only=True)
    reports_due = serializers.DateField(read_only=True)
    display = serializers.CharField(source="__str__", read_only=True)

    class Meta:
        model = Practice
        fields = [
            "id", "display", "academic_year", "program", "department", "kind", "course", "credits", "starts_on",
            "ends_on", "special_cycle_ends_on", "report_due_on", "reports_due", "status", "sent_at", "course_code",
            "grade_term",
        ]  # fmt: skip
        read_only_fields = ["status", "sent_at"]

    def prepare_instance(self, instance: Any) -> None:
        if instance.institution_id is None:
            instance.institution = institution_for(_user(self))
        if instance.program_id:
            instance.department = instance.program.department

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if self.instance is None:
            attrs["institution"] = institution_for(_user(self))
        program = attrs.get("program")
        if program is not None:
            attrs["department"] = program.department
        return attrs


class PracticeBaseSerializer(ValidatedModelSerializer):
    organization = _Scoped(Organization)
    department = _Departments()
    programs = _Programs(many=True, required=False)
    proposed_by = _Scoped(Student, required=False, allow_null=True)
    organization_name = serializers.CharField(source="organization.__str__", read_only=True)
    bin = serializers.CharField(source="organization.bin", read_only=True)

    class Meta:
        model = PracticeBase
        fields = [
            "id", "organization", "organization_name", "bin", "department", "programs", "statutory_activity",
            "source", "proposed_by", "status", "approved_on", "capacity", "address", "note",
        ]  # fmt: skip
        read_only_fields = ["status", "approved_on"]

    def prepare_instance(self, instance: Any) -> None:
        if instance.institution_id is None:
            instance.institution = institution_for(_user(self))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        source = attrs.get("source", getattr(self.instance, "source", ""))
        student = attrs.get("proposed_by", getattr(self.instance, "proposed_by", None))
        if source == "student" and student is None:
            raise serializers.ValidationError({"proposed_by": [_("Name the student who proposed the base.")]})
        attrs = super().validate(attrs)
        if self.instance is None:
            attrs["institution"] = institution_for(_user(self))
        return attrs


class PracticeContractSerializer(ValidatedModelSerializer):
    base = _Scoped(PracticeBase)
    department = _Departments()

    class Meta:
        model = PracticeContract
        fields = ["id", "base", "department", "kind", "number", "signed_on", "valid_from", "valid_until", "custodian",
                  "note"]  # fmt: skip


class PlacementSerializer(ModelSerializer):
    """Placements are created and changed through `place_student`/`update_placement` (every hard rule)."""

    practice = _Scoped(Practice, CHANGE)
    student = _Scoped(Student)
    base = _Scoped(PracticeBase)
    supervisor = _Scoped(Employee, required=False, allow_null=True)
    student_name = serializers.CharField(source="student.full_name", read_only=True)
    base_name = serializers.CharField(source="base.__str__", read_only=True)

    class Meta:
        model = Placement
        fields = [
            "id", "practice", "student", "student_name", "base", "base_name", "status", "source", "supervisor",
            "supervisor_exception", "company_supervisor_name", "company_supervisor_position",
            "company_supervisor_email", "company_supervisor_phone", "thesis_topic", "order", "referral_issued_on",
            "letter_grade", "score",
        ]  # fmt: skip
        read_only_fields = ["source", "order", "referral_issued_on", "letter_grade", "score"]
        validators: list[Any] = []  # the service checks "one per student" with the other rules

    def validate_status(self, value: str) -> str:
        if self.instance is None and value == "cancelled":
            raise serializers.ValidationError(_("A placement cannot be created as cancelled."))
        return value


def _drf(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(serializers.as_serializer_error(exc))


class _ServiceErrors:
    def perform(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _drf(exc) from exc


def _on_field(name: str, exc: DjangoValidationError) -> DRFValidationError:
    """A service error as a 400 naming the field (errors without a field are put on `name`)."""
    if hasattr(exc, "error_dict"):
        return _drf(exc)
    return DRFValidationError({name: exc.messages})


class GradeSerializer(ModelSerializer):
    student = serializers.CharField(source="student.full_name", read_only=True)
    base = serializers.CharField(source="base.__str__", read_only=True)
    company_evaluation_received = serializers.SerializerMethodField()
    reviewed_by = serializers.SerializerMethodField()
    admitted_to_defence = serializers.BooleanField(allow_null=True, required=False)
    defence_date = DateField(allow_null=True, required=False)
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
        """Admission, then defence date, then score, like a row of the grade sheet; all or nothing.

        Not `save_grade_row`: here each field is optional (absent = unchanged), an admission asked for a
        practice that has none is refused (400) rather than ignored, and an error is named by its field.
        """
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


class DiaryEntrySerializer(ModelSerializer):
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


class RemarkSerializer(ModelSerializer):
    class Meta:
        model = DiaryEntry
        fields = ["id", "placement", "day", "work_done", "supervisor_remark", "created_at", "updated_at"]
        read_only_fields = ["placement", "day", "work_done", "created_at", "updated_at"]

    def update(self, instance: DiaryEntry, validated_data: dict[str, Any]) -> DiaryEntry:
        return svc.set_supervisor_remark(
            instance, validated_data.get("supervisor_remark", ""), acting_user=self.context["request"].user
        )
