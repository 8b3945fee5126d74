"""A consortium: a ministry or a group of universities that reads aggregate KPIs of the institutions it is given.

Its members are logins with no other role: they see the consortium page(s) only (core.middleware
ConsortiumOnlyMiddleware answers 404 elsewhere), and only figures resting on at least five people.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel, TranslatedNameModel


class Consortium(TranslatedNameModel, TimeStampedModel):
    """A read-only viewer of several institutions' aggregate figures (a ministry, a group of universities)."""

    institutions = models.ManyToManyField(
        "core.Institution", related_name="consortiums", verbose_name=_("institutions")
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="consortiums", blank=True, verbose_name=_("members")
    )

    class Meta:
        verbose_name = _("consortium")
        verbose_name_plural = _("consortiums")
        ordering = ["name_en", "pk"]

    def __str__(self) -> str:
        return self.name
