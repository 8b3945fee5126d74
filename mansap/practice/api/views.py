"""Practice API: /api/v1/practices/, practice-bases/, practice-contracts/, placements/, practice-grades/,
practice-diary-entries/.

Same scope and rules as the pages: out-of-scope objects are 404, read-only writes 403; practices, bases
and contracts are validated like the forms (Model.full_clean plus the services' rules) and saved by the
same services as the pages (a department changes only what it keeps on its practices, as on the edit
page); placements are created and changed only through the placement services (vetting gate, Major,
cycle, capacity, one per student, supervisor), errors as 400 with field names; grades and diary entries
go through the assessment services.

Students use three endpoints for their own rows (placements, grades, diary: their querysets' self_filter),
so those stay open to them (`staff_only = False`). The other endpoints answer an empty list to a student
(their querysets reach nothing); making them refuse (staff_only) is left for later.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.serializers import BaseSerializer

from mansap.common.api import ScopedViewSet
from mansap.common.params import parse_id
from mansap.core.access import can_create, user_can_change
from mansap.practice import filtersets
from mansap.practice.api import serializers as s
from mansap.practice.api.serializers import (
    DiaryEntrySerializer,
    GradeSerializer,
    RemarkSerializer,
    _drf,
    _ServiceErrors,
)
from mansap.practice.choices import PlacementStatus
from mansap.practice.models import DiaryEntry, Placement, Practice, PracticeBase, PracticeContract
from mansap.practice.services import assessment as svc
from mansap.practice.services import bases as base_services
from mansap.practice.services import placements as services


class PracticeViewSet(_ServiceErrors, ScopedViewSet):
    """Practices of the plan: the Career Center creates them (ScopedViewSet: can_create at the institution
    level) and changes any field; a department changes, on its own practices, only what it keeps
    (`services.placements.save_practice`, the edit page's rule: 403 for other fields)."""

    queryset = Practice.objects.select_related("program", "department").order_by("starts_on", "pk")
    serializer_class = s.PracticeSerializer
    filterset_class = filtersets.PracticeFilterSet
    ordering_fields = ["starts_on", "ends_on", "course"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def perform_create(self, serializer: BaseSerializer[Practice]) -> None:
        data = dict(serializer.validated_data)
        serializer.instance = self.perform(
            services.save_practice, Practice(**data), acting_user=self.request.user, fields=set(data)
        )

    def perform_update(self, serializer: BaseSerializer[Practice]) -> None:
        practice = serializer.instance
        assert practice is not None
        # The fields whose value changes (validation already set them on the instance: compare with the row).
        stored = Practice.objects.get(pk=practice.pk)
        data = dict(serializer.validated_data)
        changed = {name for name, value in data.items() if getattr(stored, name) != value}
        for name, value in data.items():
            setattr(practice, name, value)
        self.perform(services.save_practice, practice, acting_user=self.request.user, fields=changed)


class PracticeBaseViewSet(_ServiceErrors, ScopedViewSet):
    queryset = (
        PracticeBase.objects.select_related("organization", "department")
        .prefetch_related("programs")
        .order_by("organization__name_ru", "pk")
    )
    serializer_class = s.PracticeBaseSerializer
    filterset_class = filtersets.PracticeBaseFilterSet
    ordering_fields = ["capacity", "approved_on"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def perform_create(self, serializer: BaseSerializer[PracticeBase]) -> None:
        data = dict(serializer.validated_data)
        programs = data.pop("programs", [])
        base = PracticeBase(**data)
        serializer.instance = self.perform(
            base_services.save_base, base, acting_user=self.request.user, programs=programs
        )

    def perform_update(self, serializer: BaseSerializer[PracticeBase]) -> None:
        data = dict(serializer.validated_data)
        programs = data.pop("programs", None)
        base = serializer.instance
        assert base is not None
        for name, value in data.items():
            setattr(base, name, value)
        self.perform(base_services.save_base, base, acting_user=self.request.user, programs=programs)


class PracticeContractViewSet(_ServiceErrors, ScopedViewSet):
    queryset = PracticeContract.objects.select_related("base__organization", "department").order_by("-valid_from", "pk")
    serializer_class = s.PracticeContractSerializer
    filterset_class = filtersets.PracticeContractFilterSet
    ordering_fields = ["valid_from", "valid_until", "signed_on"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def perform_create(self, serializer: BaseSerializer[PracticeContract]) -> None:
        contract = PracticeContract(**serializer.validated_data)
        serializer.instance = self.perform(base_services.save_contract, contract, acting_user=self.request.user)

    def perform_update(self, serializer: BaseSerializer[PracticeContract]) -> None:
        contract = serializer.instance
        assert contract is not None
        for name, value in serializer.validated_data.items():
            setattr(contract, name, value)
        self.perform(base_services.save_contract, contract, acting_user=self.request.user)


class PlacementViewSet(_ServiceErrors, ScopedViewSet):
    """Placements; a student lists their own (staff_only False). Created and changed only through the
    placement services."""

    queryset = Placement.objects.select_related("student", "base__organization", "practice").order_by("practice", "pk")
    staff_only = False
    serializer_class = s.PlacementSerializer
    filterset_class = filtersets.PlacementFilterSet
    ordering_fields = ["status"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not can_create(request.user, "department"):
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        practice, student, base = data.pop("practice"), data.pop("student"), data.pop("base")
        data.setdefault("status", PlacementStatus.CONFIRMED)
        placement = self.perform(services.place_student, practice, student, base, acting_user=request.user, **data)
        return Response(self.get_serializer(placement).data, status=status.HTTP_201_CREATED)

    def perform_update(self, serializer: BaseSerializer[Placement]) -> None:
        data = dict(serializer.validated_data)
        for frozen in ("practice", "student"):
            value = data.pop(frozen, None)
            if value is not None and value.pk != getattr(serializer.instance, f"{frozen}_id"):
                raise serializers.ValidationError({frozen: ["Create a new placement instead."]})
        self.perform(services.update_placement, serializer.instance, acting_user=self.request.user, **data)


class GradeViewSet(ScopedViewSet):
    """The grade columns of placements; a student reads their own (staff_only False), staff change them."""

    staff_only = False
    queryset = (
        Placement.objects.exclude(status=PlacementStatus.CANCELLED)
        .select_related("practice__institution", "student", "base__organization", "reviewed_by")
        .order_by("practice", "student__last_name", "student__first_name", "pk")
    )
    serializer_class = GradeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self) -> QuerySet[Placement]:
        queryset = super().get_queryset()
        practice = parse_id(self.request.query_params.get("practice"))
        if practice is not None:
            queryset = queryset.filter(practice_id=practice)
        return queryset


class DiaryEntryViewSet(ScopedViewSet):
    """A student keeps their own diary here (staff_only False); staff read it and write only the remark."""

    staff_only = False
    queryset = DiaryEntry.objects.select_related("placement__practice", "placement__student").order_by(
        "placement", "day", "pk"
    )
    serializer_class = DiaryEntrySerializer

    def own(self, entry: DiaryEntry) -> bool:
        return svc.is_own_placement(self.request.user, entry.placement)

    def get_queryset(self) -> QuerySet[DiaryEntry]:
        queryset = super().get_queryset()
        placement = parse_id(self.request.query_params.get("placement"))
        if placement is not None:
            queryset = queryset.filter(placement_id=placement)
        return queryset

    def get_serializer_class(self) -> type[DiaryEntrySerializer | RemarkSerializer]:
        if self.request.method in ("PUT", "PATCH") and getattr(self, "kwargs", {}).get("pk"):
            entry = self.get_object_cached()
            if entry is not None and not self.own(entry):
                return RemarkSerializer
        return DiaryEntrySerializer

    def get_object_cached(self) -> DiaryEntry | None:
        if not hasattr(self, "_entry"):
            pk = parse_id(self.kwargs.get("pk"))
            self._entry = self.get_queryset().filter(pk=pk).first() if pk is not None else None
        return self._entry

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not hasattr(request.user, "student"):
            raise PermissionDenied  # only a student keeps a diary
        # Past ScopedViewSet.create: its can_create is a staff rule; the student's own placement is checked by
        # the serializer (its choices) and the service.
        return super(ScopedViewSet, self).create(request, *args, **kwargs)

    def check_object_permissions(self, request: Request, obj: Model) -> None:
        # ScopedViewSet's check would let a student write (the entry is in their change scope): the student may
        # write their own entries; staff may only write the supervisor's remark, never change or delete one.
        super().check_object_permissions(request, obj)
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return
        assert isinstance(obj, DiaryEntry)
        if self.own(obj):
            return
        if request.method == "DELETE" or not user_can_change(request.user, obj.placement):
            raise PermissionDenied

    def perform_destroy(self, instance: DiaryEntry) -> None:
        try:
            svc.delete_diary_entry(instance, acting_user=self.request.user)
        except DjangoValidationError as exc:
            raise _drf(exc) from exc
