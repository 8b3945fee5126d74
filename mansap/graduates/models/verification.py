"""Verified employment (#20): a reconciliation of a cohort with the official extracts, its rows, and the
discrepancy tasks it sends to the departments.

A Reconciliation is computed by services/reconcile.py and saved with one row per graduate (the department's
status on the as-of date, the official trace, the state). Until it is frozen it can be recomputed (the rows are
replaced, the tasks already decided stay); frozen, its figures (`figures`) and rows are kept as issued and nothing
changes them: later records, accepted tasks and new extracts alter only reconciliations computed after.
"""

from __future__ import annotations

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.partitioning import InstitutionFromParent
from mansap.core.models.base import TimeStampedModel
from mansap.graduates.choices import BinMatch, EmploymentStatus, ReconciledState, TaskStatus
from mansap.graduates.querysets import GraduateRecordQuerySet, ReconciliationQuerySet


class Reconciliation(TimeStampedModel):
    """A cohort reconciled on an as-of date (optionally one department's graduates only)."""

    institution = models.ForeignKey("core.Institution", models.PROTECT, related_name="+", verbose_name=_("institution"))
    cohort = models.PositiveSmallIntegerField(_("cohort"))
    as_of = models.DateField(_("as of"))
    department = models.ForeignKey(
        "core.Department", models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("department")
    )
    # The sustained-employment window: contributions in at least `sustained_required` of `sustained_months`
    # months from `sustained_from` (the first day of a month).
    sustained_from = models.DateField(_("sustained employment from"))
    sustained_months = models.PositiveSmallIntegerField(_("months in the window"), default=6)
    sustained_required = models.PositiveSmallIntegerField(_("months with contributions required"), default=5)
    # {"counts": {...}, "verified_employment_rate", "covered_share", "sustained", "sustained_rate", ...}
    figures = models.JSONField(_("figures"), default=dict)
    created_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    frozen_at = models.DateTimeField(_("frozen"), null=True, blank=True)
    frozen_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("frozen by")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ReconciliationQuerySet.as_manager()

    class Meta:
        verbose_name = _("reconciliation")
        verbose_name_plural = _("reconciliations")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.cohort} · {self.as_of:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("graduates:reconciliation_detail", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None


class ReconciliationRow(InstitutionFromParent, models.Model):
    """One graduate in a reconciliation: the department's status on the date against the official trace."""

    institution_from = ("reconciliation", "institution_id")
    # The reconciliation's institution (#18: people-scale rows carry their own; common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    reconciliation = models.ForeignKey(
        Reconciliation, models.CASCADE, related_name="rows", verbose_name=_("reconciliation")
    )
    graduate = models.ForeignKey("core.Student", models.CASCADE, related_name="+", verbose_name=_("graduate"))
    status = models.CharField(_("department's status"), max_length=24, choices=EmploymentStatus.choices)
    record = models.ForeignKey(
        "graduates.EmploymentRecord",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department's record"),
    )
    state = models.CharField(_("state"), max_length=16, choices=ReconciledState.choices)
    has_trace = models.BooleanField(_("official trace"), default=False)
    bin_match = models.CharField(
        _("employer's BIN"), max_length=16, choices=BinMatch.choices, default=BinMatch.NOT_COMPARABLE
    )
    official_bin = models.CharField(_("official employer's BIN"), max_length=12, blank=True)
    official_employer = models.CharField(_("official employer"), max_length=255, blank=True)
    official_since = models.DateField(_("official trace since"), null=True, blank=True)
    sustained = models.BooleanField(_("sustained employment"), null=True, blank=True)

    objects = GraduateRecordQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("reconciled graduate")
        verbose_name_plural = _("reconciled graduates")
        ordering = ["reconciliation", "graduate__last_name", "graduate__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reconciliation", "graduate"], name="graduates_reconrow_once"),
        ]
        indexes = [
            models.Index(fields=["reconciliation", "state"], name="graduates_reconrow_state"),
            models.Index(fields=["institution", "reconciliation"], name="graduates_reconrow_inst"),
        ]

    def __str__(self) -> str:
        return f"{self.graduate_id} · {self.get_state_display()}"


class DiscrepancyTask(InstitutionFromParent, TimeStampedModel):
    """A contradicted or official-only graduate, sent to their department: accept the evidence or keep the record."""

    institution_from = ("reconciliation", "institution_id")
    # The reconciliation's institution (#18: people-scale rows carry their own; common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    reconciliation = models.ForeignKey(
        Reconciliation, models.CASCADE, related_name="tasks", verbose_name=_("reconciliation")
    )
    graduate = models.ForeignKey(
        "core.Student", models.CASCADE, related_name="discrepancy_tasks", verbose_name=_("graduate")
    )
    state = models.CharField(_("state"), max_length=16, choices=ReconciledState.choices)
    department_status = models.CharField(_("department's status"), max_length=24, choices=EmploymentStatus.choices)
    has_trace = models.BooleanField(_("official trace"), default=False)
    official_bin = models.CharField(_("official employer's BIN"), max_length=12, blank=True)
    official_employer = models.CharField(_("official employer"), max_length=255, blank=True)
    official_since = models.DateField(_("official trace since"), null=True, blank=True)
    status = models.CharField(_("decision"), max_length=16, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    reason = models.CharField(_("reason for keeping"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    record = models.ForeignKey(
        "graduates.EmploymentRecord",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("record made on acceptance"),
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = GraduateRecordQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("discrepancy task")
        verbose_name_plural = _("discrepancy tasks")
        ordering = ["graduate__last_name", "graduate__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["reconciliation", "graduate"], name="graduates_task_once"),
        ]
        indexes = [models.Index(fields=["institution", "status"], name="graduates_task_inst_status")]

    def __str__(self) -> str:
        return f"{self.graduate} · {self.get_state_display()}"
