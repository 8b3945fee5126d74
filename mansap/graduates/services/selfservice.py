"""Self-service update links: a graduate confirms or updates their situation without an account.

A link carries a signed, timestamped token (common.links.SignedLink, salt "mansap.graduates.selfservice")
naming the graduate, the round and the language of the page. It expires after
MANSAP_SELFSERVICE_MAX_AGE_DAYS days (30 by default) and stops working when its
round is closed. An answer is saved as a pending SelfReport, which the
department confirms (or rejects) in its journal; a second answer in the same
round replaces the graduate's pending one.

The token format is the one the app always used (signing.dumps of {"g": graduate, "r": round,
"l": language}, compressed, with that salt): links e-mailed before still open.

Whoever holds a link must first type the last 4 digits of the graduate's IIN before the page
shows anything personal (the pre-filled contacts, employer and salary): a forwarded or
overheard link alone is not enough. Wrong digits are counted per graduate and round in the
shared "throttle" cache (MANSAP_SELFSERVICE_MAX_ATTEMPTS in MANSAP_SELFSERVICE_LOCKOUT_MINUTES);
success is remembered in the visitor's session for that graduate and round.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy

from mansap.common.links import CLOSED, LANGUAGE_CODES, SignedLink
from mansap.common.mail import localized_message, send_messages_on_commit
from mansap.common.throttling import AttemptLimiter
from mansap.core.models import Student
from mansap.graduates.choices import SelfReportStatus
from mansap.graduates.models import CollectionRound, SelfReport

SALT = "mansap.graduates.selfservice"


DEFAULT_MAX_AGE_DAYS = 30


def max_age_seconds() -> int:
    return int(getattr(settings, "MANSAP_SELFSERVICE_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS)) * 24 * 3600


class SelfServiceLink(SignedLink[tuple[Student, CollectionRound]]):
    """A graduate's link for one round. Reasons it does not open: invalid, expired (told in the link's
    language), closed (the round was closed)."""

    salt = SALT
    expired_has_language = True
    url_name = "graduates:selfservice"

    def max_age(self) -> int:
        return max_age_seconds()

    def payload(self, obj: tuple[Student, CollectionRound], language: str, **extra: Any) -> dict[str, Any]:
        graduate, round_ = obj
        return {"g": graduate.pk, "r": round_.pk, "l": language}

    def default_language(self, obj: tuple[Student, CollectionRound]) -> str:
        """Without a language (kk, ru, en) the page opens in the graduate's own."""
        return obj[0].preferred_language()

    def load(self, payload: dict[str, Any], **context: Any) -> tuple[Student, CollectionRound]:
        round_ = CollectionRound.objects.select_related("academic_year", "institution").get(pk=payload["r"])
        # Only a graduate of the round's institution: a forged pair of ids names nobody.
        graduate = Student.objects.select_related("program").get(
            pk=payload["g"], institution_id=round_.institution_id, graduation_date__isnull=False
        )
        return graduate, round_

    def check(
        self, obj: tuple[Student, CollectionRound], payload: dict[str, Any], language: str, **context: Any
    ) -> None:
        if obj[1].is_closed:
            raise self.error(CLOSED, language)


SELF_SERVICE_LINK = SelfServiceLink()


@dataclass(frozen=True)
class Link:
    """An opened link: whose it is, for which round, and the language of its page."""

    graduate: Student
    round: CollectionRound
    language: str


def open_link(token: str) -> Link:
    """The link's graduate, round and language; common.links.LinkError when tampered, expired or closed."""
    opened = SELF_SERVICE_LINK.read(token)
    graduate, round_ = opened.obj
    return Link(graduate=graduate, round=round_, language=opened.language)


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
    """The path of a new link (a QR code makes it absolute with the request's host)."""
    return SELF_SERVICE_LINK.path((graduate, round_), language)


def link_url(graduate: Student, round_: CollectionRound, language: str = "", site_url: str | None = None) -> str:
    """The absolute address of a new link, for e-mails (`site_url`, else MANSAP_BASE_URL)."""
    return SELF_SERVICE_LINK.url((graduate, round_), language, base=site_url)


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
def save_self_report(
    link: Link,
    *,
    status: str,
    started_on: dt.date | None = None,
    employer_name: str = "",
    employer_bin: str = "",
    position: str = "",
    region: str = "",
    salary: int | None = None,
    email: str = "",
    phone: str = "",
) -> tuple[SelfReport, bool]:
    """Save the graduate's answer as a pending self-report; True when it replaced a pending one.

    No acting user: the graduate answers through the signed link, without an account, and the link is
    the authority (SelfReport keeps no history; the department's review names the reviewer).
    """
    Student.objects.select_for_update().filter(pk=link.graduate.pk).first()
    pending = SelfReport.objects.filter(
        graduate=link.graduate, collection_round=link.round, review_status=SelfReportStatus.PENDING
    )
    replaced = pending.exists()
    pending.delete()
    active = translation.get_language()
    report = SelfReport(
        graduate=link.graduate,
        collection_round=link.round,
        language=active[:2] if active else link.language,
        review_status=SelfReportStatus.PENDING,
        status=status,
        started_on=started_on,
        employer_name=employer_name,
        employer_bin=employer_bin,
        position=position,
        region=region,
        salary=salary,
        email=email,
        phone=phone,
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
    The e-mails go out in one batch once the caller's transaction commits (common.mail).
    """
    chosen = language if language in LANGUAGE_CODES else ""
    days = max_age_seconds() // (24 * 3600)
    messages: list[EmailMessage] = []
    without = 0
    for graduate in graduates.order_by("pk"):
        if not graduate.email:
            without += 1
            continue
        own = chosen or graduate.preferred_language(fallback)
        messages.append(
            localized_message(
                graduate.email,
                own,
                subject=gettext_lazy("Mansap: tell your university about your career"),
                template="graduates/email/selfservice_link.txt",
                context={
                    "graduate": graduate,
                    "round": round_,
                    "url": link_url(graduate, round_, own, site_url),
                    "days": days,
                },
            )
        )
    send_messages_on_commit(messages)
    return len(messages), without
