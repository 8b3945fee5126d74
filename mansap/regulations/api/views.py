"""Viewsets of the regulations API, scoped as the pages are (read only).

- documents: the register (?q= searches codes and titles in kk/ru/en, ?type=, ?status=, ?classification=,
  ?overdue=); staff only.
- versions: ?document=; drafts and versions in agreement for the quality department only;
  GET document-versions/{id}/download/?language=kk|ru|en is the file (an internal document's download is logged).
- reviews: ?document=.
- acknowledgements: who acknowledged which version, when (?version=, ?user=); the quality department reads
  everyone's, any other staff member their own.
- document-changes: the change registration sheets (?document=).
- working-copies: the distribution log (?document=, ?department=).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.decorators import action
from rest_framework.request import Request

from mansap.common.api import ScopedViewSet
from mansap.core.access import is_regulation_editor
from mansap.regulations.api.serializers import (
    AcknowledgementSerializer,
    ChangeSerializer,
    DocumentSerializer,
    ReviewSerializer,
    VersionSerializer,
    WorkingCopySerializer,
)
from mansap.regulations.filtersets import DocumentFilterSet
from mansap.regulations.models import Acknowledgement, ChangeRecord, Document, DocumentVersion, Review, WorkingCopy
from mansap.regulations.services.downloads import download as download_version


class DocumentViewSet(ScopedViewSet):
    queryset = Document.objects.select_related("department", "faculty", "replaces").order_by("code")
    serializer_class = DocumentSerializer
    filterset_class = DocumentFilterSet
    http_method_names = ["get", "head", "options"]
    staff_only = True


class VersionViewSet(ScopedViewSet):
    queryset = DocumentVersion.objects.prefetch_related("agreements").order_by("document_id", "-major", "-minor")
    serializer_class = VersionSerializer
    filterset_fields = ["document", "status"]
    http_method_names = ["get", "head", "options"]
    staff_only = True

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("document")

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "language",
                str,
                OpenApiParameter.QUERY,
                enum=["kk", "ru", "en"],
                description="The file's language; by default the request's language, else the first the version has.",
            )
        ],
        # The file as uploaded, typed by its first bytes (common.files.private_file_response): a PDF, a DOCX (a zip
        # archive) or a DOC (served as octet-stream).
        responses={
            (200, "application/pdf"): OpenApiTypes.BINARY,
            (200, "application/zip"): OpenApiTypes.BINARY,
            (200, "application/octet-stream"): OpenApiTypes.BINARY,
        },
    )
    @action(detail=True, methods=["get"], url_path="download")
    def download(self, request: Request, pk: Any = None) -> Any:
        version = self.get_object()
        language = request.query_params.get("language")
        if language is None:
            wanted = get_language() or ""
            language = wanted if wanted in version.languages else next(iter(version.languages), wanted)
        return download_version(version, language, acting_user=request.user)


class ReviewViewSet(ScopedViewSet):
    queryset = Review.objects.order_by("document_id", "-reviewed_on", "-pk")
    serializer_class = ReviewSerializer
    filterset_fields = ["document", "result"]
    http_method_names = ["get", "head", "options"]
    staff_only = True


class AcknowledgementViewSet(ScopedViewSet):
    queryset = Acknowledgement.objects.select_related("version", "user").order_by("-at", "-pk")
    serializer_class = AcknowledgementSerializer
    filterset_fields = ["version", "user"]
    http_method_names = ["get", "head", "options"]
    staff_only = True

    def get_queryset(self) -> QuerySet[Any]:
        found = super().get_queryset()
        if not is_regulation_editor(self.request.user):
            found = found.filter(user_id=self.request.user.pk)
        return found


class ChangeViewSet(ScopedViewSet):
    queryset = ChangeRecord.objects.order_by("document_id", "number")
    serializer_class = ChangeSerializer
    filterset_fields = ["document"]
    http_method_names = ["get", "head", "options"]
    staff_only = True


class WorkingCopyViewSet(ScopedViewSet):
    queryset = WorkingCopy.objects.select_related("department", "version").order_by("document_id", "number")
    serializer_class = WorkingCopySerializer
    filterset_fields = ["document", "department"]
    http_method_names = ["get", "head", "options"]
    staff_only = True
