"""The e-mails of `regulations_reminders` (issue #17): one row per reminder sent, so that the command (and the
daily huey task) sends each once: a review reminder once per (document, next review date, stage), an
acknowledgement reminder at most once every ACK_REMIND_EVERY_DAYS days per (version, person)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    REVIEW_DUE = "review_due", _("review due")
    REVIEW_OVERDUE = "review_overdue", _("review overdue")
    ACKNOWLEDGEMENT = "acknowledgement", _("acknowledgement overdue")


class DocumentReminder(models.Model):
    # The institution of the document reminded of (#18: one row per person and version, so it grows with people;
    # services.reminders sets it, as the row has no parent key to take it from).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    object_id = models.PositiveIntegerField(_("object"))  # a Document (reviews) or a DocumentVersion
    due_on = models.DateField(_("due on"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    sent_on = models.DateField(_("sent on"))

    class Meta:
        verbose_name = _("document reminder")
        verbose_name_plural = _("document reminders")
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["institution", "sent_on"], name="regulations_reminder_inst_sent")]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "due_on", "recipient", "sent_on"], name="regulations_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id} {self.sent_on}"
