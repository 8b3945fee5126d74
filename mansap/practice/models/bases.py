"""Practice bases (vetted organizations), their vetting, framework contracts and annexes."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.common.partitioning import InstitutionFromParent, InstitutionRowQuerySet
from mansap.core.models.base import TimeStampedModel
from mansap.practice import querysets as qs
from mansap.practice.choices import (
    BaseSource,
    BaseStatus,
    ContractKind,
    Custodian,
    VettingCriterion,
    VettingDecision,
)
from mansap.practice.models.base import _history, _user_fk, scan_validators
from mansap.practice.models.plan import Practice


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


class BaseVetting(InstitutionFromParent, TimeStampedModel):
    """One due-diligence check of a base; the latest decision gates its use (001 §12, Q15).

    Every criterion must pass (with a note or evidence) for an approval.
    """

    institution_from = ("base", "institution_id")
    # Its institution, the same as its base's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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
        indexes = [models.Index(fields=["institution", "checked_on"], name="practice_vetting_inst_checked")]

    def private_file_url(self, field_name: str) -> str | None:
        """The scoped view that serves a stored file of this row (common.forms.PrivateFileInput links to it)."""
        return reverse("practice:basevetting_evidence", args=[self.pk]) if field_name == "evidence_file" else None

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
class PracticeContract(InstitutionFromParent, TimeStampedModel):
    """A contract with a base, concluded by the department and kept by the Career Center (R-040, R-041, Q14)."""

    institution_from = ("base", "institution_id")
    # Its institution, the same as its base's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
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
        indexes = [models.Index(fields=["institution", "valid_from"], name="practice_contract_inst_from")]
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

    def private_file_url(self, field_name: str) -> str | None:
        """The scoped view that serves a stored file of this row (common.forms.PrivateFileInput links to it)."""
        return reverse("practice:practicecontract_scan", args=[self.pk]) if field_name == "scan" else None

    def __str__(self) -> str:
        return _("No. {number}, {base}").format(number=self.number, base=self.base)

    def get_absolute_url(self) -> str:
        return reverse("practice:practicecontract_detail", args=[self.pk])

    def covers(self, day: dt.date) -> bool:
        return bool(self.signed_on) and self.valid_from <= day <= self.valid_until


class ContractAnnex(InstitutionFromParent, TimeStampedModel):
    """The annex of a framework contract for one practice: dates and students per program group (Q14)."""

    contract = models.ForeignKey(
        PracticeContract, models.CASCADE, related_name="annexes", verbose_name=_("practice contract")
    )
    institution_from = ("practice", "institution_id")
    # Its institution, the same as its practice's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    practice = models.ForeignKey(Practice, models.PROTECT, related_name="annexes", verbose_name=_("practice"))
    number = models.CharField(_("annex number"), max_length=32)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    student_count = models.PositiveSmallIntegerField(_("number of students"), default=0)
    scan = models.FileField(_("signed scan"), upload_to="practice/annexes/%Y/", blank=True, validators=scan_validators)

    history = _history()
    objects = InstitutionRowQuerySet.as_manager()

    class Meta:
        verbose_name = _("contract annex")
        verbose_name_plural = _("contract annexes")
        ordering = ["contract", "number"]
        indexes = [models.Index(fields=["institution", "contract"], name="practice_annex_inst_contract")]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "practice"],
                name="practice_annex_one_per_practice",
                violation_error_message=_("The contract already has an annex for this practice."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract.number}/{self.number}"
