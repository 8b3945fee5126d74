"""Professional practice (regulation 001): the year's plan, practice bases and their vetting, contracts,
placements with two supervisors, the rector's order, the company package, conferences, the diary,
the company supervisor's evaluation, the defence commission and letter grades.

Rules that change state live in `mansap.practice.services`; models hold the data and the
invariants a database or `clean()` can check on one row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel
from mansap.graduates.evidence import validate_evidence
from mansap.practice import querysets as qs
from mansap.practice.choices import (
    BaseSource,
    BaseStatus,
    ConferenceKind,
    ContractKind,
    Custodian,
    DisposalStatus,
    DocumentKind,
    MeetingKind,
    PlacementSource,
    PlacementStatus,
    PracticeKind,
    PracticeStatus,
    ReviewDecision,
    VettingCriterion,
    VettingDecision,
)

SCAN_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]
REPORT_EXTENSIONS = ["pdf", "docx", "doc", "odt"]
scan_validators: list[Callable[[Any], None]] = [FileExtensionValidator(SCAN_EXTENSIONS), validate_evidence]


def _user_fk(verbose_name: Any) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=verbose_name
    )


def _history() -> HistoricalRecords:
    return HistoricalRecords(excluded_fields=["updated_at"], inherit=False)


# ---- The year's plan ----------------------------------------------------------------------------------------
class Practice(TimeStampedModel):
    """One practice of the annual plan: program, course, type, credits and dates (R-017, R-020).

    The Career Center drafts the plan from the academic calendar and sends it to the graduating
    department (`status`, `sent_at`); the department then places students.
    """

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="practices", verbose_name=_("institution")
    )
    academic_year = models.ForeignKey(
        "core.AcademicYear", models.PROTECT, related_name="practices", verbose_name=_("academic year")
    )
    program = models.ForeignKey(
        "core.EducationalProgram", models.PROTECT, related_name="practices", verbose_name=_("educational program")
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="practices",
        verbose_name=_("graduating department"),
        help_text=_("The department of the program; filled in from the program."),
    )
    kind = models.CharField(_("type of practice"), max_length=16, choices=PracticeKind.choices)
    course = models.PositiveSmallIntegerField(
        _("course (year of study)"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    credits = models.PositiveSmallIntegerField(_("credits (ECTS)"), validators=[MinValueValidator(1)])
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    special_cycle_ends_on = models.DateField(
        _("special disciplines cycle ends on"),
        null=True,
        blank=True,
        help_text=_("Production practice comes after the cycle of special disciplines (001 §10.1)."),
    )
    students_with_cycle_debt = models.ManyToManyField(
        "core.Student",
        blank=True,
        related_name="+",
        verbose_name=_("students who have not completed the special disciplines cycle"),
        help_text=_("They cannot be placed on production practice."),
    )
    programme_file = models.FileField(
        _("practice programme"),
        upload_to="practice/programmes/%Y/",
        blank=True,
        validators=[FileExtensionValidator(REPORT_EXTENSIONS)],
    )
    report_due_on = models.DateField(
        _("reports due on"), null=True, blank=True, help_text=_("Empty: 7 days after the practice ends.")
    )
    status = models.CharField(_("status"), max_length=8, choices=PracticeStatus.choices, default=PracticeStatus.DRAFT)
    sent_at = models.DateTimeField(_("sent to the department"), null=True, blank=True)

    history = _history()
    objects = qs.PracticeQuerySet.as_manager()

    scope_level = "institution"  # the Career Center plans practice

    class Meta:
        verbose_name = _("practice")
        verbose_name_plural = _("practices")
        ordering = ["starts_on", "program__code", "kind", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="practice_practice_ends_after_start",
                violation_error_message=_("A practice cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["academic_year", "program", "kind", "course"],
                name="practice_practice_unique_in_plan",
                violation_error_message=_("The plan already has this type of practice for this program and course."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.program.code}, {self.course}"

    def get_absolute_url(self) -> str:
        return reverse("practice:practice_detail", args=[self.pk])

    @property
    def reports_due(self) -> dt.date:
        return self.report_due_on or self.ends_on + dt.timedelta(days=7)

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.program_id and self.department_id and self.program.department_id != self.department_id:
            errors["department"] = _("The department must be the department of the program.")
        if self.academic_year_id and self.institution_id and self.academic_year.institution_id != self.institution_id:
            errors["academic_year"] = _("The academic year belongs to another institution.")
        if self.kind == PracticeKind.PRODUCTION and self.starts_on:
            if not self.special_cycle_ends_on:
                errors["special_cycle_ends_on"] = _(
                    "Give the end of the special disciplines cycle: production practice comes after it."
                )
            elif self.special_cycle_ends_on >= self.starts_on:
                errors["special_cycle_ends_on"] = _(
                    "Production practice must start after the special disciplines cycle ends."
                )
        if errors:
            raise ValidationError(errors)


# ---- Practice bases -----------------------------------------------------------------------------------------
class PracticeBase(TimeStampedModel):
    """An organization approved (or proposed) as a base of practice for some programs (R-035…R-039)."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="practice_bases", verbose_name=_("institution")
    )
    organization = models.ForeignKey(
        "employers.Organization", models.PROTECT, related_name="practice_bases", verbose_name=_("organization")
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        related_name="practice_bases",
        verbose_name=_("graduating department"),
        help_text=_("The department that selected the base and keeps its record."),
    )
    statutory_activity = models.TextField(_("statutory activity"))
    programs = models.ManyToManyField(
        "core.EducationalProgram",
        blank=True,
        related_name="practice_bases",
        verbose_name=_("approved for programs"),
        help_text=_("Programs (Major profiles) whose students may do practice here."),
    )
    source = models.CharField(_("source"), max_length=24, choices=BaseSource.choices)
    proposed_by = models.ForeignKey(
        "core.Student",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_practice_bases",
        verbose_name=_("proposed by student"),
    )
    status = models.CharField(_("status"), max_length=12, choices=BaseStatus.choices, default=BaseStatus.CANDIDATE)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    capacity = models.PositiveSmallIntegerField(
        _("places per practice"),
        default=5,
        validators=[MinValueValidator(1)],
        help_text=_("How many students the base takes for one practice."),
    )
    address = models.CharField(_("practice address"), max_length=255, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = _history()
    objects = qs.PracticeBaseQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("practice base")
        verbose_name_plural = _("practice bases")
        ordering = ["organization__name_ru", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="student") | Q(proposed_by__isnull=False),
                name="practice_base_student_source_has_student",
                violation_error_message=_("Name the student who proposed the base."),
            )
        ]

    def __str__(self) -> str:
        return str(self.organization)

    def get_absolute_url(self) -> str:
        return reverse("practice:practicebase_detail", args=[self.pk])

    @property
    def is_usable(self) -> bool:
        """Only an approved base may receive students (the vetting gate)."""
        return self.status == BaseStatus.APPROVED

    def clean(self) -> None:
        if self.organization_id and self.institution_id and self.organization.institution_id != self.institution_id:
            raise ValidationError({"organization": _("The organization belongs to another institution.")})


