"""People: department employees and students (a graduate is a student with a graduation date)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.identifiers import iin_facts, validate_iin
from mansap.common.phones import normalize_phone
from mansap.common.translit import to_latin
from mansap.core.choices import Funding, Position, Sex, StudentStatus, StudyForm, StudyLanguage
from mansap.core.countries import DEFAULT_COUNTRY, country_choices, validate_country
from mansap.core.querysets import EmployeeQuerySet, StudentQuerySet

from .base import TimeStampedModel

if TYPE_CHECKING:
    from .org import Department

SENIOR_POSITIONS = {Position.PROFESSOR, Position.ASSOCIATE_PROFESSOR, Position.SENIOR_LECTURER}


def full_name_of(last_name: str, first_name: str, middle_name: str) -> str:
    """A person's full name from its parts (an export reading values() builds it without the model)."""
    return " ".join(p for p in (last_name, first_name, middle_name) if p)


class PersonNameModel(models.Model):
    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    middle_name = models.CharField(_("middle name"), max_length=100, blank=True)

    class Meta:
        abstract = True

    @property
    def full_name(self) -> str:
        return full_name_of(self.last_name, self.first_name, self.middle_name)

    @property
    def short_name(self) -> str:
        initials = "".join(f"{p[0]}." for p in (self.first_name, self.middle_name) if p)
        return f"{self.last_name} {initials}".strip()


