"""Issued documents (issue #16): the numbered outgoing register of certificates, each a stored PDF with its SHA-256
and a random verification code that a public page checks. Revoked with a reason; a re-issue is a new number."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel
from mansap.servicedesk.choices import DocumentStatus, Language
from mansap.servicedesk.querysets import IssuedDocumentQuerySet


class IssuedDocument(TimeStampedModel):
    institution = models.ForeignKey(
        "core.Institution", models.PROTECT, related_name="issued_documents", verbose_name=_("institution")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence number"))
    number = models.CharField(_("outgoing number"), max_length=32)
    issued_on = models.DateField(_("issue date"))
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("issued by")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    service = models.ForeignKey(
        "servicedesk.Service", models.PROTECT, related_name="documents", verbose_name=_("service")
    )
    student = models.ForeignKey(
        "core.Student", models.PROTECT, related_name="issued_documents", verbose_name=_("holder")
    )
    request = models.ForeignKey(
        "servicedesk.ServiceRequest", models.SET_NULL, null=True, blank=True, related_name="documents",
        verbose_name=_("request"),
    )  # fmt: skip
    file = models.FileField(_("file"), upload_to="servicedesk/documents/%Y/%m/", max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    verification_code = models.CharField(_("verification code"), max_length=16, unique=True)
    status = models.CharField(_("status"), max_length=8, choices=DocumentStatus.choices, default=DocumentStatus.VALID)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("revoked by")
    )
    revocation_reason = models.TextField(_("reason of the revocation"), blank=True)
    # The version of the certificate's text (regulations' document template) the PDF was printed with: rendering
    # the document again reproduces that text; empty when the code's default text was used.
    template_version = models.ForeignKey(
        "regulations.DocumentVersion", models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("template version"),
    )  # fmt: skip

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = IssuedDocumentQuerySet.as_manager()

    scope_level = "institution"

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-pk"]
        indexes = [models.Index(fields=["institution", "issued_at"], name="servicedesk_doc_inst_issued")]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "number"],
                name="servicedesk_document_number_unique",
                violation_error_message=_("A document with this number already exists."),
            ),
            models.UniqueConstraint(
                fields=["institution", "year", "sequence"],
                name="servicedesk_document_sequence_unique",
                violation_error_message=_("A document with this number already exists."),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("servicedesk:document_list") + f"?number={self.number}"

    def get_download_url(self) -> str:
        return reverse("servicedesk:document_file", args=[self.pk])

    def get_verify_path(self) -> str:
        return reverse("servicedesk:verify", args=[self.verification_code])

    @property
    def is_valid(self) -> bool:
        return self.status == DocumentStatus.VALID