class BaseVetting(TimeStampedModel):
    """One due-diligence check of a base; the latest decision gates its use (001 §12, Q15).

    Every criterion must pass (with a note or evidence) for an approval.
    """

    base = models.ForeignKey(PracticeBase, models.CASCADE, related_name="vettings", verbose_name=_("practice base"))
    checked_on = models.DateField(_("checked on"))
    checked_by = _user_fk(_("checked by"))
    activity_ok = models.BooleanField(VettingCriterion.ACTIVITY.label, default=False)
    activity_note = models.TextField(_("evidence: statutory activity"), blank=True)
    staff_ok = models.BooleanField(VettingCriterion.STAFF.label, default=False)
    staff_note = models.TextField(_("evidence: staff"), blank=True)
    equipment_ok = models.BooleanField(VettingCriterion.EQUIPMENT.label, default=False)
    equipment_note = models.TextField(_("evidence: equipment"), blank=True)
    safety_ok = models.BooleanField(VettingCriterion.SAFETY.label, default=False)
    safety_note = models.TextField(_("evidence: safety"), blank=True)
    reputation_ok = models.BooleanField(VettingCriterion.REPUTATION.label, default=False)
    reputation_note = models.TextField(_("evidence: reputation"), blank=True)
    evidence_file = models.FileField(
        _("evidence file"), upload_to="practice/vetting/%Y/", blank=True, validators=scan_validators
    )
    legal_review = models.BooleanField(_("reviewed by the legal department"), default=False)
    decision = models.CharField(_("decision"), max_length=8, choices=VettingDecision.choices)

    history = _history()
    objects = qs.BaseVettingQuerySet.as_manager()

    scope_level = "department"
    CRITERIA = ("activity", "staff", "equipment", "safety", "reputation")

    class Meta:
        verbose_name = _("vetting of a practice base")
        verbose_name_plural = _("vettings of practice bases")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.base} ({self.checked_on:%d.%m.%Y})"

    def failed_criteria(self) -> list[str]:
        return [c for c in self.CRITERIA if not getattr(self, f"{c}_ok")]

    def clean(self) -> None:
        if self.decision != VettingDecision.APPROVED:
            return
        errors: dict[str, Any] = {}
        for criterion in self.CRITERIA:
            if not getattr(self, f"{criterion}_ok"):
                errors[f"{criterion}_ok"] = _("A base can be approved only when every criterion is met.")
            elif not getattr(self, f"{criterion}_note").strip() and not self.evidence_file:
                errors[f"{criterion}_note"] = _("Describe the evidence for this criterion or attach a file.")
        if errors:
            raise ValidationError(errors)


