"""The quality app's API: processes, risks, risk assessments and risk actions."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from mansap.quality.api.views import ProcessViewSet, RiskActionViewSet, RiskAssessmentViewSet, RiskViewSet


def register(router: DefaultRouter) -> None:
    router.register("processes", ProcessViewSet)
    router.register("risks", RiskViewSet)
    router.register("risk-assessments", RiskAssessmentViewSet)
    router.register("risk-actions", RiskActionViewSet)
