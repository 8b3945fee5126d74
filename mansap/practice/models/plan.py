"""The practice plan: one row per practice of a program's student group in an academic year."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.core.models.base import TimeStampedModel
from mansap.practice import querysets as qs
from mansap.practice.choices import (
    GradeTerm,
    PracticeKind,
    PracticeStatus,
)
from mansap.practice.models.base import REPORT_EXTENSIONS, _history


# ---- The year's plan ----------------------------------------------------------------------------------------
class Practice(TimeStampedModel):
    """One practice of the annual plan: program, course, type, credits and dates (R-017, R-020).

    The Career Center drafts the plan from the academic calendar and sends it to the graduating
    department (`status`, `sent_at`); the department then places students.
    """

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="practices", verbose_name=_("institution")
    )
    academic_year = models.ForeignKey(
        "core.AcademicYear", models.PROTECT, related_name="practices", verbose_name=_("academic year")
    )
    program = models.ForeignKey(
        "core.EducationalProgram", models.PROTECT, related_name="practices", verbose_name=_("educational program")
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="practices",
        verbose_name=_("graduating department"),
        help_text=_("The department of the program; filled in from the program."),
    )
    kind = models.CharField(_("type of practice"), max_length=16, choices=PracticeKind.choices)
    course = models.PositiveSmallIntegerField(
        _("course (year of study)"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    credits = models.PositiveSmallIntegerField(_("credits (ECTS)"), validators=[MinValueValidator(1)])
    # Where the practice's grades go in the academic record (#14): the course of the catalogue (as AIS Platonus
    # codes it) and the term; without a code the grades stay in practice only.
    course_code = models.CharField(
        _("course code in the academic record"),
        max_length=40,
        blank=True,
        help_text=_("As AIS Platonus codes the practice; its grades then appear in the students' academic records."),
    )
    grade_term = models.CharField(_("term of the grade"), max_length=8, choices=GradeTerm.choices, default="2")
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    special_cycle_ends_on = models.DateField(
        _("special disciplines cycle ends on"),
        null=True,
        blank=True,
        help_text=_("Production practice comes after the cycle of special disciplines (001 §10.1)."),
    )
    students_with_cycle_debt = models.ManyToManyField(
        "core.Student",
        blank=True,
        related_name="+",
        verbose_name=_("students who have not completed the special disciplines cycle"),
        help_text=_("They cannot be placed on production practice."),
    )
    programme_file = models.FileField(
        _("practice programme"),
        upload_to="practice/programmes/%Y/",
        blank=True,
        validators=[FileExtensionValidator(REPORT_EXTENSIONS)],
    )
    report_due_on = models.DateField(
        _("reports due on"), null=True, blank=True, help_text=_("Empty: 7 days after the practice ends.")
    )
    status = models.CharField(_("status"), max_length=8, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT)
    sent_at = models.DateTimeField(_("sent to the department"), null=True, blank=True)

    history = _history()
    objects = qs.PracticeQuerySet.as_manager()

    scope_level = "institution"  # the Career Center plans practice

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["starts_on", "program__code", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="practice_practice_ends_after_start",
                violation_error_message=_("A practice cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["academic_year", "program", "kind", "course"],
                name="practice_practice_unique_in_plan",
                violation_error_message=_("The plan already has this type of practice for this program and course."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.program.code}, {self.course}"

    def get_absolute_url(self) -> str:
        return reverse("practice:practice_detail", args=[self.pk])

    def private_file_url(self, field_name: str) -> str:
        """The scoped download of the uploaded programme (common.forms.PrivateFileInput links to it)."""
        return reverse("practice:practice_programme_file", args=[self.pk])

    @property
    def reports_due(self) -> dt.date:
        return self.report_due_on or self.ends_on + dt.timedelta(days=7)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.program_id and self.department_id and self.program.department_id != self.department_id:
            errors["department"] = _("The department must be the department of the program.")
        if self.academic_year_id and self.institution_id and self.academic_year.institution_id != self.institution_id:
            errors["academic_year"] = _("The academic year belongs to another institution.")
        if self.kind == PracticeKind.PRODUCTION and self.starts_on:
            if not self.special_cycle_ends_on:
                errors["special_cycle_ends_on"] = _(
                    "Give the end of the special disciplines cycle: production practice comes after it."
                )
            elif self.special_cycle_ends_on >= self.starts_on:
                errors["special_cycle_ends_on"] = _(
                    "Production practice must start after the special disciplines cycle ends."
                )
        if errors:
            raise ValidationError(errors)
