"""Viewsets of the quality API, scoped as the pages are: every staff member reads; the quality editors change
everything of their institution, a risk's owner that risk, its assessments and actions.

- processes: GET, PATCH (the card; the number is fixed);
- risks: GET (with the zone of the latest assessment as of ?on=YYYY-MM-DD, default today), POST, PATCH;
- risk-assessments: GET, POST (through services.risks.record_assessment: the score is derived);
- risk-actions: GET, POST, PATCH (through services.risks.add_action / update_action);
- risk-reviews: GET, POST (services.risks.review_risk); risks/{id}/retire/: POST {"reason"} (the quality editors);
- reviews (management reviews): GET, POST (prepare a draft), PATCH (a draft's notes); POST reviews/{id}/issue/,
  reviews/{id}/close/, reviews/{id}/new-version/;
- review-decisions: GET (?overdue=true), POST (on an issued review), PATCH; POST review-decisions/{id}/done/;
- work-plans: GET (with measures and half-year reports), POST, PATCH; work-plan-measures: GET, POST;
- kpi-definitions: GET, POST, PATCH (the quality editors), POST {id}/agree/, GET scorecard/;
- kpi-targets: GET, POST (services.kpis.set_target: the process owner, the quality editors);
- kpi-values: GET, POST (services.kpis.enter_value: the process owner, the quality editors);
- kpi-surveys: GET (?definition=, ?campaign=), POST (services.surveys.attach_campaign), DELETE (detach_campaign);
  POST kpi-surveys/{id}/record/ (record_campaign_score: the KPI's value, answered) (the process owner, the
  quality editors).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.viewsets import ViewSet

from mansap.common.api import IsStaffMember, ScopedViewSet
from mansap.common.indicators import WHOLE, Breakdown
from mansap.common.params import parse_id, parse_int
from mansap.common.schema import ScopedOneObjectSchema
from mansap.core.access import (
    CHANGE,
    VIEW,
    can_record_program_revisions,
    get_for_user_or_404,
    institution_for,
    is_quality_editor,
    scoped,
)
from mansap.core.models import Department
from mansap.quality.api.serializers import (
    AdvisoryBoardMeetingSerializer,
    AdvisoryBoardMemberSerializer,
    AdvisoryBoardSerializer,
    KPIDefinitionSerializer,
    KPISurveySerializer,
    KPITargetSerializer,
    KPIValueSerializer,
    ManagementReviewSerializer,
    Process17QuerySerializer,
    Process17Serializer,
    ProcessSerializer,
    ProgramRevisionSerializer,
    ReviewDecisionSerializer,
    RiskActionSerializer,
    RiskAssessmentSerializer,
    RiskReviewSerializer,
    RiskSerializer,
    WorkPlanMeasureSerializer,
    WorkPlanSerializer,
)
from mansap.quality.filtersets import (
    AdvisoryBoardFilterSet,
    DecisionFilterSet,
    KPIFilterSet,
    ProgramRevisionFilterSet,
    RiskFilterSet,
    state_filter,
)
from mansap.quality.models import (
    AdvisoryBoard,
    AdvisoryBoardMeeting,
    AdvisoryBoardMember,
    KPIDefinition,
    KPISurvey,
    KPITarget,
    KPIValue,
    ManagementReview,
    Process,
    ProgramRevision,
    ReviewDecision,
    Risk,
    RiskAction,
    RiskAssessment,
    RiskReview,
    WorkPlan,
    WorkPlanMeasure,
)
from mansap.quality.reports import kpis as kpi_reports
from mansap.quality.reports import p17
from mansap.quality.services import kpis as kpi_services
from mansap.quality.services import processes as process_services
from mansap.quality.services import programs as program_services
from mansap.quality.services import reviews as review_services
from mansap.quality.services import risks as services
from mansap.quality.services import surveys as survey_services
from mansap.quality.services import workplans as plan_services


class ScorecardRowSerializer(serializers.Serializer):
    """One KPI of GET kpi-definitions/scorecard/ (the keys of `manage.py process_kpis --json`)."""

    code = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.FloatField(allow_null=True)
    denominator = serializers.FloatField(allow_null=True)
    target = serializers.FloatField(allow_null=True)
    status = serializers.ChoiceField(choices=["green", "amber", "red", "none"])


@contextmanager
def permission_errors() -> Iterator[None]:
    try:
        yield
    except DjangoPermissionDenied as exc:
        raise PermissionDenied from exc


@contextmanager
def service_errors() -> Iterator[None]:
    """A service's ValidationError as the API's 400 (field errors kept; one about no field, as a model's
    constraint gives it, under the API's non_field_errors)."""
    try:
        yield
    except DjangoValidationError as exc:
        errors = serializers.as_serializer_error(exc)
        if NON_FIELD_ERRORS in errors:
            errors.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(errors.pop(NON_FIELD_ERRORS))
        raise serializers.ValidationError(errors) from exc


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
        queryset = super().get_queryset()
        if self.action == "list":  # a retired risk leaves the default list, not the API
            queryset = state_filter(queryset, self.request.query_params.get("state"), on)
        return queryset.with_assessment_on(on)  # type: ignore[attr-defined]

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

    @extend_schema(
        request=inline_serializer("RiskRetire", {"reason": serializers.CharField()}), responses=RiskSerializer
    )
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk: Any = None) -> Response:
        risk = self.get_object()
        data = request.data if isinstance(request.data, dict) else {}
        with service_errors(), permission_errors():
            services.retire_risk(risk, reason=str(data.get("reason", "")), acting_user=request.user)
        return Response(self.get_serializer(self.get_queryset().get(pk=risk.pk)).data)


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


