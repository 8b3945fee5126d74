"""The register of controlled documents (issue #17; R-137…R-153, ISO 9001:2015 §7.5).

A Document is a regulation, rules, a process map, a unit regulation, an instruction or a form, under its code
(validated against the institution's CodePatterns; other codes it carries are its aliases). Its versions
(major.minor) go draft → in agreement → approved → in force → under revision → superseded / cancelled
(services.documents); each records who approved it (a person, or a collegiate body with its protocol), the
officials who agreed it, its effective date, its files in kk/ru/en and the document that permitted the change.
The document keeps, denormalized by the services, its current status and the next review date.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.common.partitioning import InstitutionFromParent
from mansap.common.uploads import validate_report_file
from mansap.core.models.base import TimeStampedModel, translated
from mansap.regulations.choices import (
    DEFAULT_REVIEW_INTERVAL,
    FILE_EXTENSIONS,
    Classification,
    DocumentType,
    Language,
    VersionStatus,
)
from mansap.regulations.querysets import (
    CodePatternQuerySet,
    DocumentQuerySet,
    DocumentVersionQuerySet,
    DownloadLogQuerySet,
    VersionChildQuerySet,
)

FILE_VALIDATORS: list[Any] = [FileExtensionValidator(FILE_EXTENSIONS), validate_report_file]


def validate_regex(value: str) -> None:
    try:
        re.compile(value)
    except re.error as exc:
        raise ValidationError(_("Not a regular expression: {error}.").format(error=exc)) from None


class CodePattern(TimeStampedModel):
    """A format document codes of the institution follow (R-138); a code matching none is refused."""

    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="document_code_patterns", verbose_name=_("institution")
    )
    name = models.CharField(_("name"), max_length=100)
    regex = models.CharField(
        _("regular expression"), max_length=300, validators=[validate_regex],
        help_text=_("Python regular expression the whole code must match."),
    )  # fmt: skip
    example = models.CharField(_("example"), max_length=80, blank=True)

    objects = CodePatternQuerySet.as_manager()

    class Meta:
        verbose_name = _("document code pattern")
        verbose_name_plural = _("document code patterns")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Document(TimeStampedModel):
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="documents", verbose_name=_("institution")
    )
    code = models.CharField(_("code"), max_length=80)
    aliases = models.TextField(
        _("other codes"), blank=True, help_text=_("Other codes the document carries, one per line.")
    )
    type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    title_kk = models.CharField(_("title (Kazakh)"), max_length=500, blank=True)
    title_ru = models.CharField(_("title (Russian)"), max_length=500, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=500, blank=True)
    faculty = models.ForeignKey(
        "core.Faculty", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("developing faculty")
    )
    department = models.ForeignKey(
        "core.Department", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("developing department"),
    )  # fmt: skip
    # The developing unit when it is not a faculty or department of the platform, named in kk/ru/en.
    unit_name_kk = models.CharField(
        _("developing unit (Kazakh)"), max_length=200, blank=True,
        help_text=_("When the unit is not a faculty or department of the platform."),
    )  # fmt: skip
    unit_name_ru = models.CharField(_("developing unit (Russian)"), max_length=200, blank=True)
    unit_name_en = models.CharField(_("developing unit (English)"), max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="owned_documents",
        verbose_name=_("owner"),
    )  # fmt: skip
    classification = models.CharField(
        _("classification"), max_length=10, choices=Classification.choices, default=Classification.INTERNAL
    )
    edms_number = models.CharField(_("EDMS registration No."), max_length=60, blank=True)
    review_interval_years = models.PositiveSmallIntegerField(
        _("review interval, years"), default=DEFAULT_REVIEW_INTERVAL,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )  # fmt: skip
    replaces = models.ForeignKey(
        "self", models.PROTECT, null=True, blank=True, related_name="successors",
        verbose_name=_("introduced to replace"),
    )  # fmt: skip
    # Kept by the services: the status of the current version (the one in force, else the newest) and the next
    # review date (services.reviews.next_review_date) while a version is in force.
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    next_review_on = models.DateField(_("next review"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "status", "next_review_on"])
    objects = DocumentQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("controlled document")
        verbose_name_plural = _("controlled documents")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "code"],
                name="regulations_document_code_unique",
                violation_error_message=_("A document with this code is already in the register."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def title(self) -> str:
        return translated(self, "title")

    @property
    def unit(self) -> str:
        """The developing unit's name in the active language (a unit given as text: its name in that language,
        else in another)."""
        unit = self.department or self.faculty
        return unit.name if unit is not None else translated(self, "unit_name")

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    def get_absolute_url(self) -> str:
        return reverse("regulations:document_detail", args=[self.pk])


class DocumentVersion(TimeStampedModel):
    document = models.ForeignKey(Document, models.CASCADE, related_name="versions", verbose_name=_("document"))
    major = models.PositiveSmallIntegerField(_("major version"), default=1)
    minor = models.PositiveSmallIntegerField(_("minor version"), default=0)
    status = models.CharField(_("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    approved_by_name = models.CharField(_("approved by (full name)"), max_length=200, blank=True)
    approved_by_position = models.CharField(_("approver's position"), max_length=200, blank=True)
    approval_body = models.CharField(
        _("approving body"), max_length=200, blank=True, help_text=_("A collegiate body, e.g. the Academic Council.")
    )
    protocol_number = models.CharField(_("protocol No."), max_length=40, blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    approved_year = models.PositiveSmallIntegerField(
        _("year of approval"), null=True, blank=True,
        help_text=_("When the approval shows the year only (no day or month)."),
    )  # fmt: skip
    effective_on = models.DateField(_("effective date"), null=True, blank=True)
    ended_on = models.DateField(_("in force until"), null=True, blank=True)
    change_permit = models.CharField(
        _("change permitted by"), max_length=300, blank=True,
        help_text=_("The document or order that permitted this change."),
    )  # fmt: skip
    note = models.TextField(_("note"), blank=True)
    file_kk = models.FileField(_("file (Kazakh)"), upload_to="regulations/%Y/", blank=True, validators=FILE_VALIDATORS)
    file_ru = models.FileField(_("file (Russian)"), upload_to="regulations/%Y/", blank=True, validators=FILE_VALIDATORS)
    file_en = models.FileField(_("file (English)"), upload_to="regulations/%Y/", blank=True, validators=FILE_VALIDATORS)
    imported = models.BooleanField(_("imported"), default=False)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = DocumentVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("document version")
        verbose_name_plural = _("document versions")
        ordering = ["-major", "-minor"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "major", "minor"],
                name="regulations_version_unique",
                violation_error_message=_("The document already has this version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.code} v{self.number}"

    @property
    def number(self) -> str:
        return f"{self.major}.{self.minor}"

    def get_absolute_url(self) -> str:
        return reverse("regulations:document_detail", args=[self.document_id])

    def private_file_url(self, field_name: str) -> str:
        """The scoped download of a file field (common.forms.PrivateFileInput links to it)."""
        return reverse("regulations:version_download", args=[self.pk, field_name.removeprefix("file_")])

    def file_of(self, language: str) -> Any:
        return getattr(self, f"file_{language}")

    @property
    def languages(self) -> list[str]:
        return [code for code in Language.values if self.file_of(code)]

    @property
    def approval(self) -> str:
        """Who approved it, as the title page says."""
        person = " ".join(part for part in (self.approved_by_position, self.approved_by_name) if part)
        if not self.approval_body:
            return person
        protocol = _("protocol No. {number}").format(number=self.protocol_number) if self.protocol_number else ""
        body = ", ".join(part for part in (self.approval_body, str(protocol)) if part)
        return "; ".join(part for part in (body, person) if part)

    def clean(self) -> None:
        super().clean()
        if self.approved_on and self.effective_on and self.effective_on < self.approved_on:
            raise ValidationError({"effective_on": _("A version takes effect on or after its approval.")})


class Agreement(TimeStampedModel):
    """An official who agreed a version (the approval sheet: position, full name, date)."""

    version = models.ForeignKey(DocumentVersion, models.CASCADE, related_name="agreements", verbose_name=_("version"))
    position = models.CharField(_("position"), max_length=200)
    full_name = models.CharField(_("full name"), max_length=200)
    agreed_on = models.DateField(_("date"), null=True, blank=True)

    objects = VersionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.position} {self.full_name}"


class DownloadLog(InstitutionFromParent, models.Model):
    """One download of an internal-only document's file: who, when, which version, which language."""

    institution_from = ("version", "document__institution_id")
    # Its institution, the same as its version's document's (#18: common/partitioning.py fills it).
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    version = models.ForeignKey(DocumentVersion, models.CASCADE, related_name="downloads", verbose_name=_("version"))
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+", verbose_name=_("user")
    )
    at = models.DateTimeField(_("downloaded at"), auto_now_add=True)

    objects = DownloadLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("download")
        verbose_name_plural = _("downloads")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["institution", "at"], name="regulations_download_inst_at")]

    def __str__(self) -> str:
        return f"{self.version} {self.language} {self.user}"


__all__ = ["Agreement", "CodePattern", "Document", "DocumentVersion", "DownloadLog"]
