"""Viewsets of the servicedesk API, scoped as the pages are: the desk reads its institution's requests and
documents, a student their own (others answer 404); a department's staff none.

- services: GET only (the active catalogue of the user's institution);
- requests: GET, and POST for a student's own request ({"service", "answers", "language"});
- documents: GET, and /documents/{id}/download/ (the PDF).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from mansap.common.api import ScopedViewSet
from mansap.common.files import private_file_response
from mansap.servicedesk.api.serializers import (
    IssuedDocumentSerializer,
    ServiceRequestCreateSerializer,
    ServiceRequestSerializer,
    ServiceSerializer,
)
from mansap.servicedesk.models import IssuedDocument, Service, ServiceRequest
from mansap.servicedesk.services import requests as services


class ServiceViewSet(ScopedViewSet):
    queryset = Service.objects.filter(is_active=True).order_by("position", "code")
    serializer_class = ServiceSerializer
    http_method_names = ["get", "head", "options"]


class ServiceRequestViewSet(ScopedViewSet):
    queryset = ServiceRequest.objects.order_by("-received_at", "-pk")
    serializer_class = ServiceRequestSerializer
    http_method_names = ["get", "post", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("service").prefetch_related("documents")

    def get_serializer_class(self) -> Any:
        return ServiceRequestCreateSerializer if self.action == "create" else ServiceRequestSerializer

    @extend_schema(request=ServiceRequestCreateSerializer, responses={201: ServiceRequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        student = getattr(request.user, "student", None)
        if student is None:
            raise PermissionDenied
        serializer = ServiceRequestCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        service = Service.objects.filter(pk=data["service"], institution_id=student.institution_id).first()
        if service is None:
            raise ValidationError({"service": ["unknown_service"]})
        try:
            found = services.submit_request(
                service, student, answers=data.get("answers") or {}, language=data["language"], acting_user=request.user
            )
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}) from exc
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        return Response(ServiceRequestSerializer(found).data, status=status.HTTP_201_CREATED)


class IssuedDocumentViewSet(ScopedViewSet):
    queryset = IssuedDocument.objects.order_by("-issued_at", "-pk")
    serializer_class = IssuedDocumentSerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        return super().get_queryset().select_related("service")

    @extend_schema(responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def download(self, request: Request, pk: Any = None) -> FileResponse:
        document = self.get_object()
        if not document.file:
            raise Http404
        return private_file_response(document.file, filename=f"{document.number}-{document.language}.pdf")
