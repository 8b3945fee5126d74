"""Assessment and records: conferences, defence commissions, the grade table, diaries, documents,
retention and meetings."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.common.partitioning import InstitutionFromParent
from mansap.core.models.base import TimeStampedModel
from mansap.practice import querysets as qs
from mansap.practice.choices import (
    ConferenceKind,
    Custodian,
    DisposalStatus,
    DocumentKind,
    MeetingKind,
)
from mansap.practice.models.base import REPORT_EXTENSIONS, SCAN_EXTENSIONS, _history, scan_validators
from mansap.practice.models.placements import Placement
from mansap.practice.models.plan import Practice


# ---- Conferences, defence, grades ---------------------------------------------------------------------------
class Conference(TimeStampedModel):
    """The orientation or final conference of a practice, with its minutes (R-034)."""

    practice = models.ForeignKey(Practice, models.PROTECT, related_name="conferences", verbose_name=_("practice"))
    kind = models.CharField(_("kind"), max_length=12, choices=ConferenceKind.choices)
    held_on = models.DateField(_("held on"))
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(
        _("minutes (scan)"), upload_to="practice/minutes/%Y/", blank=True, validators=scan_validators
    )
    attendees = models.PositiveSmallIntegerField(_("students present"), null=True, blank=True)

    history = _history()
    objects = qs.ConferenceQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("practice conference")
        verbose_name_plural = _("practice conferences")
        ordering = ["practice", "held_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "kind"],
                name="practice_conference_one_per_kind",
                violation_error_message=_("This conference is already recorded for the practice."),
            )
        ]

    def private_file_url(self, field_name: str) -> str | None:
        """The scoped view that serves a stored file of this row (common.forms.PrivateFileInput links to it)."""
        return reverse("practice:conference_minutes", args=[self.pk]) if field_name == "minutes_file" else None

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.held_on:%d.%m.%Y}"


class DefenceCommission(TimeStampedModel):
    """The commission set up by the head of department's order for a practice's defences (R-031, Q18)."""

    practice = models.OneToOneField(Practice, models.PROTECT, related_name="commission", verbose_name=_("practice"))
    order_number = models.CharField(_("order number"), max_length=64)
    order_date = models.DateField(_("order date"))
    chair = models.ForeignKey(
        "core.Employee", models.PROTECT, related_name="+", verbose_name=_("chair of the commission")
    )
    members = models.ManyToManyField("core.Employee", related_name="+", verbose_name=_("members"))
    defence_date = models.DateField(_("defence date"), null=True, blank=True)

    history = _history()
    objects = qs.DefenceCommissionQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("defence commission")
        verbose_name_plural = _("defence commissions")
        ordering = ["practice"]

    def __str__(self) -> str:
        return _("Commission for {practice}").format(practice=self.practice)


class GradeBand(models.Model):
    """One row of the point-rating letter system: scores min–max give a letter and grade points.

    Configurable per institution; without rows the default table of `mansap.practice.services.grades` applies.
    """

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="grade_bands", verbose_name=_("institution")
    )
    letter = models.CharField(_("letter grade"), max_length=2)
    min_score = models.PositiveSmallIntegerField(_("from score"), validators=[MaxValueValidator(100)])
    max_score = models.PositiveSmallIntegerField(_("to score"), validators=[MaxValueValidator(100)])
    points = models.DecimalField(
        _("grade points"), max_digits=3, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    objects = qs.GradeBandQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("letter grade band")
        verbose_name_plural = _("letter grade table")
        ordering = ["institution", "-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "letter"], name="practice_gradeband_unique_letter"),
            models.CheckConstraint(
                condition=Q(max_score__gte=F("min_score")),
                name="practice_gradeband_range",
                violation_error_message=_("The upper score cannot be below the lower score."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter}: {self.min_score}–{self.max_score} ({self.points})"


class GradeTableChange(models.Model):
    """Who replaced or reset the institution's letter-grade table, when, and the table it left (R-082).

    The table is replaced as a whole (services.assessment.save_grade_table), so its change log is a list of
    whole tables rather than a history per band.
    """

    class Action(models.TextChoices):
        SAVED = "saved", _("table saved")
        RESET = "reset", _("default table restored")

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="grade_table_changes", verbose_name=_("institution")
    )
    action = models.CharField(_("change"), max_length=8, choices=Action.choices)
    # [[letter, from score, to score, grade points as text], ...]: the table in force after the change.
    table = models.JSONField(_("table"), default=list)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("changed by")
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    objects = qs.GradeBandQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("letter-grade table change")
        verbose_name_plural = _("letter-grade table changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.changed_at:%d.%m.%Y %H:%M}"


# ---- Diary and documents ------------------------------------------------------------------------------------
class DiaryEntry(InstitutionFromParent, TimeStampedModel):
    """A dated entry of the student's electronic practice diary (R-029)."""

    institution_from = ("placement", "institution_id")
    # Its institution, the same as its placement's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    placement = models.ForeignKey(Placement, models.CASCADE, related_name="diary", verbose_name=_("placement"))
    day = models.DateField(_("date"))
    work_done = models.TextField(_("work done"))
    supervisor_remark = models.TextField(_("supervisor's remark"), blank=True)

    history = _history()
    objects = qs.DiaryEntryQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("diary entry")
        verbose_name_plural = _("diary entries")
        ordering = ["placement", "day", "pk"]
        indexes = [models.Index(fields=["institution", "placement"], name="practice_diary_inst")]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y}"


