"""Viewsets of the employers API: organizations, partnership agreements, joint units and the partner KPIs.

- partner-kpis: GET [?as_of=YYYY-MM-DD] → the object `manage.py partner_kpis --json` prints, for the
  user's institution; the student rows of KPI-17.7 are limited to the students the user may see.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils import timezone
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter
from rest_framework.viewsets import ViewSet

from mansap.common.api import ScopedViewSet
from mansap.core.models import Student
from mansap.core.querysets import VIEW, is_staff_member
from mansap.employers import filtersets, kpis, services
from mansap.employers.api import events as events_api
from mansap.employers.api import serializers
from mansap.employers.models import JointUnit, Organization, PartnershipAgreement


class OrganizationViewSet(ScopedViewSet):
    queryset = Organization.objects.order_by("name_ru", "pk")
    serializer_class = serializers.OrganizationSerializer
    filterset_class = filtersets.OrganizationFilterSet
    ordering_fields = ["name_ru", "name_kk", "name_en", "bin", "region"]


class PartnershipAgreementViewSet(ScopedViewSet):
    queryset = PartnershipAgreement.objects.with_list_related().order_by("-valid_from", "-pk")
    serializer_class = serializers.PartnershipAgreementSerializer
    filterset_class = filtersets.PartnershipAgreementFilterSet
    ordering_fields = ["valid_from", "valid_until", "signed_on"]


class JointUnitViewSet(ScopedViewSet):
    queryset = JointUnit.objects.with_list_related().order_by("-opened_on", "-pk")
    serializer_class = serializers.JointUnitSerializer
    filterset_class = filtersets.JointUnitFilterSet
    ordering_fields = ["opened_on", "closed_on"]


class IsStaffMember(BasePermission):
    def has_permission(self, request: Any, view: Any) -> bool:
        return is_staff_member(request.user)


class _OneObjectSchema(AutoSchema):
    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class PartnerKpiViewSet(ViewSet):
    """KPI-17.5, 17.6 and 17.7 of the user's institution as of a date (read only)."""

    permission_classes = [IsAuthenticated, IsStaffMember]
    schema = _OneObjectSchema()

    @extend_schema(
        parameters=[OpenApiParameter("as_of", OpenApiTypes.DATE, description="YYYY-MM-DD; default: today.")],
        responses=serializers.PartnerKpiSerializer,
    )
    def list(self, request: Request) -> Response:
        query = serializers.PartnerKpiQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        as_of = query.validated_data.get("as_of") or timezone.localdate()
        institution = services.user_institution(request.user)
        if institution is None:
            raise Http404
        figures = kpis.partner_kpis(institution, as_of)
        visible = Student.objects.for_user(request.user, VIEW)
        return Response(kpis.kpis_json(institution, as_of, figures, visible_students=visible))


def register(router: DefaultRouter) -> None:
    router.register("organizations", OrganizationViewSet)
    router.register("partnership-agreements", PartnershipAgreementViewSet)
    router.register("joint-units", JointUnitViewSet)
    router.register("partner-kpis", PartnerKpiViewSet, basename="partner-kpis")
    events_api.register(router)  # career events (mansap/employers/api/events.py)
