"""KPI-17.4 "successful graduates": the criteria the Career Center sets for each cohort (Q6: "defined by the CC
each year").

A graduate of the cohort is successful when they meet at least one of the cohort's rules (alternatives); a
rule is a set of conditions that must all hold. reports/success.py evaluates them.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.choices import ProgramLevel
from mansap.core.models.base import TimeStampedModel
from mansap.graduates.querysets import SuccessCriteriaQuerySet


class SuccessOutcome(models.TextChoices):
    """The situation a rule asks for (the graduate's employment status, EmploymentStatus)."""

    EMPLOYED_SPECIALTY = "employed_specialty", _("employed by specialty")
    EMPLOYED = "employed", _("employed (any job or own business)")
    OWN_BUSINESS = "own_business", _("own business")
    CONTINUING_EDUCATION = "continuing_education", _("continuing education")


class SuccessCriteria(TimeStampedModel):
    """The criteria of one cohort (graduation year) of an institution."""

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="success_criteria", verbose_name=_("institution")
    )
    cohort = models.PositiveSmallIntegerField(
        _("cohort (graduation year)"), validators=[MinValueValidator(1900), MaxValueValidator(2999)]
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = SuccessCriteriaQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("criteria of successful graduates")
        verbose_name_plural = _("criteria of successful graduates")
        ordering = ["-cohort"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "cohort"],
                name="graduates_success_criteria_unique",
                violation_error_message=_("This cohort already has its criteria."),
            )
        ]

    def __str__(self) -> str:
        return str(_("Successful graduates of {cohort}")).format(cohort=self.cohort)

    def get_absolute_url(self) -> str:
        return reverse("graduates:success_criteria", args=[self.cohort])


class SuccessRule(models.Model):
    """One alternative: every condition that is set must hold (an empty condition asks nothing)."""

    criteria = models.ForeignKey(SuccessCriteria, models.CASCADE, related_name="rules", verbose_name=_("criteria"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    outcome = models.CharField(_("situation"), max_length=24, choices=SuccessOutcome.choices, blank=True)
    within_months = models.PositiveSmallIntegerField(
        _("within months of graduation"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_("The situation is read as of this many months after the graduation date."),
    )
    min_salary = models.PositiveIntegerField(
        _("salary at least, KZT"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    abroad = models.BooleanField(_("abroad"), default=False)
    study_level = models.CharField(_("level of studies"), max_length=16, choices=ProgramLevel.choices, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("rule of successful graduates")
        verbose_name_plural = _("rules of successful graduates")
        ordering = ["criteria", "position", "pk"]

    def __str__(self) -> str:
        return self.describe()

    def is_empty(self) -> bool:
        return not (self.outcome or self.min_salary or self.abroad or self.study_level)

    def clean(self) -> None:
        super().clean()
        if self.is_empty():
            raise ValidationError(_("A rule needs at least one condition: a situation, a salary, abroad or a level."))
        if self.study_level and self.outcome not in ("", SuccessOutcome.CONTINUING_EDUCATION):
            raise ValidationError(
                {"study_level": _("A level of studies goes with the situation “continuing education”.")}
            )
        if self.min_salary and self.outcome == SuccessOutcome.CONTINUING_EDUCATION:
            raise ValidationError({"min_salary": _("A salary goes with a job, not with continuing education.")})

    def describe(self) -> str:
        """The rule in words, e.g. "employed by specialty · salary at least 300,000 KZT · within 6 months of
        graduation"."""
        parts: list[str] = []
        if self.outcome:
            parts.append(str(self.get_outcome_display()))
        if self.study_level:
            parts.append(str(self.get_study_level_display()))
        if self.abroad:
            parts.append(str(_("abroad")))
        if self.min_salary:
            amount = formats.number_format(self.min_salary, force_grouping=True)
            parts.append(str(_("salary at least {amount} KZT")).format(amount=amount))
        if self.within_months:
            parts.append(str(_("within {months} months of graduation")).format(months=self.within_months))
        return " · ".join(parts)
