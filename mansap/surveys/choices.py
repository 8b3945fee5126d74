"""Choice lists of the surveys app (labels translated)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LANGUAGE_CODES = ("kk", "ru", "en")


class SurveyKind(models.TextChoices):
    """Who a questionnaire or a campaign asks (the survey catalogue of the regulations)."""

    GRADUATING = "graduating", _("Graduating students")
    ALUMNI = "alumni", _("Alumni one year after graduation")
    EMPLOYERS = "employers", _("Employers: quality of graduates' training")
    SUPERVISORS = "supervisors", _("Practice-base supervisors")
    STUDENTS = "students", _("Student satisfaction")
    # Additional-education course listeners at the end of their course (002 p12; R-066): the audience is a list
    # of listeners imported or typed in on the campaign (CourseListener), not the platform's students.
    COURSE = "course", _("Course listeners: end of course")


# Kinds whose respondents are organizations (employers, practice bases); the others ask students.
ORGANIZATION_KINDS = {SurveyKind.EMPLOYERS, SurveyKind.SUPERVISORS}

# Kinds whose audience is the campaign's own list of course listeners (CourseListener).
LISTENER_KINDS = {SurveyKind.COURSE}

# Kinds answered through personal links only, never a public link: the employer survey is KPI-17.8.
PERSONAL_LINK_ONLY_KINDS = {SurveyKind.EMPLOYERS}


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    LIKERT = "likert", _("Scale 1–5")
    NUMBER = "number", pgettext_lazy("question type", "Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    MATRIX = "matrix", _("Matrix (rows rated 1–5)")


CHOICE_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE}
ROW_TYPES = {QuestionType.MATRIX}
SCALE_TYPES = {QuestionType.LIKERT, QuestionType.MATRIX}
NUMERIC_TYPES = {QuestionType.LIKERT, QuestionType.NUMBER, QuestionType.MATRIX}
TEXT_TYPES = {QuestionType.SHORT_TEXT, QuestionType.LONG_TEXT}
# Questions whose answer can decide whether a later question is shown.
CONDITION_TYPES = {QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.LIKERT, QuestionType.NUMBER}


class ResponseStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("survey response", "Draft")
    SUBMITTED = "submitted", pgettext_lazy("survey response", "Submitted")


class Channel(models.TextChoices):
    LINK = "link", _("Personal link")
    PUBLIC = "public", _("Public link")
    PHONE = "phone", _("Telephone interview")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", pgettext_lazy("campaign", "Draft")
    SCHEDULED = "scheduled", pgettext_lazy("campaign", "Scheduled")
    OPEN = "open", pgettext_lazy("campaign", "Open")
    CLOSED = "closed", pgettext_lazy("campaign", "Closed")


SCALE_LABELS = {
    1: _("1 – very poor"),
    2: _("2 – poor"),
    3: _("3 – fair"),
    4: _("4 – good"),
    5: _("5 – excellent"),
}


class UnitResponseStatus(models.TextChoices):
    """The response cycle after a survey's results (R-071): prepared, presented, reviewed, published."""

    DRAFT = "draft", pgettext_lazy("unit response", "Being prepared")
    SUBMITTED = "submitted", pgettext_lazy("unit response", "Presented to the vice-rector")
    REVIEWED = "reviewed", pgettext_lazy("unit response", "Reviewed by quality assurance")
    PUBLISHED = "published", pgettext_lazy("unit response", "Published to students")


# Units present their summary and response plan within four weeks of receiving the results.
UNIT_RESPONSE_DAYS = 28
