"""Curricula (issue #14; R-093, R-109, R-135).

- A model curriculum belongs to an educational program and an admission year: its rows are the courses of the
  catalogue with the year of study and term in which they are taken, required or elective. Elective rows may form
  a choice group ("choose N credits from these") of one year of study.
- An individual curriculum is one student's courses for one academic year (2025-2026): the required ones of that
  year of study are filled in from the model curriculum, the student chooses the electives with the advisor, and
  the advisor (or the SSC) approves it: draft → submitted → approved, or returned with a comment.
- CurriculumSettings: the institution's range of credits per academic year (the SSC changes it; without a stored
  row the defaults choices.DEFAULT_MIN_CREDITS–DEFAULT_MAX_CREDITS apply).

The check of an individual curriculum against the model is computed when read (reports/curricula.py).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.academics.choices import (
    DEFAULT_MAX_CREDITS,
    DEFAULT_MIN_CREDITS,
    MAX_YEAR_OF_STUDY,
    Component,
    CurriculumStatus,
    Term,
)
from mansap.academics.querysets import (
    CurriculumSettingsQuerySet,
    ElectiveGroupQuerySet,
    IndividualCurriculumItemQuerySet,
    IndividualCurriculumQuerySet,
    ModelCurriculumQuerySet,
    ModelCurriculumRowQuerySet,
)
from mansap.common.partitioning import InstitutionFromParent
from mansap.core.models.base import TimeStampedModel

YEAR_OF_STUDY_VALIDATORS = [MinValueValidator(1), MaxValueValidator(MAX_YEAR_OF_STUDY)]
academic_year_validator = RegexValidator(r"^\d{4}-\d{4}$", _("Write the academic year as 2025-2026."))


class CurriculumSettings(TimeStampedModel):
    """The institution's range of credits per academic year in an individual curriculum."""

    institution = models.OneToOneField(
        "core.Institution", models.CASCADE, related_name="curriculum_settings", verbose_name=_("institution")
    )
    min_credits = models.PositiveSmallIntegerField(_("minimum credits per year"), default=DEFAULT_MIN_CREDITS)
    max_credits = models.PositiveSmallIntegerField(_("maximum credits per year"), default=DEFAULT_MAX_CREDITS)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CurriculumSettingsQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("curriculum settings")
        verbose_name_plural = _("curriculum settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(min_credits__lte=models.F("max_credits")), name="academics_curriculum_credit_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.min_credits}–{self.max_credits}"


