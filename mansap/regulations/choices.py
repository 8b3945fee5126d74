"""Choice lists of the regulations app (issue #17): document types, classification, version statuses, review
results. The codes are the issue's interface (import columns, API, JSON): kept exactly."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    REGULATION = "regulation", _("regulation")
    RULES = "rules", _("rules")
    PROCESS_MAP = "process_map", _("process map")
    UNIT_REGULATION = "unit_regulation", _("unit regulation")
    INSTRUCTION = "instruction", _("instruction")
    FORM = "form", _("form")


class Classification(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal only")


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_AGREEMENT = "in_agreement", _("in agreement")
    APPROVED = "approved", _("approved")
    IN_FORCE = "in_force", _("in force")
    UNDER_REVISION = "under_revision", _("under revision")
    SUPERSEDED = "superseded", _("superseded")
    CANCELLED = "cancelled", _("cancelled")


# The lifecycle (issue #17): which status may follow which. put_in_force and supersede have their own services.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    VersionStatus.DRAFT: (VersionStatus.IN_AGREEMENT, VersionStatus.CANCELLED),
    VersionStatus.IN_AGREEMENT: (VersionStatus.APPROVED, VersionStatus.DRAFT, VersionStatus.CANCELLED),
    VersionStatus.APPROVED: (VersionStatus.IN_FORCE, VersionStatus.CANCELLED),
    VersionStatus.IN_FORCE: (VersionStatus.UNDER_REVISION, VersionStatus.SUPERSEDED, VersionStatus.CANCELLED),
    VersionStatus.UNDER_REVISION: (VersionStatus.IN_FORCE, VersionStatus.SUPERSEDED, VersionStatus.CANCELLED),
    VersionStatus.SUPERSEDED: (),
    VersionStatus.CANCELLED: (),
}
# Versions in force today: under revision, a version still is.
LIVE = (VersionStatus.IN_FORCE, VersionStatus.UNDER_REVISION)
# Versions that were (or are) in force: their effective date opens a period of validity.
WAS_IN_FORCE = (VersionStatus.IN_FORCE, VersionStatus.UNDER_REVISION, VersionStatus.SUPERSEDED)
# Versions only the quality department sees (not yet approved).
UNPUBLISHED = (VersionStatus.DRAFT, VersionStatus.IN_AGREEMENT)


class ReviewResult(models.TextChoices):
    NO_CHANGE = "no_change", _("no change")
    REVISE = "revise", _("revise")
    CANCEL = "cancel", _("cancel")


class Language(models.TextChoices):
    KK = "kk", _("Kazakh")
    RU = "ru", _("Russian")
    EN = "en", _("English")


LANGUAGES = ("kk", "ru", "en")
DEFAULT_REVIEW_INTERVAL = 3
FILE_EXTENSIONS = ["pdf", "docx", "doc", "odt"]
