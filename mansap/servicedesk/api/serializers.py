"""Serializers of the servicedesk API: the catalogue, requests (a student creates their own), issued documents."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from mansap.common.api import ModelSerializer
from mansap.servicedesk.choices import Language
from mansap.servicedesk.models import Enquiry, InfoRequest, IssuedDocument, Service, ServiceRequest


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
            "grounds", "received_at", "due_at", "closed_at", "documents", "order",
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


class EnquirySerializer(ModelSerializer):
    """A public enquiry as its unit's staff read it (the enquirer's contact included: they answer it)."""

    class Meta:
        model = Enquiry
        fields = [
            "id", "number", "topic", "name", "email", "phone", "message", "language", "status", "role", "faculty",
            "received_at", "due_at", "answer", "answered_at", "response_seconds", "forward_count",
        ]  # fmt: skip
        read_only_fields = fields


class AnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=5000)


class InfoRequestSerializer(ModelSerializer):
    overdue = serializers.SerializerMethodField()
    file_url = serializers.SerializerMethodField()

    class Meta:
        model = InfoRequest
        fields = [
            "id", "request", "faculty", "department", "subject", "text", "due_days", "asked_at", "due_at", "status",
            "answer", "answered_at", "overdue", "file_url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_overdue(self, obj: InfoRequest) -> bool:
        return obj.is_overdue()

    def get_file_url(self, obj: InfoRequest) -> str | None:
        from django.urls import reverse

        return reverse("servicedesk:inforequest_file", args=[obj.pk]) if obj.answer_file else None


class InfoRequestCreateSerializer(serializers.Serializer):
    """The desk's question: one unit (faculty = its dean's office, or department), what, by when."""

    faculty = serializers.IntegerField(required=False, allow_null=True)
    department = serializers.IntegerField(required=False, allow_null=True)
    subject = serializers.CharField(max_length=300)
    text = serializers.CharField(max_length=5000, required=False, allow_blank=True)
    due_days = serializers.IntegerField(min_value=1, max_value=60)
    request = serializers.IntegerField(required=False, allow_null=True)


class InfoAnswerSerializer(serializers.Serializer):
    answer = serializers.CharField(max_length=5000)
    file = serializers.FileField(required=False, allow_null=True)
