"""Serializers of the employers API: the same validation as the forms (Model.full_clean) and the same choices."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from mansap.common.api import BriefSerializer, DateField, ModelSerializer, ValidatedModelSerializer
from mansap.common.uploads import validate_pdf
from mansap.core.access import VIEW, employer_organization_id, institution_for, is_institution_editor, scoped
from mansap.core.models import EducationalProgram
from mansap.employers.models import (
    Application,
    CareerEvent,
    EventRegistration,
    JointUnit,
    Organization,
    PartnershipAgreement,
    Vacancy,
)
from mansap.employers.services import events
from mansap.employers.services import organizations as services
from mansap.employers.views.vacancies import public_vacancies


def _limit_choices(field: serializers.Field, queryset: QuerySet[Any]) -> None:
    """The choices of a related field: the rows the user may name (a field built per request)."""
    # Any: the stubs declare RelatedField.queryset as QuerySet | Manager, and a Manager is a descriptor
    # mypy then refuses to assign through.
    related: Any = field
    related.queryset = queryset


class BriefOrganizationSerializer(BriefSerializer):
    class Meta:
        model = Organization
        fields = ["id", "bin", "display"]


class OrganizationSerializer(ValidatedModelSerializer):
    bin_facts = serializers.SerializerMethodField()

    class Meta:
        model = Organization
        fields = [
            "id", "name_kk", "name_ru", "name_en", "short_name", "bin", "bin_facts", "oked", "size", "region",
            "address", "website", "contact_person", "email", "phone",
        ]  # fmt: skip

    def get_bin_facts(self, obj: Organization) -> dict[str, Any] | None:
        facts = obj.bin_facts
        if facts is None:
            return None
        return {
            "registered": facts.registered,
            "entity_type": facts.entity_type,
            "entity_type_label": facts.entity_type_label,
            "kind": facts.kind,
            "kind_label": facts.kind_label,
        }

    def prepare_instance(self, instance: Any) -> None:
        if instance.institution_id is None:
            instance.institution = institution_for(self.context["request"].user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if self.instance is None:  # a new organization joins the registry of the user's institution
            attrs["institution"] = institution_for(self.context["request"].user)
        return attrs


class _OrganizationField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return scoped(Organization).for_user(self.context["request"].user, VIEW)


class _WritableDepartmentField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return services.writable_departments(self.context["request"].user)


class _PartnershipSerializer(ValidatedModelSerializer):
    """Department editors must name one of their departments (the form's rule)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        department = attrs.get("department", getattr(self.instance, "department", None))
        if department is None and not is_institution_editor(self.context["request"].user):
            raise serializers.ValidationError({"department": _("Choose one of your departments.")})
        return super().validate(attrs)


class PartnershipAgreementSerializer(_PartnershipSerializer):
    organization = _OrganizationField()
    organization_detail = BriefOrganizationSerializer(source="organization", read_only=True)
    department = _WritableDepartmentField(required=False, allow_null=True)
    scan = serializers.FileField(required=False, allow_empty_file=False, write_only=True)
    scan_url = serializers.SerializerMethodField()
    in_force = serializers.SerializerMethodField()

    class Meta:
        model = PartnershipAgreement
        fields = [
            "id", "organization", "organization_detail", "kind", "number", "signed_on", "valid_from", "valid_until",
            "department", "scan", "scan_url", "note", "in_force",
        ]  # fmt: skip

    def get_scan_url(self, obj: PartnershipAgreement) -> str | None:
        return reverse("employers:partnershipagreement_scan", args=[obj.pk]) if obj.scan else None

    def get_in_force(self, obj: PartnershipAgreement) -> bool:
        return obj.is_in_force()


class JointUnitSerializer(_PartnershipSerializer):
    organization = _OrganizationField()
    organization_detail = BriefOrganizationSerializer(source="organization", read_only=True)
    department = _WritableDepartmentField()
    agreement = serializers.PrimaryKeyRelatedField(
        queryset=PartnershipAgreement.objects.all(), required=False, allow_null=True
    )

    class Meta:
        model = JointUnit
        fields = [
            "id", "kind", "name_kk", "name_ru", "name_en", "department", "organization", "organization_detail",
            "agreement", "opened_on", "closed_on",
        ]  # fmt: skip

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            _limit_choices(fields["agreement"], scoped(PartnershipAgreement).for_user(request.user, VIEW))
        return fields


class PartnerKpiQuerySerializer(serializers.Serializer):
    as_of = DateField(required=False, help_text=_("YYYY-MM-DD; default: today."))


class PartnerKpiSerializer(serializers.Serializer):
    """Documentation of the object `manage.py partner_kpis --json` prints."""

    institution = serializers.CharField()
    as_of = serializers.DateField()
    kpis = serializers.DictField(
        child=serializers.DictField(), help_text=_('"17.5", "17.6", "17.7": code, title, value, rows.')
    )


PROGRAMS = Prefetch("programs", queryset=EducationalProgram.objects.order_by("code").only("pk", "code"))


class VacancySerializer(ValidatedModelSerializer):
    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none(), required=False)
    organization_detail = BriefOrganizationSerializer(source="organization", read_only=True)
    programs = serializers.PrimaryKeyRelatedField(many=True, queryset=EducationalProgram.objects.all(), required=False)
    expired = serializers.BooleanField(read_only=True)

    class Meta:
        model = Vacancy
        fields = [
            "id", "organization", "organization_detail", "kind", "title", "description", "requirements", "programs",
            "region", "city", "employment_type", "salary_from", "salary_to", "contact_email", "status",
            "published_on", "expires_on", "rejection_reason", "expired",
        ]  # fmt: skip
        read_only_fields = ["status", "published_on", "rejection_reason"]

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            _limit_choices(fields["organization"], scoped(Organization).for_user(request.user, VIEW))
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = self.context["request"].user
        organization = employer_organization_id(user)
        if organization:  # an employer contact: always their organization; the Career Center sets the dates
            attrs.pop("expires_on", None)
            attrs.pop("organization", None)
            if self.instance is None:
                attrs["organization"] = Organization.objects.get(pk=organization)
        elif self.instance is None and not attrs.get("organization"):
            raise ValidationError({"organization": [_("This field is required.")]})
        if self.instance is None:
            attrs["institution"] = attrs["organization"].institution
            attrs["created_by"] = user
        # Only programs of the vacancy's own university (as in VacancyForm).
        institution_id = attrs["institution"].pk if self.instance is None else self.instance.institution_id
        for program in attrs.get("programs", ()):
            if program.department.faculty.institution_id != institution_id:
                message = serializers.PrimaryKeyRelatedField.default_error_messages["does_not_exist"]
                raise ValidationError({"programs": [message.format(pk_value=program.pk)]})
        return super().validate(attrs)


