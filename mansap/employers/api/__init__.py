"""The employers app's API: organizations, agreements, joint units, partner KPIs, vacancies, applications, events."""

from __future__ import annotations

from mansap.common.api import Route
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

# This app's endpoints under /api/v1/ (mansap/api/urls.py registers every app's).
ROUTES: list[Route] = [
    ("organizations", OrganizationViewSet),
    ("partnership-agreements", PartnershipAgreementViewSet),
    ("joint-units", JointUnitViewSet),
    ("partner-kpis", PartnerKpiViewSet, "partner-kpis"),
    ("career-events", CareerEventViewSet),
    ("event-registrations", EventRegistrationViewSet),
    ("vacancies", VacancyViewSet),
    ("applications", ApplicationViewSet),
    ("public-vacancies", PublicVacancyViewSet, "public-vacancy"),
]
