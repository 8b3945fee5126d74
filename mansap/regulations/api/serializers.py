"""Serializers of the regulations API: documents, versions (with agreements and download links), reviews."""

from __future__ import annotations

from rest_framework import serializers
from rest_framework.reverse import reverse

from mansap.common.api import ModelSerializer
from mansap.regulations.choices import LANGUAGES
from mansap.regulations.models import (
    Acknowledgement,
    Agreement,
    ChangeRecord,
    Document,
    DocumentVersion,
    Review,
    WorkingCopy,
)


class AgreementSerializer(ModelSerializer):
    class Meta:
        model = Agreement
        fields = ["position", "full_name", "agreed_on"]
        read_only_fields = fields


class VersionSerializer(ModelSerializer):
    number = serializers.CharField(read_only=True)
    agreements = AgreementSerializer(many=True, read_only=True)
    files = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "id", "document", "number", "major", "minor", "status", "approved_by_name", "approved_by_position",
            "approval_body", "protocol_number", "approved_on", "approved_year", "effective_on", "ended_on",
            "change_permit", "agreements", "files",
        ]  # fmt: skip
        read_only_fields = fields

    def get_files(self, version: DocumentVersion) -> dict[str, str]:
        """The language → the scoped download endpoint, for the languages the version has a file in."""
        request = self.context.get("request")
        return {
            code: reverse("documentversion-download", args=[version.pk], request=request) + f"?language={code}"
            for code in LANGUAGES
            if version.file_of(code)
        }


class DocumentSerializer(ModelSerializer):
    replaces_code = serializers.CharField(source="replaces.code", read_only=True, default=None, allow_null=True)
    unit = serializers.CharField(read_only=True)
    aliases = serializers.SerializerMethodField()

    class Meta:
        model = Document
        fields = [
            "id", "code", "aliases", "type", "title_kk", "title_ru", "title_en", "unit", "department", "faculty",
            "classification", "edms_number", "review_interval_years", "replaces", "replaces_code", "status",
            "next_review_on",
        ]  # fmt: skip
        read_only_fields = fields

    def get_aliases(self, document: Document) -> list[str]:
        return document.alias_list


class ReviewSerializer(ModelSerializer):
    class Meta:
        model = Review
        fields = ["id", "document", "reviewed_on", "reviewer", "result", "note"]
        read_only_fields = fields


class AcknowledgementSerializer(ModelSerializer):
    document = serializers.IntegerField(source="version.document_id", read_only=True)
    version_number = serializers.CharField(source="version.number", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = Acknowledgement
        fields = ["id", "document", "version", "version_number", "user", "username", "at"]
        read_only_fields = fields


class ChangeSerializer(ModelSerializer):
    class Meta:
        model = ChangeRecord
        fields = [
            "id", "document", "number", "notice_number", "sheets_changed", "sheets_replaced", "sheets_new",
            "sheets_annulled", "total_sheets", "made_on", "made_by_name",
        ]  # fmt: skip
        read_only_fields = fields


class WorkingCopySerializer(ModelSerializer):
    recipient = serializers.CharField(read_only=True)
    version_number = serializers.CharField(source="version.number", read_only=True, default=None, allow_null=True)

    class Meta:
        model = WorkingCopy
        fields = [
            "id", "document", "number", "version", "version_number", "department", "recipient", "issued_on",
            "withdrawn_on", "withdrawn_by",
        ]  # fmt: skip
        read_only_fields = fields


__all__ = [
    "AcknowledgementSerializer",
    "ChangeSerializer",
    "DocumentSerializer",
    "ReviewSerializer",
    "VersionSerializer",
    "WorkingCopySerializer",
]
