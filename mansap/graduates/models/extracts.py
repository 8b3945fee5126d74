"""Verified employment (#20): official extracts (labour contracts, pension contributions) and consent to checks.

An extract is a file the Career Center obtained from an official register (ESUTD on the Enbek platform, or the
pension contribution records), keyed by IIN. Its rows are kept as read, matched to a graduate when the IIN is
known (a row of an unknown IIN is kept for matching later), and never edited: a wrong extract is deleted whole and
uploaded again. The same file (by SHA-256) is taken once per institution.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from mansap.common.identifiers import validate_bin, validate_iin
from mansap.common.partitioning import InstitutionFromParent
from mansap.core.models.base import TimeStampedModel
from mansap.graduates.choices import ConsentStatus, ExtractKind
from mansap.graduates.querysets import (
    CheckConsentQuerySet,
    ExtractRowQuerySet,
    ExtractUploadQuerySet,
    OfficialExtractQuerySet,
)

if TYPE_CHECKING:
    from mansap.core.models import Student


class ExtractProfile(TimeStampedModel):
    """A saved column mapping of one kind of extract: which header of the file holds which field."""

    institution = models.ForeignKey("core.Institution", models.CASCADE, related_name="+", verbose_name=_("institution"))
    kind = models.CharField(_("kind"), max_length=16, choices=ExtractKind.choices)
    name = models.CharField(_("name"), max_length=100)
    # {field: header as written in the file}, e.g. {"iin": "ЖСН", "month": "Период"}.
    mapping = models.JSONField(_("column mapping"), default=dict)
    created_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("created by")
    )

    class Meta:
        verbose_name = _("extract column profile")
        verbose_name_plural = _("extract column profiles")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "kind", "name"], name="graduates_extract_profile_unique")
        ]

    def __str__(self) -> str:
        return self.name


class OfficialExtract(TimeStampedModel):
    """One uploaded extract: what it is, where it came from, the period it covers and the cohorts it was asked for."""

    institution = models.ForeignKey("core.Institution", models.PROTECT, related_name="+", verbose_name=_("institution"))
    kind = models.CharField(_("kind"), max_length=16, choices=ExtractKind.choices)
    source = models.CharField(
        _("source"), max_length=255, help_text=_("The register and the body that issued the extract.")
    )
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    consent_basis = models.CharField(
        _("consent basis"),
        max_length=500,
        help_text=_("On what basis the graduates' data were requested (e.g. consent forms collected at graduation)."),
    )
    file = models.FileField(_("file"), upload_to="extracts/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    profile = models.ForeignKey(
        ExtractProfile,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="extracts",
        verbose_name=pgettext_lazy("column mapping", "profile"),
    )
    row_count = models.PositiveIntegerField(_("rows"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uploaded by")
    )

    objects = OfficialExtractQuerySet.as_manager()

    class Meta:
        verbose_name = _("official extract")
        verbose_name_plural = _("official extracts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            # The same file twice adds nothing (#20): one extract per file content and institution.
            models.UniqueConstraint(fields=["institution", "sha256"], name="graduates_extract_file_once"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="graduates_extract_period_order",
                violation_error_message=_("The end of the period cannot be before its start."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.original_name}"

    def private_file_url(self, field_name: str) -> str | None:
        return reverse("graduates:extract_file", args=[self.pk]) if field_name == "file" else None


class ExtractCohort(models.Model):
    """A cohort (graduation year) an extract was requested for: its graduates are covered by the extract."""

    extract = models.ForeignKey(
        OfficialExtract, models.CASCADE, related_name="cohorts", verbose_name=_("official extract")
    )
    year = models.PositiveSmallIntegerField(_("graduation year"))

    class Meta:
        verbose_name = _("cohort of an extract")
        verbose_name_plural = _("cohorts of an extract")
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["extract", "year"], name="graduates_extract_cohort_unique")]

    def __str__(self) -> str:
        return str(self.year)


def _extract_field(related_name: str) -> models.ForeignKey[OfficialExtract, OfficialExtract]:
    return models.ForeignKey(
        OfficialExtract, models.CASCADE, related_name=related_name, verbose_name=_("official extract")
    )


def _graduate_field(related_name: str) -> models.ForeignKey[Student | None, Student | None]:
    return models.ForeignKey(
        "core.Student", models.SET_NULL, null=True, blank=True, related_name=related_name, verbose_name=_("graduate")
    )


class ExtractRow(InstitutionFromParent, models.Model):
    """A row of an official extract, as read: its institution (the extract's), its row, the IIN, and the graduate
    matched by the IIN where known. Each kind adds its own fields, and names its `extract` and `graduate` links
    (their reverse names differ: extract.contracts, student.official_contributions...)."""

    institution_from = ("extract", "institution_id")
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    row_number = models.PositiveIntegerField(_("row"))
    iin = models.CharField(_("IIN"), max_length=12, validators=[validate_iin])

    objects = ExtractRowQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["extract", "row_number"]


class OfficialContract(ExtractRow):
    """A labour contract of a labour-contract extract, as read (the graduate matched by IIN where known)."""

    extract = _extract_field("contracts")
    graduate = _graduate_field("official_contracts")
    employer_bin = models.CharField(_("employer's BIN"), max_length=12, blank=True, validators=[validate_bin])
    employer_name = models.CharField(_("employer"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    started_on = models.DateField(_("contract start"))
    ended_on = models.DateField(_("contract end"), null=True, blank=True)

    class Meta(ExtractRow.Meta):
        verbose_name = _("official labour contract")
        verbose_name_plural = _("official labour contracts")
        indexes = [
            models.Index(fields=["institution", "iin"], name="graduates_contract_inst_iin"),
            models.Index(fields=["graduate", "started_on"], name="graduates_contract_grad_start"),
        ]

    def __str__(self) -> str:
        return f"{self.iin} · {self.employer_name or self.employer_bin} · {self.started_on}"


class OfficialContribution(ExtractRow):
    """A month of pension contributions of a contribution extract, as read."""

    extract = _extract_field("contributions")
    graduate = _graduate_field("official_contributions")
    month = models.DateField(_("month"), help_text=_("The first day of the month the contribution is for."))
    payer_bin = models.CharField(_("payer's BIN"), max_length=12, blank=True, validators=[validate_bin])
    payer_name = models.CharField(_("payer"), max_length=255, blank=True)
    amount = models.DecimalField(_("amount, KZT"), max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta(ExtractRow.Meta):
        verbose_name = _("official pension contribution")
        verbose_name_plural = _("official pension contributions")
        indexes = [
            models.Index(fields=["institution", "iin"], name="graduates_contrib_inst_iin"),
            models.Index(fields=["graduate", "month"], name="graduates_contrib_grad_month"),
        ]

    def __str__(self) -> str:
        return f"{self.iin} · {self.month:%Y-%m}"


class OfficialCheckConsent(InstitutionFromParent, TimeStampedModel):
    """A graduate's consent to checks against official registers: a graduate who refused is never covered."""

    institution_from = ("graduate", "institution_id")
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="+", editable=False, verbose_name=_("institution")
    )
    graduate = models.OneToOneField(
        "core.Student", models.CASCADE, related_name="official_check_consent", verbose_name=_("graduate")
    )
    status = models.CharField(_("consent to official checks"), max_length=8, choices=ConsentStatus.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    recorded_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CheckConsentQuerySet.as_manager()

    scope_level = "department"

    class Meta:
        verbose_name = _("consent to official checks")
        verbose_name_plural = _("consents to official checks")

    def __str__(self) -> str:
        return self.get_status_display()


class ExtractUpload(TimeStampedModel):
    """An extract on its way in: the file's import job and what the Career Center said of it (kind, source,
    period, consent basis, cohorts, the column mapping). The job's check and import read it; the import creates
    the OfficialExtract and links it here."""

    institution = models.ForeignKey("core.Institution", models.CASCADE, related_name="+", verbose_name=_("institution"))
    job = models.OneToOneField(
        "core.ImportJob", models.CASCADE, related_name="extract_upload", verbose_name=_("import")
    )
    kind = models.CharField(_("kind"), max_length=16, choices=ExtractKind.choices)
    source = models.CharField(_("source"), max_length=255)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    consent_basis = models.CharField(_("consent basis"), max_length=500)
    cohorts = models.JSONField(_("cohorts"), default=list)
    profile = models.ForeignKey(
        ExtractProfile,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=pgettext_lazy("column mapping", "profile"),
    )
    # {field: header as written in the file}: the profile's, the guessed one, or the user's corrections.
    mapping = models.JSONField(_("column mapping"), default=dict, blank=True)
    mapped = models.BooleanField(_("mapping confirmed"), default=False)
    extract = models.OneToOneField(
        OfficialExtract,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="upload",
        verbose_name=_("official extract"),
    )
    uploaded_by = models.ForeignKey(
        "core.User", models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("uploaded by")
    )

    objects = ExtractUploadQuerySet.as_manager()

    class Meta:
        verbose_name = _("extract upload")
        verbose_name_plural = _("extract uploads")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.job.original_name
