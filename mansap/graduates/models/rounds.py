"""Collection rounds: the calendar rules, rounds, departments' submissions, reminders and form No. 10's columns."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.partitioning import InstitutionFromParent, InstitutionRowQuerySet
from mansap.graduates.querysets import (
    CollectionRoundQuerySet,
    RoundRuleQuerySet,
)


class RoundRule(models.Model):
    """The configurable calendar: the deadlines of collection round N in every academic year.

    A day left empty means the last day of the month, which is how the regulation's
    "February 30" is read (O-1): 28 or 29 February.
    """

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="round_rules", verbose_name=_("institution")
    )
    number = models.PositiveSmallIntegerField(_("round number"))
    collection_month = models.PositiveSmallIntegerField(
        _("collection deadline: month"), validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    collection_day = models.PositiveSmallIntegerField(
        _("collection deadline: day"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Empty, or past the month's end (30 February): the last day of the month."),
    )
    platonus_month = models.PositiveSmallIntegerField(
        _("Platonus deadline: month"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    platonus_day = models.PositiveSmallIntegerField(
        _("Platonus deadline: day"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )

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
            ),
            # A month 13 made creating rounds crash (calendar.IllegalMonthError): the database refuses it too.
            models.CheckConstraint(
                condition=Q(collection_month__gte=1, collection_month__lte=12)
                & (Q(collection_day__isnull=True) | Q(collection_day__gte=1, collection_day__lte=31))
                & (Q(platonus_month__isnull=True) | Q(platonus_month__gte=1, platonus_month__lte=12))
                & (Q(platonus_day__isnull=True) | Q(platonus_day__gte=1, platonus_day__lte=31)),
                name="graduates_roundrule_calendar_date",
                violation_error_message=_("Months go from 1 to 12 and days from 1 to 31."),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Round {number}").format(number=self.number))

    def clean(self) -> None:
        if self.platonus_day is not None and self.platonus_month is None:
            raise ValidationError(
                {"platonus_month": _("Give the month of the Platonus deadline, or leave both empty.")}
            )


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


class RoundSubmission(InstitutionFromParent, models.Model):
    """A department's submission of a round's data to the Career Center (R-006)."""

    institution_from = ("collection_round", "institution_id")
    # Its institution, the same as its round's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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

    objects = InstitutionRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("round submission")
        verbose_name_plural = _("round submissions")
        indexes = [models.Index(fields=["institution", "collection_round"], name="graduates_submission_inst_rnd")]
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


class RoundReminder(InstitutionFromParent, models.Model):
    """A reminder e-mailed to a department's staff member about a round; at most one a day per kind.

    The unique constraint is the dedupe: whoever inserts the row first (another
    server, a second run of the daily command) sends the e-mail; the others skip it.
    """

    MANUAL = "manual"

    institution_from = ("collection_round", "institution_id")
    # Its institution, the same as its round's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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

    objects = InstitutionRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("round reminder")
        verbose_name_plural = _("round reminders")
        ordering = ["-sent_on", "-pk"]
        indexes = [models.Index(fields=["institution", "sent_on"], name="graduates_reminder_inst_sent")]
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