# ---- Contracts ----------------------------------------------------------------------------------------------
class PracticeContract(TimeStampedModel):
    """A contract with a base, concluded by the department and kept by the Career Center (R-040, R-041, Q14)."""

    base = models.ForeignKey(PracticeBase, models.PROTECT, related_name="contracts", verbose_name=_("practice base"))
    department = models.ForeignKey(
        "core.Department", models.PROTECT, related_name="practice_contracts", verbose_name=_("concluding department")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ContractKind.choices, default=ContractKind.FRAMEWORK)
    number = models.CharField(_("number"), max_length=64)
    signed_on = models.DateField(_("signed on"), null=True, blank=True, help_text=_("Empty while being negotiated."))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    custodian = models.CharField(
        _("custodian of the original"), max_length=16, choices=Custodian.choices, default=Custodian.CAREER_CENTER
    )
    scan = models.FileField(
        _("signed scan"), upload_to="practice/contracts/%Y/", blank=True, validators=scan_validators
    )
    note = models.TextField(_("note"), blank=True)

    history = _history()
    objects = qs.PracticeContractQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("practice contract")
        verbose_name_plural = _("practice contracts")
        ordering = ["-valid_from", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__gte=F("valid_from")),
                name="practice_contract_valid_period",
                violation_error_message=_("A contract cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["department", "number"],
                name="practice_contract_unique_number",
                violation_error_message=_("The department already has a contract with this number."),
            ),
        ]

    def __str__(self) -> str:
        return _("No. {number}, {base}").format(number=self.number, base=self.base)

    def get_absolute_url(self) -> str:
        return reverse("practice:practicecontract_detail", args=[self.pk])

    def covers(self, day: dt.date) -> bool:
        return bool(self.signed_on) and self.valid_from <= day <= self.valid_until


class ContractAnnex(TimeStampedModel):
    """The annex of a framework contract for one practice: dates and students per program group (Q14)."""

    contract = models.ForeignKey(
        PracticeContract, models.CASCADE, related_name="annexes", verbose_name=_("practice contract")
    )
    practice = models.ForeignKey(Practice, models.PROTECT, related_name="annexes", verbose_name=_("practice"))
    number = models.CharField(_("annex number"), max_length=32)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    student_count = models.PositiveSmallIntegerField(_("number of students"), default=0)
    scan = models.FileField(_("signed scan"), upload_to="practice/annexes/%Y/", blank=True, validators=scan_validators)

    history = _history()

    class Meta:
        verbose_name = _("contract annex")
        verbose_name_plural = _("contract annexes")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "practice"],
                name="practice_annex_one_per_practice",
                violation_error_message=_("The contract already has an annex for this practice."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract.number}/{self.number}"