class RiskReviewViewSet(ServiceCreateViewSet):
    queryset = RiskReview.objects.select_related("risk", "reviewer").order_by("-reviewed_on", "-pk")
    serializer_class = RiskReviewSerializer
    staff_only = True
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["risk"]

    def get_queryset(self) -> QuerySet[Any]:
        risks = Risk.objects.for_user(self.request.user)
        return self.queryset.filter(risk__in=risks)

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        risk = data.pop("risk")
        with service_errors(), permission_errors():
            serializer.instance = services.review_risk(risk, acting_user=self.request.user, **data)


class ManagementReviewViewSet(ServiceCreateViewSet):
    queryset = (
        ManagementReview.objects.select_related("supersedes")
        .prefetch_related("decisions")
        .order_by("-period_end", "-version")
    )
    serializer_class = ManagementReviewSerializer
    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["status"]

    def perform_create(self, serializer: Any) -> None:
        institution = institution_for(self.request.user, "view", or_raise=PermissionDenied)
        data = serializer.validated_data
        with service_errors(), permission_errors():
            serializer.instance = review_services.prepare_review(
                institution, period_start=data["period_start"], period_end=data["period_end"],
                notes=data.get("notes", ""), acting_user=self.request.user,
            )  # fmt: skip

    def perform_update(self, serializer: Any) -> None:
        data = serializer.validated_data
        if set(data) - {"notes"}:
            raise serializers.ValidationError({"period_start": "A review's period does not change."})
        with service_errors(), permission_errors():
            review_services.update_notes(
                serializer.instance, notes=data.get("notes", ""), acting_user=self.request.user
            )

    def _run(self, call: Any) -> Response:
        review = self.get_object()
        with service_errors(), permission_errors():
            result = call(review)
        return Response(self.get_serializer(self.get_queryset().get(pk=result.pk)).data)

    @extend_schema(request=None, responses=ManagementReviewSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request: Request, pk: Any = None) -> Response:
        return self._run(lambda r: review_services.issue_review(r, acting_user=request.user))

    @extend_schema(request=None, responses=ManagementReviewSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        return self._run(lambda r: review_services.close_review(r, acting_user=request.user))

    @extend_schema(request=None, responses={201: ManagementReviewSerializer})
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request: Request, pk: Any = None) -> Response:
        response = self._run(lambda r: review_services.new_version(r, acting_user=request.user))
        response.status_code = 201
        return response


class ReviewDecisionViewSet(ServiceCreateViewSet):
    queryset = ReviewDecision.objects.with_list_related().order_by("due_on", "pk")
    serializer_class = ReviewDecisionSerializer
    filterset_class = DecisionFilterSet
    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        review = data.pop("review")
        data.pop("status", None)
        data.pop("done_on", None)
        with service_errors(), permission_errors():
            serializer.instance = review_services.record_decision(review, acting_user=self.request.user, **data)

    def perform_update(self, serializer: Any) -> None:
        changes = {k: v for k, v in serializer.validated_data.items() if k != "review"}
        with service_errors(), permission_errors():
            review_services.update_decision(serializer.instance, changes, acting_user=self.request.user)

    @extend_schema(request=None, responses=ReviewDecisionSerializer)
    @action(detail=True, methods=["post"])
    def done(self, request: Request, pk: Any = None) -> Response:
        decision = self.get_object()
        with service_errors(), permission_errors():
            review_services.complete_decision(decision, acting_user=request.user)
        decision.refresh_from_db()
        return Response(self.get_serializer(decision).data)


