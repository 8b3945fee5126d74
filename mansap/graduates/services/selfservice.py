"""Self-service update links: a graduate confirms or updates their situation without an account.

A link carries a signed, timestamped token (django.core.signing.dumps with a salt)
naming the graduate, the round and the language of the page. It expires after
MANSAP_SELFSERVICE_MAX_AGE_DAYS days (30 by default) and stops working when its
round is closed. An answer is saved as a pending SelfReport, which the
department confirms (or rejects) in its journal; a second answer in the same
round replaces the graduate's pending one.

Whoever holds a link must first type the last 4 digits of the graduate's IIN before the page
shows anything personal (the pre-filled contacts, employer and salary): a forwarded or
overheard link alone is not enough. Wrong digits are counted per graduate and round in the
shared "throttle" cache (MANSAP_SELFSERVICE_MAX_ATTEMPTS in MANSAP_SELFSERVICE_LOCKOUT_MINUTES);
success is remembered in the visitor's session for that graduate and round.
"""

from __future__ import annotations

import hmac
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core import signing
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from mansap.common.throttling import AttemptLimiter
from mansap.core.models import Student
from mansap.graduates.choices import SelfReportStatus
from mansap.graduates.models import CollectionRound, SelfReport
from mansap.graduates.services.rounds import LANGUAGE_CODES, base_url

SALT = "mansap.graduates.selfservice"


DEFAULT_MAX_AGE_DAYS = 30


