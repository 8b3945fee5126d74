"""Viewsets of the employment monitoring API under /api/v1/ (registered by `register(router)`).

- employment-records: list, retrieve, create. Create goes through services.record_employment,
  so a new record without an end date closes the graduate's open record. Records are
  append-only, as everywhere in the platform (R-007): PUT, PATCH and DELETE are not
  offered (405). A wrong record is voided with a reason (POST .../void/, services.void_record)
  or corrected (POST .../correct/: void + the right record, services.correct_record); the
  voided record stays listed with is_void. ?current=true: each graduate's status as of today.
- contact-attempts: list, retrieve, create (services.log_contact); append-only too.
- collection-rounds: read-only list and retrieve, for staff.
- employment-kpis: GET ?cohort=2025[&as_of=2026-03-01][&department=<id or code>] → the
  object `manage.py employment_kpis --json` prints, computed by analytics.compute_kpis
  over the graduates the user may see.

Every viewset is a ScopedViewSet: rows outside the user's scope are 404, a read-only
user's writes are 403, and a graduate outside the user's writable scope cannot be named
in a new row (400). Rounds and KPIs are staff only (`staff_only`: a student's login gets 403);
records and contact attempts answer a student an empty list (their scope holds no rows).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers as drf_serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from mansap.common.api import ScopedViewSet
from mansap.common.schema import OneObjectSchema
from mansap.core.access import CHANGE, can_create, institution_for
from mansap.core.models import Student
from mansap.graduates.api import filtersets, serializers
from mansap.graduates.models import (
    CollectionRound,
    ContactAttempt,
    DiscrepancyTask,
    EmploymentRecord,
    OfficialCheckConsent,
    OfficialExtract,
    Reconciliation,
    ReconciliationRow,
)
from mansap.graduates.reports import analytics, verification
from mansap.graduates.services import extracts
from mansap.graduates.services import reconcile as reconciling
from mansap.graduates.services import records as services

APPEND_ONLY = ["get", "post", "head", "options"]
READ_ONLY = ["get", "head", "options"]


def _service_errors(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(drf_serializers.as_serializer_error(exc))


def _refused(exc: DjangoValidationError) -> Response:
    """A service's refusal of the object's state as a coded 400: {"detail": ..., "code": "frozen"} (a frozen
    reconciliation) or "decided" (a task already decided); a field's error as the other validation errors."""
    if hasattr(exc, "error_dict"):
        raise _service_errors(exc) from exc
    codes = [error.code for error in exc.error_list if error.code]
    return Response({"detail": " ".join(exc.messages), "code": codes[0] if codes else "invalid"}, status=400)


class EmploymentRecordViewSet(ScopedViewSet):
    """Graduates' career histories. Append-only: create closes the open record; no update or delete."""

    queryset = EmploymentRecord.objects.select_related("graduate__program__department").order_by(
        "graduate_id", "started_on", "created_at", "pk"
    )
    serializer_class = serializers.EmploymentRecordSerializer
    filterset_class = filtersets.EmploymentRecordFilterSet
    ordering_fields = ["started_on", "ended_on", "created_at", "salary"]
    http_method_names = APPEND_ONLY
    staff_only = False  # as before: a student's login lists nothing (its scope holds no records), not 403

    def perform_create(self, serializer: drf_serializers.BaseSerializer[EmploymentRecord]) -> None:
        fields = dict(serializer.validated_data)
        graduate = fields.pop("graduate")
        try:
            serializer.instance = services.record_employment(graduate, acting_user=self.request.user, **fields)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc

    def get_serializer_class(self) -> Any:
        if self.action == "void":
            return serializers.VoidRecordSerializer
        if self.action == "correct":
            return serializers.CorrectRecordSerializer
        return super().get_serializer_class()

    @extend_schema(request=serializers.VoidRecordSerializer, responses=serializers.EmploymentRecordSerializer)
    @action(detail=True, methods=["post"])
    def void(self, request: Request, pk: Any = None) -> Response:
        """Void a wrong record with the reason: it stays in the history and counts for nothing."""
        record = self.get_object()  # out of scope 404, read-only 403
        data = serializers.VoidRecordSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            record = services.void_record(record, acting_user=request.user, reason=data.validated_data["reason"])
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(serializers.EmploymentRecordSerializer(record, context=self.get_serializer_context()).data)

    @extend_schema(request=serializers.CorrectRecordSerializer, responses={201: serializers.EmploymentRecordSerializer})
    @action(detail=True, methods=["post"])
    def correct(self, request: Request, pk: Any = None) -> Response:
        """Replace a wrong record: void it with the reason and add the right one (both or neither)."""
        record = self.get_object()
        data = serializers.CorrectRecordSerializer(data=request.data, context=self.get_serializer_context())
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        reason = fields.pop("reason")
        try:
            created = services.correct_record(record, acting_user=request.user, reason=reason, **fields)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        body = serializers.EmploymentRecordSerializer(created, context=self.get_serializer_context()).data
        return Response(body, status=201)


