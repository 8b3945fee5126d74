"""Periodic reviews of a controlled document (R-141; the periodic inspection sheet: date, reviewer, result)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel
from mansap.regulations.choices import ReviewResult
from mansap.regulations.querysets import DocumentChildQuerySet


class Review(TimeStampedModel):
    document = models.ForeignKey(
        "regulations.Document", models.CASCADE, related_name="reviews", verbose_name=_("document")
    )
    reviewed_on = models.DateField(_("review date"))
    reviewer = models.CharField(_("reviewer"), max_length=200)
    reviewer_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip
    result = models.CharField(_("result"), max_length=12, choices=ReviewResult.choices)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = DocumentChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("document review")
        verbose_name_plural = _("document reviews")
        ordering = ["-reviewed_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.document.code} {self.reviewed_on:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("regulations:document_detail", args=[self.document_id])
