"""The service catalogue (issue #16): what the desk offers, to whom, in how many working days, with which form.

Each institution keeps its own catalogue; the eleven services of the issue are preloaded by
services.catalogue.ensure_catalogue (idempotent: run on first use, by the demo and by the data migration).
A service's form is a small declarative list of fields (`form_fields`): name, labels in kk/ru/en, type
(text, choice, date), whether it is required, and for a choice its options.
"""

from __future__ import annotations

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel, TranslatedNameModel
from mansap.servicedesk.choices import DocumentKind, Eligibility
from mansap.servicedesk.querysets import ServiceQuerySet


class Service(TranslatedNameModel, TimeStampedModel):
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="desk_services", verbose_name=_("institution")
    )
    code = models.SlugField(_("code"), max_length=40)
    eligibility = models.CharField(
        _("who may request it"), max_length=16, choices=Eligibility.choices, default=Eligibility.STUDYING
    )
    sla_days = models.PositiveSmallIntegerField(
        _("SLA (working days)"), default=3, validators=[MinValueValidator(0), MaxValueValidator(60)]
    )
    instant = models.BooleanField(
        _("instant self-issue"), default=False, help_text=_("The student downloads the document at once, no clerk.")
    )
    needs_approval = models.BooleanField(_("approval step"), default=False)
    document_kind = models.CharField(
        _("document issued"), max_length=24, choices=DocumentKind.choices, default=DocumentKind.CERTIFICATE
    )
    form_fields = models.JSONField(_("form fields"), default=list, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ServiceQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"],
                name="servicedesk_service_code_unique",
                violation_error_message=_("A service with this code already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:service_edit", args=[self.pk])

    def get_edit_url(self) -> str:
        return reverse("servicedesk:service_edit", args=[self.pk])

    @property
    def issues_document(self) -> bool:
        return self.document_kind != DocumentKind.NONE

    def fields(self) -> list[dict[str, Any]]:
        return [f for f in (self.form_fields or []) if isinstance(f, dict) and f.get("name")]
