"""Organizations (employers, practice bases, sponsors), partnership agreements and joint units.

One registry of organizations per institution is shared by every feature that names
an employer; duplicates typed twice are merged by `services.merge_organizations`,
which leaves an `OrganizationMerge` row behind.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.fields import URLField
from mansap.common.identifiers import BINFacts, bin_facts, validate_bin
from mansap.common.phones import normalize_phone
from mansap.common.uploads import validate_evidence
from mansap.core.choices import Region
from mansap.core.models.base import TimeStampedModel, TranslatedNameModel
from mansap.employers.choices import AgreementKind, JointUnitKind, OrganizationSize
from mansap.employers.querysets import (
    JointUnitQuerySet,
    OrganizationMergeQuerySet,
    OrganizationQuerySet,
    PartnershipAgreementQuerySet,
)

SCAN_EXTENSIONS = ["pdf", "jpg", "jpeg", "png"]


validate_oked = RegexValidator(r"^\d{5}$", _("An activity code (OKED) has exactly 5 digits."), code="oked_format")


class Organization(TranslatedNameModel, TimeStampedModel):
    """An organization the university works with: employer, practice base or training sponsor."""

    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="organizations", verbose_name=_("institution")
    )
    bin = models.CharField(_("BIN"), max_length=12, blank=True, validators=[validate_bin])
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    oked = models.CharField(
        _("activity code (OKED)"),
        max_length=5,
        blank=True,
        validators=[validate_oked],
        help_text=_("The 5-digit code of the main activity in the general classifier (OKED)."),
    )
    size = models.CharField(_("size"), max_length=8, choices=OrganizationSize.choices, blank=True)
    region = models.CharField(_("region"), max_length=24, choices=Region.choices, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    website = URLField(_("website"), blank=True)
    contact_person = models.CharField(_("contact person"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = OrganizationQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name_ru"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "bin"],
                condition=~Q(bin=""),
                name="employers_organization_bin_unique",
                violation_error_message=_("An organization with this BIN is already registered."),
            )
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    def get_absolute_url(self) -> str:
        return reverse("employers:organization_detail", args=[self.pk])

    @property
    def bin_facts(self) -> BINFacts | None:
        """What the BIN's digits say (registration month, entity type, head office or branch)."""
        if not self.bin:
            return None
        try:
            validate_bin(self.bin)
        except ValidationError:
            return None
        return bin_facts(self.bin)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
            except ValidationError as exc:
                errors["phone"] = exc
        if self.bin and self.institution_id:
            # The unique constraint spans (institution, bin); the form has no institution field,
            # so the duplicate is named on the BIN here.
            twin = Organization.objects.filter(institution_id=self.institution_id, bin=self.bin).exclude(pk=self.pk)
            if twin.exists():
                errors["bin"] = _("An organization with this BIN is already registered.")
        if errors:
            raise ValidationError(errors)


