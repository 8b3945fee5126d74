"""The course catalogue and the grading scale the Student Service Center maintains (issue #14; R-132, Q12).

A course carries its credits (a GPA needs them: Frappe Education and OpenEduCat keep none and cannot compute
one). The scale maps a letter to its numeric equivalent and a band of percents; an institution without a stored
scale uses the default (choices.DEFAULT_SCALE) until the SSC saves its own.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.academics.choices import Component, Cycle
from mansap.academics.querysets import CourseQuerySet, GradeScaleBandQuerySet
from mansap.core.models.base import TimeStampedModel, translated

MIN_CREDITS, MAX_CREDITS = 1, 30


class Course(TimeStampedModel):
    """A course of the catalogue, identified by its code in the institution (as Platonus writes it)."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="courses", verbose_name=_("institution")
    )
    code = models.CharField(_("code"), max_length=40)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    credits = models.PositiveSmallIntegerField(
        _("credits"), validators=[MinValueValidator(MIN_CREDITS), MaxValueValidator(MAX_CREDITS)]
    )
    cycle = models.CharField(_("cycle"), max_length=16, choices=Cycle.choices, blank=True)
    component = models.CharField(_("component"), max_length=16, choices=Component.choices, blank=True)
    department = models.ForeignKey(
        "core.Department", models.PROTECT, null=True, blank=True, related_name="courses", verbose_name=_("department")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CourseQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"],
                name="academics_course_code_unique",
                violation_error_message=_("The catalogue already has a course with this code."),
            ),
            models.CheckConstraint(
                condition=Q(credits__gte=MIN_CREDITS, credits__lte=MAX_CREDITS), name="academics_course_credits"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("academics:course_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return translated(self, "name")

    def clean(self) -> None:
        super().clean()
        if not (self.name_kk or self.name_ru or self.name_en):
            raise ValidationError({"name_kk": _("Give the course's name in at least one language.")})
        department = self.department
        if department is not None and self.institution_id and department.faculty.institution_id != self.institution_id:
            raise ValidationError({"department": _("The department belongs to another institution.")})


class GradeScaleBand(TimeStampedModel):
    """One letter of the grading scale: its numeric equivalent and its band of percents (both ends included)."""

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="grade_scale", verbose_name=_("institution")
    )
    letter = models.CharField(_("letter"), max_length=4)
    numeric = models.DecimalField(
        _("numeric equivalent"), max_digits=3, decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(4)],
    )  # fmt: skip
    min_percent = models.PositiveSmallIntegerField(_("from, %"), validators=[MaxValueValidator(100)])
    max_percent = models.PositiveSmallIntegerField(_("to, %"), validators=[MaxValueValidator(100)])

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = GradeScaleBandQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("grading scale band")
        verbose_name_plural = _("grading scale")
        ordering = ["-max_percent"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "letter"],
                name="academics_scale_letter_unique",
                violation_error_message=_("The scale already has this letter."),
            ),
            models.CheckConstraint(
                condition=Q(min_percent__lte=models.F("max_percent"), max_percent__lte=100),
                name="academics_scale_band_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter} {self.numeric} ({self.min_percent}–{self.max_percent})"
