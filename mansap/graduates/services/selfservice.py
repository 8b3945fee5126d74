"""Self-service update links: a graduate confirms or updates their situation without an account.

A link carries a signed, timestamped token (common.links.SignedLink, salt "mansap.graduates.selfservice")
naming the graduate, the round and the language of the page. It expires after
MANSAP_SELFSERVICE_MAX_AGE_DAYS days (30 by default) and stops working when its
round is closed. An answer is saved as a pending SelfReport, which the
department confirms (or rejects) in its journal; a second answer in the same
round replaces the graduate's pending one.

The token format is the one the app always used (signing.dumps of {"g": graduate, "r": round,
"l": language}, compressed, with that salt): links e-mailed before still open. A link issued after the
department replaced a dead one also carries "n", the issue (below); issue 0 is never written, so the links
of a graduate whose link never died are byte for byte what they always were.

Whoever holds a link must first type the last 4 digits of the graduate's IIN before the page
shows anything personal (the pre-filled contacts, employer and salary): a forwarded or
overheard link alone is not enough. Success is remembered in the visitor's session for that graduate and round.

How many guesses a link gives (issue #11). The last 4 digits have 10,000 values. The check used to lock a
link for an hour after 5 wrong tries, which let whoever held a 30-day link try 5 × 24 × 30 = 3,600 of them,
never the same twice: 3,600/10,000 = 36 %. Now the wrong checks of a link are counted in all, over its whole
life (MANSAP_SELFSERVICE_MAX_FAILURES, 5 by default, at most 9): after the 5th the link is dead for good, so
whoever holds it has at most 5 guesses, 5/10,000 = 0.05 % (9: 0.09 %), whatever the pace and the link's age.
A new link the department sends starts 5 afresh, but only for whoever receives it (the graduate's e-mail or
printed QR code), never for the holder of the dead one. There is no hourly lock any more: with a total cap it
would only slow down the same 5 guesses. A right answer does not give failures back (the graduate's own typos
count too), or an attacker could try 4 more after each of the graduate's visits. The figures assume the endings
are evenly spread; IIN serial numbers (digits 8 to 11) are handed out in order, so the 9th digit may be less
even than the last three, which a lower cap answers.

The real graduate is not locked out for long: they see how many attempts are left (and a warning before the
last), the dead page tells them that their department will send a new link, and the department sees the locked
links on the round's pages and sends a new one with one button (renew_link), or by sending the round's links
again. That new link carries the next issue, counted afresh; every link of earlier issues stays dead.

The counts live in the database (graduates.SelfServiceCheck), not in the shared throttle cache: a dead link
must stay dead, and that cache can be flushed or culled (it drops entries when full, and anyone can fill it
with failed logins). Each guess first reserves one of the link's failures with a conditional UPDATE and is
compared only if it got one, so parallel requests cannot get more guesses than the cap.
"""

from __future__ import annotations

import datetime as dt
import hmac
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, F, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mansap.common.history import attributed
from mansap.common.links import CLOSED, LANGUAGE_CODES, SignedLink
from mansap.common.mail import localized_message, send_messages_on_commit
from mansap.core.models import Student
from mansap.graduates.choices import SelfReportStatus
from mansap.graduates.models import CollectionRound, SelfReport, SelfServiceCheck

if TYPE_CHECKING:
    from mansap.core.models import User

SALT = "mansap.graduates.selfservice"

# Why a link does not open, besides common.links' reasons: its IIN check failed too often (or a newer link
# replaced it after that); the error page has a text for it.
LOCKED = "locked"


DEFAULT_MAX_AGE_DAYS = 30


def max_age_seconds() -> int:
    return int(getattr(settings, "MANSAP_SELFSERVICE_MAX_AGE_DAYS", DEFAULT_MAX_AGE_DAYS)) * 24 * 3600


class SelfServiceLink(SignedLink[tuple[Student, CollectionRound]]):
    """A graduate's link for one round. Reasons it does not open: invalid, expired (told in the link's
    language), closed (the round was closed), locked (its IIN check failed too often)."""

    salt = SALT
    expired_has_language = True
    url_name = "graduates:selfservice"

    def max_age(self) -> int:
        return max_age_seconds()

    def payload(self, obj: tuple[Student, CollectionRound], language: str, **extra: Any) -> dict[str, Any]:
        graduate, round_ = obj
        payload: dict[str, Any] = {"g": graduate.pk, "r": round_.pk, "l": language}
        if extra.get("issue"):  # issue 0 is not written: the token stays the one links always had
            payload["n"] = int(extra["issue"])
        return payload

    def default_language(self, obj: tuple[Student, CollectionRound]) -> str:
        """Without a language (kk, ru, en) the page opens in the graduate's own."""
        return obj[0].preferred_language()

    def load(self, payload: dict[str, Any], **context: Any) -> tuple[Student, CollectionRound]:
        link_issue(payload)  # a malformed issue is an invalid link (ValueError)
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
        if is_dead(check_state(*obj), link_issue(payload)):
            raise self.error(LOCKED, language)


