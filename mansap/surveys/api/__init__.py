"""The surveys app's API: questionnaires (read only) and campaigns with their results."""

from __future__ import annotations

from rest_framework.routers import DefaultRouter

from mansap.surveys.api.views import CampaignViewSet, QuestionnaireViewSet


def register(router: DefaultRouter) -> None:
    """Register this app's viewsets on the /api/v1/ router."""
    router.register("survey-questionnaires", QuestionnaireViewSet, basename="survey-questionnaire")
    router.register("survey-campaigns", CampaignViewSet, basename="survey-campaign")
