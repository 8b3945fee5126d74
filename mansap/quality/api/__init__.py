"""The quality app's API: processes, risks, risk assessments, actions and reviews, KPIs and the survey campaigns
attached to them, management reviews and their decisions, work plans (mansap/api/urls.py registers ROUTES)."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.quality.api.views import (
    AdvisoryBoardMeetingViewSet,
    AdvisoryBoardMemberViewSet,
    AdvisoryBoardViewSet,
    KPIDefinitionViewSet,
    KPISurveyViewSet,
    KPITargetViewSet,
    KPIValueViewSet,
    ManagementReviewViewSet,
    Process17ViewSet,
    ProcessViewSet,
    ProgramRevisionViewSet,
    ReviewDecisionViewSet,
    RiskActionViewSet,
    RiskAssessmentViewSet,
    RiskReviewViewSet,
    RiskViewSet,
    WorkPlanMeasureViewSet,
    WorkPlanViewSet,
)

ROUTES: list[Route] = [
    ("processes", ProcessViewSet),
    ("risks", RiskViewSet),
    ("risk-assessments", RiskAssessmentViewSet),
    ("risk-actions", RiskActionViewSet),
    ("kpi-definitions", KPIDefinitionViewSet),
    ("kpi-targets", KPITargetViewSet),
    ("kpi-values", KPIValueViewSet),
    ("kpi-surveys", KPISurveyViewSet),
    ("program-revisions", ProgramRevisionViewSet),
    ("advisory-boards", AdvisoryBoardViewSet),
    ("advisory-board-members", AdvisoryBoardMemberViewSet),
    ("advisory-board-meetings", AdvisoryBoardMeetingViewSet),
    ("risk-reviews", RiskReviewViewSet),
    ("reviews", ManagementReviewViewSet),
    ("review-decisions", ReviewDecisionViewSet),
    ("work-plans", WorkPlanViewSet),
    ("work-plan-measures", WorkPlanMeasureViewSet),
    ("process-17", Process17ViewSet, "process-17"),
]
