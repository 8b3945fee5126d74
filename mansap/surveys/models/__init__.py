"""Models of the surveys app, one module per sub-domain (Django registers them from here)."""

# Migrations refer to these defaults by this path.
from mansap.surveys.models.builder import Choice, Question, Questionnaire, Section, _new_family, _new_slug
from mansap.surveys.models.campaigns import GRADUATING_YEAR_REQUIRED, Campaign, CourseListener, Invitation
from mansap.surveys.models.responses import Answer, Response
from mansap.surveys.models.results import ResultsResponse

__all__ = [
    "GRADUATING_YEAR_REQUIRED",
    "Answer",
    "Campaign",
    "Choice",
    "CourseListener",
    "Invitation",
    "Question",
    "Questionnaire",
    "Response",
    "ResultsResponse",
    "Section",
    "_new_family",
    "_new_slug",
]
