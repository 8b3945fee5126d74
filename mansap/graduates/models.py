"""Graduate employment monitoring: records, contacts, rounds, submissions, obligations."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.identifiers import validate_bin
from mansap.core.models.base import TimeStampedModel
from mansap.graduates.choices import (
    EMPLOYED,
    AssistanceKind,
    Channel,
    ContactOutcome,
    EmploymentStatus,
    ObligationStatus,
    Region,
    SelfReportStatus,
)
from mansap.graduates.querysets import (
    CollectionRoundQuerySet,
    GraduateRecordQuerySet,
    RoundRuleQuerySet,
)

EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]


class EmploymentRecord(TimeStampedModel):
    """One period of a graduate's situation (a job, studies, service...), as the monitoring learned it.

    Records are never overwritten: a new record closes the open one, so the rows
    of a graduate form their career history (R-007).
    """

    graduate = models.ForeignKey(
        "core.Student", models.CASCADE, related_name="employment_records", verbose_name=_("graduate")
    )
    status = models.CharField(_("status"), max_length=24, choices=EmploymentStatus.choices)
    organization = models.ForeignKey(
        "employers.Organization",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="employment_records",
        verbose_name=_("employer (registered)"),
    )
    employer_name = models.CharField(_("employer"), max_length=255, blank=True)
    employer_bin = models.CharField(_("employer's BIN"), max_length=12, blank=True, validators=[validate_bin])
    position = models.CharField(_("position"), max_length=255, blank=True)
    region = models.CharField(_("region"), max_length=24, choices=Region.choices, blank=True)
    region_text = models.CharField(
        _("region (as written)"), max_length=255, blank=True, help_text=_("Kept when the name matched no region.")
    )
    sector = models.CharField(_("sector"), max_length=255, blank=True)
    salary = models.PositiveIntegerField(_("salary, KZT"), null=True, blank=True, validators=[MinValueValidator(1)])
    started_on = models.DateField(_("since"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    channel = models.CharField(_("source"), max_length=24, choices=Channel.choices)
    evidence = models.FileField(
        _("supporting document"),
        upload_to="evidence/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(EVIDENCE_EXTENSIONS)],
        help_text=_("An employer's reference: PDF, JPG or PNG, up to 5 MB."),
    )
    collection_round = models.ForeignKey(
        "graduates.CollectionRound",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="employment_records",
        verbose_name=_("collection round"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    import_key = models.CharField(max_length=64, blank=True, editable=False, db_index=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = GraduateRecordQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("employment record")
        verbose_name_plural = _("employment records")
        ordering = ["started_on", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["graduate"],
                condition=Q(ended_on__isnull=True),
                name="graduates_one_open_record_per_graduate",
                violation_error_message=_("A graduate can have only one open employment record."),
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="graduates_record_ends_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
            # Importing the same row twice (even by two imports at once) cannot add a second record.
            models.UniqueConstraint(
                fields=["graduate", "import_key"],
                condition=~Q(import_key=""),
                name="graduates_record_import_key_unique",
            ),
        ]
        indexes = [models.Index(fields=["graduate", "started_on"], name="graduates_record_grad_start")]

    def __str__(self) -> str:
        where = self.employer_display
        return f"{self.get_status_display()}{' · ' + where if where else ''}"

    def get_absolute_url(self) -> str:
        return reverse("graduates:graduate_detail", args=[self.graduate_id])

    @property
    def employer_display(self) -> str:
        return str(self.organization) if self.organization_id else self.employer_name

    @property
    def by_specialty(self) -> bool:
        return self.status == EmploymentStatus.EMPLOYED_SPECIALTY

    @property
    def is_employed(self) -> bool:
        return self.status in EMPLOYED

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.ended_on and self.started_on and self.ended_on < self.started_on:
            errors["ended_on"] = _("The end date cannot be before the start date.")
        if self.started_on and self.started_on > timezone.localdate() + dt.timedelta(days=366):
            errors["started_on"] = _("The start date is too far in the future.")
        if self.salary is not None and self.status not in EMPLOYED:
            errors["salary"] = _("A salary is recorded only for employed graduates.")
        if errors:
            raise ValidationError(errors)


class ContactAttempt(models.Model):
    """An attempt to reach a graduate, and how it went (R-009, R-014)."""

    graduate = models.ForeignKey(
        "core.Student", models.CASCADE, related_name="contact_attempts", verbose_name=_("graduate")
    )
    contacted_on = models.DateField(_("date"))
    channel = models.CharField(_("channel"), max_length=24, choices=Channel.choices)
    outcome = models.CharField(_("outcome"), max_length=16, choices=ContactOutcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = GraduateRecordQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("contact attempt")
        verbose_name_plural = _("contact attempts")
        ordering = ["-contacted_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.contacted_on:%d.%m.%Y} · {self.get_channel_display()} · {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return reverse("graduates:graduate_detail", args=[self.graduate_id])


class AssistanceAction(models.Model):
    """Help given to a graduate, e.g. a negotiation with an employer (R-010)."""

    graduate = models.ForeignKey(
        "core.Student", models.CASCADE, related_name="assistance_actions", verbose_name=_("graduate")
    )
    organization = models.ForeignKey(
        "employers.Organization",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="assistance_actions",
        verbose_name=_("employer"),
    )
    happened_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=AssistanceKind.choices)
    description = models.TextField(_("what was done"))
    recorded_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()
    objects = GraduateRecordQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("assistance")
        verbose_name_plural = _("assistance")
        ordering = ["-happened_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.happened_on:%d.%m.%Y} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("graduates:graduate_detail", args=[self.graduate_id])


class RoundRule(models.Model):
    """The configurable calendar: the deadlines of collection round N in every academic year.

    A day left empty means the last day of the month, which is how the regulation's
    "February 30" is read (O-1): 28 or 29 February.
    """

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="round_rules", verbose_name=_("institution")
    )
    number = models.PositiveSmallIntegerField(_("round number"))
    collection_month = models.PositiveSmallIntegerField(_("collection deadline: month"))
    collection_day = models.PositiveSmallIntegerField(
        _("collection deadline: day"), null=True, blank=True, help_text=_("Empty: the last day of the month.")
    )
    platonus_month = models.PositiveSmallIntegerField(_("Platonus deadline: month"), null=True, blank=True)
    platonus_day = models.PositiveSmallIntegerField(_("Platonus deadline: day"), null=True, blank=True)

    history = HistoricalRecords()
    objects = RoundRuleQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("round calendar rule")
        verbose_name_plural = _("round calendar rules")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number"],
                name="graduates_roundrule_unique",
                violation_error_message=_("This round number already has a rule."),
            )
        ]

    def __str__(self) -> str:
        return str(_("Round {number}").format(number=self.number))


class CollectionRound(models.Model):
    """One employment data collection round of an academic year, for one graduate cohort."""

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="collection_rounds", verbose_name=_("institution")
    )
    academic_year = models.ForeignKey(
        "core.AcademicYear", models.PROTECT, related_name="collection_rounds", verbose_name=_("academic year")
    )
    number = models.PositiveSmallIntegerField(_("round number"))
    label = models.CharField(
        _("checkpoint"),
        max_length=64,
        blank=True,
        help_text=_('For an extra round, e.g. "at graduation" or "+6 months"; empty for the calendar\'s rounds.'),
    )
    cohort = models.PositiveSmallIntegerField(_("cohort (graduation year)"))
    opens_on = models.DateField(_("opens on"))
    deadline = models.DateField(_("collection deadline"))
    platonus_deadline = models.DateField(_("Platonus deadline"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    platonus_registered_at = models.DateTimeField(_("registered in Platonus"), null=True, blank=True)
    platonus_registered_by = models.ForeignKey(
        "core.User",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered in Platonus by"),
    )

    history = HistoricalRecords()
    objects = CollectionRoundQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("collection round")
        verbose_name_plural = _("collection rounds")
        ordering = ["-deadline"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "number", "cohort"],
                name="graduates_round_unique",
                violation_error_message=_("This round already exists for this cohort."),
            )
        ]

    def __str__(self) -> str:
        if self.label:
            return str(
                _("Round {number} ({label}) of {year}, cohort {cohort}").format(
                    number=self.number, label=self.label, year=self.academic_year.name, cohort=self.cohort
                )
            )
        return str(
            _("Round {number} of {year}, cohort {cohort}").format(
                number=self.number, year=self.academic_year.name, cohort=self.cohort
            )
        )

    def get_absolute_url(self) -> str:
        return reverse("graduates:collectionround_detail", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def days_to_deadline(self, today: dt.date | None = None) -> int:
        return (self.deadline - (today or timezone.localdate())).days

    @property
    def platonus_registered_late(self) -> bool:
        if not self.platonus_deadline or not self.platonus_registered_at:
            return False
        return timezone.localdate(self.platonus_registered_at) > self.platonus_deadline


class RoundSubmission(models.Model):
    """A department's submission of a round's data to the Career Center (R-006)."""

    collection_round = models.ForeignKey(
        CollectionRound, models.CASCADE, related_name="submissions", verbose_name=_("collection round")
    )
    department = models.ForeignKey(
        "core.Department", models.CASCADE, related_name="round_submissions", verbose_name=_("department")
    )
    submitted_at = models.DateTimeField(_("submitted"))
    submitted_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, related_name="+", verbose_name=_("submitted by")
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("round submission")
        verbose_name_plural = _("round submissions")
        constraints = [
            models.UniqueConstraint(
                fields=["collection_round", "department"],
                name="graduates_submission_unique",
                violation_error_message=_("The department has already submitted this round."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.department} · {self.collection_round}"

    @property
    def is_late(self) -> bool:
        return timezone.localdate(self.submitted_at) > self.collection_round.deadline


class RoundReminder(models.Model):
    """A reminder e-mailed to a department's staff member about a round; at most one a day per kind.

    The unique constraint is the dedupe: whoever inserts the row first (another
    server, a second run of the daily command) sends the e-mail; the others skip it.
    """

    MANUAL = "manual"

    collection_round = models.ForeignKey(
        CollectionRound, models.CASCADE, related_name="reminders", verbose_name=_("collection round")
    )
    department = models.ForeignKey(
        "core.Department", models.CASCADE, related_name="round_reminders", verbose_name=_("department")
    )
    recipient = models.ForeignKey("core.User", models.CASCADE, related_name="+", verbose_name=_("recipient"))
    sent_on = models.DateField(_("sent on"))
    # "manual" (the round page's button) or "T-14", "T-3"...: sent that many days before the deadline.
    kind = models.CharField(_("kind"), max_length=16)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("round reminder")
        verbose_name_plural = _("round reminders")
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["collection_round", "department", "recipient", "sent_on", "kind"],
                name="graduates_round_reminder_once_a_day",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.sent_on:%d.%m.%Y}"


class Form10Column(models.Model):
    """One column of the form No. 10 export: which value, under which header (configurable, Q2)."""

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="form10_columns", verbose_name=_("institution")
    )
    position = models.PositiveSmallIntegerField(_("position"))
    field = models.CharField(_("value"), max_length=32)
    header_kk = models.CharField(_("header (Kazakh)"), max_length=255)
    header_ru = models.CharField(_("header (Russian)"), max_length=255)
    header_en = models.CharField(_("header (English)"), max_length=255)

    history = HistoricalRecords()

    scope_level = "institution"

    class Meta:
        verbose_name = _("form No. 10 column")
        verbose_name_plural = _("form No. 10 columns")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return f"{self.position}. {self.header_en}"


class GrantObligation(TimeStampedModel):
    """A state-grant graduate's work obligation: referral place, arrival, status (R-001, Q8)."""

    graduate = models.OneToOneField(
        "core.Student", models.CASCADE, related_name="grant_obligation", verbose_name=_("graduate")
    )
    referral_organization = models.ForeignKey(
        "employers.Organization",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referral place (registered)"),
    )
    referral_place = models.CharField(_("referral place"), max_length=255, blank=True)
    referral_date = models.DateField(_("referral date"), null=True, blank=True)
    arrival_confirmed_on = models.DateField(_("arrival confirmed on"), null=True, blank=True)
    status = models.CharField(
        _("obligation status"), max_length=16, choices=ObligationStatus.choices, default=ObligationStatus.WORKING_OFF
    )
    status_since = models.DateField(_("status since"), null=True, blank=True)
    ends_on = models.DateField(_("obligation ends on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = GraduateRecordQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("state-grant work obligation")
        verbose_name_plural = _("state-grant work obligations")

    def __str__(self) -> str:
        return f"{self.graduate} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("graduates:graduate_detail", args=[self.graduate_id])


class SelfReport(models.Model):
    """What a graduate reported through a self-service link; staff confirm it into a record."""

    graduate = models.ForeignKey(
        "core.Student", models.CASCADE, related_name="self_reports", verbose_name=_("graduate")
    )
    collection_round = models.ForeignKey(
        CollectionRound, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("collection round")
    )
    submitted_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    status = models.CharField(_("status"), max_length=24, choices=EmploymentStatus.choices)
    employer_name = models.CharField(_("employer"), max_length=255, blank=True)
    employer_bin = models.CharField(_("employer's BIN"), max_length=12, blank=True, validators=[validate_bin])
    position = models.CharField(_("position"), max_length=255, blank=True)
    region = models.CharField(_("region"), max_length=24, choices=Region.choices, blank=True)
    started_on = models.DateField(_("since"), null=True, blank=True)
    salary = models.PositiveIntegerField(_("salary, KZT"), null=True, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    review_status = models.CharField(
        _("review"), max_length=16, choices=SelfReportStatus.choices, default=SelfReportStatus.PENDING
    )
    reviewed_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("reviewed by")
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)

    objects = GraduateRecordQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("self-report")
        verbose_name_plural = _("self-reports")
        ordering = ["-submitted_at"]

    def __str__(self) -> str:
        return f"{self.graduate} · {self.get_status_display()}"
