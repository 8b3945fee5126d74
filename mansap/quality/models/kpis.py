"""KPIs of the processes (#13, 002 E.7): definitions with a lifecycle, targets with RAG bands, entered values.

A definition is either *computed* by a registered indicator of the app that owns the data (common.indicators;
only the indicator's code is stored here) or *entered* per period with evidence. Its status moves only forward
and only through the services (services/kpis.py), each step guarded: declared → formula agreed (a formula, a
unit, a direction and a period kind) → target set (a target) → measured (a value).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common import indicators
from mansap.common.fields import URLField
from mansap.common.indicators import Period, PeriodKind, Unit
from mansap.common.uploads import validate_evidence
from mansap.core.models.base import TimeStampedModel, translated
from mansap.quality.choices import KPISource, KPIStatus, rag
from mansap.quality.models.processes import Process
from mansap.quality.querysets import KPIDefinitionQuerySet, KPITargetQuerySet, KPIValueQuerySet

if TYPE_CHECKING:
    from mansap.common.indicators import Indicator

EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]


def _user_fk(verbose_name: Any, *, editable: bool = True) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=verbose_name, editable=editable,
    )  # fmt: skip


def parse_period(kind: str, label: str) -> Period | None:
    """The period of a label for a definition's period kind, or None when the label does not read as one."""
    try:
        return Period.parse(kind, label)
    except ValueError:
        return None


class KPIDefinition(TimeStampedModel):
    """One KPI of a process: `code` ("17.1", "10.1") is unique in the institution."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="kpi_definitions", verbose_name=_("institution")
    )
    process = models.ForeignKey(Process, models.PROTECT, related_name="kpis", verbose_name=_("process"))
    code = models.CharField(_("code"), max_length=20, help_text=_("The KPI's number in its process, e.g. 17.1."))
    name_kk = models.CharField(_("name (Kazakh)"), max_length=1000, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=1000, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=1000, blank=True)
    formula_kk = models.TextField(_("formula (Kazakh)"), blank=True)
    formula_ru = models.TextField(_("formula (Russian)"), blank=True)
    formula_en = models.TextField(_("formula (English)"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=KPIStatus.choices, default=KPIStatus.DECLARED, editable=False
    )
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, blank=True)
    higher_is_better = models.BooleanField(
        _("higher is better"), null=True, blank=True, help_text=_("The direction: whether a higher value is better.")
    )
    period_kind = models.CharField(_("period"), max_length=16, choices=PeriodKind.choices, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=KPISource.choices, default=KPISource.ENTERED)
    indicator = models.CharField(
        _("indicator"), max_length=100, blank=True,
        help_text=_("The registered indicator that computes the KPI (computed KPIs only)."),
    )  # fmt: skip
    formula_agreed_by = _user_fk(_("formula agreed by"), editable=False)
    formula_agreed_at = models.DateTimeField(_("formula agreed at"), null=True, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = KPIDefinitionQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        ordering = ["process__number", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"],
                name="quality_kpi_code_unique",
                violation_error_message=_("The institution already has a KPI with this code."),
            ),
            models.CheckConstraint(
                condition=~Q(source=KPISource.COMPUTED) | ~Q(indicator=""),
                name="quality_kpi_computed_has_indicator",
                violation_error_message=_("A computed KPI names the indicator that computes it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("quality:kpidefinition_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def formula(self) -> str:
        return translated(self, "formula")

    @property
    def is_computed(self) -> bool:
        return self.source == KPISource.COMPUTED

    @property
    def provider(self) -> Indicator | None:
        """The registered indicator of a computed KPI; None for an entered KPI or when none is registered."""
        if not self.is_computed or not self.indicator:
            return None
        try:
            return indicators.get(self.indicator)
        except indicators.UnknownIndicator:
            return None

    @property
    def provider_missing(self) -> bool:
        """A computed KPI whose indicator is not registered (its app has not provided it yet): no figure."""
        return self.is_computed and self.provider is None

    def parse_period(self, label: str) -> Period | None:
        return parse_period(self.period_kind, label) if self.period_kind else None

    def clean(self) -> None:
        super().clean()
        if not (self.name_kk or self.name_ru or self.name_en):
            raise ValidationError({"name_kk": _("Give the KPI's name in at least one language.")})
        if self.process_id and self.institution_id and self.process.institution_id != self.institution_id:
            raise ValidationError({"process": _("The process belongs to another institution.")})
        if self.source == KPISource.COMPUTED:
            if not self.indicator:
                raise ValidationError({"indicator": _("A computed KPI names the indicator that computes it.")})
            if self.provider is None:
                raise ValidationError(
                    {"indicator": _("No indicator with the code %(code)s is registered.") % {"code": self.indicator}}
                )
        elif self.indicator:
            raise ValidationError({"indicator": _("Only a computed KPI names an indicator.")})

    def agreement_errors(self) -> dict[str, str]:
        """What a definition lacks before its formula can be agreed ({field: message}; empty: nothing)."""
        errors: dict[str, str] = {}
        if not (self.formula_kk or self.formula_ru or self.formula_en):
            errors["formula_kk"] = str(_("Write the formula in at least one language."))
        if not self.unit:
            errors["unit"] = str(_("Choose the unit."))
        if self.higher_is_better is None:
            errors["higher_is_better"] = str(_("Choose whether a higher value is better."))
        if not self.period_kind:
            errors["period_kind"] = str(_("Choose the period."))
        return errors


class KPITarget(TimeStampedModel):
    """The target of a KPI for one period, with its RAG bands (one target per KPI and period).

    The bands, as Cairn's indicators read their thresholds ("critical if the value falls below the minimum /
    exceeds the maximum": strict, a value on a threshold is not beyond it), with two thresholds instead of one:

    - higher is better: red_threshold <= amber_threshold <= target;
      green when value >= amber_threshold, amber when red_threshold <= value < amber_threshold,
      red when value < red_threshold;
    - lower is better: target <= amber_threshold <= red_threshold;
      green when value <= amber_threshold, amber when amber_threshold < value <= red_threshold,
      red when value > red_threshold.

    `amber_threshold` equal to the target makes green mean "target met"; a lower one (for higher-is-better)
    gives a tolerance. choices.rag() is the one function that applies the bands.
    """

    definition = models.ForeignKey(KPIDefinition, models.CASCADE, related_name="targets", verbose_name=_("KPI"))
    period = models.CharField(_("period"), max_length=20, help_text=_("e.g. 2025-2026, 2026 or 2026-03."))
    target = models.DecimalField(_("target"), max_digits=18, decimal_places=4)
    amber_threshold = models.DecimalField(
        _("amber threshold"),
        max_digits=18,
        decimal_places=4,
        help_text=_("Beyond it (away from the target) the KPI is amber."),
    )
    red_threshold = models.DecimalField(
        _("red threshold"),
        max_digits=18,
        decimal_places=4,
        help_text=_("Beyond it (away from the target) the KPI is red."),
    )
    set_by = _user_fk(_("set by"))
    set_at = models.DateTimeField(_("set at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = KPITargetQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI target")
        verbose_name_plural = _("KPI targets")
        ordering = ["definition", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "period"],
                name="quality_kpi_target_one_per_period",
                violation_error_message=_("The KPI already has a target for this period."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.definition.code} {self.period}: {self.target}"

    def clean(self) -> None:
        super().clean()
        definition = self.definition
        if not definition.period_kind:
            raise ValidationError(_("Agree the KPI's formula and period before setting a target."))
        self.period = checked_period(definition, self.period)
        if None in (self.target, self.amber_threshold, self.red_threshold):
            return  # the fields' own errors
        check_bands(self.target, self.amber_threshold, self.red_threshold, definition.higher_is_better)

    def rag(self, value: Decimal | int | None) -> str:
        return rag(value, self, self.definition.higher_is_better)


PERIOD_EXAMPLES: dict[str, str] = {
    PeriodKind.ACADEMIC_YEAR: "2025-2026",
    PeriodKind.CALENDAR_YEAR: "2026",
    PeriodKind.MONTH: "2026-03",
}


def checked_period(definition: KPIDefinition, label: str) -> str:
    """The label of the period `label` names in the definition's period kind; ValidationError on `period`."""
    period = definition.parse_period(label)
    if period is None:
        example = PERIOD_EXAMPLES.get(definition.period_kind, "2025-2026")
        raise ValidationError({"period": _("Write the period as %(example)s.") % {"example": example}})
    return period.label


