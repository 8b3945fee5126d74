"""Serializers of the employers API: the same validation as the forms (Model.full_clean) and the same choices."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mansap.common.api import BriefSerializer, ValidatedModelSerializer
from mansap.core.querysets import VIEW
from mansap.employers import services
from mansap.employers.models import JointUnit, Organization, PartnershipAgreement


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
            instance.institution = services.user_institution(self.context["request"].user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        if self.instance is None:  # a new organization joins the registry of the user's institution
            attrs["institution"] = services.user_institution(self.context["request"].user)
        return attrs


class _OrganizationField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return Organization.objects.for_user(self.context["request"].user, VIEW)


class _WritableDepartmentField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return services.writable_departments(self.context["request"].user)


class _PartnershipSerializer(ValidatedModelSerializer):
    """Department editors must name one of their departments (the form's rule)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        department = attrs.get("department", getattr(self.instance, "department", None))
        if department is None and not services.is_institution_editor(self.context["request"].user):
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
            fields["agreement"].queryset = PartnershipAgreement.objects.for_user(request.user, VIEW)  # type: ignore[attr-defined]
        return fields


class PartnerKpiQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(required=False, help_text=_("YYYY-MM-DD; default: today."))


class PartnerKpiSerializer(serializers.Serializer):
    """Documentation of the object `manage.py partner_kpis --json` prints."""

    institution = serializers.CharField()
    as_of = serializers.DateField()
    kpis = serializers.DictField(
        child=serializers.DictField(), help_text=_('"17.5", "17.6", "17.7": code, title, value, rows.')
    )
