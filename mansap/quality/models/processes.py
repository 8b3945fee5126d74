"""The process map of document 002 (ҚазТБУ-СДД-ПАК-5.3/9.3-2026-02): 22 process cards in three groups.

The texts of a card are kept in Kazakh (as the seed gives them), Russian and English; `text(field)` answers
in the active language with the others as fallback (core.models.base.translated). List-like fields (inputs,
outputs, resources, ...) hold one item per line.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel, translated
from mansap.quality.choices import ProcessCategory
from mansap.quality.querysets import ProcessQuerySet

# The card's translated fields, in the order of the card (document 002).
CARD_FIELDS = (
    "owner", "manager", "participants", "key_indicators", "goal", "inputs", "outputs", "suppliers", "consumers",
    "resources", "evaluation_indicators", "documented_information", "content",
)  # fmt: skip
CARD_LABELS = {
    "owner": _("process owner"),
    "manager": _("process manager"),
    "participants": _("participants"),
    "key_indicators": _("key indicators"),
    "goal": _("goal"),
    "inputs": _("inputs"),
    "outputs": _("outputs"),
    "suppliers": _("supplier processes"),
    "consumers": _("consumer processes"),
    "resources": _("resources"),
    "evaluation_indicators": _("evaluation indicators"),
    "documented_information": _("documented information"),
    "content": _("process content"),
}
LIST_FIELDS = frozenset(CARD_FIELDS) - {"owner", "manager", "participants", "goal"}
TRANSLATED_FIELDS = ("name", *CARD_FIELDS)


class Process(TimeStampedModel):
    """One process of the institution's process map; `number` (1–22) is its stable key (seed O-13)."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="processes", verbose_name=_("institution")
    )
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1), MaxValueValidator(99)])
    code = models.CharField(_("code"), max_length=80, help_text=_("The code in the card's header, as printed."))
    id_code = models.CharField(
        _("identification number"), max_length=80, blank=True,
        help_text=_("The card's identification number, as printed; it differs from the header code in some cards."),
    )  # fmt: skip
    category = models.CharField(_("category"), max_length=16, choices=ProcessCategory.choices)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=255, blank=True)
    owner_kk = models.CharField(_("process owner (Kazakh)"), max_length=255, blank=True)
    owner_ru = models.CharField(_("process owner (Russian)"), max_length=255, blank=True)
    owner_en = models.CharField(_("process owner (English)"), max_length=255, blank=True)
    manager_kk = models.CharField(_("process manager (Kazakh)"), max_length=255, blank=True)
    manager_ru = models.CharField(_("process manager (Russian)"), max_length=255, blank=True)
    manager_en = models.CharField(_("process manager (English)"), max_length=255, blank=True)
    participants_kk = models.TextField(_("participants (Kazakh)"), blank=True)
    participants_ru = models.TextField(_("participants (Russian)"), blank=True)
    participants_en = models.TextField(_("participants (English)"), blank=True)
    key_indicators_kk = models.TextField(_("key indicators (Kazakh)"), blank=True)
    key_indicators_ru = models.TextField(_("key indicators (Russian)"), blank=True)
    key_indicators_en = models.TextField(_("key indicators (English)"), blank=True)
    goal_kk = models.TextField(_("goal (Kazakh)"), blank=True)
    goal_ru = models.TextField(_("goal (Russian)"), blank=True)
    goal_en = models.TextField(_("goal (English)"), blank=True)
    inputs_kk = models.TextField(_("inputs (Kazakh)"), blank=True)
    inputs_ru = models.TextField(_("inputs (Russian)"), blank=True)
    inputs_en = models.TextField(_("inputs (English)"), blank=True)
    outputs_kk = models.TextField(_("outputs (Kazakh)"), blank=True)
    outputs_ru = models.TextField(_("outputs (Russian)"), blank=True)
    outputs_en = models.TextField(_("outputs (English)"), blank=True)
    suppliers_kk = models.TextField(_("supplier processes (Kazakh)"), blank=True)
    suppliers_ru = models.TextField(_("supplier processes (Russian)"), blank=True)
    suppliers_en = models.TextField(_("supplier processes (English)"), blank=True)
    consumers_kk = models.TextField(_("consumer processes (Kazakh)"), blank=True)
    consumers_ru = models.TextField(_("consumer processes (Russian)"), blank=True)
    consumers_en = models.TextField(_("consumer processes (English)"), blank=True)
    resources_kk = models.TextField(_("resources (Kazakh)"), blank=True)
    resources_ru = models.TextField(_("resources (Russian)"), blank=True)
    resources_en = models.TextField(_("resources (English)"), blank=True)
    evaluation_indicators_kk = models.TextField(_("evaluation indicators (Kazakh)"), blank=True)
    evaluation_indicators_ru = models.TextField(_("evaluation indicators (Russian)"), blank=True)
    evaluation_indicators_en = models.TextField(_("evaluation indicators (English)"), blank=True)
    documented_information_kk = models.TextField(_("documented information (Kazakh)"), blank=True)
    documented_information_ru = models.TextField(_("documented information (Russian)"), blank=True)
    documented_information_en = models.TextField(_("documented information (English)"), blank=True)
    content_kk = models.TextField(_("process content (Kazakh)"), blank=True)
    content_ru = models.TextField(_("process content (Russian)"), blank=True)
    content_en = models.TextField(_("process content (English)"), blank=True)
    owner_user = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="owned_processes",
        verbose_name=_("process owner (user)"),
        help_text=_("The platform user who sets the targets and enters the values of the process's KPIs."),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ProcessQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number"],
                name="quality_process_number_unique",
                violation_error_message=_("The institution already has a process with this number."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("quality:process_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def owner_name(self) -> str:
        return translated(self, "owner")

    def text(self, field: str) -> str:
        return translated(self, field)

    @property
    def codes_differ(self) -> bool:
        return bool(self.id_code) and self.id_code != self.code
