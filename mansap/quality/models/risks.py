"""The risk register (002 p3; R-081): risks per process, their assessments over time and treatment actions.

A risk's zone is never stored: it follows from the score (likelihood × impact) and the thresholds in the
settings (choices.zone_of), so the heat map and the register read the same zones.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel, translated
from mansap.quality.choices import ActionStatus, ReviewOutcome, RiskCategory, Zone, zone_of
from mansap.quality.models.processes import Process
from mansap.quality.querysets import RiskActionQuerySet, RiskAssessmentQuerySet, RiskQuerySet

SCORE_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(TimeStampedModel):
    """A risk of one process; `key` identifies it across imports (unique in the institution)."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="risks", verbose_name=_("institution")
    )
    key = models.CharField(
        _("key"), max_length=40, help_text=_("Identifies the risk across imports of the register, e.g. P17-R1.")
    )
    process = models.ForeignKey(Process, models.PROTECT, related_name="risks", verbose_name=_("process"))
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    category = models.CharField(_("category"), max_length=24, choices=RiskCategory.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="owned_risks", verbose_name=_("risk owner")
    )
    treatment_kk = models.TextField(_("prevention measures (Kazakh)"), blank=True)
    treatment_ru = models.TextField(_("prevention measures (Russian)"), blank=True)
    treatment_en = models.TextField(_("prevention measures (English)"), blank=True)
    source = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("The document the risk comes from, e.g. 002 p17.")
    )
    next_review_on = models.DateField(
        _("next review on"), null=True, blank=True, help_text=_("Set by the latest review of the risk.")
    )
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    retired_reason = models.TextField(_("reason for retirement"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = RiskQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["process__number", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "key"],
                name="quality_risk_key_unique",
                violation_error_message=_("The register already has a risk with this key."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("quality:risk_detail", args=[self.pk])

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def treatment(self) -> str:
        return translated(self, "treatment")

    @property
    def is_retired(self) -> bool:
        return self.retired_on is not None

    def review_due(self, today: dt.date) -> bool:
        """A live risk whose next review date has come (or passed)."""
        return self.retired_on is None and self.next_review_on is not None and self.next_review_on <= today

    def clean(self) -> None:
        super().clean()
        if not (self.title_kk or self.title_ru or self.title_en):
            raise ValidationError({"title_kk": _("Give the risk's title in at least one language.")})
        if self.process_id and self.institution_id and self.process.institution_id != self.institution_id:
            raise ValidationError({"process": _("The process belongs to another institution.")})


class RiskAssessment(TimeStampedModel):
    """One assessment of a risk on a date: likelihood 1–5 × impact 1–5 = score, whose zone the thresholds give."""

    risk = models.ForeignKey(Risk, models.CASCADE, related_name="assessments", verbose_name=_("risk"))
    assessed_on = models.DateField(_("assessed on"))
    likelihood = models.PositiveSmallIntegerField(_("likelihood"), validators=SCORE_VALIDATORS)
    impact = models.PositiveSmallIntegerField(_("impact"), validators=SCORE_VALIDATORS)
    score = models.PositiveSmallIntegerField(_("score"), editable=False)
    note = models.TextField(_("reason"), blank=True, help_text=_("Why the risk is scored so (or rescored)."))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("assessed by"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = RiskAssessmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")
        ordering = ["-assessed_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["risk", "assessed_on"],
                name="quality_assessment_one_per_day",
                violation_error_message=_("The risk already has an assessment on this date."),
            ),
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5, impact__gte=1, impact__lte=5),
                name="quality_assessment_scale",
            ),
            models.CheckConstraint(condition=Q(score=F("likelihood") * F("impact")), name="quality_assessment_score"),
        ]

    def __str__(self) -> str:
        return f"{self.risk.key} {self.assessed_on:%Y-%m-%d}: {self.likelihood}×{self.impact} = {self.score}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.score = self.likelihood * self.impact
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def zone(self) -> Zone | None:
        return zone_of(self.score)


def done_has_date(name: str) -> models.CheckConstraint:
    """The rule of every action with a status (a risk's, a review decision's): a done action has a completion
    date, and only a done action has one."""
    return models.CheckConstraint(
        condition=Q(status=ActionStatus.DONE, done_on__isnull=False)
        | (~Q(status=ActionStatus.DONE) & Q(done_on__isnull=True)),
        name=name,
        violation_error_message=_("A done action has a completion date, and only a done action has one."),
    )


class RiskAction(TimeStampedModel):
    """A treatment action of a risk: who does what by when, and when it was done."""

    risk = models.ForeignKey(Risk, models.CASCADE, related_name="actions", verbose_name=_("risk"))
    action = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="risk_actions", verbose_name=_("responsible")
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = RiskActionQuerySet.as_manager()

    class Meta:
        verbose_name = _("risk action")
        verbose_name_plural = _("risk actions")
        ordering = ["due_on", "pk"]
        constraints = [done_has_date("quality_action_done_has_date")]

    def __str__(self) -> str:
        return f"{self.risk.key}: {self.action[:60]}"

    def is_overdue(self, today: object) -> bool:
        return self.done_on is None and self.status != ActionStatus.CANCELLED and self.due_on < today  # type: ignore[operator]


class RiskReview(TimeStampedModel):
    """A review of a risk: the reviewer confirms the risk as it stands or changes it (a new assessment), records
    the reason and sets the date of the next review (which the register then shows as due)."""

    risk = models.ForeignKey(Risk, models.CASCADE, related_name="reviews", verbose_name=_("risk"))
    reviewed_on = models.DateField(pgettext_lazy("risk review", "reviewed on"))
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("reviewer"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=ReviewOutcome.choices)
    reason = models.TextField(_("reason"))
    next_review_on = models.DateField(_("next review on"))
    assessment = models.ForeignKey(
        RiskAssessment, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("new assessment"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("risk review")
        verbose_name_plural = _("risk reviews")
        ordering = ["-reviewed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_review_on__gt=F("reviewed_on")),
                name="quality_review_next_after",
                violation_error_message=_("The next review must come after this one."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.risk.key} {self.reviewed_on:%Y-%m-%d}: {self.get_outcome_display()}"
