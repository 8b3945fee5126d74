"""Viewsets of the employers API: organizations, agreements, joint units, partner KPIs, vacancies,
applications, the public board, career events and registrations.

- partner-kpis: GET [?as_of=YYYY-MM-DD] → the object `manage.py partner_kpis --json` prints, for the
  user's institution; the student rows of KPI-17.7 are limited to the students the user may see.
- vacancies: staff by institution scope, employer contacts their organization's only;
  POST vacancies/{id}/submit/, approve/, reject/ {"reason": "..."} call the same services as the pages.
- applications: list for staff and employer contacts (scoped); create for students (multipart: vacancy, cv,
  cover_letter; or use_profile_cv=true instead of cv: a copy of the profile's CV).
- public-vacancies: anonymous, read only: approved and unexpired vacancies of the institution.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.viewsets import ViewSet

from mansap.common.api import IsStaffMember, ScopedViewSet
from mansap.common.schema import OneObjectSchema
from mansap.core.access import VIEW, institution_for, is_career_center, is_employer_contact, is_staff_member, scoped
from mansap.core.models import Student
from mansap.employers import filtersets
from mansap.employers import filtersets as event_filtersets
from mansap.employers.api.serializers import (
    PROGRAMS,
    ApplicationSerializer,
    CareerEventSerializer,
    EventRegistrationSerializer,
    JointUnitSerializer,
    OrganizationSerializer,
    PartnerKpiQuerySerializer,
    PartnerKpiSerializer,
    PartnershipAgreementSerializer,
    PublicVacancySerializer,
    VacancySerializer,
    _drf_error,
)
from mansap.employers.filtersets import PublicVacancyFilterSet, VacancyFilterSet
from mansap.employers.models import (
    Application,
    CareerEvent,
    EventRegistration,
    JointUnit,
    Organization,
    PartnershipAgreement,
    Vacancy,
)
from mansap.employers.reports import kpis
from mansap.employers.services import events, student_of, vacancies
from mansap.employers.views.vacancies import public_vacancies

if TYPE_CHECKING:
    from mansap.core.models import User


class OrganizationViewSet(ScopedViewSet):
    queryset = Organization.objects.order_by("name_ru", "pk")
    serializer_class = OrganizationSerializer
    filterset_class = filtersets.OrganizationFilterSet
    ordering_fields = ["name_ru", "name_kk", "name_en", "bin", "region"]


class PartnershipAgreementViewSet(ScopedViewSet):
    queryset = PartnershipAgreement.objects.with_list_related().order_by("-valid_from", "-pk")
    serializer_class = PartnershipAgreementSerializer
    filterset_class = filtersets.PartnershipAgreementFilterSet
    ordering_fields = ["valid_from", "valid_until", "signed_on"]


class JointUnitViewSet(ScopedViewSet):
    queryset = JointUnit.objects.with_list_related().order_by("-opened_on", "-pk")
    serializer_class = JointUnitSerializer
    filterset_class = filtersets.JointUnitFilterSet
    ordering_fields = ["opened_on", "closed_on"]


class PartnerKpiViewSet(ViewSet):
    """KPI-17.5, 17.6 and 17.7 of the user's institution as of a date (read only)."""

    permission_classes = [IsAuthenticated, IsStaffMember]
    schema = OneObjectSchema()

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, description="YYYY-MM-DD; default: today.")],
        responses=PartnerKpiSerializer,
    )
    def list(self, request: Request) -> Response:
        query = PartnerKpiQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        as_of = query.validated_data.get("as_of") or timezone.localdate()
        institution = institution_for(request.user, or_raise=Http404)
        figures = kpis.partner_kpis(institution, as_of)
        visible = scoped(Student).for_user(request.user, VIEW)
        return Response(kpis.kpis_json(institution, as_of, figures, visible_students=visible))


