"""The quality app's API: processes, risks, risk assessments, risk actions and KPIs (mansap/api/urls.py
registers ROUTES)."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.quality.api.views import (
    AdvisoryBoardMeetingViewSet,
    AdvisoryBoardMemberViewSet,
    AdvisoryBoardViewSet,
    KPIDefinitionViewSet,
    KPITargetViewSet,
    KPIValueViewSet,
    ProcessViewSet,
    ProgramRevisionViewSet,
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
    ("program-revisions", ProgramRevisionViewSet),
    ("advisory-boards", AdvisoryBoardViewSet),
    ("advisory-board-members", AdvisoryBoardMemberViewSet),
    ("advisory-board-meetings", AdvisoryBoardMeetingViewSet),
]
