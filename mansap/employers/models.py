"""Organizations: employers, practice bases and sponsors, in one registry per institution."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.identifiers import validate_bin
from mansap.core.models.base import TimeStampedModel, TranslatedNameModel
from mansap.employers.querysets import OrganizationQuerySet


class Organization(TranslatedNameModel, TimeStampedModel):
    """An organization the university works with: employer, practice base or training sponsor."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="organizations", verbose_name=_("institution")
    )
    bin = models.CharField(_("BIN"), max_length=12, blank=True, validators=[validate_bin])
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    history = HistoricalRecords()
    objects = OrganizationQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "bin"],
                condition=~Q(bin=""),
                name="employers_organization_bin_unique",
                violation_error_message=_("An organization with this BIN is already registered."),
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name