def check_bands(target: Decimal, amber: Decimal, red: Decimal, higher_is_better: bool | None) -> None:
    """ValidationError unless the thresholds lie in order for the direction (see KPITarget)."""
    if higher_is_better is None:
        raise ValidationError(_("Choose the KPI's direction before setting a target."))
    if higher_is_better and not red <= amber <= target:
        raise ValidationError(
            {"amber_threshold": _("When a higher value is better: red threshold ≤ amber threshold ≤ target.")}
        )
    if not higher_is_better and not target <= amber <= red:
        raise ValidationError(
            {"amber_threshold": _("When a lower value is better: target ≤ amber threshold ≤ red threshold.")}
        )


class KPIValue(TimeStampedModel):
    """The value of a KPI for one period (one per KPI and period): entered with evidence (a file or a link), or
    recorded from its indicator by `measure`. A correction replaces it; the history keeps what it was."""

    definition = models.ForeignKey(KPIDefinition, models.CASCADE, related_name="values", verbose_name=_("KPI"))
    period = models.CharField(_("period"), max_length=20, help_text=_("e.g. 2025-2026, 2026 or 2026-03."))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    numerator = models.DecimalField(_("numerator"), max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(_("denominator"), max_digits=18, decimal_places=4, null=True, blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=KPISource.choices, default=KPISource.ENTERED, editable=False
    )
    evidence = models.FileField(
        _("evidence (file)"),
        upload_to="quality/kpi-evidence/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS), validate_evidence],
        help_text=_("PDF, JPG or PNG, up to 5 MB."),
    )
    evidence_url = URLField(_("evidence (link)"), max_length=500, blank=True)
    note = models.TextField(_("note"), blank=True)
    entered_by = _user_fk(_("entered by"))
    entered_at = models.DateTimeField(_("entered at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = KPIValueQuerySet.as_manager()

    class Meta:
        verbose_name = _("KPI value")
        verbose_name_plural = _("KPI values")
        ordering = ["definition", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "period"],
                name="quality_kpi_value_one_per_period",
                violation_error_message=_("The KPI already has a value for this period."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.definition.code} {self.period}: {self.value}"

    def private_file_url(self, field_name: str) -> str | None:
        """The scoped view that serves a stored file of this row (common.forms.PrivateFileInput links to it)."""
        return reverse("quality:kpi_value_evidence", args=[self.pk]) if field_name == "evidence" else None

    def clean(self) -> None:
        super().clean()
        definition = self.definition
        if not definition.period_kind:
            raise ValidationError(_("Agree the KPI's formula and period before entering a value."))
        self.period = checked_period(definition, self.period)
        if self.denominator is not None and self.denominator <= 0:
            raise ValidationError({"denominator": _("The denominator must be greater than zero.")})
        if self.numerator is not None and self.numerator < 0:
            raise ValidationError({"numerator": _("The numerator cannot be negative.")})
