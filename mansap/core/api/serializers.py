"""Serializers of the core API."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from mansap.common.api import BriefSerializer, ModelSerializer, ValidatedModelSerializer
from mansap.core.access import CHANGE, VIEW, scoped
from mansap.core.choices import LEVEL_CODE_LETTER
from mansap.core.models import (
    AcademicYear,
    CalendarEvent,
    Department,
    EducationalProgram,
    Employee,
    Faculty,
    Institution,
    Membership,
    Student,
)
from mansap.employers.models import Organization


class BriefDepartmentSerializer(BriefSerializer):
    class Meta:
        model = Department
        fields = ["id", "code", "display"]


class BriefProgramSerializer(BriefSerializer):
    class Meta:
        model = EducationalProgram
        fields = ["id", "code", "display"]


class ScopedPrimaryKeyField(serializers.PrimaryKeyRelatedField):
    """A foreign key limited to the rows the requesting user may use (like the form's choices)."""

    def __init__(self, *, scope: str, action: str = VIEW, **kwargs: Any) -> None:
        self.scope = scope
        self.action = action
        super().__init__(**kwargs)

    def get_queryset(self) -> QuerySet[Any]:
        user = self.context["request"].user
        if self.action == CHANGE:
            # Where the user may place a record: the same choices the forms offer.
            return {
                "program": lambda: EducationalProgram.objects.with_people_for(user, CHANGE),
                "department": lambda: Department.objects.with_people_for(user, CHANGE),
                "faculty": lambda: Faculty.objects.hosting_departments_for(user),
                "institution": lambda: Institution.objects.for_user(user, CHANGE),
                "academic_year": lambda: AcademicYear.objects.for_user(user, CHANGE),
            }[self.scope]()
        model = {"program": EducationalProgram, "organization": Organization, "employee": Employee}[self.scope]
        return scoped(model).for_user(user, VIEW)


class InstitutionSerializer(ValidatedModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "code", "short_name", "name_kk", "name_ru", "name_en", "bin", "city", "address", "website"]


class FacultySerializer(ValidatedModelSerializer):
    institution = ScopedPrimaryKeyField(scope="institution", action=CHANGE)

    class Meta:
        model = Faculty
        fields = ["id", "institution", "code", "name_kk", "name_ru", "name_en"]


class DepartmentSerializer(ValidatedModelSerializer):
    faculty = ScopedPrimaryKeyField(scope="faculty", action=CHANGE)

    class Meta:
        model = Department
        fields = ["id", "faculty", "code", "name_kk", "name_ru", "name_en", "is_graduating", "email", "phone"]


class EducationalProgramSerializer(ValidatedModelSerializer):
    level = serializers.CharField(required=False)
    department = ScopedPrimaryKeyField(scope="department", action=CHANGE)

    class Meta:
        model = EducationalProgram
        fields = [
            "id",
            "code",
            "level",
            "name_kk",
            "name_ru",
            "name_en",
            "group",
            "department",
            "duration_years",
            "is_active",
        ]

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        # The level may be left out: it follows from the code (6B bachelor, 7M master, 8D doctorate).
        code = str(attrs.get("code") or "").strip().upper()
        if not attrs.get("level") and code[:2] in LEVEL_CODE_LETTER:
            attrs["level"] = LEVEL_CODE_LETTER[code[:2]]
        return super().validate(attrs)


class CalendarEventSerializer(ValidatedModelSerializer):
    academic_year = ScopedPrimaryKeyField(scope="academic_year", action=CHANGE)

    class Meta:
        model = CalendarEvent
        fields = ["id", "academic_year", "kind", "title_kk", "title_ru", "title_en", "starts_on", "ends_on"]


class AcademicYearSerializer(ValidatedModelSerializer):
    institution = ScopedPrimaryKeyField(scope="institution", action=CHANGE)
    name = serializers.CharField(read_only=True)
    events = CalendarEventSerializer(many=True, read_only=True)

    class Meta:
        model = AcademicYear
        fields = ["id", "institution", "name", "start_year", "starts_on", "ends_on", "is_current", "events"]


class EmployeeSerializer(ValidatedModelSerializer):
    department = ScopedPrimaryKeyField(scope="department", action=CHANGE)

    class Meta:
        model = Employee
        fields = [
            "id",
            "last_name",
            "first_name",
            "middle_name",
            "department",
            "position",
            "academic_degree",
            "email",
            "phone",
            "is_active",
        ]


class StudentSerializer(ValidatedModelSerializer):
    program = ScopedPrimaryKeyField(scope="program", action=CHANGE)
    minor_program = ScopedPrimaryKeyField(scope="program", required=False, allow_null=True)
    advisor = ScopedPrimaryKeyField(scope="employee", required=False, allow_null=True)
    sponsor = ScopedPrimaryKeyField(scope="organization", required=False, allow_null=True)
    program_detail = BriefProgramSerializer(source="program", read_only=True)
    department = BriefDepartmentSerializer(source="program.department", read_only=True)
    full_name = serializers.CharField(read_only=True)
    cohort = serializers.IntegerField(read_only=True, allow_null=True)  # null: not a graduate (yet)

    class Meta:
        model = Student
        fields = [
            "id", "iin", "last_name", "first_name", "middle_name", "full_name", "last_name_latin", "first_name_latin",
            "birth_date", "sex", "citizenship", "email", "phone", "program", "program_detail", "department",
            "minor_program",
            "study_form", "study_language", "funding", "sponsor", "admission_year", "course", "group", "status", "gpa",
            "advisor", "graduation_date", "cohort", "diploma_number", "with_honours",
        ]  # fmt: skip
        read_only_fields = ["institution"]

    def prepare_instance(self, instance: Any) -> None:
        instance.fill_derived()


class MembershipSerializer(ModelSerializer):
    """A membership as the access pages show it (read-only)."""

    username = serializers.CharField(source="user.username", read_only=True)
    full_name = serializers.CharField(source="user.display_name", read_only=True)
    email = serializers.CharField(source="user.email", read_only=True)
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = Membership
        fields = [
            "id", "user", "username", "full_name", "email", "institution", "role", "role_display",
            "faculty", "department", "access",
        ]  # fmt: skip
        read_only_fields = fields