SELF_SERVICE_LINK = SelfServiceLink()


def link_issue(payload: dict[str, Any]) -> int:
    """The issue a token was made for: 0 when it names none (every link made before issues existed)."""
    issue = payload.get("n", 0)
    if isinstance(issue, bool) or not isinstance(issue, int) or issue < 0:
        raise ValueError("bad issue")
    return issue


@dataclass(frozen=True)
class Link:
    """An opened link: whose it is, for which round, the language of its page and the issue it was made for."""

    graduate: Student
    round: CollectionRound
    language: str
    issue: int = 0


def open_link(token: str) -> Link:
    """The link's graduate, round and language; common.links.LinkError when tampered, expired, closed or locked."""
    opened = SELF_SERVICE_LINK.read(token)
    graduate, round_ = opened.obj
    return Link(graduate=graduate, round=round_, language=opened.language, issue=link_issue(opened.payload))


# ---- The IIN check --------------------------------------------------------------------------------------------
VERIFIED_SESSION_KEY = "mansap_selfservice_verified"


VERIFIED_KEEP = 20  # links remembered per browser session


DEFAULT_MAX_FAILURES = 5


def max_failures() -> int:
    """Wrong IIN checks a link gives in all (MANSAP_SELFSERVICE_MAX_FAILURES; settings keep it from 1 to 9)."""
    return max(1, int(getattr(settings, "MANSAP_SELFSERVICE_MAX_FAILURES", DEFAULT_MAX_FAILURES)))


def _link_key(link: Link) -> str:
    return f"{link.graduate.pk}:{link.round.pk}"


def check_state(graduate: Student, round_: CollectionRound) -> SelfServiceCheck | None:
    """The counts of the graduate's links of the round; None while none was ever checked or renewed."""
    return SelfServiceCheck.objects.filter(graduate=graduate, collection_round=round_).first()


def is_dead(state: SelfServiceCheck | None, issue: int | None = None) -> bool:
    """Whether links of `issue` (default: the current one) no longer open: an earlier issue than the current
    one (it was replaced after it died), or the current one once its failures reached the cap. A later issue
    than the row knows (the row was deleted by hand) is not dead."""
    if state is None:
        return False
    issue = state.issue if issue is None else issue
    return issue < state.issue or (issue == state.issue and state.failures >= max_failures())


def is_verified(session: SessionBase, link: Link) -> bool:
    return _link_key(link) in session.get(VERIFIED_SESSION_KEY, [])


@dataclass
class CheckResult:
    ok: bool
    attempts_left: int = 0
    dead: bool = False


def _state_for_check(link: Link) -> SelfServiceCheck:
    """The link's row, created on its first check; a row that knows an earlier issue than a (signed) link
    carries was reset by hand, and starts counting that issue."""
    state, _created = SelfServiceCheck.objects.get_or_create(
        graduate=link.graduate, collection_round=link.round, defaults={"issue": link.issue}
    )
    if state.issue < link.issue:
        SelfServiceCheck.objects.filter(pk=state.pk, issue__lt=link.issue).update(
            issue=link.issue, failures=0, locked_at=None
        )
        state.refresh_from_db()
    return state


@transaction.atomic
def check_iin_digits(session: SessionBase, link: Link, digits: str) -> CheckResult:
    """Compare the digits with the end of the graduate's IIN; remember a success, count a failure for good.

    No acting user: the visitor has no account (the link is the authority). The guess first reserves one of
    the link's failures (a conditional UPDATE, so parallel guesses cannot share one) and is compared only
    then; a right answer hands its reservation back.
    """
    cap = max_failures()
    state = _state_for_check(link)
    if is_dead(state, link.issue):
        return CheckResult(ok=False, dead=True)
    rows = SelfServiceCheck.objects.filter(pk=state.pk, issue=link.issue, failures__lt=cap)
    if not rows.update(failures=F("failures") + 1):
        return CheckResult(ok=False, dead=True)  # parallel guesses took the last failures
    iin = (link.graduate.iin or "").strip()
    if len(iin) == 12 and hmac.compare_digest(iin[-4:].encode(), digits.encode()):
        SelfServiceCheck.objects.filter(pk=state.pk).update(failures=F("failures") - 1)
        key = _link_key(link)
        remembered = [k for k in session.get(VERIFIED_SESSION_KEY, []) if k != key]
        session[VERIFIED_SESSION_KEY] = [*remembered, key][-VERIFIED_KEEP:]
        return CheckResult(ok=True)
    now = timezone.now()
    SelfServiceCheck.objects.filter(pk=state.pk).update(last_failed_at=now)
    state.refresh_from_db(fields=["failures"])
    if state.failures >= cap:
        SelfServiceCheck.objects.filter(pk=state.pk, locked_at__isnull=True).update(locked_at=now)
        return CheckResult(ok=False, dead=True)
    return CheckResult(ok=False, attempts_left=cap - state.failures)


def current_issue(graduate: Student, round_: CollectionRound) -> int:
    """The issue a new link of the graduate for the round is made for (dead or not)."""
    state = check_state(graduate, round_)
    return state.issue if state is not None else 0


