"""The institution's structure: faculties, departments, programs, academic years."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.fields import URLField
from mansap.common.identifiers import validate_bin
from mansap.core.choices import LEVEL_CODE_LETTER, CalendarEventKind, ProgramLevel
from mansap.core.querysets import (
    AcademicYearQuerySet,
    CalendarEventQuerySet,
    DepartmentQuerySet,
    FacultyQuerySet,
    InstitutionQuerySet,
    ProgramGroupQuerySet,
    ProgramQuerySet,
)

from .base import TimeStampedModel, TranslatedNameModel, translated

PROGRAM_CODE_RE = re.compile(r"^(6B|7M|8D)\d{5}$")


class Institution(TranslatedNameModel, TimeStampedModel):
    """A university served by this deployment; every other record hangs under one."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    short_name = models.CharField(_("short name"), max_length=64)
    bin = models.CharField(_("BIN"), max_length=12, blank=True, validators=[validate_bin])
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = URLField(_("website"), blank=True)

    history = HistoricalRecords()
    objects = InstitutionQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("core:institution_detail", args=[self.pk])


class Faculty(TranslatedNameModel, TimeStampedModel):
    """A faculty (school) of the institution, run by a dean's office."""

    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="faculties", verbose_name=_("institution")
    )
    code = models.CharField(_("code"), max_length=32)

    history = HistoricalRecords()
    objects = FacultyQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("faculty")
        verbose_name_plural = _("faculties")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"],
                name="core_faculty_code_unique",
                violation_error_message=_("A faculty with this code already exists."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:faculty_detail", args=[self.pk])


class Department(TranslatedNameModel, TimeStampedModel):
    """An academic department (chair); a graduating one is responsible for programs and graduates."""

    faculty = models.ForeignKey(Faculty, models.PROTECT, related_name="departments", verbose_name=_("faculty"))
    code = models.CharField(_("code"), max_length=32)
    is_graduating = models.BooleanField(
        _("graduating department"),
        default=True,
        help_text=_("Graduating departments run programs, practice and graduate employment monitoring."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    history = HistoricalRecords()
    objects = DepartmentQuerySet.as_manager()

    scope_level = "faculty"

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["faculty", "code"],
                name="core_department_code_unique",
                violation_error_message=_("A department with this code already exists in the faculty."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:department_detail", args=[self.pk])


class ProgramGroup(TranslatedNameModel):
    """A group of educational programs from the national classifier (e.g. B057 Information technologies)."""

    code = models.CharField(
        _("code"),
        max_length=8,
        unique=True,
        validators=[RegexValidator(r"^[BMD]\d{3}$", _("A group code is B, M or D followed by three digits."))],
    )

    objects = ProgramGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("group of programs")
        verbose_name_plural = _("groups of programs")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class EducationalProgram(TranslatedNameModel, TimeStampedModel):
    """An educational program (EP) such as 6B06101, run by one department."""

    code = models.CharField(
        _("code"),
        max_length=16,
        help_text=_("National code: 6B (bachelor), 7M (master) or 8D (doctorate) and five digits, e.g. 6B06101."),
    )
    level = models.CharField(_("level"), max_length=16, choices=ProgramLevel.choices)
    group = models.ForeignKey(
        ProgramGroup,
        models.PROTECT,
        related_name="programs",
        verbose_name=_("group of programs"),
        null=True,
        blank=True,
    )
    department = models.ForeignKey(Department, models.PROTECT, related_name="programs", verbose_name=_("department"))
    duration_years = models.PositiveSmallIntegerField(_("duration (years)"), default=4)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = ProgramQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("educational program")
        verbose_name_plural = _("educational programs")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "code"],
                name="core_program_code_unique_per_department",
                violation_error_message=_("This department already has a program with this code."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("core:educationalprogram_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        code = (self.code or "").strip().upper()
        self.code = code
        if not PROGRAM_CODE_RE.match(code):
            raise ValidationError({"code": _("A program code is 6B, 7M or 8D followed by five digits, e.g. 6B06101.")})
        expected = LEVEL_CODE_LETTER[code[:2]]
        if self.level and self.level != expected:
            raise ValidationError(
                {
                    "level": _("A code starting with {prefix} belongs to the {level} level.").format(
                        prefix=code[:2], level=ProgramLevel(expected).label
                    )
                }
            )
        self.level = expected
        if self.department_id and self.code:
            clash = EducationalProgram.objects.filter(
                code=self.code, department__faculty__institution=self.department.faculty.institution_id
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError({"code": _("Another program of the institution already uses this code.")})


class AcademicYear(TimeStampedModel):
    """An academic year such as 2025-2026, with its calendar."""

    institution = models.ForeignKey(
        Institution, models.PROTECT, related_name="academic_years", verbose_name=_("institution")
    )
    start_year = models.PositiveSmallIntegerField(_("first calendar year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    is_current = models.BooleanField(_("current year"), default=False)

    history = HistoricalRecords()
    objects = AcademicYearQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "start_year"],
                name="core_academicyear_unique",
                violation_error_message=_("This academic year already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gt=models.F("starts_on")),
                name="core_academicyear_ends_after_start",
                violation_error_message=_("The year must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"

    def get_absolute_url(self) -> str:
        return reverse("core:academicyear_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.start_year and self.starts_on.year != self.start_year:
            raise ValidationError(
                {"starts_on": _("The year {name} starts in {year}.").format(name=self.name, year=self.start_year)}
            )
        if self.starts_on and self.ends_on and self.ends_on <= self.starts_on:
            raise ValidationError({"ends_on": _("The year must end after it starts.")})


class CalendarEvent(TimeStampedModel):
    """A period of the academic calendar: semester, examination session, practice, holidays."""

    academic_year = models.ForeignKey(
        AcademicYear, models.CASCADE, related_name="events", verbose_name=_("academic year")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CalendarEventKind.choices)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=255)
    title_ru = models.CharField(_("title (Russian)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    history = HistoricalRecords()
    objects = CalendarEventQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("calendar event")
        verbose_name_plural = _("calendar events")
        ordering = ["starts_on", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return translated(self, "title")

    def get_absolute_url(self) -> str:
        return self.academic_year.get_absolute_url()

    def clean(self) -> None:
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The period must end on or after its first day.")})
        year = self.academic_year if self.academic_year_id else None
        if (
            year
            and self.starts_on
            and self.ends_on
            and not (year.starts_on <= self.starts_on and self.ends_on <= year.ends_on)
        ):
            raise ValidationError(_("The period must lie within the academic year {name}.").format(name=year.name))
