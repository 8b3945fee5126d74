"""The graduates app's API: employment records, contact attempts, collection rounds, employment KPIs."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.graduates.api.views import (
    CollectionRoundViewSet,
    ContactAttemptViewSet,
    DiscrepancyTaskViewSet,
    EmploymentKpiViewSet,
    EmploymentRecordViewSet,
    OfficialCheckConsentViewSet,
    OfficialExtractViewSet,
    ReconciliationRowViewSet,
    ReconciliationViewSet,
)

# This app's endpoints under /api/v1/ (mansap/api/urls.py registers every app's).
ROUTES: list[Route] = [
    ("employment-records", EmploymentRecordViewSet),
    ("contact-attempts", ContactAttemptViewSet),
    ("collection-rounds", CollectionRoundViewSet),
    ("employment-kpis", EmploymentKpiViewSet, "employment-kpis"),
    ("official-extracts", OfficialExtractViewSet),
    ("official-check-consents", OfficialCheckConsentViewSet),
    ("reconciliations", ReconciliationViewSet),
    ("reconciliation-rows", ReconciliationRowViewSet),
    ("discrepancy-tasks", DiscrepancyTaskViewSet),
]
