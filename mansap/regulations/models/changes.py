"""The change registration sheet of a document (issue #17, R-146; 004 App. В): change No., notice No., the sheets
changed / replaced / new / annulled, the total sheets, the date and who made it. services.changes records them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel
from mansap.regulations.querysets import DocumentChildQuerySet


class ChangeRecord(TimeStampedModel):
    document = models.ForeignKey(
        "regulations.Document", models.CASCADE, related_name="changes", verbose_name=_("document")
    )
    number = models.PositiveSmallIntegerField(_("change No."))
    notice_number = models.CharField(_("notice No."), max_length=40, blank=True)
    sheets_changed = models.CharField(_("sheets changed"), max_length=100, blank=True)
    sheets_replaced = models.CharField(_("sheets replaced"), max_length=100, blank=True)
    sheets_new = models.CharField(_("new sheets"), max_length=100, blank=True)
    sheets_annulled = models.CharField(_("sheets annulled"), max_length=100, blank=True)
    total_sheets = models.PositiveSmallIntegerField(_("total sheets"), null=True, blank=True)
    made_on = models.DateField(_("date of the change"))
    made_by_name = models.CharField(_("made by (full name)"), max_length=200)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = DocumentChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("registered change")
        verbose_name_plural = _("registered changes")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"],
                name="regulations_change_number_unique",
                violation_error_message=_("The document already has a change with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} №{self.number}"

    def get_absolute_url(self) -> str:
        return self.document.get_absolute_url()
