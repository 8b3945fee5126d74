"""Career events (R-058…R-060): events, invitations and registrations of students and organizations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.fields import URLField
from mansap.common.partitioning import InstitutionFromParent, InstitutionRowQuerySet
from mansap.core.models.base import TimeStampedModel, translated
from mansap.employers.choices import CareerEventKind, RegistrationStatus
from mansap.employers.models.organizations import Organization
from mansap.employers.querysets import (
    CareerEventQuerySet,
    EventRegistrationQuerySet,
)


class CareerEvent(TimeStampedModel):
    """A career event of the institution; `title` answers in the active language."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="career_events", verbose_name=_("institution")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=CareerEventKind.choices)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=255)
    title_ru = models.CharField(_("title (Russian)"), max_length=255)
    title_en = models.CharField(_("title (English)"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    location = models.CharField(_("location"), max_length=255, blank=True)
    online_url = URLField(_("online link"), blank=True)
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="career_events",
        verbose_name=_("organizing department"),
        help_text=_("Leave empty for an event of the Career Center."),
    )
    organizations = models.ManyToManyField(
        Organization, blank=True, related_name="career_events", verbose_name=_("participating organizations")
    )
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Places for students and graduates; empty: unlimited.")
    )
    registration_open = models.BooleanField(_("registration open"), default=True)
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Students and graduates see the event and may register.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CareerEventQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("career event")
        verbose_name_plural = _("career events")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="employers_careerevent_ends_after_start",
                violation_error_message=_("An event must end after it starts."),
            )
        ]
        indexes = [models.Index(fields=["institution", "starts_at"], name="employers_event_starts")]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def name(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("An event must end after it starts.")
        department = self.department if self.department_id else None
        if department is not None and self.institution_id and department.faculty.institution_id != self.institution_id:
            errors["department"] = _("The department belongs to another institution.")
        if errors:
            raise ValidationError(errors)


class EventInvitation(InstitutionFromParent, models.Model):
    """One invitation e-mailed to a student (or graduate) or to an organization's contact."""

    institution_from = ("event", "institution_id")
    # Its institution, the same as its event's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    event = models.ForeignKey(CareerEvent, models.CASCADE, related_name="invitations", verbose_name=_("event"))
    student = models.ForeignKey(
        "core.Student", models.CASCADE, null=True, blank=True, related_name="event_invitations",
        verbose_name=_("student"),
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, models.CASCADE, null=True, blank=True, related_name="event_invitations",
        verbose_name=_("organization"),
    )  # fmt: skip
    email = models.EmailField(_("e-mail"), blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True, help_text=_("Empty: no e-mail address."))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = InstitutionRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("event invitation")
        verbose_name_plural = _("event invitations")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["institution", "created_at"], name="employers_einv_inst_created")]
        constraints = [
            models.CheckConstraint(
                condition=Q(student__isnull=False, organization__isnull=True)
                | Q(student__isnull=True, organization__isnull=False),
                name="employers_invitation_one_recipient",
            ),
            models.UniqueConstraint(
                fields=["event", "student"], condition=Q(student__isnull=False), name="employers_invitation_student"
            ),
            models.UniqueConstraint(
                fields=["event", "organization"],
                condition=Q(organization__isnull=False),
                name="employers_invitation_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.student or self.organization}"


class EventRegistration(InstitutionFromParent, models.Model):
    """A student or graduate registered for an event, or an organization with its booth at a fair."""

    institution_from = ("event", "institution_id")
    # Its institution, the same as its event's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    event = models.ForeignKey(CareerEvent, models.CASCADE, related_name="registrations", verbose_name=_("event"))
    student = models.ForeignKey(
        "core.Student", models.CASCADE, null=True, blank=True, related_name="event_registrations",
        verbose_name=_("student"),
    )  # fmt: skip
    organization = models.ForeignKey(
        Organization, models.PROTECT, null=True, blank=True, related_name="event_registrations",
        verbose_name=_("organization"),
    )  # fmt: skip
    booth_number = models.CharField(_("booth number"), max_length=16, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    attended = models.BooleanField(_("attended"), default=False)
    registered_at = models.DateTimeField(_("registered at"), default=timezone.now)

    history = HistoricalRecords()
    objects = EventRegistrationQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["registered_at", "pk"]
        indexes = [models.Index(fields=["institution", "registered_at"], name="employers_ereg_inst_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(student__isnull=False, organization__isnull=True)
                | Q(student__isnull=True, organization__isnull=False),
                name="employers_registration_one_participant",
                violation_error_message=_("A registration names either a student or an organization."),
            ),
            models.UniqueConstraint(
                fields=["event", "student"],
                condition=Q(student__isnull=False),
                name="employers_registration_student_once",
                violation_error_message=_("This person is already registered for the event."),
            ),
            models.UniqueConstraint(
                fields=["event", "organization"],
                condition=Q(organization__isnull=False),
                name="employers_registration_organization_once",
                violation_error_message=_("This organization is already registered for the event."),
            ),
            models.UniqueConstraint(
                fields=["event", "booth_number"],
                condition=~Q(booth_number=""),
                name="employers_registration_booth_unique",
                violation_error_message=_("This booth is already taken at the event."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.event} · {self.participant}"

    @property
    def participant(self) -> Any:
        return self.student if self.student_id else self.organization

    @property
    def is_active(self) -> bool:
        return self.status == RegistrationStatus.REGISTERED
