"""Choice lists of the employers app (the regions are the graduates app's, shared)."""

from __future__ import annotations

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

from mansap.graduates.choices import Region, match_region

__all__ = ["AgreementKind", "JointUnitKind", "OrganizationSize", "Region", "region_code"]


class OrganizationSize(models.TextChoices):
    """Business size as the Entrepreneur Code of Kazakhstan (art. 24) classifies it."""

    MICRO = "micro", _("micro (up to 15 employees)")
    SMALL = "small", _("small (up to 100 employees)")
    MEDIUM = "medium", _("medium (up to 250 employees)")
    LARGE = "large", _("large (over 250 employees)")


class AgreementKind(models.TextChoices):
    SOCIAL_PARTNERSHIP = "social_partnership", _("social partnership memorandum")
    COOPERATION = "cooperation", _("cooperation agreement")
    OTHER = "other", _("other agreement")


class JointUnitKind(models.TextChoices):
    DEPARTMENT_BRANCH = "department_branch", _("branch of a department at an enterprise")
    JOINT_LABORATORY = "joint_laboratory", _("joint laboratory")
    OTHER = "other", _("other joint unit")


# "Астана қ.", "г. Алматы", "Шымкент қаласы": a city written with its marker.
_CITY_MARKERS = re.compile(r"^(г\.|город)\s*|\s*(қ\.|г\.|қаласы|city)$", re.IGNORECASE)


def region_code(text: str) -> str | None:
    """The Region code for a region or city as people write it, or None when it names none."""
    found = match_region(text)
    if found is None and text:
        found = match_region(_CITY_MARKERS.sub("", " ".join(text.split())))
    return found
