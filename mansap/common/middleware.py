"""Mansap's middleware.

- UserLanguageMiddleware: a logged-in user's saved interface language wins over the browser's,
  unless they chose one now.
- LoginLockoutStatusMiddleware: 429 for a login refused by the failed-attempts lock.
- PrivateCacheMiddleware: `Cache-Control: private, no-store` on every response to a logged-in user.
- RequestSizeLimitMiddleware: 413 for a request body larger than the upload limit, before it is read.
- NullCharacterMiddleware: 400 for a NUL character in the path, the query string or a posted form.
- SubmitOnceMiddleware: a form posted twice with the same one-time key is acted on once.
- RequestIdMiddleware: every request has an id (nginx's X-Request-ID, or a new one) on its log records and answer.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse, QueryDict
from django.template import loader
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from mansap.common.errors import RefusedInput, bad_request
from mansap.common.logs import REQUEST_ID, request_id
from mansap.common.throttling import LOCKOUT_ATTRIBUTE

REQUEST_ID_HEADER = "X-Request-ID"


class RequestIdMiddleware:
    """Gives every request an id, on each of its log records (mansap.common.logs) and in its answer's X-Request-ID.

    First in MIDDLEWARE, so even a redirect or a refusal of the middleware below carries it. The id nginx sets
    (`proxy_set_header X-Request-ID $request_id`) or a client sends is kept when it is a sane token (8 to 128 of
    letters, digits, ".", "_", "-"), so nginx's access log and Mansap's lines share it; anything else is replaced
    by a new one (32 hex digits, like nginx's).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        current = given if REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
        request.request_id = current  # type: ignore[attr-defined]
        token = request_id.set(current)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[REQUEST_ID_HEADER] = current
        return response


class UserLanguageMiddleware:
    """A logged-in user's saved interface language wins over the browser's, unless they chose one now."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if user is not None and user.is_authenticated and getattr(user, "language", "") and not chosen:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class LoginLockoutStatusMiddleware:
    """A login page refused because of too many failed attempts answers 429 with Retry-After.

    The page itself (registration/login.html) says how many minutes remain; the status lets
    monitoring and scripts tell a lock from a wrong password.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        minutes = getattr(request, LOCKOUT_ATTRIBUTE, None)
        if minutes and response.status_code == 200:
            response.status_code = 429
            response["Retry-After"] = str(int(minutes) * 60)
        return response


class PrivateCacheMiddleware:
    """Nothing shown to a logged-in user is kept by a browser's or proxy's cache: `Cache-Control: private, no-store`.

    Pages, the API (token or session) and downloads hold personal data; the back button of a
    shared computer in a dean's office must not show them after logout. Responses that already
    say no-store (exports, self-service pages) are left as they are; static files never reach
    this middleware (WhiteNoise answers them first), and anonymous pages (the public vacancy
    board) keep whatever caching they had.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)  # the API's token user too: DRF sets it on the request
        if user is not None and user.is_authenticated and "no-store" not in response.get("Cache-Control", ""):
            # Replaces whatever a view allowed (public, max-age): none of it holds for personal pages.
            response["Cache-Control"] = "private, no-store"
        return response


def max_upload_bytes() -> int:
    """MANSAP_MAX_UPLOAD_BYTES, or the import limit plus room for the form's other fields and multipart framing."""
    configured = int(getattr(settings, "MANSAP_MAX_UPLOAD_BYTES", 0) or 0)
    return configured or int(settings.IMPORT_MAX_BYTES) + UPLOAD_MARGIN_BYTES


UPLOAD_MARGIN_BYTES = 2 * 1024 * 1024


class RequestSizeLimitMiddleware:
    """Refuses a request whose declared body (Content-Length) is over the upload limit with 413, unread.

    It comes before the session, CSRF and upload handling, so not a byte of an oversized body is
    buffered in memory or written to a temporary file: a 2 GB "spreadsheet" costs nothing. (The
    proxy should have a limit of its own too: nginx's client_max_body_size.) The forms still check
    each file against its own, smaller limit and say which field is wrong.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body at all from a request with a malformed length
        limit = max_upload_bytes()
        if length > limit:
            return self.too_large(request, limit)
        return self.get_response(request)

    @staticmethod
    def too_large(request: HttpRequest, limit: int) -> HttpResponse:
        # Before LocaleMiddleware: the language from the visitor's cookie or browser.
        with translation.override(translation.get_language_from_request(request)):
            megabytes = round(limit / 1024 / 1024, 1)
            shown = number_format(megabytes, decimal_pos=0 if megabytes.is_integer() else 1)
            message = _("The upload limit is {limit} MB; send a smaller file.").format(limit=shown)
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            html = loader.get_template("common/request_too_large.html").render({"message": message})
        return HttpResponse(html, status=413)


class NullCharacterMiddleware:
    """A NUL character in the path, the query string or a posted form answers 400 (issue #11).

    No page reads one, and PostgreSQL refuses it in any text it is sent (a DataError, so a 500) where SQLite
    stores it: a search or a note a view reads by hand failed on one database only. Django's and DRF's form
    fields refuse NUL already; this covers what views read themselves, and URL arguments (`<str:key>`).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # An API body is DRF's to parse (its fields refuse NUL); a page's form is read here, as CSRF does.
        posted = request.POST if request.method == "POST" and not request.path.startswith("/api/") else None
        if "\x00" in request.path or _has_nul(request.GET) or (posted is not None and _has_nul(posted)):
            # Answered here rather than raised: Django logs a raised BadRequest with its whole traceback.
            return bad_request(
                request, RefusedInput(_("The request holds a NUL character, which no field may contain."))
            )
        return self.get_response(request)


def _has_nul(data: QueryDict) -> bool:
    return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


# ---- Double submits --------------------------------------------------------------------------------------------
ONCE_FIELD = "_once"
ONCE_KEEP = dt.timedelta(days=1)


class SubmitOnceMiddleware:
    """A POSTed form carrying a one-time key (`_once`, added to every form by static/js/forms.js) is acted on once.

    Two quick clicks, a network retry or a resent page posted the same contact attempt twice and
    created two records. The key is claimed in its own transaction before the view runs; a second
    post with a claimed key changes nothing and is sent back where it came from, saying so. When
    the view refuses the first post (a form error: common.views.mark_refused, or a 4xx/5xx answer),
    the claim is released, so the corrected form can be sent with the key its page still carries.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = request.POST.get(ONCE_FIELD, "") if request.method == "POST" and _is_form(request) else ""
        if not key:
            return self.get_response(request)
        from mansap.common.models import SubmittedForm

        key = key[:64]
        try:
            with transaction.atomic():
                SubmittedForm.objects.create(key=key)
        except IntegrityError:
            return self.duplicate(request)
        if random.random() < 0.01:  # now and then, forget keys nobody can still be sending
            SubmittedForm.objects.filter(submitted_at__lt=timezone.now() - ONCE_KEEP).delete()
        try:
            response = self.get_response(request)
        except Exception:
            SubmittedForm.objects.filter(key=key).delete()
            raise
        if response.status_code >= 400 or getattr(request, "mansap_form_refused", False):
            SubmittedForm.objects.filter(key=key).delete()  # nothing was done: the corrected form may follow
        return response

    @staticmethod
    def duplicate(request: HttpRequest) -> HttpResponse:
        if request.headers.get("HX-Request") == "true":
            return HttpResponse(status=204)  # htmx: leave the page as the first post left it
        messages.info(request, _("This form had already been sent: it was saved once."))
        back = request.META.get("HTTP_REFERER", "")
        if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
            back = "/"
        return HttpResponseRedirect(back)


def _is_form(request: HttpRequest) -> bool:
    content_type = request.META.get("CONTENT_TYPE", "")
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))