class PracticeDocument(InstitutionFromParent, TimeStampedModel):
    """A file of a placement (report, signed scans), with custodian, retention and disposal (R-033, Q19, Q20)."""

    institution_from = ("placement", "institution_id")
    # Its institution, the same as its placement's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    placement = models.ForeignKey(Placement, models.PROTECT, related_name="documents", verbose_name=_("placement"))
    kind = models.CharField(_("kind"), max_length=12, choices=DocumentKind.choices)
    file = models.FileField(
        _("file"),
        upload_to="practice/documents/%Y/%m/",
        validators=[FileExtensionValidator(sorted(set(SCAN_EXTENSIONS + REPORT_EXTENSIONS)))],
    )
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    custodian = models.CharField(
        _("custodian of the original"), max_length=16, choices=Custodian.choices, default=Custodian.DEPARTMENT
    )
    retain_until = models.DateField(_("keep until"), null=True, blank=True)
    disposal_status = models.CharField(
        _("disposal status"), max_length=8, choices=DisposalStatus.choices, default=DisposalStatus.KEPT
    )
    disposed_on = models.DateField(_("disposed on"), null=True, blank=True)
    disposal_act = models.CharField(_("disposal act"), max_length=64, blank=True)

    history = _history()
    objects = qs.PracticeDocumentQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("practice document")
        verbose_name_plural = _("practice documents")
        ordering = ["placement", "kind", "-created_at"]
        indexes = [models.Index(fields=["institution", "placement"], name="practice_document_inst")]

    def private_file_url(self, field_name: str) -> str | None:
        """The scoped view that serves a stored file of this row (common.forms.PrivateFileInput links to it)."""
        return reverse("practice:document_file", args=[self.pk]) if field_name == "file" else None

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.original_name or self.file.name}"


class RetentionRule(models.Model):
    """How long a kind of practice document is kept before it is flagged for disposal review (Q19)."""

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="practice_retention_rules", verbose_name=_("institution")
    )
    kind = models.CharField(_("kind of document"), max_length=12, choices=DocumentKind.choices)
    years = models.PositiveSmallIntegerField(_("years to keep"), validators=[MinValueValidator(1)])

    objects = qs.GradeBandQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("retention rule")
        verbose_name_plural = _("retention schedule")
        ordering = ["institution", "kind"]
        constraints = [models.UniqueConstraint(fields=["institution", "kind"], name="practice_retention_unique_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.years}"


class Meeting(TimeStampedModel):
    """A meeting, consultation or monitoring visit of the department's head of practice (R-027)."""

    practice = models.ForeignKey(Practice, models.PROTECT, related_name="meetings", verbose_name=_("practice"))
    kind = models.CharField(_("kind"), max_length=12, choices=MeetingKind.choices)
    held_on = models.DateField(_("held on"))
    topic = models.CharField(_("topic"), max_length=255)
    notes = models.TextField(_("notes"), blank=True)
    held_by = models.ForeignKey(
        "core.Employee", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("held by")
    )

    history = _history()
    objects = qs.ConferenceQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("meeting or consultation")
        verbose_name_plural = _("meetings and consultations")
        ordering = ["practice", "held_on", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.held_on:%d.%m.%Y}: {self.topic}"
