"""The distribution log of a document (issue #17, R-147; 004 §11.1): registered working copies sent to units
(copy No., recipient unit, date issued) and their withdrawal (date, by whom). services.distribution keeps it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel
from mansap.regulations.querysets import DocumentChildQuerySet


class WorkingCopy(TimeStampedModel):
    document = models.ForeignKey(
        "regulations.Document", models.CASCADE, related_name="copies", verbose_name=_("document")
    )
    version = models.ForeignKey(
        "regulations.DocumentVersion", models.PROTECT, null=True, blank=True, related_name="copies",
        verbose_name=_("version"),
    )  # fmt: skip
    number = models.PositiveSmallIntegerField(_("copy No."))
    department = models.ForeignKey(
        "core.Department", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("recipient unit")
    )
    recipient_name = models.CharField(
        _("recipient unit (text)"), max_length=200, blank=True,
        help_text=_("When the recipient is not a department of the platform."),
    )  # fmt: skip
    issued_on = models.DateField(_("issued on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("withdrawn by"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = DocumentChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("working copy")
        verbose_name_plural = _("working copies")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="regulations_copy_number_unique",
                violation_error_message=_("The document already has a copy with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} №{self.number}"

    @property
    def recipient(self) -> str:
        return self.department.name if self.department is not None else self.recipient_name

    def get_absolute_url(self) -> str:
        return self.document.get_absolute_url()