class TokenError(Exception):
    """The link cannot be used; `reason` is "invalid", "expired" or "closed"."""

    def __init__(self, reason: str, language: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.language = language  # the link's language when it could be read


@dataclass
class Link:
    graduate: Student
    round: CollectionRound
    language: str


def max_age_seconds() -> int:
    return int(getattr(settings, "MANSAP_SELFSERVICE_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS)) * 24 * 3600


def make_token(graduate: Student, round_: CollectionRound, language: str = "") -> str:
    """A signed link token; without a language (kk, ru, en) the page opens in the graduate's own."""
    language = language if language in LANGUAGE_CODES else graduate.preferred_language()
    return signing.dumps({"g": graduate.pk, "r": round_.pk, "l": language}, salt=SALT, compress=True)


def read_token(token: str) -> Link:
    """The link's graduate, round and language; TokenError when tampered, expired or the round is closed."""
    try:
        payload = signing.loads(token, salt=SALT, max_age=max_age_seconds())
    except signing.SignatureExpired as exc:
        raise TokenError("expired", _token_language(token)) from exc
    except signing.BadSignature as exc:
        raise TokenError("invalid") from exc
    try:
        round_ = CollectionRound.objects.select_related("academic_year", "institution").get(pk=payload["r"])
        graduate = Student.objects.select_related("program").get(
            pk=payload["g"], institution_id=round_.institution_id, graduation_date__isnull=False
        )
    except (KeyError, TypeError, CollectionRound.DoesNotExist, Student.DoesNotExist) as exc:
        raise TokenError("invalid") from exc
    language = payload.get("l") if payload.get("l") in LANGUAGE_CODES else settings.LANGUAGE_CODE
    if round_.is_closed:
        raise TokenError("closed", language)
    return Link(graduate=graduate, round=round_, language=language)


def _token_language(token: str) -> str | None:
    """The language of a correctly signed but expired link (to explain the expiry in it)."""
    try:
        language = signing.loads(token, salt=SALT).get("l")
    except (signing.BadSignature, AttributeError):
        return None
    return language if language in LANGUAGE_CODES else None


# ---- The IIN check --------------------------------------------------------------------------------------------
VERIFIED_SESSION_KEY = "mansap_selfservice_verified"


VERIFIED_KEEP = 20  # links remembered per browser session


def _link_key(link: Link) -> str:
    return f"{link.graduate.pk}:{link.round.pk}"


def iin_limiter() -> AttemptLimiter:
    minutes = int(getattr(settings, "MANSAP_SELFSERVICE_LOCKOUT_MINUTES", 60))
    return AttemptLimiter(
        "selfservice", limit=int(getattr(settings, "MANSAP_SELFSERVICE_MAX_ATTEMPTS", 5)), window=minutes * 60,
        lockout=minutes * 60,
    )  # fmt: skip


def is_verified(session: SessionBase, link: Link) -> bool:
    return _link_key(link) in session.get(VERIFIED_SESSION_KEY, [])


def locked_seconds(link: Link) -> int:
    return iin_limiter().locked_seconds([_link_key(link)])


@dataclass
class CheckResult:
    ok: bool
    attempts_left: int = 0
    locked_seconds: int = 0


def check_iin_digits(session: SessionBase, link: Link, digits: str) -> CheckResult:
    """Compare the digits with the end of the graduate's IIN; remember a success, count a failure."""
    limiter = iin_limiter()
    key = _link_key(link)
    seconds = limiter.locked_seconds([key])
    if seconds:
        return CheckResult(ok=False, locked_seconds=seconds)
    iin = (link.graduate.iin or "").strip()
    if len(iin) == 12 and hmac.compare_digest(iin[-4:].encode(), digits.encode()):
        limiter.reset(key)
        remembered = [k for k in session.get(VERIFIED_SESSION_KEY, []) if k != key]
        session[VERIFIED_SESSION_KEY] = [*remembered, key][-VERIFIED_KEEP:]
        return CheckResult(ok=True)
    if limiter.fail(key):
        return CheckResult(ok=False, locked_seconds=limiter.lockout)
    return CheckResult(ok=False, attempts_left=max(1, limiter.limit - limiter.failures(key)))


def link_path(graduate: Student, round_: CollectionRound, language: str = "") -> str:
    return reverse("graduates:selfservice", args=[make_token(graduate, round_, language)])


def link_url(graduate: Student, round_: CollectionRound, language: str = "", site_url: str | None = None) -> str:
    return (site_url or base_url()).rstrip("/") + link_path(graduate, round_, language)


def qr_image(data: str, fmt: str = "png") -> tuple[bytes, str]:
    """A QR code of the text as PNG or SVG bytes, with its content type."""
    import qrcode
    import qrcode.image.svg

    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, box_size=8, border=4)
    qr.add_data(data)
    qr.make(fit=True)
    out = io.BytesIO()
    if fmt == "svg":
        qr.make_image(image_factory=qrcode.image.svg.SvgPathImage).save(out)
        return out.getvalue(), "image/svg+xml"
    qr.make_image().save(out)
    return out.getvalue(), "image/png"


def pending_report(graduate: Student, round_: CollectionRound) -> SelfReport | None:
    return (
        SelfReport.objects.filter(graduate=graduate, collection_round=round_, review_status=SelfReportStatus.PENDING)
        .order_by("-submitted_at")
        .first()
    )


@transaction.atomic
def save_self_report(link: Link, fields: dict[str, Any]) -> tuple[SelfReport, bool]:
    """Save the graduate's answer as a pending self-report; True when it replaced a pending one."""
    Student.objects.select_for_update().filter(pk=link.graduate.pk).first()
    pending = SelfReport.objects.filter(
        graduate=link.graduate, collection_round=link.round, review_status=SelfReportStatus.PENDING
    )
    replaced = pending.exists()
    pending.delete()
    report = SelfReport(
        graduate=link.graduate,
        collection_round=link.round,
        language=translation.get_language()[:2] if translation.get_language() else link.language,
        review_status=SelfReportStatus.PENDING,
        **fields,
    )
    report.full_clean()
    report.save()
    return report, replaced


def send_links(
    round_: CollectionRound,
    graduates: QuerySet[Student],
    *,
    language: str = "",
    fallback: str | None = None,
    site_url: str | None = None,
) -> tuple[int, int]:
    """E-mail each graduate with an e-mail address their link. Returns (sent, without e-mail).

    The e-mail and the page are in `language` (kk, ru or en) for everyone; with language="" each
    graduate gets their own (Student.preferred_language: the language of instruction, else `fallback`).
    """
    chosen = language if language in LANGUAGE_CODES else ""
    messages, without = [], 0
    for graduate in graduates.order_by("pk"):
        if not graduate.email:
            without += 1
            continue
        own = chosen or graduate.preferred_language(fallback)
        with translation.override(own):
            context = {
                "graduate": graduate,
                "round": round_,
                "url": link_url(graduate, round_, own, site_url),
                "days": max_age_seconds() // (24 * 3600),
            }
            subject = _("Mansap: tell your university about your career")
            body = render_to_string("graduates/email/selfservice_link.txt", context)
        messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [graduate.email]))
    if messages:
        get_connection().send_messages(messages)
    return len(messages), without