class Employee(PersonNameModel, TimeStampedModel):
    """A teacher or staff member of a department (advisor, practice supervisor)."""

    department = models.ForeignKey(
        "core.Department", models.PROTECT, related_name="employees", verbose_name=_("department")
    )
    position = models.CharField(_("position"), max_length=24, choices=Position.choices)
    academic_degree = models.CharField(_("academic degree"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    user = models.OneToOneField(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="employee", verbose_name=_("user account")
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()
    objects = EmployeeQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("employee")
        verbose_name_plural = _("employees")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.short_name

    def get_absolute_url(self) -> str:
        return reverse("core:employee_detail", args=[self.pk])

    @property
    def is_senior(self) -> bool:
        return self.position in SENIOR_POSITIONS


class Student(PersonNameModel, TimeStampedModel):
    """A person enrolled in one of the institution's programs; a graduate once graduation_date is set."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="students", verbose_name=_("institution")
    )
    iin = models.CharField(_("IIN"), max_length=12, validators=[validate_iin])
    last_name_latin = models.CharField(_("last name (Latin)"), max_length=100, blank=True)
    first_name_latin = models.CharField(_("first name (Latin)"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    program = models.ForeignKey(
        "core.EducationalProgram", models.PROTECT, related_name="students", verbose_name=_("program (Major)")
    )
    minor_program = models.ForeignKey(
        "core.EducationalProgram",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="minor_students",
        verbose_name=_("additional program (Minor)"),
    )
    study_form = models.CharField(
        _("study form"), max_length=16, choices=StudyForm.choices, default=StudyForm.FULL_TIME
    )
    citizenship = models.CharField(
        _("citizenship"), max_length=2, default=DEFAULT_COUNTRY, choices=country_choices,
        validators=[validate_country], help_text=_("The country (ISO 3166-1 alpha-2 code, e.g. KZ)."),
    )  # fmt: skip
    study_language = models.CharField(
        _("language of instruction"),
        max_length=2,
        choices=StudyLanguage.choices,
        blank=True,
        help_text=_("As in AIS Platonus; e-mails and links to the student use it. Empty: not known."),
    )
    funding = models.CharField(_("funding"), max_length=16, choices=Funding.choices, default=Funding.PAID)
    sponsor = models.ForeignKey(
        "employers.Organization",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="sponsored_students",
        verbose_name=_("targeted-training sponsor"),
    )
    admission_year = models.PositiveSmallIntegerField(
        _("admission year"), null=True, blank=True, validators=[MinValueValidator(1950), MaxValueValidator(2100)]
    )
    course = models.PositiveSmallIntegerField(
        _("course"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    group = models.CharField(_("group"), max_length=32, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=StudentStatus.choices, default=StudentStatus.STUDYING)
    gpa = models.DecimalField(
        _("GPA"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("4"))],
    )
    advisor = models.ForeignKey(
        Employee, models.SET_NULL, null=True, blank=True, related_name="advisees", verbose_name=_("advisor")
    )
    graduation_date = models.DateField(_("graduation date"), null=True, blank=True)
    diploma_number = models.CharField(_("diploma number"), max_length=32, blank=True)
    with_honours = models.BooleanField(_("diploma with honours"), default=False)
    user = models.OneToOneField(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="student", verbose_name=_("user account")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = StudentQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "iin"],
                name="core_student_iin_unique",
                violation_error_message=_("A student with this IIN already exists."),
            ),
            models.CheckConstraint(
                condition=models.Q(gpa__isnull=True) | models.Q(gpa__gte=0, gpa__lte=4),
                name="core_student_gpa_range",
                violation_error_message=_("GPA is between 0.00 and 4.00."),
            ),
        ]
        indexes = [
            models.Index(fields=["program", "graduation_date"], name="core_student_prog_grad"),
            models.Index(fields=["graduation_date"], name="core_student_graduation"),
            models.Index(fields=["last_name", "first_name"], name="core_student_name"),
            # The scoped list (one institution, by name) of a deployment of many (#18).
            models.Index(fields=["institution", "last_name", "first_name"], name="core_student_inst_name"),
            # One institution's cohort among many (#18): the analytics' and KPIs' graduates, the cohorts' dates.
            models.Index(fields=["institution", "graduation_date"], name="core_student_inst_grad"),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("core:student_detail", args=[self.pk])

    @property
    def cohort(self) -> int | None:
        return self.graduation_date.year if self.graduation_date else None

    @property
    def is_graduate(self) -> bool:
        return self.graduation_date is not None

    @property
    def department(self) -> Department:
        return self.program.department

    def preferred_language(self, fallback: str | None = None) -> str:
        """The language to write to this student in: their language of instruction when known.

        Otherwise `fallback` (e.g. the language staff chose, or the active one) when it is kk, ru or en,
        else the site's default. Costs no query.
        """
        if self.study_language in StudyLanguage.values:
            return self.study_language
        for language in (fallback, settings.LANGUAGE_CODE):
            code = (language or "")[:2]
            if code in StudyLanguage.values:
                return code
        return StudyLanguage.KAZAKH

    def iin_warnings(self) -> list[str]:
        """Codes of the ways the IIN's digits disagree with birth date or sex (never errors)."""
        facts = iin_facts(self.iin)
        found = []
        if facts.birth_date and self.birth_date and facts.birth_date != self.birth_date:
            found.append("iin_birthdate_mismatch")
        if facts.sex and self.sex and facts.sex != self.sex:
            found.append("iin_sex_mismatch")
        return found

    def clean(self) -> None:
        super().clean()
        self.fill_derived()
        errors: dict[str, object] = {}
        if self.iin and self.institution_id:
            # The unique constraint spans (institution, iin); forms do not show the institution,
            # so name the duplicate on the IIN field here.
            twin = Student.objects.filter(institution_id=self.institution_id, iin=self.iin).exclude(pk=self.pk)
            if twin.exists():
                errors["iin"] = _("A student with this IIN already exists.")
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
            except ValidationError as exc:
                errors["phone"] = exc
        if self.birth_date and self.birth_date >= timezone.localdate():
            errors["birth_date"] = _("The birth date must be in the past.")
        if self.minor_program_id and self.minor_program_id == self.program_id:
            errors["minor_program"] = _("The Minor must differ from the Major.")
        if self.graduation_date and self.birth_date and self.graduation_date <= self.birth_date:
            errors["graduation_date"] = _("The graduation date must be after the birth date.")
        if self.graduation_date and self.status == StudentStatus.STUDYING:
            self.status = StudentStatus.GRADUATED  # a graduation date means the student has graduated
        if self.status == StudentStatus.GRADUATED and not self.graduation_date:
            errors["graduation_date"] = _("A graduate needs a graduation date.")
        if errors:
            raise ValidationError(errors)

    def fill_derived(self) -> None:
        """Latin spelling and institution follow from the Cyrillic name and the program."""
        if not self.last_name_latin:
            self.last_name_latin = to_latin(self.last_name)
        if not self.first_name_latin:
            self.first_name_latin = to_latin(self.first_name)
        if self.program_id and not self.institution_id:
            self.institution_id = self.program.department.faculty.institution_id
