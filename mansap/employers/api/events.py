"""API of the career events: /api/v1/career-events/ and /api/v1/event-registrations/.

- career-events: scoped list/retrieve/create/update/delete (the pages' rules: department editors
  organize their own department's events; students read the public ones).
- event-registrations: staff list the registrations of the events they see, a student their own;
  POST {"event": id} registers the logged-in student or graduate, POST {"event": id, "organization": id,
  "booth_number": "12"} registers a company (Career Center); POST .../{id}/cancel/ cancels.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from mansap.common.api import ScopedViewSet, ValidatedModelSerializer
from mansap.core.querysets import VIEW
from mansap.employers import event_filtersets, events, services
from mansap.employers.models import CareerEvent, EventRegistration, Organization


def _drf_error(exc: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(serializers.as_serializer_error(exc))


class _WritableDepartmentField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return services.writable_departments(self.context["request"].user)


class _InstitutionOrganizationsField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self) -> Any:
        return Organization.objects.for_user(self.context["request"].user, VIEW)


class CareerEventSerializer(ValidatedModelSerializer):
    title = serializers.CharField(read_only=True)
    department = _WritableDepartmentField(required=False, allow_null=True)
    organizations = _InstitutionOrganizationsField(many=True, required=False)
    registered_count = serializers.IntegerField(read_only=True, required=False)

    class Meta:
        model = CareerEvent
        fields = [
            "id", "kind", "title", "title_kk", "title_ru", "title_en", "description", "starts_at", "ends_at",
            "location", "online_url", "department", "organizations", "capacity", "registration_open", "is_public",
            "registered_count",
        ]  # fmt: skip

    def prepare_instance(self, instance: Any) -> None:
        if instance.institution_id is None:
            instance.institution = services.user_institution(self.context["request"].user)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        user = self.context["request"].user
        department = attrs.get("department", getattr(self.instance, "department", None))
        if department is None and not services.is_institution_editor(user):
            raise serializers.ValidationError({"department": _("Choose one of your departments.")})
        attrs = super().validate(attrs)
        if self.instance is None:
            attrs["institution"] = services.user_institution(user)
        return attrs


class CareerEventViewSet(ScopedViewSet):
    queryset = CareerEvent.objects.with_list_related().prefetch_related("organizations").order_by("starts_at", "pk")
    serializer_class = CareerEventSerializer
    filterset_class = event_filtersets.CareerEventFilterSet
    ordering_fields = ["starts_at", "ends_at", "title_ru"]


class EventRegistrationSerializer(serializers.ModelSerializer):
    event = serializers.PrimaryKeyRelatedField(queryset=CareerEvent.objects.none())
    organization = serializers.PrimaryKeyRelatedField(
        queryset=Organization.objects.none(), required=False, allow_null=True
    )
    student_name = serializers.CharField(source="student.full_name", read_only=True, default=None)

    class Meta:
        model = EventRegistration
        fields = ["id", "event", "student", "student_name", "organization", "booth_number", "status", "attended",
                  "registered_at"]  # fmt: skip
        read_only_fields = ["student", "status", "attended", "registered_at"]
        validators: list[Any] = []  # the services check uniqueness, booths and capacity

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None:
            fields["event"].queryset = CareerEvent.objects.for_user(request.user, VIEW)  # type: ignore[attr-defined]
            fields["organization"].queryset = Organization.objects.for_user(request.user, VIEW)  # type: ignore[attr-defined]
        return fields


class EventRegistrationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = EventRegistration.objects.select_related("student", "organization").order_by("registered_at", "pk")
    serializer_class = EventRegistrationSerializer
    filterset_class = event_filtersets.EventRegistrationFilterSet
    ordering_fields = ["registered_at"]

    def get_queryset(self) -> Any:
        return self.queryset.all().for_user(self.request.user, VIEW)  # type: ignore[attr-defined]

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = serializer.validated_data["event"]
        organization = serializer.validated_data.get("organization")
        try:
            if organization is not None:
                registration = events.register_organization(
                    event, organization, serializer.validated_data.get("booth_number", ""), acting_user=request.user
                )
            else:
                student = events.student_of(request.user)
                if student is None:
                    raise PermissionDenied(_("Only a student or graduate registers themselves."))
                registration = events.register_student(event, student)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return Response(self.get_serializer(registration).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        try:
            events.cancel_registration(registration, acting_user=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return Response(self.get_serializer(registration).data)


def register(router: DefaultRouter) -> None:
    router.register("career-events", CareerEventViewSet)
    router.register("event-registrations", EventRegistrationViewSet)