class VacancyViewSet(ScopedViewSet):
    """Vacancies; employer contacts see and change only their organization's (no membership: the queryset's
    self_filter), so the viewset is open to them (`staff_only = False`) and turns other non-staff away itself."""

    staff_only = False
    queryset = Vacancy.objects.select_related("organization").prefetch_related(PROGRAMS).order_by("-pk")
    serializer_class = VacancySerializer
    filterset_class = VacancyFilterSet
    ordering_fields = ["published_on", "expires_on", "title"]

    def check_permissions(self, request: Request) -> None:
        super().check_permissions(request)
        user = request.user
        if user.is_authenticated and not (is_staff_member(user) or is_employer_contact(user)):
            raise PermissionDenied

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        # Not ScopedViewSet's can_create rule: an employer contact (no membership) creates their own vacancies.
        if not (is_career_center(request.user) or is_employer_contact(request.user)):
            raise PermissionDenied
        return viewsets.ModelViewSet.create(self, request, *args, **kwargs)

    def check_object_permissions(self, request: Request, obj: Model) -> None:
        # The vacancy's own rules instead of the change scope (a contact has none): can_edit_vacancy for a
        # change, the Career Center for a delete.
        assert isinstance(obj, Vacancy)
        if request.method in ("PUT", "PATCH") and not vacancies.can_edit_vacancy(request.user, obj):
            raise PermissionDenied
        if request.method == "DELETE" and not is_career_center(request.user, obj):
            raise PermissionDenied
        viewsets.ModelViewSet.check_object_permissions(self, request, obj)

    def _acting_user(self) -> User:
        return cast("User", self.request.user)  # IsAuthenticated: the default permission of the API

    def _run(self, call: Any) -> Response:
        vacancy = self.get_object()
        try:
            call(vacancy)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise ValidationError(serializers.as_serializer_error(exc)) from exc
        vacancy.refresh_from_db()
        return Response(self.get_serializer(vacancy).data)

    @extend_schema(request=None, responses=VacancySerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        return self._run(lambda v: vacancies.submit_vacancy(v, acting_user=self._acting_user()))

    @extend_schema(request=None, responses=VacancySerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        return self._run(lambda v: vacancies.approve_vacancy(v, acting_user=self._acting_user()))

    @extend_schema(
        request=inline_serializer("VacancyReject", {"reason": serializers.CharField()}), responses=VacancySerializer
    )
    @action(detail=True, methods=["post"])
    def reject(self, request: Request, pk: Any = None) -> Response:
        data = request.data if isinstance(request.data, dict) else {}
        reason = str(data.get("reason", ""))
        return self._run(lambda v: vacancies.reject_vacancy(v, reason, acting_user=self._acting_user()))


class ApplicationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                         viewsets.GenericViewSet):  # fmt: skip
    """Applications: staff and employer contacts list them (scoped); students create their own."""

    queryset = Application.objects.select_related("student__program").order_by("-created_at", "-pk")
    serializer_class = ApplicationSerializer
    permission_classes = [IsAuthenticated]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self) -> QuerySet[Application]:
        return self.queryset.all().for_user(self.request.user, VIEW)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        student = student_of(request.user)
        if student is None:
            raise PermissionDenied
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        try:
            application = vacancies.apply(
                data["vacancy"],
                student,
                cv=data.get("cv"),
                cover_letter=data.get("cover_letter", ""),
                use_profile_cv=data.get("use_profile_cv", False),
                acting_user=request.user,
            )
        except DjangoValidationError as exc:
            raise ValidationError(serializers.as_serializer_error(exc)) from exc
        return Response(self.get_serializer(application).data, status=status.HTTP_201_CREATED)


class PublicVacancyViewSet(viewsets.ReadOnlyModelViewSet):
    """The public board: approved vacancies of the institution until their last day; no login needed."""

    serializer_class = PublicVacancySerializer
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    filterset_class = PublicVacancyFilterSet
    queryset = Vacancy.objects.none()

    def get_queryset(self) -> QuerySet[Vacancy]:
        return (
            public_vacancies()
            .select_related("organization")
            .prefetch_related(PROGRAMS)
            .order_by("-published_on", "-pk")
            .distinct()
        )


class CareerEventViewSet(ScopedViewSet):
    """Events; students read the public ones of their institution and their own (the queryset's self_filter),
    so the viewset stays open to them (`staff_only = False`)."""

    staff_only = False
    queryset = CareerEvent.objects.with_list_related().prefetch_related("organizations").order_by("starts_at", "pk")
    serializer_class = CareerEventSerializer
    filterset_class = event_filtersets.CareerEventFilterSet
    ordering_fields = ["starts_at", "ends_at", "title_ru"]


class EventRegistrationViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet
):
    queryset = EventRegistration.objects.select_related("student", "organization").order_by("registered_at", "pk")
    serializer_class = EventRegistrationSerializer
    filterset_class = event_filtersets.EventRegistrationFilterSet
    ordering_fields = ["registered_at"]

    def get_queryset(self) -> QuerySet[EventRegistration]:
        return self.queryset.all().for_user(self.request.user, VIEW)

    def create(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        event = serializer.validated_data["event"]
        organization = serializer.validated_data.get("organization")
        try:
            if organization is not None:
                registration = events.register_organization(
                    event,
                    organization,
                    serializer.validated_data.get("booth_number", ""),
                    acting_user=cast("User", request.user),
                )
            else:
                student = student_of(request.user)
                if student is None:
                    raise PermissionDenied(_("Only a student or graduate registers themselves."))
                registration = events.register_student(event, student, acting_user=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return Response(self.get_serializer(registration).data, status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        registration = self.get_object()
        try:
            events.cancel_registration(registration, acting_user=cast("User", request.user))
        except DjangoPermissionDenied as exc:
            raise PermissionDenied from exc
        except DjangoValidationError as exc:
            raise _drf_error(exc) from exc
        return Response(self.get_serializer(registration).data)
