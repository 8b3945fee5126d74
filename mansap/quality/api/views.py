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
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied

from mansap.common.api import ScopedViewSet
from mansap.core.access import can_record_program_revisions, is_quality_editor
from mansap.quality.api.serializers import (
    AdvisoryBoardMeetingSerializer,
    AdvisoryBoardMemberSerializer,
    AdvisoryBoardSerializer,
    ProcessSerializer,
    ProgramRevisionSerializer,
    RiskActionSerializer,
    RiskAssessmentSerializer,
    RiskSerializer,
)
from mansap.quality.filtersets import AdvisoryBoardFilterSet, ProgramRevisionFilterSet, RiskFilterSet
from mansap.quality.models import (
    AdvisoryBoard,
    AdvisoryBoardMeeting,
    AdvisoryBoardMember,
    Process,
    ProgramRevision,
    Risk,
    RiskAction,
    RiskAssessment,
)
from mansap.quality.services import processes as process_services
from mansap.quality.services import programs as program_services
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


# ---- Program revisions and advisory boards ----------------------------------------------------------------------
class ProgramRevisionViewSet(ScopedViewSet):
    """Revisions of programs (process 10): GET, POST, PATCH through services.programs.save_revision; the minutes
    are uploaded on the page and served by its private file view (`minutes_url`)."""

    queryset = ProgramRevision.objects.with_list_related().prefetch_related("employers", "alumni", "students")
    serializer_class = ProgramRevisionSerializer
    filterset_class = ProgramRevisionFilterSet
    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not can_record_program_revisions(request.user):
            raise PermissionDenied
        return super(ScopedViewSet, self).create(request, *args, **kwargs)

    def _save(self, serializer: Any, revision: ProgramRevision) -> None:
        data = dict(serializer.validated_data)
        people = {name: data.pop(name) for name in ("employers", "alumni", "students") if name in data}
        for key, value in data.items():
            setattr(revision, key, value)
        with service_errors():
            serializer.instance = program_services.save_revision(revision, acting_user=self.request.user, **people)

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer, ProgramRevision())

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer, serializer.instance)


class AdvisoryBoardViewSet(ScopedViewSet):
    queryset = AdvisoryBoard.objects.with_list_related()
    serializer_class = AdvisoryBoardSerializer
    filterset_class = AdvisoryBoardFilterSet
    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        if not can_record_program_revisions(request.user):
            raise PermissionDenied
        return super(ScopedViewSet, self).create(request, *args, **kwargs)

    def _save(self, serializer: Any, board: AdvisoryBoard) -> None:
        for key, value in serializer.validated_data.items():
            setattr(board, key, value)
        with service_errors():
            serializer.instance = program_services.save_board(board, acting_user=self.request.user)

    def perform_create(self, serializer: Any) -> None:
        self._save(serializer, AdvisoryBoard())

    def perform_update(self, serializer: Any) -> None:
        self._save(serializer, serializer.instance)


class _BoardChildViewSet(ScopedViewSet):
    staff_only = True
    http_method_names = ["get", "post", "patch", "head", "options"]
    filterset_fields = ["board"]
    service: Any

    def create(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super(ScopedViewSet, self).create(request, *args, **kwargs)  # the service asks who may

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