class ApplicationSerializer(ModelSerializer):
    vacancy = serializers.PrimaryKeyRelatedField(queryset=Vacancy.objects.none())
    student_name = serializers.CharField(source="student.full_name", read_only=True)
    program = serializers.CharField(source="student.program.code", read_only=True)
    cv = serializers.FileField(write_only=True, required=False, validators=[validate_pdf])
    use_profile_cv = serializers.BooleanField(
        write_only=True, required=False, default=False, help_text="Send a copy of the CV of the student's profile."
    )
    cv_url = serializers.SerializerMethodField()

    class Meta:
        model = Application
        fields = [
            "id", "vacancy", "student_name", "program", "cover_letter", "cv", "use_profile_cv", "cv_url", "created_at",
        ]  # fmt: skip

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("use_profile_cv") and attrs.get("cv"):
            raise ValidationError({"cv": _("Either attach a CV or use the one of your profile, not both.")})
        return attrs

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        _limit_choices(fields["vacancy"], public_vacancies())
        return fields

    def get_cv_url(self, obj: Application) -> str:
        from django.urls import reverse

        return reverse("employers:application_cv", args=[obj.pk])


class PublicVacancySerializer(ModelSerializer):
    organization = serializers.CharField(source="organization.__str__", read_only=True)
    programs: Any = serializers.SlugRelatedField(many=True, slug_field="code", read_only=True)
    url = serializers.CharField(source="get_public_url", read_only=True)

    class Meta:
        model = Vacancy
        fields = [
            "id", "title", "organization", "kind", "description", "requirements", "programs", "region", "city",
            "employment_type", "salary_from", "salary_to", "contact_email", "published_on", "expires_on", "url",
        ]  # fmt: skip


def _drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(serializers.as_serializer_error(exc))


class _InstitutionOrganizationsField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return scoped(Organization).for_user(self.context["request"].user, VIEW)


class CareerEventSerializer(ValidatedModelSerializer):
    title = serializers.CharField(read_only=True)
    department = _WritableDepartmentField(required=False, allow_null=True)
    organizations = _InstitutionOrganizationsField(many=True, required=False)
    registered_count = serializers.SerializerMethodField()

    class Meta:
        model = CareerEvent
        fields = [
            "id", "kind", "title", "title_kk", "title_ru", "title_en", "description", "starts_at", "ends_at",
            "location", "online_url", "department", "organizations", "capacity", "registration_open", "is_public",
            "registered_count",
        ]  # fmt: skip

    def get_registered_count(self, obj: CareerEvent) -> int:
        """Students registered (the list's annotation; counted for an event just created or changed)."""
        counted = getattr(obj, "registered_count", None)
        return counted if counted is not None else events.active_student_count(obj)

    def prepare_instance(self, instance: Any) -> None:
        if instance.institution_id is None:
            instance.institution = institution_for(self.context["request"].user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = self.context["request"].user
        department = attrs.get("department", getattr(self.instance, "department", None))
        if department is None and not is_institution_editor(user):
            raise serializers.ValidationError({"department": _("Choose one of your departments.")})
        attrs = super().validate(attrs)
        if self.instance is None:
            attrs["institution"] = institution_for(user)
        return attrs


class EventRegistrationSerializer(ModelSerializer):
    event = serializers.PrimaryKeyRelatedField(queryset=CareerEvent.objects.none())
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(), required=False, allow_null=True
    )
    # null: an organization's registration (a job fair booth) has no student
    student_name = serializers.CharField(source="student.full_name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = EventRegistration
        fields = ["id", "event", "student", "student_name", "organization", "booth_number", "status", "attended",
                  "registered_at"]  # fmt: skip
        read_only_fields = ["student", "status", "attended", "registered_at"]
        validators: list[Any] = []  # the services check uniqueness, booths and capacity

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            _limit_choices(fields["event"], scoped(CareerEvent).for_user(request.user, VIEW))
            _limit_choices(fields["organization"], scoped(Organization).for_user(request.user, VIEW))
        return fields
