"""Signed personal links (graduate self-service, company supervisor, survey respondent) and their pages.

A link carries a token made with django.core.signing: a JSON payload naming the object and the page's
language ("l"), compressed, timestamped and signed with the app's salt. `SignedLink` is the one
implementation of making and reading such tokens; an app declares only its payload (which keys name
the object, how they are found again, and which states close the link):

    class CompanyLink(SignedLink[Placement]):
        salt = "mansap.practice.company-link"
        def payload(self, obj, language, **extra): return {"p": obj.pk, "l": language, ...}
        def load(self, payload, **context): return Placement.objects.filter(pk=int(payload["p"])).first()
        def check(self, obj, payload, language, **context): if obj.company_submitted_at: raise self.error(USED, ...)

The token format is exactly what `signing.dumps(payload, salt=salt, compress=True)` gives, so links
issued by the apps' own make_token functions keep opening after they switch to a definition, and the
other way round. Reading fails with a `LinkError` whose `reason` is one of INVALID, EXPIRED, CLOSED,
USED, NOT_OPEN and whose `language` is the link's, when it could be read (the error page speaks it).

The token is in the URL, so these pages must not be indexed and must not leak the URL to other
sites; they open in the link's language unless the visitor chose another with the switcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from django.conf import settings
from django.core import signing
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponseBase
from django.urls import reverse
from django.utils import translation

R = TypeVar("R", bound=HttpResponseBase)
T = TypeVar("T")

LANGUAGE_CODES = ("kk", "ru", "en")

# Why a link does not open (LinkError.reason); the error pages have a text for each.
INVALID = "invalid"  # tampered, malformed, or its object is gone
EXPIRED = "expired"  # past its age or its last day
CLOSED = "closed"  # what it answers was closed (a round, a campaign)
USED = "used"  # answered already (single-use links)
NOT_OPEN = "not_open"  # not open yet (a scheduled campaign)
REASONS = (INVALID, EXPIRED, CLOSED, USED, NOT_OPEN)


def site_url(path: str = "", *, base: str | None = None) -> str:
    """The site's address (MANSAP_BASE_URL, or `base` when the caller has one, e.g. from the request)
    followed by `path`: links in e-mails sent without a request (commands, tasks)."""
    root = base if base else str(getattr(settings, "MANSAP_BASE_URL", "http://127.0.0.1:8000"))
    return root.rstrip("/") + path


class LinkError(Exception):
    """The link cannot be used; `reason` says why (see REASONS), `language` is the link's language when it
    could be read, `obj` what the link is about when it was found (for the error page)."""

    def __init__(self, reason: str, language: str | None = None, obj: Any = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.language = language
        self.obj = obj


@dataclass(frozen=True)
class OpenedLink(Generic[T]):
    """A link that opened: its object (as `load` returned it), the page's language and the whole payload."""

    obj: T
    language: str
    payload: dict[str, Any]


