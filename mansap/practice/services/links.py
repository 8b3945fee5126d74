"""The company supervisor's link (R-030, Q16): no account, a signed token that expires and is used once.

The token (django.core.signing with its own salt) names the placement, the language of the page and
the last day the link works: `LINK_DAYS_AFTER_END` days after the practice ends (at least
`LINK_MIN_DAYS` days after the link was made, so a link sent late still gives the company time).
Once the company has submitted (`Placement.company_submitted_at`), the link is *used*.

A link also carries a short fingerprint of the company supervisor's e-mail: when the department
changes the supervisor, links sent to the previous one stop working.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone

SALT = "mansap.practice.company-link"
LANGUAGE_CODES = ("kk", "ru", "en")
LINK_DAYS_AFTER_END = 30
LINK_MIN_DAYS = 14


class LinkError(Exception):
    """The link cannot be used; `reason` is "invalid", "expired" or "used"."""

    def __init__(self, reason: str, language: str | None = None, placement: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.language = language
        self.placement = placement


@dataclass
class CompanyLink:
    placement: Any
    language: str
    expires_on: dt.date


def _language(language: str | None) -> str:
    return language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE


def _fingerprint(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:10]


def expiry_for(placement: Any, today: dt.date | None = None) -> dt.date:
    """The last day a link made today for the placement works."""
    today = today or timezone.localdate()
    return max(placement.practice.ends_on + dt.timedelta(days=LINK_DAYS_AFTER_END), today + dt.timedelta(LINK_MIN_DAYS))


def make_token(placement: Any, language: str = "", today: dt.date | None = None) -> str:
    expires = expiry_for(placement, today)
    payload = {
        "p": placement.pk,
        "l": _language(language),
        "x": expires.isoformat(),
        "e": _fingerprint(placement.company_supervisor_email),
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def read_token(token: str, today: dt.date | None = None) -> CompanyLink:
    """The link's placement and language; LinkError when tampered, expired or already used."""
    from mansap.practice.models import Placement

    today = today or timezone.localdate()
    try:
        payload = signing.loads(token, salt=SALT)
        placement_pk = int(payload["p"])
        expires = dt.date.fromisoformat(payload["x"])
        fingerprint = str(payload["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError) as exc:
        raise LinkError("invalid") from exc
    language = _language(payload.get("l"))
    placement = (
        Placement.objects.select_related(
            "practice__institution", "practice__program", "student", "base__organization", "supervisor"
        )
        .filter(pk=placement_pk)
        .exclude(status="cancelled")
        .first()
    )
    if placement is None or fingerprint != _fingerprint(placement.company_supervisor_email):
        raise LinkError("invalid", language)
    if placement.company_submitted_at is not None:
        raise LinkError("used", language, placement)
    if today > expires:
        raise LinkError("expired", language, placement)
    return CompanyLink(placement=placement, language=language, expires_on=expires)


def link_path(placement: Any, language: str = "", today: dt.date | None = None) -> str:
    return reverse("practice:company_form", args=[make_token(placement, language, today)])
