"""Serializers of the employment monitoring API.

Writes go through mansap.graduates.services (the views call them), so the API applies
exactly the rules of the journal's forms: a new record closes the open one, contacts
are validated like the form's. A graduate can be named only if the user may change
their records; anything else is "Invalid pk" (400), never a hint that it exists.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mansap.common.api import BriefSerializer, DateField, ModelSerializer
from mansap.core.access import EMPLOYMENT_RECORDERS, VIEW
from mansap.core.api.serializers import BriefDepartmentSerializer, ScopedPrimaryKeyField
from mansap.core.models import Department, Student
from mansap.graduates.api.filtersets import department_q
from mansap.graduates.models import (
    CollectionRound,
    ContactAttempt,
    EmploymentRecord,
    OfficialCheckConsent,
    OfficialExtract,
)


class BriefGraduateSerializer(BriefSerializer):
    cohort = serializers.IntegerField(read_only=True)

    class Meta:
        model = Student
        fields = ["id", "iin", "display", "cohort"]


class BriefRoundSerializer(BriefSerializer):
    class Meta:
        model = CollectionRound
        fields = ["id", "number", "cohort", "deadline"]


class GraduateField(serializers.PrimaryKeyRelatedField):
    """A graduate whose records the requesting user may change (the journal's choice)."""

    def get_queryset(self) -> QuerySet[Student]:
        user = self.context["request"].user
        return Student.objects.for_user_as(user, EMPLOYMENT_RECORDERS).graduates()


class RoundField(serializers.PrimaryKeyRelatedField):
    """A round the requesting user sees (rounds are institution-wide)."""

    def get_queryset(self) -> QuerySet[CollectionRound]:
        return CollectionRound.objects.for_user(self.context["request"].user, VIEW)


class EmploymentRecordSerializer(ModelSerializer):
    graduate = GraduateField()
    graduate_detail = BriefGraduateSerializer(source="graduate", read_only=True)
    department = BriefDepartmentSerializer(source="graduate.program.department", read_only=True)
    organization = ScopedPrimaryKeyField(scope="organization", required=False, allow_null=True)
    collection_round = RoundField(required=False, allow_null=True)
    is_open = serializers.SerializerMethodField(
        help_text=_("No end date and not voided (it may start later: ?current=true gives the status as of today).")
    )
    is_void = serializers.BooleanField(read_only=True, help_text=_("Voided: kept in the history, counts for nothing."))
    evidence = serializers.SerializerMethodField(
        help_text=_("The address of the supporting document (served to those who may see the record), or null.")
    )

    class Meta:
        model = EmploymentRecord
        fields = [
            "id", "graduate", "graduate_detail", "department", "status", "organization", "employer_name",
            "employer_bin", "position", "region", "region_text", "sector", "salary", "study_level", "started_on",
            "ended_on", "is_open", "channel", "collection_round", "evidence", "note", "recorded_by", "created_at",
            "is_void", "voided_at", "voided_by", "void_reason", "corrects",
        ]  # fmt: skip
        read_only_fields = [
            "evidence", "recorded_by", "created_at", "voided_at", "voided_by", "void_reason", "corrects",
        ]  # fmt: skip

    def get_is_open(self, record: EmploymentRecord) -> bool:
        return record.ended_on is None and record.voided_at is None

    def get_evidence(self, record: EmploymentRecord) -> str | None:
        # Through the scoped view, never /media/ (not served: the file holds personal data).
        return record.private_file_url("evidence") if record.evidence else None


class VoidRecordSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500, help_text=_("Why the record is wrong; kept with it."))


class CorrectRecordSerializer(EmploymentRecordSerializer):
    """The right record replacing a wrong one: the record's fields (its graduate is the wrong one's) and why."""

    graduate: serializers.PrimaryKeyRelatedField[Student] = serializers.PrimaryKeyRelatedField(  # type: ignore[assignment]
        read_only=True
    )
    reason = serializers.CharField(max_length=500, write_only=True, help_text=_("Why the record is wrong."))

    class Meta(EmploymentRecordSerializer.Meta):
        fields = [*EmploymentRecordSerializer.Meta.fields, "reason"]