class SignedLink(Generic[T]):
    """Makes and reads the tokens of one kind of link. Subclasses declare `salt` and the payload hooks.

    Reading, in order (each step's failure is the LinkError shown):
    1. the signature, and `max_age()` seconds when the link ages by its timestamp: INVALID, or EXPIRED
       (with the link's language only when `expired_has_language`);
    2. `load(payload)` finds the object: a KeyError, TypeError, ValueError or DoesNotExist is INVALID
       without a language; None is INVALID with the link's language;
    3. the language: the payload's when it is one of `languages`, else `fallback_language(obj)`;
    4. `check(obj, payload, language)` raises `self.error(...)` for the states that close the link.
    """

    salt: ClassVar[str]
    language_key: ClassVar[str] = "l"
    languages: ClassVar[tuple[str, ...]] = LANGUAGE_CODES
    compress: ClassVar[bool] = True
    expired_has_language: ClassVar[bool] = False
    url_name: ClassVar[str | None] = None  # the page that opens the link: reverse(url_name, args=[token])
    error_class: ClassVar[type[LinkError]] = LinkError

    # ---- the payload definition (override) ----
    def payload(self, obj: T, language: str, **extra: Any) -> dict[str, Any]:
        """The JSON payload naming `obj`, with `language` under `language_key`. Key order is the token's."""
        raise NotImplementedError

    def load(self, payload: dict[str, Any], **context: Any) -> T | None:
        """The object the payload names, or None (INVALID); raise KeyError/ValueError/DoesNotExist freely."""
        raise NotImplementedError

    def check(self, obj: T, payload: dict[str, Any], language: str, **context: Any) -> None:
        """Raise `self.error(reason, language, ...)` when the object's state closes the link."""

    def max_age(self) -> int | None:
        """Seconds a token lives by its timestamp; None when the payload carries its own expiry (or none)."""
        return None

    def default_language(self, obj: T) -> str:
        """The language of a new link made without a valid one."""
        return str(settings.LANGUAGE_CODE)

    def fallback_language(self, obj: T | None) -> str:
        """The page's language when a token carries no valid one."""
        return str(settings.LANGUAGE_CODE)

    # ---- the kernel ----
    def error(self, reason: str, language: str | None = None, obj: Any = None) -> LinkError:
        return self.error_class(reason, language, obj)

    def make(self, obj: T, language: str = "", **extra: Any) -> str:
        """A signed token for `obj`, opening in `language` (kk, ru, en; else `default_language(obj)`)."""
        language = language if language in self.languages else self.default_language(obj)
        return signing.dumps(self.payload(obj, language, **extra), salt=self.salt, compress=self.compress)

    def read(self, token: str, **context: Any) -> OpenedLink[T]:
        """The link's object and language; LinkError when it cannot be used (see the class docstring)."""
        try:
            payload = signing.loads(token, salt=self.salt, max_age=self.max_age())
        except signing.SignatureExpired as exc:
            raise self.error(EXPIRED, self.expired_language(token) if self.expired_has_language else None) from exc
        except signing.BadSignature as exc:
            raise self.error(INVALID) from exc
        if not isinstance(payload, dict):
            raise self.error(INVALID)
        try:
            obj = self.load(payload, **context)
        except (KeyError, TypeError, ValueError, ObjectDoesNotExist) as exc:
            raise self.error(INVALID) from exc
        language = self.read_language(payload, obj)
        if obj is None:
            raise self.error(INVALID, language)
        self.check(obj, payload, language, **context)
        return OpenedLink(obj=obj, language=language, payload=payload)

    def read_language(self, payload: dict[str, Any], obj: T | None) -> str:
        language = payload.get(self.language_key)
        return language if language in self.languages else self.fallback_language(obj)

    def expired_language(self, token: str) -> str | None:
        """The language of a correctly signed but expired token (to explain the expiry in it)."""
        try:
            language = signing.loads(token, salt=self.salt).get(self.language_key)
        except (signing.BadSignature, AttributeError):
            return None
        return language if language in self.languages else None

    def path(self, obj: T, language: str = "", **extra: Any) -> str:
        """The path of the page that opens a new link for `obj` (needs `url_name`)."""
        if self.url_name is None:
            raise ValueError(f"{type(self).__name__} has no url_name")
        return reverse(self.url_name, args=[self.make(obj, language, **extra)])

    def url(self, obj: T, language: str = "", *, base: str | None = None, **extra: Any) -> str:
        """The absolute address of a new link, for e-mails (`site_url` + `path`)."""
        return site_url(self.path(obj, language, **extra), base=base)


def use_link_language(request: HttpRequest, language: str | None) -> None:
    """The link's language, unless the visitor chose one with the switcher (the language cookie)."""
    if language and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES:
        translation.activate(language)
        request.LANGUAGE_CODE = language


def private_link_response(response: R) -> R:
    """Not indexed, and the token never reaches other sites in a Referer header.

    "same-origin" rather than "no-referrer": the POST's Origin header must stay for the CSRF check.
    """
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "same-origin"
    return response
