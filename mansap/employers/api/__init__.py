"""The employers app's API: organizations, agreements, joint units, partner KPIs, vacancies, applications, events."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from mansap.employers.api.views import (
    ApplicationViewSet,
    CareerEventViewSet,
    EventRegistrationViewSet,
    JointUnitViewSet,
    OrganizationViewSet,
    PartnerKpiViewSet,
    PartnershipAgreementViewSet,
    PublicVacancyViewSet,
    VacancyViewSet,
)


def register(router: DefaultRouter) -> None:
    router.register("organizations", OrganizationViewSet)
    router.register("partnership-agreements", PartnershipAgreementViewSet)
    router.register("joint-units", JointUnitViewSet)
    router.register("partner-kpis", PartnerKpiViewSet, basename="partner-kpis")
    router.register("career-events", CareerEventViewSet)
    router.register("event-registrations", EventRegistrationViewSet)
    router.register("vacancies", VacancyViewSet)
    router.register("applications", ApplicationViewSet)
    router.register("public-vacancies", PublicVacancyViewSet, basename="public-vacancy")
