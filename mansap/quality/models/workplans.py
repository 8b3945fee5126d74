"""Unit work plans (R-169): each unit keeps an annual work plan (goals and their measures, each with a due date
and a responsible person) and reports on it twice a year, measure by measure (done / in progress / not done).

A unit is what the platform already knows: an office of the institution (core's institution-wide roles: the
Career Center, the Registrar's Office, Management) or an academic department (core.Department); exactly one.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mansap.core.choices import Role
from mansap.core.models.base import TimeStampedModel
from mansap.quality.choices import Half, MeasureStatus
from mansap.quality.querysets import WorkPlanQuerySet, WorkPlanReportQuerySet

OFFICES = [(role.value, role.label) for role in (Role.CAREER_CENTER, Role.REGISTRAR, Role.MANAGEMENT)]


def academic_year_start(year: int) -> dt.date:
    return dt.date(year, 9, 1)


def half_bounds(year: int, half: int) -> tuple[dt.date, dt.date]:
    """The dates of a half of academic year `year`/`year+1`: 1 September–last day of February, 1 March–31 August."""
    if half == Half.FIRST:
        return dt.date(year, 9, 1), dt.date(year + 1, 3, 1) - dt.timedelta(days=1)
    return dt.date(year + 1, 3, 1), dt.date(year + 1, 8, 31)


class WorkPlan(TimeStampedModel):
    """A unit's work plan for an academic year (`year` 2025 = 2025-2026)."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="work_plans", verbose_name=_("institution")
    )
    office = models.CharField(_("office"), max_length=24, choices=OFFICES, blank=True)
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="work_plans",
        verbose_name=_("department"),
    )
    year = models.PositiveSmallIntegerField(_("academic year"), help_text=_("The year it starts: 2025 for 2025-2026."))
    goals = models.TextField(_("goals"), help_text=_("The unit's goals for the year, one per line."))

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = WorkPlanQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "office", "department__code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(office="") & Q(department__isnull=False)) | (~Q(office="") & Q(department__isnull=True)),
                name="quality_workplan_one_unit",
                violation_error_message=_("A work plan belongs to one unit: an office or a department."),
            ),
            models.UniqueConstraint(
                fields=["institution", "office", "year"],
                condition=~Q(office=""),
                name="quality_workplan_office_year",
                violation_error_message=_("The unit already has a work plan for this year."),
            ),
            models.UniqueConstraint(
                fields=["department", "year"],
                condition=Q(department__isnull=False),
                name="quality_workplan_department_year",
                violation_error_message=_("The unit already has a work plan for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit_name} {self.year_label}"

    def get_absolute_url(self) -> str:
        return reverse("quality:workplan_detail", args=[self.pk])

    @property
    def unit_name(self) -> str:
        return str(self.department) if self.department_id else str(self.get_office_display())

    @property
    def year_label(self) -> str:
        return f"{self.year}-{self.year + 1}"

    @property
    def goal_list(self) -> list[str]:
        return [line.strip() for line in self.goals.splitlines() if line.strip()]

    def clean(self) -> None:
        super().clean()
        if bool(self.office) == bool(self.department_id):
            raise ValidationError({"office": _("Choose the unit: an office or a department (one of them).")})


class WorkPlanMeasure(TimeStampedModel):
    """A measure of a work plan: what is done for which goal, by when and by whom."""

    plan = models.ForeignKey(WorkPlan, models.CASCADE, related_name="measures", verbose_name=_("work plan"))
    goal = models.CharField(pgettext_lazy("work plan", "goal"), max_length=500, blank=True)
    text = models.TextField(_("measure"))
    due_on = models.DateField(_("due on"))
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("responsible")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("work plan measure")
        verbose_name_plural = _("work plan measures")
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class WorkPlanReport(TimeStampedModel):
    """The unit's report on its plan for one half of the year: one line per measure."""

    plan = models.ForeignKey(WorkPlan, models.CASCADE, related_name="reports", verbose_name=_("work plan"))
    half = models.PositiveSmallIntegerField(_("half-year"), choices=Half.choices)
    period_end = models.DateField(_("period end"), editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    summary = models.TextField(_("summary"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = WorkPlanReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("work plan report")
        verbose_name_plural = _("work plan reports")
        ordering = ["-period_end", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "half"],
                name="quality_workplan_report_half",
                violation_error_message=_("The plan already has a report for this half-year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.plan} · {self.get_half_display()}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.period_end = half_bounds(self.plan.year, self.half)[1]
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class WorkPlanReportItem(models.Model):
    report = models.ForeignKey(WorkPlanReport, models.CASCADE, related_name="items", verbose_name=_("report"))
    measure = models.ForeignKey(WorkPlanMeasure, models.CASCADE, related_name="report_items", verbose_name=_("measure"))
    status = models.CharField(_("status"), max_length=16, choices=MeasureStatus.choices)
    comment = models.TextField(_("comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")
        ordering = ["measure__due_on", "measure_id"]
        constraints = [models.UniqueConstraint(fields=["report", "measure"], name="quality_workplan_report_measure")]

    def __str__(self) -> str:
        return f"{self.measure}: {self.status}"
