"""Document templates as controlled documents (issue #17, R-021, R-152).

The texts of the documents the platform generates (the practice referral, notice of completion, diary and report
form; later the service desk's certificates) are kept in the register: a `DocumentTemplate` ties a stable key the
code asks for (e.g. `practice.referral`) to a controlled Document, and each version of that Document carries its
text per language (`TemplateText`, Django template syntax over the context the caller passes). Editing the text
makes a new minor version (services.templates.revise_template); a generated document records the version it
used, so an old one can be reproduced with the text it had.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.models.base import TimeStampedModel
from mansap.regulations.choices import Language
from mansap.regulations.querysets import DocumentChildQuerySet, VersionChildQuerySet


class DocumentTemplate(TimeStampedModel):
    """The register's document that holds the text of one generated document (one per key and institution)."""

    document = models.OneToOneField(
        "regulations.Document", models.CASCADE, related_name="template", verbose_name=_("document")
    )
    key = models.CharField(
        _("template key"), max_length=60, help_text=_("What the platform asks for, e.g. practice.referral.")
    )

    objects = DocumentChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("document template")
        verbose_name_plural = _("document templates")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.key


class TemplateText(TimeStampedModel):
    """The text of a template version in one language."""

    version = models.ForeignKey(
        "regulations.DocumentVersion", models.CASCADE, related_name="template_texts", verbose_name=_("version")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices)
    text = models.TextField(_("text"))

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = VersionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("template text")
        verbose_name_plural = _("template texts")
        ordering = ["version", "language"]
        constraints = [
            models.UniqueConstraint(fields=["version", "language"], name="regulations_template_text_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.version} {self.language}"


__all__ = ["DocumentTemplate", "TemplateText"]
