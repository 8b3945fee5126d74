"""The quality app's API: processes, risks, risk assessments and risk actions (mansap/api/urls.py registers ROUTES)."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.quality.api.views import (
    ManagementReviewViewSet,
    ProcessViewSet,
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
    ("risk-reviews", RiskReviewViewSet),
    ("reviews", ManagementReviewViewSet),
    ("review-decisions", ReviewDecisionViewSet),
    ("work-plans", WorkPlanViewSet),
    ("work-plan-measures", WorkPlanMeasureViewSet),
]
