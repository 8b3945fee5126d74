"""A student's state over time: one row per period in which nothing about their place in the contingent changed.

The design (issue #15, "the contingent at any date"): the signed orders' items are the event log and the source
of truth; StudentPeriod is its projection, rebuilt for a student whenever an order of theirs is signed or
imported (services.states.rebuild). A period runs from `valid_from` (included) to `valid_to` (excluded; empty:
still current), so the state of every student on a date D is the one row with valid_from <= D < valid_to, and
the contingent on D is ONE query grouped by any column (reports.contingent):

    SELECT program_id, COUNT(*) FILTER (WHERE state = 'studying'), COUNT(*) FILTER (WHERE state = 'academic_leave')
      FROM studentbody_studentperiod
     WHERE valid_from <= D AND (valid_to IS NULL OR valid_to > D) GROUP BY program_id

A student who came in by the people import with no order has a baseline period (no item) from their admission
(1 September of admission_year): studying, or graduated from their graduation date.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mansap.common.partitioning import InstitutionFromParent
from mansap.core.choices import Funding, StudyForm, StudyLanguage
from mansap.studentbody.choices import State
from mansap.studentbody.querysets import StudentPeriodQuerySet


class StudentPeriod(InstitutionFromParent, models.Model):
    institution_from = ("student", "institution_id")
    # Its institution, the same as its student's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    student = models.ForeignKey(
        "core.Student", models.CASCADE, related_name="contingent_periods", verbose_name=_("student")
    )
    valid_from = models.DateField(_("from"))
    valid_to = models.DateField(_("until"), null=True, blank=True, help_text=_("Excluded; empty: still current."))
    state = models.CharField(_("state"), max_length=16, choices=State.choices)
    program = models.ForeignKey("core.EducationalProgram", models.PROTECT, related_name="+", verbose_name=_("program"))
    study_form = models.CharField(_("study form"), max_length=16, choices=StudyForm.choices)
    study_language = models.CharField(
        _("language of instruction"), max_length=2, choices=StudyLanguage.choices, blank=True
    )
    funding = models.CharField(_("funding"), max_length=16, choices=Funding.choices)
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    item = models.ForeignKey(
        "studentbody.OrderItem", models.CASCADE, null=True, blank=True, related_name="periods",
        verbose_name=_("order item"), help_text=_("Empty: the state before any order (the baseline)."),
    )  # fmt: skip

    objects = StudentPeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("contingent period")
        verbose_name_plural = _("contingent periods")
        ordering = ["student", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="studentbody_period_not_empty",
            ),
            models.UniqueConstraint(fields=["student", "valid_from"], name="studentbody_period_one_start"),
        ]
        indexes = [
            models.Index(fields=["institution", "student"], name="studentbody_period_inst"),
            models.Index(fields=["valid_from", "valid_to", "state"], name="studentbody_period_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.student_id} {self.valid_from}–{self.valid_to or ''}: {self.state}"
