"""Serializers of the practice API (staff part): the same validation as the forms and services."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mansap.common.api import ValidatedModelSerializer
from mansap.core.models import Department, EducationalProgram, Employee, Student
from mansap.core.querysets import CHANGE, VIEW
from mansap.employers.models import Organization
from mansap.employers.services.organizations import user_institution
from mansap.practice.models import Placement, Practice, PracticeBase, PracticeContract


def _user(serializer: serializers.Serializer) -> Any:
    return serializer.context["request"].user


class _Scoped(serializers.PrimaryKeyRelatedField):
    """A related field whose choices are what the requesting user may see (or change)."""

    def __init__(self, model: Any, action: str = VIEW, **kwargs: Any) -> None:
        self.model, self.action = model, action
        super().__init__(**kwargs)

    def get_queryset(self) -> Any:
        return self.model.objects.for_user(self.context["request"].user, self.action)


class _Departments(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return Department.objects.with_people_for(self.context["request"].user, CHANGE)


class _Programs(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
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
            "ends_on", "special_cycle_ends_on", "report_due_on", "reports_due", "status", "sent_at",
        ]  # fmt: skip
        read_only_fields = ["status", "sent_at"]

    def prepare_instance(self, instance: Any) -> None:
        if instance.institution_id is None:
            instance.institution = user_institution(_user(self))
        if instance.program_id:
            instance.department = instance.program.department

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if self.instance is None:
            attrs["institution"] = user_institution(_user(self))
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
            instance.institution = user_institution(_user(self))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        source = attrs.get("source", getattr(self.instance, "source", ""))
        student = attrs.get("proposed_by", getattr(self.instance, "proposed_by", None))
        if source == "student" and student is None:
            raise serializers.ValidationError({"proposed_by": [_("Name the student who proposed the base.")]})
        attrs = super().validate(attrs)
        if self.instance is None:
            attrs["institution"] = user_institution(_user(self))
        return attrs


class PracticeContractSerializer(ValidatedModelSerializer):
    base = _Scoped(PracticeBase)
    department = _Departments()

    class Meta:
        model = PracticeContract
        fields = ["id", "base", "department", "kind", "number", "signed_on", "valid_from", "valid_until", "custodian",
                  "note"]  # fmt: skip


class PlacementSerializer(serializers.ModelSerializer):
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
