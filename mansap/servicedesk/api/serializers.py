"""Serializers of the servicedesk API: the catalogue, requests (a student creates their own), issued documents."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from mansap.common.api import ModelSerializer
from mansap.servicedesk.choices import Language
from mansap.servicedesk.models import IssuedDocument, Service, ServiceRequest


class ServiceSerializer(ModelSerializer):
    class Meta:
        model = Service
        fields = [
            "id", "code", "name_kk", "name_ru", "name_en", "eligibility", "sla_days", "instant", "needs_approval",
            "document_kind", "form_fields", "is_active",
        ]  # fmt: skip
        read_only_fields = fields


class ServiceRequestSerializer(ModelSerializer):
    service_code = serializers.CharField(source="service.code", read_only=True)
    documents = serializers.SerializerMethodField()

    class Meta:
        model = ServiceRequest
        fields = [
            "id", "receipt_number", "service", "service_code", "student", "channel", "status", "language", "answers",
            "grounds", "received_at", "due_at", "closed_at", "documents",
        ]  # fmt: skip
        read_only_fields = fields

    def get_documents(self, obj: ServiceRequest) -> list[int]:
        return [d.pk for d in obj.documents.all()]


class ServiceRequestCreateSerializer(serializers.Serializer):
    """A student's own request: the service, the answers to its form, the document's language."""

    service = serializers.IntegerField()
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True), required=False)
    language = serializers.ChoiceField(choices=Language.choices, default=Language.KAZAKH)

    def to_representation(self, instance: Any) -> Any:
        return ServiceRequestSerializer(instance, context=self.context).data


class IssuedDocumentSerializer(ModelSerializer):
    service_code = serializers.CharField(source="service.code", read_only=True)
    download_url = serializers.SerializerMethodField()
    verify_path = serializers.SerializerMethodField()

    class Meta:
        model = IssuedDocument
        fields = [
            "id", "number", "issued_on", "language", "service", "service_code", "student", "request", "sha256",
            "verification_code", "status", "revoked_at", "revocation_reason", "download_url", "verify_path",
        ]  # fmt: skip
        read_only_fields = fields

    def get_download_url(self, obj: IssuedDocument) -> str:
        return obj.get_download_url()

    def get_verify_path(self, obj: IssuedDocument) -> str:
        return obj.get_verify_path()
