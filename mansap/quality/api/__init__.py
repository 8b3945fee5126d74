"""The quality app's API: processes, risks, risk assessments, risk actions and KPIs (mansap/api/urls.py
registers ROUTES)."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.quality.api.views import (
    KPIDefinitionViewSet,
    KPITargetViewSet,
    KPIValueViewSet,
    Process17ViewSet,
    ProcessViewSet,
    RiskActionViewSet,
    RiskAssessmentViewSet,
    RiskViewSet,
)

ROUTES: list[Route] = [
    ("processes", ProcessViewSet),
    ("risks", RiskViewSet),
    ("risk-assessments", RiskAssessmentViewSet),
    ("risk-actions", RiskActionViewSet),
    ("kpi-definitions", KPIDefinitionViewSet),
    ("kpi-targets", KPITargetViewSet),
    ("kpi-values", KPIValueViewSet),
    ("process-17", Process17ViewSet, "process-17"),
]
