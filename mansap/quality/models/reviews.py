"""The management review (process 5; ISO 9001 §9.3) and the reminders of the quality app.

A review is prepared for a period (draft: its page shows the live figures), issued (the figures are frozen in
`snapshot` and its PDF and XLSX in kk, ru and en are generated from the snapshot and stored in ReviewDocument;
nothing that changes later reaches them) and closed once every decision taken on it has an owner and a due date.
A new review of the same period is a new version that names the one it supersedes.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel
from mansap.quality.choices import ActionStatus, CollegiateBody, ReminderKind, ReminderStage, ReviewStatus
from mansap.quality.models.risks import done_has_date
from mansap.quality.querysets import DecisionQuerySet, ManagementReviewQuerySet


class ManagementReview(TimeStampedModel):
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="management_reviews", verbose_name=_("institution")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    supersedes = models.OneToOneField(
        "self",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
        verbose_name=_("supersedes"),
        editable=False,
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT, editable=False
    )
    notes = models.TextField(_("notes"), blank=True, help_text=_("The quality department's summary and conclusions."))
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("prepared by"),
        editable=False,
    )
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True, editable=False)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
        editable=False,
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    snapshot = models.JSONField(_("snapshot"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at", "snapshot"])
    objects = ManagementReviewQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-period_end", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "period_start", "period_end", "version"],
                name="quality_review_period_version",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="quality_review_period_order",
                violation_error_message=_("The period must end on or after its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("quality:review_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == ReviewStatus.DRAFT


class ReviewDocument(models.Model):
    """A file generated at issue from the snapshot (PDF or XLSX, in one language), stored as it was sent."""

    review = models.ForeignKey(ManagementReview, models.CASCADE, related_name="documents", verbose_name=_("review"))
    language = models.CharField(_("language"), max_length=2)
    kind = models.CharField(_("format"), max_length=4)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("review document")
        verbose_name_plural = _("review documents")
        constraints = [
            models.UniqueConstraint(fields=["review", "language", "kind"], name="quality_review_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.review} {self.language}.{self.kind}"


class ReviewDecision(TimeStampedModel):
    """A decision the collegiate body took on the review: a tracked action (owner, due date, status, done date)."""

    review = models.ForeignKey(ManagementReview, models.PROTECT, related_name="decisions", verbose_name=_("review"))
    body = models.CharField(_("collegiate body"), max_length=24, choices=CollegiateBody.choices)
    protocol_number = models.CharField(_("protocol number"), max_length=40)
    protocol_date = models.DateField(_("protocol date"))
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="review_decisions",
        verbose_name=_("responsible"),
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.PLANNED)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = DecisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["protocol_date", "pk"]
        constraints = [done_has_date("quality_decision_done_has_date")]

    def __str__(self) -> str:
        return f"{self.get_body_display()} № {self.protocol_number}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("quality:review_detail", args=[self.review_id]) + f"#decision-{self.pk}"

    @property
    def missing(self) -> list[str]:
        """What the close guard asks of the decision and it lacks (field names)."""
        return [
            name for name in ("text", "owner", "due_on") if not getattr(self, name if name != "owner" else "owner_id")
        ]

    def is_overdue(self, today: dt.date) -> bool:
        return (
            self.due_on is not None
            and self.done_on is None
            and self.status != ActionStatus.CANCELLED
            and self.due_on < today
        )


class Reminder(models.Model):
    """An e-mail the daily reminder job sent: at most one per thing, due date and stage (due soon / overdue),
    so a reminder is never repeated; a new due date (a review that sets the next one) reminds again."""

    kind = models.CharField(_("about"), max_length=16, choices=ReminderKind.choices)
    object_id = models.PositiveIntegerField()
    due_on = models.DateField(_("due on"))
    stage = models.CharField(_("stage"), max_length=8, choices=ReminderStage.choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_on", "stage"], name="quality_reminder_once_per_due_date"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.due_on} {self.stage}"