# ---- Placements ---------------------------------------------------------------------------------------------
class PlacementPreference(models.Model):
    """A student's ranked wish for a base in a practice (input of the automatic allocation)."""

    practice = models.ForeignKey(Practice, models.CASCADE, related_name="preferences", verbose_name=_("practice"))
    student = models.ForeignKey(
        "core.Student", models.CASCADE, related_name="practice_preferences", verbose_name=_("student")
    )
    base = models.ForeignKey(PracticeBase, models.CASCADE, related_name="preferences", verbose_name=_("practice base"))
    rank = models.PositiveSmallIntegerField(_("rank"), validators=[MinValueValidator(1), MaxValueValidator(10)])

    objects = qs.PlacementPreferenceQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("placement preference")
        verbose_name_plural = _("placement preferences")
        ordering = ["practice", "student", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "student", "rank"],
                name="practice_pref_unique_rank",
                violation_error_message=_("Each rank can be used once."),
            ),
            models.UniqueConstraint(
                fields=["practice", "student", "base"],
                name="practice_pref_unique_base",
                violation_error_message=_("Each base can be chosen once."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.student} → {self.base} ({self.rank})"


class PracticeOrder(TimeStampedModel):
    """The department head's submission for the rector's order, then the order itself (R-022, R-040, Q13).

    `override_reason`/`override_by`: the Career Center head let the submission go although some base
    had no signed contract 30 days before the start.
    """

    practice = models.ForeignKey(Practice, models.PROTECT, related_name="orders", verbose_name=_("practice"))
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    order_number = models.CharField(_("order number"), max_length=64, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)
    override_reason = models.TextField(_("reason for the override"), blank=True)
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("overridden by"),
    )
    language = models.CharField(_("document language"), max_length=2, choices=settings.LANGUAGES, default="kk")

    history = _history()
    objects = qs.PracticeOrderQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("rector's order on practice")
        verbose_name_plural = _("rector's orders on practice")
        ordering = ["-submitted_on", "-pk"]

    def __str__(self) -> str:
        if self.order_number:
            return _("Order No. {number} of {date}").format(
                number=self.order_number, date=f"{self.order_date:%d.%m.%Y}" if self.order_date else "—"
            )
        return _("Submission for the rector's order: {practice}").format(practice=self.practice)

    def get_absolute_url(self) -> str:
        return reverse("practice:practiceorder_detail", args=[self.pk])


