"""common has no domain models: only what the machinery itself must remember."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubmittedForm(models.Model):
    """A form already sent: its one-time key (a page's form sends it once; a second post with it is a double)."""

    key = models.CharField(_("key"), max_length=64, unique=True)
    submitted_at = models.DateTimeField(_("sent"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("submitted form")
        verbose_name_plural = _("submitted forms")

    def __str__(self) -> str:
        return self.key
