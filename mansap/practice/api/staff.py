"""Practice API (staff part): /api/v1/practices/, practice-bases/, practice-contracts/, placements/.

Same scope and rules as the pages: out-of-scope objects are 404, read-only writes 403; bases and
contracts are validated like the forms (Model.full_clean plus the services' rules); placements are
created and changed only through the placement services (vetting gate, Major, cycle, capacity,
one per student, supervisor), errors as 400 with field names.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from mansap.common.api import ScopedViewSet
from mansap.core.querysets import can_create
from mansap.practice import filtersets
from mansap.practice.api import serializers as s
from mansap.practice.choices import PlacementStatus
from mansap.practice.models import Placement, Practice, PracticeBase, PracticeContract
from mansap.practice.services import bases as base_services
from mansap.practice.services import placements as services


def _drf(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(serializers.as_serializer_error(exc))


class _ServiceErrors:
    def perform(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _drf(exc) from exc


class PracticeViewSet(ScopedViewSet):
    queryset = Practice.objects.select_related("program", "department").order_by("starts_on", "pk")
    serializer_class = s.PracticeSerializer
    filterset_class = filtersets.PracticeFilterSet
    ordering_fields = ["starts_on", "ends_on", "course"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not services.is_institution_editor(request.user):
            raise PermissionDenied
        return super().create(request, *args, **kwargs)

    def update(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        if not services.is_institution_editor(request.user):
            raise PermissionDenied
        return super().update(request, *args, **kwargs)


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

    def perform_create(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        programs = data.pop("programs", [])
        base = PracticeBase(**data)
        serializer.instance = self.perform(
            base_services.save_base, base, acting_user=self.request.user, programs=programs
        )

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        programs = data.pop("programs", None)
        base = serializer.instance
        for name, value in data.items():
            setattr(base, name, value)
        self.perform(base_services.save_base, base, acting_user=self.request.user, programs=programs)


class PracticeContractViewSet(_ServiceErrors, ScopedViewSet):
    queryset = PracticeContract.objects.select_related("base__organization", "department").order_by("-valid_from", "pk")
    serializer_class = s.PracticeContractSerializer
    filterset_class = filtersets.PracticeContractFilterSet
    ordering_fields = ["valid_from", "valid_until", "signed_on"]
    http_method_names = ["get", "post", "patch", "put", "head", "options"]

    def perform_create(self, serializer: Any) -> None:
        contract = PracticeContract(**serializer.validated_data)
        serializer.instance = self.perform(base_services.save_contract, contract, acting_user=self.request.user)

    def perform_update(self, serializer: Any) -> None:
        contract = serializer.instance
        for name, value in serializer.validated_data.items():
            setattr(contract, name, value)
        self.perform(base_services.save_contract, contract, acting_user=self.request.user)


class PlacementViewSet(_ServiceErrors, ScopedViewSet):
    queryset = Placement.objects.select_related("student", "base__organization", "practice").order_by("practice", "pk")
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

    def perform_update(self, serializer: Any) -> None:
        data = dict(serializer.validated_data)
        for frozen in ("practice", "student"):
            value = data.pop(frozen, None)
            if value is not None and value.pk != getattr(serializer.instance, f"{frozen}_id"):
                raise serializers.ValidationError({frozen: ["Create a new placement instead."]})
        self.perform(services.update_placement, serializer.instance, acting_user=self.request.user, **data)


def register(router: DefaultRouter) -> None:
    router.register("practices", PracticeViewSet)
    router.register("practice-bases", PracticeBaseViewSet)
    router.register("practice-contracts", PracticeContractViewSet)
    router.register("placements", PlacementViewSet)
