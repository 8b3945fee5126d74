"""Survey campaigns attached to a process's KPI (R-065): the campaign's headline score becomes the KPI's value.

Student satisfaction for process 11, the employer survey for process 17, the end-of-course survey for process
12. The link lives here (the surveys app sits below quality and knows nothing of processes); the score is read
with surveys.reports.results.headline_score and recorded through the KPI services (services/surveys.py).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel
from mansap.quality.models.kpis import KPIDefinition
from mansap.quality.querysets import KPISurveyQuerySet


class KPISurvey(TimeStampedModel):
    """A survey campaign whose headline score is a value of a process's KPI (for the period it closes in)."""

    definition = models.ForeignKey(KPIDefinition, models.CASCADE, related_name="surveys", verbose_name=_("KPI"))
    campaign = models.ForeignKey(
        "surveys.Campaign", models.PROTECT, related_name="quality_kpis", verbose_name=_("survey campaign")
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("attached by"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = KPISurveyQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("KPI survey campaign")
        verbose_name_plural = _("KPI survey campaigns")
        ordering = ["definition__code", "-campaign__closes_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "campaign"],
                name="quality_kpi_survey_once",
                violation_error_message=_("The campaign is already attached to this KPI."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.definition.code}: {self.campaign}"

    def get_absolute_url(self) -> str:
        return self.definition.process.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if self.definition_id and self.campaign_id:
            if self.campaign.institution_id != self.definition.institution_id:
                raise ValidationError({"campaign": _("The campaign belongs to another institution.")})
            if not self.campaign.headline_question_id:
                raise ValidationError(
                    {"campaign": _("The campaign has no headline question: it has no score to give the KPI.")}
                )
