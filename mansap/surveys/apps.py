"""The surveys app: questionnaires, campaigns, respondents' links, answers, results and units' responses."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "mansap.surveys"
    label = "surveys"
    verbose_name = _("Surveys")
