"""Viewsets of the quality API, scoped as the pages are: every staff member reads; the quality editors change
everything of their institution, a risk's owner that risk, its assessments and actions.

- processes: GET, PATCH (the card; the number is fixed);
- risks: GET (with the zone of the latest assessment as of ?on=YYYY-MM-DD, default today), POST, PATCH;
- risk-assessments: GET, POST (through services.risks.record_assessment: the score is derived);
- risk-actions: GET, POST, PATCH (through services.risks.add_action / update_action).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from mansap.common.api import IsStaffMember, ScopedViewSet
from mansap.common.schema import OneObjectSchema
from mansap.core.access import is_quality_editor
from mansap.quality.api.serializers import (
    Process17QuerySerializer,
    Process17Serializer,
    ProcessSerializer,
    RiskActionSerializer,
    RiskAssessmentSerializer,
    RiskSerializer,
)
from mansap.quality.filtersets import RiskFilterSet
from mansap.quality.models import Process, Risk, RiskAction, RiskAssessment
from mansap.quality.reports import p17
from mansap.quality.services import processes as process_services
from mansap.quality.services import risks as services


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's ValidationError as the API's 400 (field errors kept)."""
    try:
        yield
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc


class ProcessViewSet(ScopedViewSet):
    queryset = Process.objects.with_risk_counts().order_by("number")
    serializer_class = ProcessSerializer
    staff_only = True
    http_method_names = ["get", "patch", "head", "options"]

    def perform_update(self, serializer: Any) -> None:
        process = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(process, key, value)
        process_services.save_process(process, acting_user=self.request.user)


class RiskViewSet(ScopedViewSet):
    queryset = Risk.objects.with_list_related()
    serializer_class = RiskSerializer
    filterset_class = RiskFilterSet
    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        on = RiskFilterSet.date_of(self.request.query_params, timezone.localdate())
        return super().get_queryset().with_assessment_on(on)  # type: ignore[attr-defined]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_quality_editor(request.user):
            raise PermissionDenied
        return super(ScopedViewSet, self).create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        serializer.instance = services.save_risk(Risk(**serializer.validated_data), acting_user=self.request.user)

    def perform_update(self, serializer: Any) -> None:
        risk = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(risk, key, value)
        services.save_risk(risk, acting_user=self.request.user)


class RiskAssessmentViewSet(ScopedViewSet):
    queryset = RiskAssessment.objects.with_list_related()
    serializer_class = RiskAssessmentSerializer
    staff_only = True
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["risk"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super(ScopedViewSet, self).create(request, *args, **kwargs)  # the service asks who may

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        risk = data.pop("risk")
        with service_errors():
            serializer.instance = services.record_assessment(risk, acting_user=self.request.user, **data)


class RiskActionViewSet(ScopedViewSet):
    queryset = RiskAction.objects.with_list_related()
    serializer_class = RiskActionSerializer
    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["risk", "status"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super(ScopedViewSet, self).create(request, *args, **kwargs)  # the service asks who may

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        risk = data.pop("risk")
        data.pop("status", None)
        with service_errors():
            serializer.instance = services.add_action(risk, acting_user=self.request.user, **data)

    def perform_update(self, serializer: Any) -> None:
        changes = {k: v for k, v in serializer.validated_data.items() if k != "risk"}
        with service_errors():
            services.update_action(serializer.instance, changes, acting_user=self.request.user)


class Process17ViewSet(ViewSet):
    """The process 17 dashboard (KPI-17.1…17.8) as one object: the same reader, scope and parameters as the
    page (?year=2025-2026, ?on=YYYY-MM-DD for 17.5–17.7, ?faculty=, ?department=); deans get their faculty,
    other staff than management, the Career Center, the Registrar's Office and deans 403."""

    permission_classes = [IsAuthenticated, IsStaffMember]
    schema = OneObjectSchema()

    @extend_schema(parameters=[Process17QuerySerializer], responses=Process17Serializer)
    def list(self, request: Request) -> Response:
        query = Process17QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        scope = p17.scope_for(request.user, faculty=data.get("faculty"), department=data.get("department"))
        period = data.get("year") or p17.current_period()
        return Response(p17.as_json(p17.read(scope, period, on=data.get("on"))))
