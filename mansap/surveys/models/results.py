"""Units' responses to the results of a campaign (R-071)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.partitioning import InstitutionFromParent
from mansap.core.models.base import TimeStampedModel
from mansap.surveys.choices import (
    UnitResponseStatus,
)
from mansap.surveys.querysets import ResultsResponseQuerySet


class ResultsResponse(InstitutionFromParent, TimeStampedModel):
    """A unit's summary of a campaign's results and its plan of actions on the respondents' suggestions.

    R-071: each evaluated unit presents its summary and response plan within four weeks of receiving the
    results; quality assurance reviews it and it is published to students.
    """

    institution_from = ("campaign", "institution_id")
    # Its institution, the same as its campaign's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    campaign = models.ForeignKey(
        "surveys.Campaign", models.CASCADE, related_name="unit_responses", verbose_name=_("campaign")
    )
    department = models.ForeignKey(
        "core.Department", models.PROTECT, related_name="survey_unit_responses", verbose_name=_("unit (department)")
    )
    summary = models.TextField(_("summary of the results"))
    actions = models.TextField(
        _("planned actions"), help_text=_("What the unit will do about the respondents' suggestions, and by when.")
    )
    due_on = models.DateField(_("due"), help_text=_("Four weeks after the results were received."))
    status = models.CharField(
        _("status"), max_length=16, choices=UnitResponseStatus.choices, default=UnitResponseStatus.DRAFT
    )
    submitted_on = models.DateField(_("presented on"), null=True, blank=True, editable=False)
    published_on = models.DateField(_("published on"), null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("author"),
    )  # fmt: skip
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, editable=False, related_name="+",
        verbose_name=_("reviewed by"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ResultsResponseQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("unit response to survey results")
        verbose_name_plural = _("unit responses to survey results")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["institution", "due_on"], name="surveys_resultsresp_inst_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "department"],
                name="surveys_resultsresponse_once_per_unit",
                violation_error_message=_("This unit has already responded to the campaign's results."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.campaign}"

    def get_absolute_url(self) -> str:
        return reverse("surveys:campaign_results", args=[self.campaign_id]) + f"#unit-response-{self.pk}"

    @property
    def is_overdue(self) -> bool:
        late = self.submitted_on > self.due_on if self.submitted_on else timezone.localdate() > self.due_on
        return bool(late)