class WorkPlanViewSet(ServiceCreateViewSet):
    queryset = (
        WorkPlan.objects.select_related("department")
        .prefetch_related("measures", "reports__items")
        .order_by("-year", "office", "pk")
    )
    serializer_class = WorkPlanSerializer
    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["year", "office", "department"]

    def perform_create(self, serializer: Any) -> None:
        institution = institution_for(self.request.user, "view", or_raise=PermissionDenied)
        with service_errors(), permission_errors():
            serializer.instance = plan_services.save_plan(
                WorkPlan(institution=institution, **serializer.validated_data), acting_user=self.request.user
            )

    def perform_update(self, serializer: Any) -> None:
        plan = serializer.instance
        for key, value in serializer.validated_data.items():
            setattr(plan, key, value)
        with service_errors(), permission_errors():
            plan_services.save_plan(plan, acting_user=self.request.user)


class WorkPlanMeasureViewSet(ServiceCreateViewSet):
    queryset = WorkPlanMeasure.objects.select_related("plan", "responsible").order_by("due_on", "pk")
    serializer_class = WorkPlanMeasureSerializer
    staff_only = True
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["plan"]

    def get_queryset(self) -> QuerySet[Any]:
        return self.queryset.filter(plan__in=WorkPlan.objects.for_user(self.request.user))

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        plan = data.pop("plan")
        with service_errors(), permission_errors():
            serializer.instance = plan_services.add_measure(plan, acting_user=self.request.user, **data)


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


class KPIFigureViewSet(ServiceCreateViewSet):
    """A KPI's figures for a period: GET (?definition=, ?period=), POST through the service of `record`."""

    staff_only = True
    http_method_names = ["get", "post", "head", "options"]
    filterset_fields = ["definition", "period"]

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        definition = data.pop("definition")
        with service_errors():
            serializer.instance = self.record(definition, data)

    def record(self, definition: KPIDefinition, data: dict[str, Any]) -> Any:
        raise NotImplementedError


class KPITargetViewSet(KPIFigureViewSet):
    """Targets: GET (?definition=, ?period=), POST through services.kpis.set_target (the process owner, the quality
    editors); posting a KPI's period again changes its target."""

    queryset = KPITarget.objects.with_list_related()
    serializer_class = KPITargetSerializer

    def record(self, definition: KPIDefinition, data: dict[str, Any]) -> Any:
        return kpi_services.set_target(definition, acting_user=self.request.user, **data)


class KPIValueViewSet(KPIFigureViewSet):
    """Values: GET (?definition=, ?period=), POST through services.kpis.enter_value (entered KPIs; the process
    owner, the quality editors); posting a KPI's period again corrects its value."""

    queryset = KPIValue.objects.with_list_related()
    serializer_class = KPIValueSerializer

    def record(self, definition: KPIDefinition, data: dict[str, Any]) -> Any:
        reason = data.pop("reason", "") or None
        return kpi_services.enter_value(definition, acting_user=self.request.user, reason=reason, **data)


class KPISurveyViewSet(ServiceCreateViewSet):
    """Survey campaigns attached to KPIs, through services.surveys as on the process page: POST attaches,
    DELETE detaches (a value the campaign gave stays), POST {id}/record/ makes the closed campaign's headline
    score the KPI's value for the period it closed in and answers that value."""

    queryset = KPISurvey.objects.with_list_related()
    serializer_class = KPISurveySerializer
    staff_only = True
    http_method_names = ["get", "post", "delete", "head", "options"]
    filterset_fields = ["definition", "campaign"]

    def perform_create(self, serializer: Any) -> None:
        data = serializer.validated_data
        with service_errors(), permission_errors():
            serializer.instance = survey_services.attach_campaign(
                data["definition"], data["campaign"], acting_user=self.request.user
            )

    def perform_destroy(self, instance: KPISurvey) -> None:
        with permission_errors():
            survey_services.detach_campaign(instance, acting_user=self.request.user)

    @extend_schema(request=None, responses=KPIValueSerializer)
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: Any = None) -> Response:
        link = self.get_object()
        with service_errors(), permission_errors():
            value = survey_services.record_campaign_score(link, acting_user=request.user)
        return Response(KPIValueSerializer(value, context=self.get_serializer_context()).data)


