"""Vacancies, employer contacts, student profiles, applications and shortlists (R-053…R-057).

Who sees what:

- Career Center staff: by institution scope (ScopedQuerySet);
- an employer contact (EmployerContact, no Membership): only rows of their organization;
- a student: their own applications and profile.

A vacancy is *public* while approved and today <= expires_on; "expired" is computed, never stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.partitioning import InstitutionFromParent, InstitutionRowQuerySet
from mansap.common.uploads import validate_pdf
from mansap.core.choices import Region
from mansap.core.models.base import TimeStampedModel
from mansap.employers.choices import EmploymentType, VacancyKind, VacancyStatus
from mansap.employers.querysets import ApplicationQuerySet, EmployerContactQuerySet, ShortlistQuerySet, VacancyQuerySet


def vacancy_days() -> int:
    return int(getattr(settings, "MANSAP_VACANCY_DAYS", 60))


class EmployerContact(InstitutionFromParent, TimeStampedModel):
    """A person of an employer with a login limited to their organization (no Membership)."""

    institution_from = ("organization", "institution_id")
    # Its institution, the same as its organization's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    user = models.OneToOneField(
        "core.User", models.CASCADE, related_name="employer_contact", verbose_name=_("user account")
    )
    organization = models.ForeignKey(
        "employers.Organization", models.CASCADE, related_name="contacts", verbose_name=_("organization")
    )
    position = models.CharField(_("position"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    invited_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("invited by")
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)

    objects = EmployerContactQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("employer contact")
        verbose_name_plural = _("employer contacts")
        ordering = ["organization", "user__last_name"]
        indexes = [models.Index(fields=["institution", "organization"], name="employers_contact_inst_org")]

    def __str__(self) -> str:
        return f"{self.user.display_name} · {self.organization}"


class Vacancy(TimeStampedModel):
    """A job or internship an organization offers the institution's students and graduates.

    A contact of the organization (or the Career Center) writes it as a draft and submits it; the Career
    Center approves it, which publishes it on the public board from published_on to expires_on, or rejects it.
    """

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="vacancies", verbose_name=_("institution")
    )
    organization = models.ForeignKey(
        "employers.Organization", models.PROTECT, related_name="vacancies", verbose_name=_("organization")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=VacancyKind.choices, default=VacancyKind.JOB)
    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"))
    requirements = models.TextField(_("requirements"), blank=True)
    programs = models.ManyToManyField(
        "core.EducationalProgram", blank=True, related_name="vacancies", verbose_name=_("suitable programs")
    )
    region = models.CharField(_("region"), max_length=24, choices=Region.choices, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    employment_type = models.CharField(
        _("employment type"), max_length=16, choices=EmploymentType.choices, default=EmploymentType.FULL_TIME
    )
    salary_from = models.PositiveIntegerField(_("salary from, KZT"), null=True, blank=True)
    salary_to = models.PositiveIntegerField(_("salary to, KZT"), null=True, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=VacancyStatus.choices, default=VacancyStatus.DRAFT)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    created_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    approved_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    rejection_reason = models.TextField(_("rejection reason"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = VacancyQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("vacancy")
        verbose_name_plural = _("vacancies")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_from__isnull=True) | Q(salary_to__isnull=True) | Q(salary_to__gte=F("salary_from")),
                name="employers_vacancy_salary_range",
                violation_error_message=_("The salary 'from' cannot exceed the salary 'to'."),
            )
        ]
        indexes = [models.Index(fields=["status", "expires_on"], name="employers_vacancy_public")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("employers:vacancy_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("vacancies:detail", args=[self.pk])

    def is_public(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return (
            self.status == VacancyStatus.APPROVED
            and self.expires_on is not None
            and self.published_on is not None
            and self.published_on <= today <= self.expires_on
        )

    @property
    def public(self) -> bool:
        return self.is_public()

    @property
    def expired(self) -> bool:
        """Approved but past its last day (computed, never stored)."""
        return (
            self.status == VacancyStatus.APPROVED
            and self.expires_on is not None
            and timezone.localdate() > self.expires_on
        )

    def clean(self) -> None:
        super().clean()
        errors: dict[str, Any] = {}
        if self.salary_from is not None and self.salary_to is not None and self.salary_from > self.salary_to:
            errors["salary_to"] = _("The salary 'from' cannot exceed the salary 'to'.")
        if self.published_on and self.expires_on and self.expires_on < self.published_on:
            errors["expires_on"] = _("A vacancy cannot expire before it is published.")
        if self.organization_id and self.institution_id and self.organization.institution_id != self.institution_id:
            errors["organization"] = _("The organization belongs to another institution.")
        if errors:
            raise ValidationError(errors)


class StudentProfile(InstitutionFromParent, TimeStampedModel):
    """What a student tells employers about themselves, and what they agree to share."""

    institution_from = ("student", "institution_id")
    # Its institution, the same as its student's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    student = models.OneToOneField("core.Student", models.CASCADE, related_name="profile", verbose_name=_("student"))
    languages = models.CharField(_("languages"), max_length=255, blank=True, help_text=_("For example: kk, ru, en B2."))
    skills = models.TextField(_("skills"), blank=True)
    about = models.TextField(_("about me"), blank=True)
    cv = models.FileField(
        _("CV"),
        upload_to="cv/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
        help_text=_("PDF, up to 5 MB."),
    )
    share_contacts = models.BooleanField(_("share my e-mail and phone with employers"), default=False)
    share_gpa = models.BooleanField(_("share my GPA with employers"), default=False)
    share_cv = models.BooleanField(_("share my CV with employers"), default=False)

    objects = InstitutionRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("student profile")
        verbose_name_plural = _("student profiles")
        indexes = [models.Index(fields=["institution", "student"], name="employers_profile_inst_student")]

    def private_file_url(self, field_name: str) -> str | None:
        """The scoped view that serves a stored file of this row (common.forms.PrivateFileInput links to it)."""
        return reverse("vacancies:profile_cv") if field_name == "cv" else None

    def __str__(self) -> str:
        return str(self.student)


class Application(InstitutionFromParent, TimeStampedModel):
    """A student's (or graduate's) application to one vacancy, with the CV as sent (one per student and vacancy).

    The employer's contacts and the Career Center read it; the CV is a copy, so a later profile change leaves it.
    """

    institution_from = ("vacancy", "institution_id")
    # Its institution, the same as its vacancy's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    vacancy = models.ForeignKey(Vacancy, models.CASCADE, related_name="applications", verbose_name=_("vacancy"))
    student = models.ForeignKey("core.Student", models.CASCADE, related_name="applications", verbose_name=_("student"))
    cover_letter = models.TextField(_("cover letter"), blank=True)
    cv = models.FileField(
        _("CV"),
        upload_to="applications/%Y/%m/",
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
        help_text=_("PDF, up to 5 MB."),
    )

    objects = ApplicationQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["institution", "created_at"], name="employers_app_inst_created")]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "student"],
                name="employers_application_once",
                violation_error_message=_("You have already applied to this vacancy."),
            )
        ]

    def private_file_url(self, field_name: str) -> str | None:
        """The scoped view that serves a stored file of this row (common.forms.PrivateFileInput links to it)."""
        return reverse("employers:application_cv", args=[self.pk]) if field_name == "cv" else None

    def __str__(self) -> str:
        return f"{self.student} → {self.vacancy}"


class Shortlist(models.Model):
    """Candidates the Career Center pre-screened for a vacancy; sent to the employer once ready."""

    vacancy = models.ForeignKey(Vacancy, models.CASCADE, related_name="shortlists", verbose_name=_("vacancy"))
    created_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = ShortlistQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("shortlist")
        verbose_name_plural = _("shortlists")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return _("Shortlist for {vacancy}").format(vacancy=self.vacancy)

    def get_absolute_url(self) -> str:
        return reverse("employers:shortlist_detail", args=[self.pk])


class ShortlistEntry(InstitutionFromParent, models.Model):
    """One candidate the Career Center put on a shortlist, with its note; the employer sees only what the student
    agreed to share (StudentProfile)."""

    institution_from = ("shortlist", "vacancy__institution_id")
    # Its institution, the same as its shortlist's vacancy's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    shortlist = models.ForeignKey(Shortlist, models.CASCADE, related_name="entries", verbose_name=_("shortlist"))
    student = models.ForeignKey("core.Student", models.CASCADE, related_name="+", verbose_name=_("student"))
    note = models.CharField(_("note"), max_length=255, blank=True)

    objects = InstitutionRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("shortlist entry")
        verbose_name_plural = _("shortlist entries")
        ordering = ["student__last_name", "student__first_name", "pk"]
        indexes = [models.Index(fields=["institution", "shortlist"], name="employers_entry_inst_list")]
        constraints = [models.UniqueConstraint(fields=["shortlist", "student"], name="employers_shortlist_entry_once")]

    def __str__(self) -> str:
        return str(self.student)
