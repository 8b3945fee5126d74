"""Respondents' signed links: personal (per invitation), public (per campaign), resume keys.

Links: a personal link carries a signed token (common.links.SignedLink, salt SALT) naming the invitation
and the language; it stops working when the campaign closes (the end of `closes_on`), or once the
invitation has been answered. A draft is found again through `resume_key`, an HMAC of the invitation
(or, for the public link, a random key kept in the visitor's session); submitting wipes the key, so
a submitted anonymous answer keeps no way back to the person.

The token format, the salt and the payload ({"i": invitation pk, "l": language}) are those of the links
already e-mailed: changing any of them would break every link in people's inboxes
(tests/test_links.py holds tokens made before the kernel, as literals).

The public link has no token: anyone with the campaign's address may answer, once per browser session. A
client that clears its cookies could answer again and again, so submitted answers are also counted per campaign,
client address (common.throttling.client_ip, which honours MANSAP_TRUSTED_PROXIES) and day:
MANSAP_SURVEY_PUBLIC_ANSWERS_PER_IP_DAY (20 by default: a computer lab, or a campus network, behind one address
still answers; 0 turns the limit off). The counts are kept in the shared throttle cache under a hash of the
campaign, the address and the day, never in the database: a response must keep no path to the person who gave it
(anonymous campaigns), and an address stored beside it would be one. Losing the counts (a cache flush) only
restarts one day's count.
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.crypto import salted_hmac

from mansap.common.links import CLOSED, EXPIRED, INVALID, NOT_OPEN, USED, LinkError, SignedLink
from mansap.common.throttling import AttemptLimiter
from mansap.surveys.choices import CampaignStatus
from mansap.surveys.models import Campaign, Invitation

SALT = "mansap.surveys.link"

RESUME_SALT = "mansap.surveys.resume"

# A hard cap on a token's age, whatever the campaign says (a campaign runs for months, not years).
MAX_TOKEN_AGE = 400 * 24 * 3600


def campaign_gate(campaign: Campaign, language: str | None) -> None:
    """LinkError (its `obj` is the campaign) unless the campaign accepts answers now.

    Shared by the personal links and the campaign's public link.
    """
    status = campaign.status
    if status == CampaignStatus.DRAFT:
        raise LinkError(INVALID, language, campaign)
    if status == CampaignStatus.SCHEDULED:
        raise LinkError(NOT_OPEN, language, campaign)
    if status == CampaignStatus.CLOSED:
        # Closed early by the Career Center, or simply past its last day.
        raise LinkError(CLOSED if campaign.closed_at else EXPIRED, language, campaign)


class SurveyLink(SignedLink[Invitation]):
    """The personal link of an invitation: /surveys/r/<token>/.

    It opens in the payload's language, else the invitation's; the error of a link that was read carries
    the campaign as its `obj` (the error page names the institution and the campaign).
    """

    salt = SALT
    url_name = "surveys:respond"

    def max_age(self) -> int:
        return MAX_TOKEN_AGE

    def payload(self, obj: Invitation, language: str, **extra: Any) -> dict[str, Any]:
        return {"i": obj.pk, "l": language}

    def default_language(self, obj: Invitation) -> str:
        return obj.language

    def fallback_language(self, obj: Invitation | None) -> str:
        return obj.language if obj is not None else str(settings.LANGUAGE_CODE)

    def load(self, payload: dict[str, Any], **context: Any) -> Invitation:
        return Invitation.objects.select_related(
            "campaign__questionnaire", "campaign__institution", "student", "organization"
        ).get(pk=payload["i"])

    def check(self, obj: Invitation, payload: dict[str, Any], language: str, **context: Any) -> None:
        campaign_gate(obj.campaign, language)
        if obj.has_responded:
            raise self.error(USED, language, obj.campaign)


# make(invitation, language) gives a token; read(token) the invitation (`obj`) and the language, or a LinkError.
survey_link = SurveyLink()


def link_path(invitation: Invitation, language: str = "") -> str:
    """The path of a new personal link (the demo, the benchmarks and the browser tests use it too)."""
    return survey_link.path(invitation, language)


def invitation_resume_key(invitation: Invitation) -> str:
    """Recomputed from the link; stored only on a draft, and wiped when it is submitted."""
    return salted_hmac(RESUME_SALT, f"{invitation.campaign_id}:{invitation.pk}", algorithm="sha256").hexdigest()


def new_public_key() -> str:
    return secrets.token_hex(32)


# Why the public link does not take an answer, besides common.links' reasons (the error page has a text for each).
LIMIT = "limit"  # the client address answered as often as it may today
PERSONAL_ONLY = "personal_only"  # the campaign takes personal links only (the employer survey)

DAY = 24 * 3600


def public_answers_per_day() -> int:
    """Submitted public-link answers a client address may give a campaign in a day; 0: no limit."""
    return max(0, int(getattr(settings, "MANSAP_SURVEY_PUBLIC_ANSWERS_PER_IP_DAY", 20)))


def _public_limiter(limit: int) -> AttemptLimiter:
    # The key carries the day, so a count ends at midnight; the window only lets the cache forget it.
    return AttemptLimiter("survey-public", limit=limit, window=2 * DAY, lockout=2 * DAY)


def _public_key(campaign: Campaign, address: str) -> str:
    return f"{campaign.pk}|{address}|{timezone.localdate().isoformat()}"


def public_limit_reached(campaign: Campaign, address: str) -> bool:
    """Whether the address has given the campaign as many public-link answers today as it may."""
    limit = public_answers_per_day()
    return bool(limit) and bool(_public_limiter(limit).locked_seconds([_public_key(campaign, address)]))


def count_public_answer(campaign: Campaign, address: str) -> None:
    """Count one submitted public-link answer of the address today (the last allowed one locks the next)."""
    limit = public_answers_per_day()
    if limit:
        _public_limiter(limit).fail(_public_key(campaign, address))


__all__ = [
    "LIMIT",
    "MAX_TOKEN_AGE",
    "PERSONAL_ONLY",
    "RESUME_SALT",
    "SALT",
    "LinkError",
    "SurveyLink",
    "campaign_gate",
    "count_public_answer",
    "invitation_resume_key",
    "link_path",
    "new_public_key",
    "public_answers_per_day",
    "public_limit_reached",
    "survey_link",
]