class ContactAttemptViewSet(ScopedViewSet):
    """Attempts to reach graduates. Append-only: list, retrieve and create."""

    queryset = ContactAttempt.objects.select_related("graduate__program__department").order_by("-contacted_on", "-pk")
    serializer_class = serializers.ContactAttemptSerializer
    filterset_class = filtersets.ContactAttemptFilterSet
    ordering_fields = ["contacted_on", "created_at"]
    http_method_names = APPEND_ONLY
    staff_only = False  # as for records

    def perform_create(self, serializer: drf_serializers.BaseSerializer[ContactAttempt]) -> None:
        fields = dict(serializer.validated_data)
        graduate = fields.pop("graduate")
        try:
            serializer.instance = services.log_contact(graduate, acting_user=self.request.user, **fields)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc


class OfficialExtractViewSet(ScopedViewSet):
    """Official extracts (#20), read-only: the institution-wide offices see them; a department none."""

    queryset = (
        OfficialExtract.objects.select_related("uploaded_by").prefetch_related("cohorts").order_by("-created_at", "-pk")
    )
    serializer_class = serializers.OfficialExtractSerializer
    filterset_class = filtersets.OfficialExtractFilterSet
    http_method_names = READ_ONLY
    staff_only = True

    def get_queryset(self) -> Any:
        return extracts.with_counts(super().get_queryset())


class OfficialCheckConsentViewSet(ScopedViewSet):
    """Graduates' consents to official checks (#20), read-only; recorded on the graduate's page."""

    queryset = OfficialCheckConsent.objects.select_related("graduate", "recorded_by").order_by("graduate_id")
    serializer_class = serializers.OfficialCheckConsentSerializer
    filterset_class = filtersets.OfficialCheckConsentFilterSet
    http_method_names = READ_ONLY


class CollectionRoundViewSet(ScopedViewSet):
    """The institution's collection rounds (read-only here; the Career Center manages them in the app)."""

    queryset = CollectionRound.objects.with_list_related().order_by("-deadline", "number", "pk")
    serializer_class = serializers.CollectionRoundSerializer
    filterset_class = filtersets.CollectionRoundFilterSet
    ordering_fields = ["deadline", "number", "cohort"]
    staff_only = True
    http_method_names = READ_ONLY


class _NotRouted:
    """Hides an inherited action from the router (it checks hasattr), so no URL is made for it."""

    def __get__(self, instance: Any, owner: Any = None) -> Any:
        raise AttributeError


class EmploymentKpiViewSet(ScopedViewSet):
    """A cohort's employment KPIs over the graduates the user may see (the analytics page's figures)."""

    queryset = Student.objects.graduates()
    staff_only = True
    http_method_names = READ_ONLY
    serializer_class = serializers.KpiSerializer
    filter_backends: list[Any] = []
    pagination_class = None
    schema = OneObjectSchema()
    retrieve = create = update = partial_update = destroy = _NotRouted()

    @extend_schema(
        parameters=[
            OpenApiParameter("cohort", OpenApiTypes.INT, required=True, description="Graduation year, e.g. 2025."),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="YYYY-MM-DD; default: today."),
            OpenApiParameter("department", OpenApiTypes.STR, description="A department's id or code, e.g. IS."),
        ],
        responses=serializers.KpiSerializer,
    )
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        query = serializers.KpiQuerySerializer(data=request.query_params, context={"request": request})
        query.is_valid(raise_exception=True)
        cohort = query.validated_data["cohort"]
        as_of = query.validated_data.get("as_of") or timezone.localdate()
        department = query.validated_data.get("department")
        graduates = self.get_queryset().filter(graduation_date__year=cohort)
        if department is not None:
            graduates = graduates.filter(program__department=department)
        kpis = analytics.compute_kpis(graduates, as_of)
        return Response(
            {
                "cohort": cohort,
                "as_of": as_of.isoformat(),
                "department": department.code if department is not None else None,
                "institution": None,
                **kpis,
                # #20: how much of the employment rate official extracts confirm, and the share they cover.
                **verification.verified_kpis(graduates, as_of),
            }
        )


