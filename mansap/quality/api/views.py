"""Viewsets of the quality API, scoped as the pages are: every staff member reads; the quality editors change
everything of their institution, a risk's owner that risk, its assessments and actions.

- processes: GET, PATCH (the card; the number is fixed);
- risks: GET (with the zone of the latest assessment as of ?on=YYYY-MM-DD, default today), POST, PATCH;
- risk-assessments: GET, POST (through services.risks.record_assessment: the score is derived);
- risk-actions: GET, POST, PATCH (through services.risks.add_action / update_action);
- kpi-definitions: GET, POST, PATCH (the quality editors), POST {id}/agree/, GET scorecard/;
- kpi-targets: GET, POST (services.kpis.set_target: the process owner, the quality editors);
- kpi-values: GET, POST (services.kpis.enter_value: the process owner, the quality editors).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from mansap.common.api import IsStaffMember, ScopedViewSet
from mansap.common.indicators import WHOLE, Breakdown
from mansap.common.params import parse_id, parse_int
from mansap.common.schema import OneObjectSchema
from mansap.core.access import CHANGE, VIEW, get_for_user_or_404, is_quality_editor, scoped
from mansap.core.models import Department
from mansap.quality.api.serializers import (
    KPIDefinitionSerializer,
    KPITargetSerializer,
    KPIValueSerializer,
    Process17QuerySerializer,
    Process17Serializer,
    ProcessSerializer,
    RiskActionSerializer,
    RiskAssessmentSerializer,
    RiskSerializer,
)
from mansap.quality.filtersets import KPIFilterSet, RiskFilterSet
from mansap.quality.models import KPIDefinition, KPITarget, KPIValue, Process, Risk, RiskAction, RiskAssessment
from mansap.quality.reports import kpis as kpi_reports
from mansap.quality.reports import p17
from mansap.quality.services import kpis as kpi_services
from mansap.quality.services import processes as process_services
from mansap.quality.services import risks as services


class ScorecardRowSerializer(serializers.Serializer):
    """One KPI of GET kpi-definitions/scorecard/ (the keys of `manage.py process_kpis --json`)."""

    code = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    status = serializers.ChoiceField(choices=["green", "amber", "red", "none"])


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's ValidationError as the API's 400 (field errors kept)."""
    try:
        yield
    except DjangoValidationError as exc:
        raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc


class ServiceCreateViewSet(ScopedViewSet):
    """POST is open to whoever sees the endpoint: the service it calls asks who may (a risk's owner, a process's
    owner), not ScopedViewSet's creation scope."""

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super(ScopedViewSet, self).create(request, *args, **kwargs)


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


class RiskAssessmentViewSet(ServiceCreateViewSet):
    queryset = RiskAssessment.objects.with_list_related()
    serializer_class = RiskAssessmentSerializer
    staff_only = True
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["risk"]

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        risk = data.pop("risk")
        with service_errors():
            serializer.instance = services.record_assessment(risk, acting_user=self.request.user, **data)


class RiskActionViewSet(ServiceCreateViewSet):
    queryset = RiskAction.objects.with_list_related()
    serializer_class = RiskActionSerializer
    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["risk", "status"]

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


# ---- KPIs (#13) ------------------------------------------------------------------------------------------------
class KPIDefinitionViewSet(ScopedViewSet):
    """KPI definitions: GET (?process=, ?status=, ?source=, ?q=), POST and PATCH by the quality editors (the status
    moves only through the lifecycle: POST /{id}/agree/); GET scorecard/?process=N&period=LABEL[&department=ID]
    gives the figures of `manage.py process_kpis --json`."""

    queryset = KPIDefinition.objects.with_list_related()
    serializer_class = KPIDefinitionSerializer
    filterset_class = KPIFilterSet
    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not kpi_services.can_edit_definition(request.user):
            raise PermissionDenied
        return super(ScopedViewSet, self).create(request, *args, **kwargs)

    def perform_create(self, serializer: Any) -> None:
        with service_errors():
            serializer.instance = kpi_services.save_definition(
                KPIDefinition(**serializer.validated_data), acting_user=self.request.user
            )

    def perform_update(self, serializer: Any) -> None:
        definition = serializer.instance
        if not kpi_services.can_edit_definition(self.request.user, definition):
            raise PermissionDenied
        for key, value in serializer.validated_data.items():
            setattr(definition, key, value)
        with service_errors():
            kpi_services.save_definition(definition, acting_user=self.request.user)

    @extend_schema(request=None, responses=KPIDefinitionSerializer)
    @action(detail=True, methods=["post"])
    def agree(self, request: Any, pk: Any = None) -> Response:
        definition = get_for_user_or_404(KPIDefinition, request.user, pk, CHANGE)
        with service_errors():
            kpi_services.agree_formula(definition, acting_user=request.user)
        return Response(self.get_serializer(definition).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("process", int, required=True, description="the process number"),
            OpenApiParameter("period", str, required=True, description="e.g. 2025-2026"),
            OpenApiParameter("department", int, required=False, description="a department's id"),
        ],
        responses=ScorecardRowSerializer(many=True),
    )
    @action(detail=False, methods=["get"])
    def scorecard(self, request: Any) -> Response:
        params = request.query_params
        number = parse_int(params.get("process"), minimum=1)
        label = (params.get("period") or "").strip()
        processes = scoped(Process).for_user(request.user, VIEW)
        process = processes.filter(number=number).first() if number is not None else None
        if process is None:
            raise serializers.ValidationError({"process": [_("No such process.")]})
        if not label:
            raise serializers.ValidationError({"period": [_("Give the period, e.g. 2025-2026.")]})
        breakdown = WHOLE
        if "department" in params:
            department = (
                Department.objects.with_people_for(request.user, VIEW)
                .filter(pk=parse_id(params.get("department")) or 0, faculty__institution=process.institution_id)
                .first()
            )
            if department is None:
                raise serializers.ValidationError({"department": [_("No such department.")]})
            breakdown = Breakdown(faculty=department.faculty_id, department=department.pk)
        rows = kpi_reports.scorecard(process, label, breakdown)
        return Response([row.as_json() for row in rows])


class KPITargetViewSet(ServiceCreateViewSet):
    """Targets: GET (?definition=, ?period=), POST through services.kpis.set_target (the process owner, the quality
    editors); posting a KPI's period again changes its target."""

    queryset = KPITarget.objects.with_list_related()
    serializer_class = KPITargetSerializer
    staff_only = True
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["definition", "period"]

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        definition = data.pop("definition")
        with service_errors():
            serializer.instance = kpi_services.set_target(definition, acting_user=self.request.user, **data)


class KPIValueViewSet(ServiceCreateViewSet):
    """Values: GET (?definition=, ?period=), POST through services.kpis.enter_value (entered KPIs; the process
    owner, the quality editors); posting a KPI's period again corrects its value."""

    queryset = KPIValue.objects.with_list_related()
    serializer_class = KPIValueSerializer
    staff_only = True
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["definition", "period"]

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        definition = data.pop("definition")
        reason = data.pop("reason", "") or None
        with service_errors():
            serializer.instance = kpi_services.enter_value(
                definition, acting_user=self.request.user, reason=reason, **data
            )


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