class PartnershipAgreement(TimeStampedModel):
    """A memorandum or agreement with an organization; counted for KPI-17.5 while in force."""

    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="agreements", verbose_name=_("organization")
    )
    kind = models.CharField(_("kind"), max_length=24, choices=AgreementKind.choices)
    number = models.CharField(_("number"), max_length=64, blank=True)
    signed_on = models.DateField(_("signed on"))
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, help_text=_("Leave empty for an agreement without an end date.")
    )
    department = models.ForeignKey(
        "core.Department",
        models.PROTECT,
        null=True,
        blank=True,
        related_name="partnership_agreements",
        verbose_name=_("responsible department"),
    )
    scan = models.FileField(
        _("scan"),
        upload_to="agreements/%Y/%m/",
        blank=True,
        validators=[FileExtensionValidator(SCAN_EXTENSIONS), validate_evidence],
        help_text=_("The signed agreement: PDF, JPG or PNG, up to 5 MB."),
    )
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = PartnershipAgreementQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("partnership agreement")
        verbose_name_plural = _("partnership agreements")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="employers_agreement_valid_until_after_from",
                violation_error_message=_("The agreement cannot end before it starts."),
            )
        ]
        indexes = [models.Index(fields=["valid_until"], name="employers_agreement_until")]

    def private_file_url(self, field_name: str) -> str | None:
        """The scoped view that serves a stored file of this row (common.forms.PrivateFileInput links to it)."""
        return reverse("employers:partnershipagreement_scan", args=[self.pk]) if field_name == "scan" else None

    def __str__(self) -> str:
        number = f" № {self.number}" if self.number else ""
        return f"{self.get_kind_display()}{number}"

    def get_absolute_url(self) -> str:
        return reverse("employers:partnershipagreement_detail", args=[self.pk])

    def is_in_force(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.valid_from <= on and (self.valid_until is None or self.valid_until >= on)

    def days_left(self, today: dt.date | None = None) -> int | None:
        if self.valid_until is None:
            return None
        return (self.valid_until - (today or timezone.localdate())).days

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.valid_from and self.valid_until and self.valid_until < self.valid_from:
            errors["valid_until"] = _("The agreement cannot end before it starts.")
        department = self.department if self.department_id else None
        if self.organization_id and department is not None:
            if department.faculty.institution_id != self.organization.institution_id:
                errors["department"] = _("The department and the organization belong to different institutions.")
        if errors:
            raise ValidationError(errors)


class JointUnit(TranslatedNameModel, TimeStampedModel):
    """A unit opened together with an employer (KPI-17.6): a department branch, a joint laboratory..."""

    kind = models.CharField(_("kind"), max_length=24, choices=JointUnitKind.choices)
    department = models.ForeignKey(
        "core.Department", models.PROTECT, related_name="joint_units", verbose_name=_("department")
    )
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="joint_units", verbose_name=_("organization")
    )
    agreement = models.ForeignKey(
        PartnershipAgreement,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="joint_units",
        verbose_name=_("agreement"),
    )
    opened_on = models.DateField(_("opened on"))
    closed_on = models.DateField(
        _("closed on"), null=True, blank=True, help_text=_("From this day on the unit no longer counts as open.")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = JointUnitQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("joint unit")
        verbose_name_plural = _("joint units")
        ordering = ["-opened_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("opened_on")),
                name="employers_jointunit_closed_after_opened",
                violation_error_message=_("A unit cannot close before it opens."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("employers:jointunit_detail", args=[self.pk])

    def is_open(self, on: dt.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.opened_on <= on and (self.closed_on is None or self.closed_on > on)

    def clean(self) -> None:
        super().clean()
        errors: dict[str, object] = {}
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _("A unit cannot close before it opens.")
        agreement = self.agreement if self.agreement_id else None
        if agreement is not None and self.organization_id and agreement.organization_id != self.organization_id:
            errors["agreement"] = _("The agreement was signed with another organization.")
        if self.organization_id and self.department_id:
            if self.department.faculty.institution_id != self.organization.institution_id:
                errors["department"] = _("The department and the organization belong to different institutions.")
        if errors:
            raise ValidationError(errors)


class OrganizationMerge(models.Model):
    """The trace of a merge: which duplicates went into which organization, and what was re-pointed."""

    institution = models.ForeignKey("core.Institution", models.PROTECT, related_name="+", verbose_name=_("institution"))
    survivor = models.ForeignKey(
        Organization,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="merges",
        verbose_name=_("kept organization"),
    )
    survivor_name = models.CharField(_("kept organization (name)"), max_length=255)
    merged = models.JSONField(_("merged organizations"), default=list, help_text=_("id, names and BIN of each."))
    relinked = models.JSONField(_("re-pointed records"), default=dict, help_text=_("Rows moved, per relation."))
    filled_fields = models.JSONField(_("filled fields"), default=dict)
    merged_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("merged by")
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)

    objects = OrganizationMergeQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("organization merge")
        verbose_name_plural = _("organization merges")
        ordering = ["-merged_at", "-pk"]

    def __str__(self) -> str:
        names = ", ".join(str(m.get("name") or m.get("id")) for m in self.merged)
        return f"{names} → {self.survivor_name}"