class ModelCurriculum(TimeStampedModel):
    """The model (typical) curriculum of a program for the students admitted in one year."""

    program = models.ForeignKey(
        "core.EducationalProgram", models.PROTECT, related_name="model_curricula", verbose_name=_("program")
    )
    admission_year = models.PositiveSmallIntegerField(
        _("admission year"), validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ModelCurriculumQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("model curriculum")
        verbose_name_plural = _("model curricula")
        ordering = ["program__code", "-admission_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "admission_year"],
                name="academics_model_curriculum_unique",
                violation_error_message=_("The program already has a model curriculum for this admission year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.code} · {self.admission_year}"

    def get_absolute_url(self) -> str:
        return reverse("academics:modelcurriculum_detail", args=[self.pk])


class ElectiveGroup(TimeStampedModel):
    """A choice among elective rows of one year of study: the student takes at least `credits` credits of them."""

    curriculum = models.ForeignKey(
        ModelCurriculum, models.CASCADE, related_name="elective_groups", verbose_name=_("model curriculum")
    )
    name = models.CharField(_("name"), max_length=100)
    year_of_study = models.PositiveSmallIntegerField(_("year of study"), validators=YEAR_OF_STUDY_VALIDATORS)
    credits = models.PositiveSmallIntegerField(_("credits to choose"), validators=[MinValueValidator(1)])

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ElectiveGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("elective group")
        verbose_name_plural = _("elective groups")
        ordering = ["year_of_study", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["curriculum", "name"],
                name="academics_elective_group_unique",
                violation_error_message=_("The curriculum already has an elective group with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ModelCurriculumRow(TimeStampedModel):
    """A course of the model curriculum: its year of study, its term, required or elective (in a group or not)."""

    curriculum = models.ForeignKey(
        ModelCurriculum, models.CASCADE, related_name="rows", verbose_name=_("model curriculum")
    )
    course = models.ForeignKey("academics.Course", models.PROTECT, related_name="+", verbose_name=_("course"))
    year_of_study = models.PositiveSmallIntegerField(_("year of study"), validators=YEAR_OF_STUDY_VALIDATORS)
    term = models.CharField(_("term"), max_length=8, choices=Term.choices)
    component = models.CharField(_("component"), max_length=16, choices=Component.choices)
    elective_group = models.ForeignKey(
        ElectiveGroup, models.SET_NULL, null=True, blank=True, related_name="rows", verbose_name=_("elective group")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ModelCurriculumRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("model curriculum row")
        verbose_name_plural = _("model curriculum rows")
        ordering = ["year_of_study", "term", "component", "course__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["curriculum", "course"],
                name="academics_model_row_unique",
                violation_error_message=_("The course is already in this curriculum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.curriculum} · {self.course.code}"

    def clean(self) -> None:
        super().clean()
        group = self.elective_group
        if group is None:
            return
        if self.component != Component.ELECTIVE:
            raise ValidationError({"elective_group": _("Only an elective course belongs to an elective group.")})
        if group.curriculum_id != self.curriculum_id:
            raise ValidationError({"elective_group": _("The elective group belongs to another curriculum.")})
        if group.year_of_study != self.year_of_study:
            raise ValidationError(
                {"elective_group": _("The elective group is of year {year}.").format(year=group.year_of_study)}
            )


class IndividualCurriculum(InstitutionFromParent, TimeStampedModel):
    """One student's courses for one academic year, drawn up with the advisor and approved by them."""

    institution_from = ("student", "institution_id")
    # Its institution, the same as its student's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    student = models.ForeignKey(
        "core.Student", models.CASCADE, related_name="individual_curricula", verbose_name=_("student")
    )
    academic_year = models.CharField(_("academic year"), max_length=9, validators=[academic_year_validator])
    year_of_study = models.PositiveSmallIntegerField(_("year of study"), validators=YEAR_OF_STUDY_VALIDATORS)
    status = models.CharField(
        _("status"), max_length=16, choices=CurriculumStatus.choices, default=CurriculumStatus.DRAFT
    )
    comment = models.TextField(_("advisor's comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = IndividualCurriculumQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("individual curriculum")
        verbose_name_plural = _("individual curricula")
        ordering = ["-academic_year", "student__last_name", "student__first_name", "pk"]
        indexes = [models.Index(fields=["institution", "academic_year"], name="academics_indcurr_inst_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "academic_year"],
                name="academics_individual_curriculum_unique",
                violation_error_message=_("The student already has an individual curriculum for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student.full_name} · {self.academic_year}"

    def get_absolute_url(self) -> str:
        return reverse("academics:individualcurriculum_detail", args=[self.pk])

    @property
    def is_editable(self) -> bool:
        return self.status in (CurriculumStatus.DRAFT, CurriculumStatus.RETURNED)


class IndividualCurriculumItem(InstitutionFromParent, TimeStampedModel):
    """A course the student takes in that academic year, and in which term."""

    institution_from = ("curriculum", "institution_id")
    # Its institution, the same as its curriculum's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    curriculum = models.ForeignKey(
        IndividualCurriculum, models.CASCADE, related_name="items", verbose_name=_("individual curriculum")
    )
    course = models.ForeignKey("academics.Course", models.PROTECT, related_name="+", verbose_name=_("course"))
    term = models.CharField(_("term"), max_length=8, choices=Term.choices)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = IndividualCurriculumItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("individual curriculum course")
        verbose_name_plural = _("individual curriculum courses")
        ordering = ["term", "course__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["curriculum", "course"],
                name="academics_individual_item_unique",
                violation_error_message=_("The course is already in this curriculum."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.curriculum} · {self.course.code}"