class Placement(TimeStampedModel):
    """A student at a base for a practice, with the department and company supervisors (R-022…R-031)."""

    practice = models.ForeignKey(Practice, models.PROTECT, related_name="placements", verbose_name=_("practice"))
    student = models.ForeignKey(
        "core.Student", models.PROTECT, related_name="practice_placements", verbose_name=_("student")
    )
    base = models.ForeignKey(PracticeBase, models.PROTECT, related_name="placements", verbose_name=_("practice base"))
    status = models.CharField(
        _("status"), max_length=12, choices=PlacementStatus.choices, default=PlacementStatus.PROPOSED
    )
    source = models.CharField(_("assigned by"), max_length=12, choices=PlacementSource.choices)
    supervisor = models.ForeignKey(
        "core.Employee",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_placements",
        verbose_name=_("head of practice from the department"),
    )
    supervisor_exception = models.TextField(
        _("reason for choosing this supervisor"),
        blank=True,
        help_text=_("Required when the supervisor is not a professor, associate professor or senior lecturer."),
    )
    company_supervisor_name = models.CharField(_("head of practice from the company"), max_length=255, blank=True)
    company_supervisor_position = models.CharField(_("company supervisor's position"), max_length=255, blank=True)
    company_supervisor_email = models.EmailField(_("company supervisor's e-mail"), blank=True)
    company_supervisor_phone = models.CharField(_("company supervisor's phone"), max_length=32, blank=True)
    thesis_topic = models.CharField(
        _("thesis topic"), max_length=500, blank=True, help_text=_("Pre-graduate practice serves the thesis.")
    )
    order = models.ForeignKey(
        PracticeOrder,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("rector's order"),
    )
    # Documents issued to the student and preparation
    referral_issued_on = models.DateField(_("referral issued on"), null=True, blank=True)
    notice_issued_on = models.DateField(_("notice of completion issued on"), null=True, blank=True)
    rules_acknowledged_on = models.DateField(_("practice rules acknowledged on"), null=True, blank=True)
    # The company supervisor, through a signed link
    safety_briefing_on = models.DateField(_("safety briefing given on"), null=True, blank=True)
    characterization = models.TextField(_("characterization of the student"), blank=True)
    company_report_score = models.PositiveSmallIntegerField(
        _("company's assessment of the report (0–100)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    company_report_comment = models.TextField(_("company's comment on the report"), blank=True)
    company_submitted_at = models.DateTimeField(_("company evaluation received"), null=True, blank=True)
    # Report, admission (pre-graduate) and defence
    report_submitted_on = models.DateField(_("report submitted on"), null=True, blank=True)
    # The department head of practice's review of the report (R-027, R-045 step 1)
    review_text = models.TextField(_("review of the report"), blank=True)
    review_decision = models.CharField(
        _("recommended decision"), max_length=12, choices=ReviewDecision.choices, blank=True
    )
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    reviewed_by = _user_fk(_("reviewed by"))
    admitted_to_defence = models.BooleanField(_("admitted to the defence"), null=True, blank=True)
    admission_decided_on = models.DateField(_("admission decided on"), null=True, blank=True)
    defence_date = models.DateField(_("defence date"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        _("score (0–100)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    letter_grade = models.CharField(_("letter grade"), max_length=2, blank=True)
    grade_points = models.DecimalField(_("grade points"), max_digits=3, decimal_places=2, null=True, blank=True)
    graded_on = models.DateField(_("graded on"), null=True, blank=True)

    history = _history()
    objects = qs.PlacementQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        ordering = ["practice", "student__last_name", "student__first_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "student"],
                condition=~Q(status="cancelled"),
                name="practice_placement_one_per_student",
                violation_error_message=_("The student is already placed for this practice."),
            ),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=100),
                name="practice_placement_score_range",
                violation_error_message=_("The score is between 0 and 100."),
            ),
        ]
        indexes = [models.Index(fields=["practice", "base"], name="practice_placement_base")]

    def __str__(self) -> str:
        return f"{self.student} — {self.base}"

    def get_absolute_url(self) -> str:
        return reverse("practice:placement_detail", args=[self.pk])


class CompanyPackage(TimeStampedModel):
    """What the department sends a base one month before the start (R-025): programme, calendar schedule
    and students per program group; the company's approval is recorded."""

    practice = models.ForeignKey(Practice, models.PROTECT, related_name="packages", verbose_name=_("practice"))
    base = models.ForeignKey(PracticeBase, models.PROTECT, related_name="packages", verbose_name=_("practice base"))
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    approved_on = models.DateField(_("approved by the company on"), null=True, blank=True)
    language = models.CharField(_("document language"), max_length=2, choices=settings.LANGUAGES, default="kk")

    history = _history()
    objects = qs.CompanyPackageQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("package for the company")
        verbose_name_plural = _("packages for companies")
        ordering = ["practice", "base"]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "base"],
                name="practice_package_one_per_base",
                violation_error_message=_("This base already has a package for this practice."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice} — {self.base}"


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

    Configurable per institution; without rows the default table of `mansap.practice.grades` applies.
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


# ---- Diary and documents ------------------------------------------------------------------------------------
class DiaryEntry(TimeStampedModel):
    """A dated entry of the student's electronic practice diary (R-029)."""

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

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y}"


class PracticeDocument(TimeStampedModel):
    """A file of a placement (report, signed scans), with custodian, retention and disposal (R-033, Q19, Q20)."""

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
