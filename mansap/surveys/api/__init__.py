"""The surveys app's API: questionnaires (read only) and campaigns with their results."""

from __future__ import annotations

from mansap.common.api import Route
from mansap.surveys.api.views import CampaignViewSet, QuestionnaireViewSet

# This app's endpoints under /api/v1/ (mansap/api/urls.py registers every app's).
ROUTES: list[Route] = [
    ("survey-questionnaires", QuestionnaireViewSet, "survey-questionnaire"),
    ("survey-campaigns", CampaignViewSet, "survey-campaign"),
]