class ContactAttemptSerializer(ModelSerializer):
    graduate = GraduateField()
    graduate_detail = BriefGraduateSerializer(source="graduate", read_only=True)
    department = BriefDepartmentSerializer(source="graduate.program.department", read_only=True)

    class Meta:
        model = ContactAttempt
        fields = [
            "id", "graduate", "graduate_detail", "department", "contacted_on", "channel", "outcome", "note",
            "recorded_by", "created_at",
        ]  # fmt: skip
        read_only_fields = ["recorded_by", "created_at"]


class CollectionRoundSerializer(ModelSerializer):
    academic_year_name = serializers.CharField(source="academic_year.name", read_only=True)
    is_closed = serializers.BooleanField(read_only=True)

    class Meta:
        model = CollectionRound
        fields = [
            "id", "academic_year", "academic_year_name", "number", "cohort", "opens_on", "deadline",
            "platonus_deadline", "closed_at", "is_closed", "platonus_registered_at",
        ]  # fmt: skip
        read_only_fields = fields


# ---- KPIs ----------------------------------------------------------------------------------------------------


class KpiQuerySerializer(serializers.Serializer):
    """The query parameters of /employment-kpis/."""

    cohort = serializers.IntegerField(min_value=1950, max_value=2100, help_text=_("Graduation year, e.g. 2025."))
    as_of = DateField(required=False, help_text=_("YYYY-MM-DD; default: today."))
    department = serializers.CharField(required=False, help_text=_("A department's id or code, e.g. IS."))

    def validate_department(self, value: str) -> Department:
        user = self.context["request"].user
        found = Department.objects.with_people_for(user, VIEW).filter(department_q("", value)).order_by("pk")
        department = found.first()
        if department is None:
            raise serializers.ValidationError(_("There is no department {value} among yours.").format(value=value))
        return department


class KpiCountsSerializer(serializers.Serializer):
    cohort = serializers.IntegerField()
    unknown = serializers.IntegerField()
    employed = serializers.IntegerField()
    employed_specialty = serializers.IntegerField()
    own_business = serializers.IntegerField()
    out_of_labour_force = serializers.IntegerField()
    continuing_education = serializers.IntegerField()
    military_service = serializers.IntegerField()
    parental_leave = serializers.IntegerField()
    with_salary = serializers.IntegerField()


class KpiSerializer(serializers.Serializer):
    """Documentation of the KPI object (the same as `manage.py employment_kpis --json`)."""

    cohort = serializers.IntegerField()
    as_of = serializers.DateField()
    department = serializers.CharField(allow_null=True, help_text=_("The department's code, or null."))
    institution = serializers.CharField(allow_null=True)
    knowledge_rate = serializers.FloatField(allow_null=True)
    employment_rate = serializers.FloatField(allow_null=True)
    employment_by_specialty_rate = serializers.FloatField(allow_null=True)
    own_business_share = serializers.FloatField(allow_null=True)
    career_outcomes_rate = serializers.FloatField(allow_null=True)
    average_salary = serializers.IntegerField(allow_null=True)
    median_salary = serializers.IntegerField(allow_null=True)
    counts = KpiCountsSerializer()
    verified_employment_rate = serializers.FloatField(
        allow_null=True,
        help_text=_("(Confirmed + official only) over the employment rate's denominator, by the official extracts."),
    )
    covered_share = serializers.FloatField(allow_null=True, help_text=_("Graduates covered by official extracts."))
    status_counts = serializers.DictField(child=serializers.IntegerField())


class OfficialExtractSerializer(ModelSerializer):
    """An official extract (#20): what it is, where from, its period and cohorts, its rows matched or not."""

    cohorts = serializers.SerializerMethodField()
    matched = serializers.IntegerField(read_only=True)
    unknown = serializers.IntegerField(read_only=True)
    uploaded_by = serializers.CharField(
        source="uploaded_by.display_name", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = OfficialExtract
        fields = [
            "id", "kind", "source", "period_start", "period_end", "consent_basis", "original_name", "sha256",
            "cohorts", "row_count", "matched", "unknown", "uploaded_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_cohorts(self, obj: OfficialExtract) -> list[int]:
        return [c.year for c in obj.cohorts.all()]


class OfficialCheckConsentSerializer(ModelSerializer):
    """A graduate's consent to official checks (#20)."""

    graduate = BriefGraduateSerializer(read_only=True)
    recorded_by = serializers.CharField(source="recorded_by.display_name", default=None, read_only=True)

    class Meta:
        model = OfficialCheckConsent
        fields = ["id", "graduate", "status", "note", "recorded_by", "updated_at"]
        read_only_fields = fields
