"""Students' wishes, placements at bases, the rector's orders and company packages."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.common.partitioning import InstitutionFromParent
from mansap.core.models.base import TimeStampedModel
from mansap.practice import querysets as qs
from mansap.practice.choices import (
    PlacementSource,
    PlacementStatus,
    ReviewDecision,
)
from mansap.practice.models.base import _history, _user_fk
from mansap.practice.models.bases import PracticeBase
from mansap.practice.models.plan import Practice


# ---- Placements ---------------------------------------------------------------------------------------------
class PlacementPreference(InstitutionFromParent, models.Model):
    """A student's ranked wish for a base in a practice (input of the automatic allocation)."""

    institution_from = ("practice", "institution_id")
    # Its institution, the same as its practice's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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
        indexes = [models.Index(fields=["institution", "practice"], name="practice_pref_inst_practice")]
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


class Placement(InstitutionFromParent, TimeStampedModel):
    """A student at a base for a practice, with the department and company supervisors (R-022…R-031)."""

    institution_from = ("practice", "institution_id")
    # Its institution, the same as its practice's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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
    # The template versions (regulations.services.templates) the issued referral and notice were printed with:
    # printing them again later reproduces the same text.
    referral_template = models.ForeignKey(
        "regulations.DocumentVersion", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("referral template version"),
    )  # fmt: skip
    notice_template = models.ForeignKey(
        "regulations.DocumentVersion", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("notice template version"),
    )  # fmt: skip
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
        indexes = [
            models.Index(fields=["institution", "practice"], name="practice_placement_inst"),
            models.Index(fields=["practice", "base"], name="practice_placement_base"),
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.base}"

    def get_absolute_url(self) -> str:
        return reverse("practice:placement_detail", args=[self.pk])


class CompanyPackage(InstitutionFromParent, TimeStampedModel):
    """What the department sends a base one month before the start (R-025): programme, calendar schedule
    and students per program group; the company's approval is recorded."""

    institution_from = ("practice", "institution_id")
    # Its institution, the same as its practice's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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
        indexes = [models.Index(fields=["institution", "practice"], name="practice_package_inst")]
        constraints = [
            models.UniqueConstraint(
                fields=["practice", "base"],
                name="practice_package_one_per_base",
                violation_error_message=_("This base already has a package for this practice."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.practice} — {self.base}"