def locked_links(round_: CollectionRound, graduates: QuerySet[Student]) -> dict[int, SelfServiceCheck]:
    """The graduates (among `graduates`) whose current link of the round is dead, with their counts; one query."""
    states = SelfServiceCheck.objects.filter(
        collection_round=round_, graduate__in=graduates.values("pk"), failures__gte=max_failures()
    )
    return {state.graduate_id: state for state in states}


def locked_links_by_department(round_: CollectionRound, graduates: QuerySet[Student]) -> dict[int, int]:
    """How many of `graduates` have a dead link of the round, by department id; one query."""
    rows = (
        SelfServiceCheck.objects.filter(
            collection_round=round_, graduate__in=graduates.values("pk"), failures__gte=max_failures()
        )
        .order_by()
        .values("graduate__program__department")
        .annotate(n=Count("pk"))
        .values_list("graduate__program__department", "n")
    )
    return dict(rows)


def _renew(state: SelfServiceCheck, acting_user: User | None) -> None:
    """Start the next issue of a dead link: its links open, with every failure ahead of them."""
    state.issue += 1
    state.failures = 0
    state.locked_at = None
    state.last_failed_at = None
    state.renewed_at = timezone.now()
    state.renewed_by = acting_user if getattr(acting_user, "pk", None) else None
    attributed(state, acting_user).save()


@transaction.atomic
def renew_link(
    graduate: Student,
    round_: CollectionRound,
    *,
    acting_user: User,
    language: str = "",
    fallback: str | None = None,
    site_url: str | None = None,
) -> bool:
    """Issue the graduate a link of the round that opens, and e-mail it when they have an address (True).

    A dead link is replaced by the next issue (its failures start afresh; every earlier link stays dead);
    a link that still works is simply sent again. Without an e-mail the department prints its QR code.
    """
    if round_.is_closed:
        raise ValidationError(_("The round is closed: no new link was issued."), code="closed")
    state = SelfServiceCheck.objects.select_for_update().filter(graduate=graduate, collection_round=round_).first()
    if is_dead(state):
        assert state is not None
        _renew(state, acting_user)
    if not graduate.email:
        return False
    chosen = language if language in LANGUAGE_CODES else graduate.preferred_language(fallback)
    issue = state.issue if state is not None else 0
    send_messages_on_commit([_link_message(graduate, round_, chosen, issue, site_url)])
    return True


def link_path(graduate: Student, round_: CollectionRound, language: str = "") -> str:
    """The path of a new link of the graduate's current issue (a QR code makes it absolute with the request's
    host); dead when that issue is (renew_link first)."""
    return SELF_SERVICE_LINK.path((graduate, round_), language, issue=current_issue(graduate, round_))


def link_url(
    graduate: Student, round_: CollectionRound, language: str = "", site_url: str | None = None, *, issue: int = 0
) -> str:
    """The absolute address of a link of `issue`, for e-mails (`site_url`, else MANSAP_BASE_URL)."""
    return SELF_SERVICE_LINK.url((graduate, round_), language, base=site_url, issue=issue)


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


def _link_message(
    graduate: Student, round_: CollectionRound, language: str, issue: int, site_url: str | None
) -> EmailMessage:
    return localized_message(
        graduate.email,
        language,
        subject=gettext_lazy("Mansap: tell your university about your career"),
        template="graduates/email/selfservice_link.txt",
        context={
            "graduate": graduate,
            "round": round_,
            "url": link_url(graduate, round_, language, site_url, issue=issue),
            "days": max_age_seconds() // (24 * 3600),
        },
    )


@transaction.atomic
def send_links(
    round_: CollectionRound,
    graduates: QuerySet[Student],
    *,
    acting_user: User | None,
    language: str = "",
    fallback: str | None = None,
    site_url: str | None = None,
) -> tuple[int, int]:
    """E-mail each graduate with an e-mail address their link. Returns (sent, without e-mail).

    The e-mail and the page are in `language` (kk, ru or en) for everyone; with language="" each
    graduate gets their own (Student.preferred_language: the language of instruction, else `fallback`).
    A graduate whose link is dead gets the next issue (as renew_link gives): no one is sent a dead link.
    The e-mails go out in one batch once the caller's transaction commits (common.mail).
    """
    chosen = language if language in LANGUAGE_CODES else ""
    states = {
        state.graduate_id: state
        for state in SelfServiceCheck.objects.select_for_update().filter(
            collection_round=round_, graduate__in=graduates.exclude(email="").values("pk")
        )
    }
    messages: list[EmailMessage] = []
    without = 0
    for graduate in graduates.order_by("pk"):
        if not graduate.email:
            without += 1
            continue
        state = states.get(graduate.pk)
        if is_dead(state):
            assert state is not None
            _renew(state, acting_user)
        own = chosen or graduate.preferred_language(fallback)
        messages.append(_link_message(graduate, round_, own, state.issue if state is not None else 0, site_url))
    send_messages_on_commit(messages)
    return len(messages), without
