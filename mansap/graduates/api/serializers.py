"""Serializers of the employment monitoring API.

Writes go through mansap.graduates.services (the views call them), so the API applies
exactly the rules of the journal's forms: a new record closes the open one, contacts
are validated like the form's. A graduate can be named only if the user may change
their records; anything else is "Invalid pk" (400), never a hint that it exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mansap.common.api import BriefSerializer, DateField, ModelSerializer
from mansap.core.access import EMPLOYMENT_RECORDERS, VIEW
from mansap.core.api.serializers import BriefDepartmentSerializer, ScopedPrimaryKeyField
from mansap.core.models import Department, Student
from mansap.graduates.api.filtersets import department_q
from mansap.graduates.choices import Channel, EmploymentStatus
from mansap.graduates.models import (
    CollectionRound,
    ContactAttempt,
    DiscrepancyTask,
    EmploymentRecord,
    OfficialCheckConsent,
    OfficialExtract,
    Reconciliation,
    ReconciliationRow,
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


def manual_channel(value: str) -> str:
    """A person never gives "official extract" (#20): only accepting a discrepancy task records it."""
    if value == Channel.OFFICIAL_EXTRACT:
        raise serializers.ValidationError(
            _('Only an accepted discrepancy task records the source "official extract"; choose another source.')
        )
    return value


def department_among(user: Any, value: str) -> Department:
    """A department given by id or code among those whose people the user sees, else a field error."""
    found = Department.objects.with_people_for(user, VIEW).filter(department_q("", value)).order_by("pk")
    department = found.first()
    if department is None:
        raise serializers.ValidationError(_("There is no department {value} among yours.").format(value=value))
    return department


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

    def validate_channel(self, value: str) -> str:
        return manual_channel(value)

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

    def validate_channel(self, value: str) -> str:
        return manual_channel(value)


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
        return department_among(self.context["request"].user, value)


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


# ---- Reconciliations (#20) -------------------------------------------------------------------------------------


COUNT_NAMES = ("confirmed", "contradicted", "official_only", "consistent", "not_covered", "cohort")


class ReconciliationCountsSerializer(serializers.Serializer):
    confirmed = serializers.IntegerField()
    contradicted = serializers.IntegerField()
    official_only = serializers.IntegerField()
    consistent = serializers.IntegerField()
    not_covered = serializers.IntegerField()
    cohort = serializers.IntegerField()


class ReconciliationSerializer(ModelSerializer):
    """A saved reconciliation (#20): its selection and its figures as computed (as issued, once frozen)."""

    department = BriefDepartmentSerializer(read_only=True, allow_null=True)
    counts = serializers.SerializerMethodField()
    verified_employment_rate = serializers.SerializerMethodField(
        help_text=_("(Confirmed + official only) over the employment rate's denominator.")
    )
    covered_share = serializers.SerializerMethodField(help_text=_("Covered graduates over the cohort."))
    covered = serializers.SerializerMethodField()
    sustained_employment = serializers.SerializerMethodField()
    sustained_employment_rate = serializers.SerializerMethodField()
    is_frozen = serializers.BooleanField(read_only=True)
    created_by = serializers.CharField(source="created_by.display_name", default=None, allow_null=True, read_only=True)
    frozen_by = serializers.CharField(source="frozen_by.display_name", default=None, allow_null=True, read_only=True)

    class Meta:
        model = Reconciliation
        fields = [
            "id", "cohort", "as_of", "department", "sustained_from", "sustained_months", "sustained_required",
            "counts", "verified_employment_rate", "covered_share", "covered", "sustained_employment",
            "sustained_employment_rate", "is_frozen", "frozen_at", "frozen_by", "created_by", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(ReconciliationCountsSerializer)
    def get_counts(self, obj: Reconciliation) -> dict[str, int]:
        counts = (obj.figures or {}).get("counts") or {}
        return {name: int(counts.get(name) or 0) for name in COUNT_NAMES}

    def get_verified_employment_rate(self, obj: Reconciliation) -> float | None:
        return (obj.figures or {}).get("verified_employment_rate")

    def get_covered_share(self, obj: Reconciliation) -> float | None:
        return (obj.figures or {}).get("covered_share")

    def get_covered(self, obj: Reconciliation) -> int | None:
        return (obj.figures or {}).get("covered")

    def get_sustained_employment(self, obj: Reconciliation) -> int | None:
        return (obj.figures or {}).get("sustained_employment")

    def get_sustained_employment_rate(self, obj: Reconciliation) -> float | None:
        return (obj.figures or {}).get("sustained_employment_rate")


class ReconcileSerializer(serializers.Serializer):
    """The body of POST /reconciliations/: reconcile a cohort on a date and save it (the page's form)."""

    cohort = serializers.IntegerField(min_value=1950, max_value=2100, help_text=_("Graduation year, e.g. 2025."))
    as_of = DateField(help_text=_("YYYY-MM-DD."))
    department = serializers.CharField(
        required=False, allow_null=True, help_text=_("A department's id or code, e.g. IS; none: the whole cohort.")
    )
    sustained_months = serializers.IntegerField(min_value=1, max_value=24, default=6)
    sustained_required = serializers.IntegerField(min_value=1, max_value=24, default=5)

    def validate_department(self, value: str | None) -> Department | None:
        return None if value in (None, "") else department_among(self.context["request"].user, str(value))

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs["sustained_required"] > attrs["sustained_months"]:
            raise serializers.ValidationError({"sustained_required": _("At most the number of months in the window.")})
        return attrs


class ReconciliationRowSerializer(ModelSerializer):
    """A graduate in a reconciliation: the department's status on the date against the official trace."""

    graduate = BriefGraduateSerializer(read_only=True)
    department = BriefDepartmentSerializer(source="graduate.program.department", read_only=True)

    class Meta:
        model = ReconciliationRow
        fields = [
            "id", "reconciliation", "graduate", "department", "status", "record", "state", "has_trace", "bin_match",
            "official_bin", "official_employer", "official_since", "sustained",
        ]  # fmt: skip
        read_only_fields = fields


class DiscrepancyTaskSerializer(ModelSerializer):
    """A discrepancy sent to the graduate's department: accept the official evidence or keep the record."""

    graduate = BriefGraduateSerializer(read_only=True)
    department = BriefDepartmentSerializer(source="graduate.program.department", read_only=True)
    as_of = serializers.DateField(source="reconciliation.as_of", read_only=True)
    decided_by = serializers.CharField(source="decided_by.display_name", default=None, allow_null=True, read_only=True)

    class Meta:
        model = DiscrepancyTask
        fields = [
            "id", "reconciliation", "as_of", "graduate", "department", "state", "department_status", "has_trace",
            "official_bin", "official_employer", "official_since", "status", "reason", "decided_by", "decided_at",
            "record",
        ]  # fmt: skip
        read_only_fields = fields


class AcceptTaskSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=EmploymentStatus.choices,
        required=False,
        help_text=_(
            "The status to record: with an official trace an employed one, without one an unemployed one; "
            "default: the first of these."
        ),
    )


class KeepTaskSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=500, help_text=_("Why the department's record stands, e.g. works abroad, informal self-employment.")
    )