# ---- Program revisions and advisory boards ----------------------------------------------------------------------
class _RecordedByProgramStaff(ScopedViewSet):
    """Revisions and boards: recorded by PROGRAM_REVISION_RECORDERS within their scope (the service checks the
    program or faculty); `_save` copies the validated fields onto the object and calls `save_with`."""

    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not can_record_program_revisions(request.user):
            raise PermissionDenied
        return super(ScopedViewSet, self).create(request, *args, **kwargs)

    def save_with(self, obj: Any, **related: Any) -> Any:
        raise NotImplementedError

    def _save(self, serializer: Any, obj: Any) -> None:
        data = dict(serializer.validated_data)
        related = {name: data.pop(name) for name in ("employers", "alumni", "students") if name in data}
        for key, value in data.items():
            setattr(obj, key, value)
        with service_errors():
            serializer.instance = self.save_with(obj, **related)

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer, self.queryset.model())

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer, serializer.instance)


class ProgramRevisionViewSet(_RecordedByProgramStaff):
    """Revisions of programs (process 10): GET, POST, PATCH through services.programs.save_revision; the minutes
    are uploaded on the page and served by its private file view (`minutes_url`)."""

    queryset = (
        ProgramRevision.objects.with_list_related()
        .prefetch_related("employers", "alumni", "students")
        .order_by("-revised_on", "-pk")  # an aggregate drops Meta.ordering
    )
    serializer_class = ProgramRevisionSerializer
    filterset_class = ProgramRevisionFilterSet

    def save_with(self, obj: Any, **related: Any) -> Any:
        return program_services.save_revision(obj, acting_user=self.request.user, **related)


class AdvisoryBoardViewSet(_RecordedByProgramStaff):
    queryset = AdvisoryBoard.objects.with_list_related().order_by("faculty__code", "program__code", "pk")
    serializer_class = AdvisoryBoardSerializer
    filterset_class = AdvisoryBoardFilterSet

    def save_with(self, obj: Any, **related: Any) -> Any:
        return program_services.save_board(obj, acting_user=self.request.user)


class _BoardChildViewSet(ServiceCreateViewSet):
    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["board"]
    service: Any

    def _save(self, serializer: Any, obj: Any) -> None:
        for key, value in serializer.validated_data.items():
            setattr(obj, key, value)
        with service_errors():
            serializer.instance = type(self).service(obj, acting_user=self.request.user)

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer, self.queryset.model())

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer, serializer.instance)


class AdvisoryBoardMemberViewSet(_BoardChildViewSet):
    queryset = AdvisoryBoardMember.objects.select_related("board", "organization", "alumnus")
    serializer_class = AdvisoryBoardMemberSerializer
    service = staticmethod(program_services.save_member)


class AdvisoryBoardMeetingViewSet(_BoardChildViewSet):
    queryset = AdvisoryBoardMeeting.objects.select_related("board")
    serializer_class = AdvisoryBoardMeetingSerializer
    service = staticmethod(program_services.save_meeting)


class Process17ViewSet(ViewSet):
    """The process 17 dashboard (KPI-17.1…17.8) as one object: the same reader, scope and parameters as the
    page (?year=2025-2026, ?on=YYYY-MM-DD for 17.5–17.7, ?faculty=, ?department=); deans get their faculty,
    other staff than management, the Career Center, the Registrar's Office and deans 403."""

    permission_classes = [IsAuthenticated, IsStaffMember]
    schema = ScopedOneObjectSchema()

    @extend_schema(parameters=[Process17QuerySerializer], responses=Process17Serializer)
    def list(self, request: Request) -> Response:
        query = Process17QuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        scope = p17.scope_for(request.user, faculty=data.get("faculty"), department=data.get("department"))
        period = data.get("year") or p17.current_period()
        return Response(p17.as_json(p17.read(scope, period, on=data.get("on"))))
