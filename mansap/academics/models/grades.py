"""Grades: one row per attempt at a course, imported from AIS Platonus (Q21: Platonus is the source of truth).

No page or API types a grade: rows are written by the import only (services.imports), and a re-import of the
same row updates it. Nothing is derived and stored here: the GPA, the rating and the session results are
computed from the rows when asked (reports/), so a re-import can never leave a stale figure behind (openSIS
overwrites its stored GPA run).
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.academics.choices import ATTEMPT_ORDER, TERM_ORDER, Attempt, Attestation, GradeKind, GradeSource, Term
from mansap.academics.models.catalogue import Course
from mansap.academics.querysets import GradeQuerySet
from mansap.common.partitioning import InstitutionFromParent
from mansap.core.models.base import TimeStampedModel

ACADEMIC_YEAR = re.compile(r"^(\d{4})-(\d{4})$")


def validate_academic_year(value: str) -> None:
    match = ACADEMIC_YEAR.match(value or "")
    if not match or int(match[2]) != int(match[1]) + 1 or int(match[1]) < 1990:
        raise ValidationError(_("Write the academic year as 2025-2026."), code="bad_term")


class Grade(InstitutionFromParent, TimeStampedModel):
    """One attempt of a student at a course in a term of an academic year."""

    institution_from = ("student", "institution_id")
    # Its institution, the same as its student's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    student = models.ForeignKey("core.Student", models.CASCADE, related_name="grades", verbose_name=_("student"))
    course = models.ForeignKey(Course, models.PROTECT, related_name="grades", verbose_name=_("course"))
    academic_year = models.CharField(_("academic year"), max_length=9, validators=[validate_academic_year])
    term = models.CharField(_("term"), max_length=8, choices=Term.choices)
    attestation = models.CharField(_("attestation"), max_length=16, choices=Attestation.choices)
    kind = models.CharField(_("kind"), max_length=16, choices=GradeKind.choices, default=GradeKind.GRADED)
    attempt = models.CharField(_("attempt"), max_length=16, choices=Attempt.choices, default=Attempt.REGULAR)
    percent = models.DecimalField(
        _("percent"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    letter = models.CharField(_("letter"), max_length=4, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=GradeSource.choices, default=GradeSource.PLATONUS)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = GradeQuerySet.as_manager()

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["academic_year", "term", "course__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "course", "academic_year", "term", "attempt"],
                name="academics_grade_one_per_attempt",
                violation_error_message=_("The student already has this attempt at the course in this term."),
            ),
        ]
        indexes = [
            models.Index(fields=["academic_year", "term"], name="academics_grade_term"),
            models.Index(fields=["institution", "academic_year", "term"], name="academics_grade_inst_term"),
        ]

    def __str__(self) -> str:
        return f"{self.course.code} {self.academic_year}/{self.term}: {self.letter or self.get_kind_display()}"

    @property
    def order_key(self) -> tuple[str, int, int]:
        """Attempts in time: by academic year, then term 1 < 2 < summer (then regular < retake < summer)."""
        return (self.academic_year, TERM_ORDER.get(Term(self.term), 0), ATTEMPT_ORDER.get(Attempt(self.attempt), 0))
