"""Choice lists of the quality app, and the risk zones' thresholds."""

from __future__ import annotations

from decimal import Decimal
from typing import Protocol

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProcessCategory(models.TextChoices):
    """The three groups of the process architecture of document 002: processes 1–8, 9–17 and 18–22."""

    MANAGEMENT = "management", _("management processes")
    CORE = "core", _("core processes")
    SUPPORT = "support", _("support processes")


class RiskCategory(models.TextChoices):
    STRATEGIC = "strategic", _("strategic")
    OPERATIONAL = "operational", _("operational")
    COMPLIANCE = "compliance", _("legal and regulatory compliance")
    FINANCIAL = "financial", _("financial")
    REPUTATIONAL = "reputational", _("reputational")
    ANTI_CORRUPTION = "anti_corruption", _("anti-corruption (ISO 37001)")
    INFORMATION_SECURITY = "information_security", _("information security (ISO 27001)")
    HEALTH_SAFETY = "health_safety", _("health and safety")


class Zone(models.TextChoices):
    GREEN = "green", pgettext_lazy("risk zone", "green")
    AMBER = "amber", pgettext_lazy("risk zone", "amber")
    RED = "red", pgettext_lazy("risk zone", "red")


ZONE_COLOURS = {Zone.GREEN: "success", Zone.AMBER: "warning", Zone.RED: "danger"}


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PROGRESS = "in_progress", _("in progress")
    DONE = "done", pgettext_lazy("risk action status", "done")
    CANCELLED = "cancelled", _("cancelled")


SCALE = range(1, 6)  # likelihood and impact are scored 1 (lowest) to 5 (highest)


def zone_thresholds() -> tuple[int, int]:
    """(amber_from, red_from): the lowest score of the amber and of the red zone (defaults 8 and 15, i.e.
    green 1–6, amber 8–12, red 15–25), from the settings QUALITY_RISK_AMBER_FROM and QUALITY_RISK_RED_FROM."""
    return settings.QUALITY_RISK_AMBER_FROM, settings.QUALITY_RISK_RED_FROM


def zone_of(score: int | None) -> Zone | None:
    """The zone of a score (likelihood × impact); None for no score."""
    if score is None:
        return None
    amber_from, red_from = zone_thresholds()
    if score >= red_from:
        return Zone.RED
    if score >= amber_from:
        return Zone.AMBER
    return Zone.GREEN


def zone_score_range(zone: str) -> tuple[int, int]:
    """The scores (inclusive) of a zone, for filtering in the database."""
    amber_from, red_from = zone_thresholds()
    return {Zone.GREEN: (1, amber_from - 1), Zone.AMBER: (amber_from, red_from - 1), Zone.RED: (red_from, 25)}[
        Zone(zone)
    ]


# ---- KPIs (#13) ------------------------------------------------------------------------------------------------
class KPIStatus(models.TextChoices):
    """A KPI definition's lifecycle; only the services (services/kpis.py) move it forward, each step guarded."""

    DECLARED = "declared", _("declared")
    FORMULA_AGREED = "formula_agreed", _("formula agreed")
    TARGET_SET = "target_set", _("target set")
    MEASURED = "measured", _("measured")


# The lifecycle's order: a step never moves a definition back (a new target keeps a measured KPI measured).
KPI_STATUS_ORDER = [KPIStatus.DECLARED, KPIStatus.FORMULA_AGREED, KPIStatus.TARGET_SET, KPIStatus.MEASURED]


class KPISource(models.TextChoices):
    """Computed from the platform's data by a registered indicator (common.indicators), or entered per period."""

    COMPUTED = "computed", _("computed")
    ENTERED = "entered", _("entered")


class Rag(models.TextChoices):
    GREEN = "green", pgettext_lazy("KPI status", "green")
    AMBER = "amber", pgettext_lazy("KPI status", "amber")
    RED = "red", pgettext_lazy("KPI status", "red")
    NONE = "none", pgettext_lazy("KPI status", "no status")


RAG_COLOURS = {Rag.GREEN: "success", Rag.AMBER: "warning", Rag.RED: "danger", Rag.NONE: "secondary"}


class _Bands(Protocol):
    @property
    def amber_threshold(self) -> Decimal | None: ...
    @property
    def red_threshold(self) -> Decimal | None: ...


def rag(value: Decimal | int | float | None, target: _Bands | None, higher_is_better: bool | None = True) -> str:
    """The RAG colour of a value against a target's bands (models/kpis.py KPITarget documents them).

    Higher is better (red_threshold <= amber_threshold <= target):
        green  value >= amber_threshold
        amber  red_threshold <= value < amber_threshold
        red    value < red_threshold
    Lower is better (target <= amber_threshold <= red_threshold), the mirror image:
        green  value <= amber_threshold
        amber  amber_threshold < value <= red_threshold
        red    value > red_threshold
    A value on a threshold takes the better colour (as Cairn's "falls below" / "exceeds" are strict). No value,
    no target or no direction: "none".
    """
    if value is None or target is None or higher_is_better is None:
        return Rag.NONE.value
    amber, red = target.amber_threshold, target.red_threshold
    if amber is None or red is None:
        return Rag.NONE.value
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if higher_is_better:
        if number >= amber:
            return Rag.GREEN.value
        return Rag.AMBER.value if number >= red else Rag.RED.value
    if number <= amber:
        return Rag.GREEN.value
    return Rag.AMBER.value if number <= red else Rag.RED.value
