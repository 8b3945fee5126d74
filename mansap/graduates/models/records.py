"""Graduate employment monitoring: employment records, contact attempts, assistance, grant obligations, self-reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.identifiers import validate_bin
from mansap.common.partitioning import InstitutionFromParent
from mansap.core.choices import ProgramLevel, Region
from mansap.core.models.base import TimeStampedModel
from mansap.graduates.choices import (
    EMPLOYED,
    AssistanceKind,
    Channel,
    ContactOutcome,
    EmploymentStatus,
    ObligationStatus,
    SelfReportStatus,
)
from mansap.graduates.models.rounds import CollectionRound
from mansap.graduates.querysets import (
    EmploymentRecordQuerySet,
    GraduateRecordQuerySet,
)

EVIDENCE_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]


class EmploymentRecord(InstitutionFromParent, TimeStampedModel):
    """One period of a graduate's situation (a job, studies, service...), as the monitoring learned it.

    Records are never overwritten: a new record closes the open one, so the rows
    of a graduate form their career history (R-007). A wrong record is not edited
    or deleted either: its department voids it with a reason (who, when and why are
    kept on it, and the history page shows the change), and a correction is a new
    record that names the one it corrects. A voided record counts for nothing.
    """

    institution_from = ("graduate", "institution_id")
    # Its institution, the same as its graduate's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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
    # What a graduate continuing their education studies (KPI-17.4: "admitted to a master's program abroad";
    # abroad is the region, as for a job).
    study_level = models.CharField(
        _("level of studies"),
        max_length=16,
        choices=ProgramLevel.choices,
        blank=True,
        help_text=_("Only for a graduate continuing their education: master's, doctorate..."),
    )
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
    closed_by = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="closed_records",
        verbose_name=_("closed by the record"),
        help_text=_("The later record whose start ended this one; voiding it reopens this record."),
    )
    corrects = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="corrections",
        verbose_name=_("corrects the record"),
    )
    voided_at = models.DateTimeField(_("voided"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        "core.User",
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name=_("voided by"),
    )
    void_reason = models.CharField(_("reason for voiding"), max_length=500, blank=True, editable=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = EmploymentRecordQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("employment record")
        verbose_name_plural = _("employment records")
        ordering = ["started_on", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["graduate"],
                condition=Q(ended_on__isnull=True, voided_at__isnull=True),
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
        indexes = [
            models.Index(fields=["graduate", "started_on"], name="graduates_record_grad_start"),
            models.Index(fields=["institution", "started_on"], name="graduates_record_inst_start"),
        ]

    def private_file_url(self, field_name: str) -> str | None:
        """The scoped view that serves a stored file of this row (common.forms.PrivateFileInput links to it)."""
        return reverse("graduates:record_evidence", args=[self.pk]) if field_name == "evidence" else None

    def __str__(self) -> str:
        where = self.employer_display
        return f"{self.get_status_display()}{' · ' + where if where else ''}"

    def get_absolute_url(self) -> str:
        return reverse("graduates:graduate_detail", args=[self.graduate_id])

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

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
        if self.study_level and self.status != EmploymentStatus.CONTINUING_EDUCATION:
            errors["study_level"] = _("A level of studies is recorded only for a graduate continuing their education.")
        if errors:
            raise ValidationError(errors)


def current_record(records: Iterable[EmploymentRecord], as_of: dt.date) -> EmploymentRecord | None:
    """The graduate's status as of the date among their records already loaded (EmploymentRecordQuerySet's rule)."""
    ranked = sorted(
        (r for r in records if r.voided_at is None and r.started_on <= as_of),
        key=lambda r: (r.started_on, r.created_at, r.pk),
        reverse=True,
    )
    if not ranked or (ranked[0].ended_on is not None and ranked[0].ended_on < as_of):
        return None
    return ranked[0]


class ContactAttempt(InstitutionFromParent, models.Model):
    """An attempt to reach a graduate, and how it went (R-009, R-014)."""

    institution_from = ("graduate", "institution_id")
    # Its institution, the same as its graduate's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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
        indexes = [models.Index(fields=["institution", "contacted_on"], name="graduates_contact_inst_on")]

    def __str__(self) -> str:
        return f"{self.contacted_on:%d.%m.%Y} · {self.get_channel_display()} · {self.get_outcome_display()}"

    def get_absolute_url(self) -> str:
        return reverse("graduates:graduate_detail", args=[self.graduate_id])


class AssistanceAction(InstitutionFromParent, models.Model):
    """Help given to a graduate, e.g. a negotiation with an employer (R-010)."""

    institution_from = ("graduate", "institution_id")
    # Its institution, the same as its graduate's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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
        indexes = [models.Index(fields=["institution", "happened_on"], name="graduates_assist_inst_on")]

    def __str__(self) -> str:
        return f"{self.happened_on:%d.%m.%Y} · {self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("graduates:graduate_detail", args=[self.graduate_id])

    def clean(self) -> None:
        super().clean()
        if self.kind == AssistanceKind.NEGOTIATION and not self.organization_id:
            message = _("Choose the employer: a negotiation is recorded with the employer it was held with.")
            raise ValidationError({"organization": message})


class GrantObligation(InstitutionFromParent, TimeStampedModel):
    """A state-grant graduate's work obligation: referral place, arrival, status (R-001, Q8)."""

    institution_from = ("graduate", "institution_id")
    # Its institution, the same as its graduate's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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
        indexes = [models.Index(fields=["institution", "status"], name="graduates_obligation_inst_st")]

    def __str__(self) -> str:
        return f"{self.graduate} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("graduates:graduate_detail", args=[self.graduate_id])


class SelfReport(InstitutionFromParent, models.Model):
    """What a graduate reported through a self-service link; staff confirm it into a record."""

    institution_from = ("graduate", "institution_id")
    # Its institution, the same as its graduate's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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
    review_note = models.CharField(_("reason for rejecting"), max_length=500, blank=True)
    record = models.ForeignKey(
        EmploymentRecord,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("record made on confirmation"),
    )

    objects = GraduateRecordQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("self-report")
        verbose_name_plural = _("self-reports")
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["institution", "submitted_at"], name="graduates_selfrep_inst_at")]

    def __str__(self) -> str:
        return f"{self.graduate} · {self.get_status_display()}"