class ReconciliationViewSet(ScopedViewSet):
    """Saved reconciliations (#20): the institution-wide offices read them; the Career Center runs (POST),
    recomputes and freezes them, through services/reconcile.py as the page does. A department sees none (its
    graduates' rows and tasks are under reconciliation-rows/ and discrepancy-tasks/)."""

    queryset = Reconciliation.objects.select_related("department", "created_by", "frozen_by").order_by(
        "-created_at", "-pk"
    )
    serializer_class = serializers.ReconciliationSerializer
    filterset_class = filtersets.ReconciliationFilterSet
    ordering_fields = ["created_at", "as_of", "cohort"]
    http_method_names = APPEND_ONLY
    staff_only = True

    @extend_schema(request=serializers.ReconcileSerializer, responses={201: serializers.ReconciliationSerializer})
    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Reconcile a cohort on a date and save it, with a discrepancy task per discrepant graduate."""
        institution = institution_for(request.user, CHANGE)
        if institution is None or not can_create(request.user, "institution"):
            raise PermissionDenied
        query = serializers.ReconcileSerializer(data=request.data, context=self.get_serializer_context())
        query.is_valid(raise_exception=True)
        data = query.validated_data
        try:
            saved = reconciling.reconcile_cohort(
                institution,
                data["cohort"],
                data["as_of"],
                acting_user=request.user,
                department=data.get("department"),
                months=data["sustained_months"],
                required=data["sustained_required"],
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        saved = self.get_queryset().get(pk=saved.pk)
        body = serializers.ReconciliationSerializer(saved, context=self.get_serializer_context()).data
        return Response(body, status=201)

    def _act(self, act: Any) -> Response:
        reconciliation = self.get_object()  # out of scope 404; not the Career Center 403
        try:
            act(reconciliation, acting_user=self.request.user)
        except DjangoValidationError as exc:
            return _refused(exc)
        saved = self.get_queryset().get(pk=reconciliation.pk)
        return Response(serializers.ReconciliationSerializer(saved, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses=serializers.ReconciliationSerializer)
    @action(detail=True, methods=["post"])
    def recompute(self, request: Request, pk: Any = None) -> Response:
        """Compute it again (after new records, decisions or extracts); a frozen one is refused (code "frozen")."""
        return self._act(reconciling.recompute)

    @extend_schema(request=None, responses=serializers.ReconciliationSerializer)
    @action(detail=True, methods=["post"])
    def freeze(self, request: Request, pk: Any = None) -> Response:
        """Compute it a last time and keep its figures and rows as issued (code "frozen" if it already is)."""
        return self._act(reconciling.freeze)


class ReconciliationRowViewSet(ScopedViewSet):
    """The graduates of the reconciliations (#20), read-only; a department sees its own graduates' rows."""

    queryset = ReconciliationRow.objects.select_related("graduate__program__department").order_by(
        "reconciliation_id", "graduate__last_name", "graduate__first_name", "pk"
    )
    serializer_class = serializers.ReconciliationRowSerializer
    filterset_class = filtersets.ReconciliationRowFilterSet
    http_method_names = READ_ONLY
    staff_only = True


class DiscrepancyTaskViewSet(ScopedViewSet):
    """Discrepancy tasks (#20): a department sees its own graduates'; POST .../accept/ records the official
    evidence (channel "official extract"), POST .../keep/ {"reason"} keeps the department's record."""

    queryset = DiscrepancyTask.objects.select_related(
        "graduate__program__department", "reconciliation", "decided_by"
    ).order_by("graduate__last_name", "graduate__first_name", "pk")
    serializer_class = serializers.DiscrepancyTaskSerializer
    filterset_class = filtersets.DiscrepancyTaskFilterSet
    http_method_names = APPEND_ONLY
    staff_only = True

    create = _NotRouted()  # tasks come from reconciliations: POST on the list is 405

    def _decide(self, decide: Any) -> Response:
        task = self.get_object()  # another department's: 404; read-only: 403
        try:
            decide(task)
        except DjangoValidationError as exc:
            return _refused(exc)
        saved = self.get_queryset().get(pk=task.pk)
        return Response(serializers.DiscrepancyTaskSerializer(saved, context=self.get_serializer_context()).data)

    @extend_schema(
        request=serializers.AcceptTaskSerializer,
        responses=serializers.DiscrepancyTaskSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        """Accept the official evidence: a new record with the channel "official extract" (history kept)."""
        data = serializers.AcceptTaskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        status = data.validated_data.get("status", "")
        return self._decide(lambda task: reconciling.accept_task(task, acting_user=request.user, status=status))

    @extend_schema(
        request=serializers.KeepTaskSerializer,
        responses=serializers.DiscrepancyTaskSerializer,
    )
    @action(detail=True, methods=["post"])
    def keep(self, request: Request, pk: Any = None) -> Response:
        """Keep the department's record, with the reason (required)."""
        data = serializers.KeepTaskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        reason = data.validated_data["reason"]
        return self._decide(lambda task: reconciling.keep_task(task, acting_user=request.user, reason=reason))
