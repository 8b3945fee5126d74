"""Respondents' signed links: personal (per invitation), public (per campaign), resume keys.

Links: a personal link carries a signed token (common.links.SignedLink, salt SALT) naming the invitation
and the language; it stops working when the campaign closes (the end of `closes_on`), or once the
invitation has been answered. A draft is found again through `resume_key`, an HMAC of the invitation
(or, for the public link, a random key kept in the visitor's session); submitting wipes the key, so
a submitted anonymous answer keeps no way back to the person.

The token format, the salt and the payload ({"i": invitation pk, "l": language}) are those of the links
already e-mailed: changing any of them would break every link in people's inboxes
(tests/test_links.py holds tokens made before the kernel, as literals).
"""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.utils.crypto import salted_hmac

from mansap.common.links import CLOSED, EXPIRED, INVALID, NOT_OPEN, USED, LinkError, SignedLink
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


__all__ = [
    "MAX_TOKEN_AGE",
    "RESUME_SALT",
    "SALT",
    "LinkError",
    "SurveyLink",
    "campaign_gate",
    "invitation_resume_key",
    "link_path",
    "new_public_key",
    "survey_link",
]
