"""Viewsets of the servicedesk API, scoped as the pages are: the desk reads its institution's requests and
documents, a student their own (others answer 404); a department's staff none.

- services: GET only (the active catalogue of the user's institution);
- requests: GET, and POST for a student's own request ({"service", "answers", "language"});
- documents: GET, and /documents/{id}/download/ (the PDF);
- enquiries (staff): GET the enquiries of the user's unit (as the pages scope them), POST /{id}/answer/;
- information requests: GET (the desk: its institution's; a unit: those addressed to it), POST by the desk
  ({"faculty" | "department", "subject", "text", "due_days", "request"}), POST /{id}/answer/ by the unit
  ({"answer", "file"}), POST /{id}/cancel/ by the desk.
Every change goes through the app's services; a refusal is a 400 naming the field, or 403.
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
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from mansap.common.api import ScopedViewSet
from mansap.common.files import private_file_response
from mansap.core.access import VIEW, institution_for, is_service_desk_staff
from mansap.servicedesk.api.serializers import (
    AnswerSerializer,
    EnquirySerializer,
    InfoAnswerSerializer,
    InfoRequestCreateSerializer,
    InfoRequestSerializer,
    IssuedDocumentSerializer,
    ServiceRequestCreateSerializer,
    ServiceRequestSerializer,
    ServiceSerializer,
)
from mansap.servicedesk.models import Enquiry, InfoRequest, IssuedDocument, Service, ServiceRequest
from mansap.servicedesk.services import enquiries as enquiry_services
from mansap.servicedesk.services import information as information_services
from mansap.servicedesk.services import requests as services


def call_service(function: Any, *args: Any, **kwargs: Any) -> Any:
    """A service's refusal as the API answers it: ValidationError → 400 naming the fields, PermissionDenied → 403."""
    try:
        return function(*args, **kwargs)
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}) from exc
    except DjangoPermissionDenied as exc:
        raise PermissionDenied from exc


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


class EnquiryViewSet(ScopedViewSet):
    queryset = Enquiry.objects.order_by("-received_at", "-pk")
    serializer_class = EnquirySerializer
    staff_only = True
    http_method_names = ["get", "post", "head", "options"]

    @extend_schema(exclude=True)  # POST is for the answer action: enquiries come from the public form
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        raise MethodNotAllowed("POST")

    @extend_schema(request=AnswerSerializer, responses={200: EnquirySerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: Any = None) -> Response:
        enquiry = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        found = call_service(
            enquiry_services.answer_enquiry, enquiry, answer=serializer.validated_data["answer"],
            acting_user=request.user,
        )  # fmt: skip
        return Response(EnquirySerializer(found).data)


class InfoRequestViewSet(ScopedViewSet):
    queryset = InfoRequest.objects.order_by("-asked_at", "-pk")
    serializer_class = InfoRequestSerializer
    staff_only = True
    http_method_names = ["get", "post", "head", "options"]

    def get_serializer_class(self) -> Any:
        return InfoRequestCreateSerializer if self.action == "create" else InfoRequestSerializer

    @extend_schema(request=InfoRequestCreateSerializer, responses={201: InfoRequestSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        institution = institution_for(request.user)
        if institution is None or not is_service_desk_staff(request.user):
            raise PermissionDenied
        serializer = InfoRequestCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            unit = information_services.find_unit(
                institution, faculty=data.get("faculty"), department=data.get("department")
            )
        except DjangoValidationError as exc:  # the API answers the codes: {"faculty": ["unknown_faculty"]}
            raise ValidationError({name: [e.code for e in errors] for name, errors in exc.error_dict.items()}) from exc
        about: ServiceRequest | None = None
        if data.get("request"):
            about = ServiceRequest.objects.for_user(request.user, VIEW).filter(pk=data["request"]).first()
            if about is None:
                raise ValidationError({"request": ["unknown_request"]})
        found = call_service(
            information_services.ask_unit, institution=institution, subject=data["subject"],
            text=data.get("text", ""), due_days=data["due_days"], request=about, acting_user=request.user, **unit,
        )  # fmt: skip
        return Response(InfoRequestSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=InfoAnswerSerializer, responses={200: InfoRequestSerializer})
    @action(detail=True, methods=["post"])
    def answer(self, request: Request, pk: Any = None) -> Response:
        info = self.get_object()
        serializer = InfoAnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        found = call_service(
            information_services.answer_info_request, info, answer=data["answer"], file=data.get("file"),
            acting_user=request.user,
        )  # fmt: skip
        return Response(InfoRequestSerializer(found).data)

    @extend_schema(request=None, responses={200: InfoRequestSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: Any = None) -> Response:
        found = call_service(information_services.cancel_info_request, self.get_object(), acting_user=request.user)
        return Response(InfoRequestSerializer(found).data)
