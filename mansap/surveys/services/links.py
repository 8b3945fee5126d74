"""Respondents' signed links: personal (per invitation), public (per campaign), resume keys.

Links: a personal link carries a signed token (django.core.signing, salt SALT) naming the invitation
and the language; it stops working when the campaign closes (the end of `closes_on`), or once the
invitation has been answered. A draft is found again through `resume_key`, an HMAC of the invitation
(or, for the public link, a random key kept in the visitor's session); submitting wipes the key, so
a submitted anonymous answer keeps no way back to the person.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import salted_hmac

from mansap.surveys.choices import (
    LANGUAGE_CODES,
    CampaignStatus,
)
from mansap.surveys.models import (
    Campaign,
    Invitation,
)

SALT = "mansap.surveys.link"


RESUME_SALT = "mansap.surveys.resume"


# A hard cap on a token's age, whatever the campaign says (a campaign runs for months, not years).
MAX_TOKEN_AGE = 400 * 24 * 3600


# ---- Links ---------------------------------------------------------------------------------------------------
class LinkError(Exception):
    """The link cannot be used; `reason` is invalid, expired, closed, not_open or used."""

    def __init__(self, reason: str, language: str | None = None, campaign: Campaign | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.language = language
        self.campaign = campaign


@dataclass
class Link:
    invitation: Invitation
    campaign: Campaign
    language: str


def make_token(invitation: Invitation, language: str = "") -> str:
    language = language if language in LANGUAGE_CODES else invitation.language
    return signing.dumps({"i": invitation.pk, "l": language}, salt=SALT, compress=True)


def link_path(invitation: Invitation, language: str = "") -> str:
    return reverse("surveys:respond", args=[make_token(invitation, language)])


def base_url() -> str:
    return getattr(settings, "MANSAP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def campaign_gate(campaign: Campaign, language: str | None) -> None:
    """LinkError unless the campaign accepts answers now."""
    status = campaign.status
    if status == CampaignStatus.DRAFT:
        raise LinkError("invalid", language, campaign)
    if status == CampaignStatus.SCHEDULED:
        raise LinkError("not_open", language, campaign)
    if status == CampaignStatus.CLOSED:
        raise LinkError("closed" if campaign.closed_at else "expired", language, campaign)


def read_token(token: str) -> Link:
    """The invitation and language of a personal link; LinkError when tampered, expired, closed or used."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=MAX_TOKEN_AGE)
    except signing.SignatureExpired as exc:
        raise LinkError("expired") from exc
    except signing.BadSignature as exc:
        raise LinkError("invalid") from exc
    try:
        invitation = Invitation.objects.select_related(
            "campaign__questionnaire", "campaign__institution", "student", "organization"
        ).get(pk=payload["i"])
    except (KeyError, TypeError, ValueError, Invitation.DoesNotExist) as exc:
        raise LinkError("invalid") from exc
    language = payload.get("l") if payload.get("l") in LANGUAGE_CODES else invitation.language
    campaign = invitation.campaign
    campaign_gate(campaign, language)
    if invitation.has_responded:
        raise LinkError("used", language, campaign)
    return Link(invitation=invitation, campaign=campaign, language=language)


def invitation_resume_key(invitation: Invitation) -> str:
    """Recomputed from the link; stored only on a draft, and wiped when it is submitted."""
    return salted_hmac(RESUME_SALT, f"{invitation.campaign_id}:{invitation.pk}", algorithm="sha256").hexdigest()


def new_public_key() -> str:
    return secrets.token_hex(32)
