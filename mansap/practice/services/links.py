"""The company supervisor's link (R-030, Q16): no account, a signed token that expires and is used once.

The token is a `common.links.SignedLink` with this app's salt. Its payload names the placement ("p"), the
language of the page ("l"), the last day the link works ("x": `LINK_DAYS_AFTER_END` days after the
practice ends, at least `LINK_MIN_DAYS` days after the link was made, so a link sent late still gives
the company time) and a short fingerprint of the company supervisor's e-mail ("e"): when the department
changes the supervisor, links sent to the previous one stop working. Once the company has submitted
(`Placement.company_submitted_at`), the link is *used*.

The salt and the payload are those of the links sent before the kernel existed (practice/tokens.py):
those links keep opening (tests/test_compatibility.py holds such tokens as literals).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.utils import timezone

from mansap.common.links import EXPIRED, USED, LinkError, OpenedLink, SignedLink
from mansap.practice.choices import PlacementStatus
from mansap.practice.models import Placement

SALT = "mansap.practice.company-link"
LINK_DAYS_AFTER_END = 30
LINK_MIN_DAYS = 14


def _fingerprint(email: str) -> str:
    return hashlib.sha256((email or "").strip().lower().encode()).hexdigest()[:10]


def expiry_for(placement: Placement, today: dt.date | None = None) -> dt.date:
    """The last day a link made today for the placement works."""
    today = today or timezone.localdate()
    return max(placement.practice.ends_on + dt.timedelta(days=LINK_DAYS_AFTER_END), today + dt.timedelta(LINK_MIN_DAYS))


class CompanyLink(SignedLink[Placement]):
    """The payload carries its own last day, so the token's timestamp is not used for expiry (no max_age)."""

    salt = SALT
    url_name = "practice:company_form"

    def payload(self, obj: Placement, language: str, today: dt.date | None = None, **extra: Any) -> dict[str, Any]:
        # The key order is the token's: the same as the old make_token, so new tokens equal old ones.
        return {
            "p": obj.pk,
            "l": language,
            "x": expiry_for(obj, today).isoformat(),
            "e": _fingerprint(obj.company_supervisor_email),
        }

    def load(self, payload: dict[str, Any], **context: Any) -> Placement | None:
        pk, fingerprint = int(payload["p"]), str(payload["e"])
        dt.date.fromisoformat(payload["x"])  # a malformed last day is an invalid link, found before any query
        placement = (
            Placement.objects.select_related(
                "practice__institution", "practice__program", "student", "base__organization", "supervisor"
            )
            .filter(pk=pk)
            .exclude(status=PlacementStatus.CANCELLED)
            .first()
        )
        if placement is None or fingerprint != _fingerprint(placement.company_supervisor_email):
            return None  # invalid, in the link's language
        return placement

    def check(self, obj: Placement, payload: dict[str, Any], language: str, **context: Any) -> None:
        # Used before expired: a company that answered is thanked, even after the last day.
        if obj.company_submitted_at is not None:
            raise self.error(USED, language, obj)
        today: dt.date = context.get("today") or timezone.localdate()
        if today > dt.date.fromisoformat(payload["x"]):
            raise self.error(EXPIRED, language, obj)

    def expires_on(self, opened: OpenedLink[Placement]) -> dt.date:
        """The last day an opened link works."""
        return dt.date.fromisoformat(opened.payload["x"])


COMPANY_LINK = CompanyLink()


def make_token(placement: Placement, language: str = "", today: dt.date | None = None) -> str:
    """A new link's token, opening in `language` (kk, ru, en; else the site's language)."""
    return COMPANY_LINK.make(placement, language, today=today)


def read_token(token: str, today: dt.date | None = None) -> OpenedLink[Placement]:
    """The link's placement and language; LinkError (INVALID, EXPIRED or USED) when it cannot be used."""
    return COMPANY_LINK.read(token, today=today)


def link_path(placement: Placement, language: str = "", today: dt.date | None = None) -> str:
    """The path of the company's page for a new link (the e-mail and the QR code make it absolute)."""
    return COMPANY_LINK.path(placement, language, today=today)


__all__ = [
    "COMPANY_LINK",
    "LINK_DAYS_AFTER_END",
    "LINK_MIN_DAYS",
    "SALT",
    "CompanyLink",
    "LinkError",
    "expiry_for",
    "link_path",
    "make_token",
    "read_token",
]
