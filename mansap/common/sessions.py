"""Session lifetime to OWASP ASVS 4.0 level 2 (V3.3): an absolute limit and an idle timeout.

A login lasts at most MANSAP_SESSION_HOURS (12) from the moment of logging in, and ends after
MANSAP_SESSION_IDLE_MINUTES (30) without a request; the session cookie ends with the browser
(SESSION_EXPIRE_AT_BROWSER_CLOSE). Every request renews the idle clock (written to the session at
most once a minute, so pages do not each cost a session write). MANSAP_SESSION_WARN_MINUTES before
the idle logout the page warns and offers to stay (static/js/session.js posts to the keep-alive URL).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

LOGIN_AT = "mansap_login_at"
SEEN_AT = "mansap_seen_at"
_RENEW_EVERY = 60  # seconds: the idle clock is written to the session at most this often


def absolute_seconds() -> int:
    return int(getattr(settings, "MANSAP_SESSION_HOURS", 12)) * 3600


def idle_seconds() -> int:
    return int(getattr(settings, "MANSAP_SESSION_IDLE_MINUTES", 30)) * 60


def warn_seconds() -> int:
    return int(getattr(settings, "MANSAP_SESSION_WARN_MINUTES", 2)) * 60


@receiver(user_logged_in, dispatch_uid="mansap.common.sessions.logged_in")
def _start_clocks(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now


class SessionLifetimeMiddleware:
    """Logs out a session past its absolute or idle limit, before the view runs; renews the idle clock."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and hasattr(request, "session"):
            self._check(request)
        return self.get_response(request)

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = time.time()
        login_at = session.get(LOGIN_AT)
        seen_at = session.get(SEEN_AT)
        if login_at is None or seen_at is None:  # a session from before these limits: its clocks start now
            session[LOGIN_AT] = session[SEEN_AT] = now
            return
        if now - float(login_at) > absolute_seconds():
            self._end(
                request,
                _("You were logged out: a login lasts at most {hours} hours.").format(hours=absolute_seconds() // 3600),
            )
        elif now - float(seen_at) > idle_seconds():
            self._end(
                request,
                _("You were logged out after {minutes} minutes without activity.").format(minutes=idle_seconds() // 60),
            )
        elif now - float(seen_at) >= _RENEW_EVERY:
            session[SEEN_AT] = now

    @staticmethod
    def _end(request: HttpRequest, message: str) -> None:
        # The view then sees an anonymous visitor: pages send it to the login page, the API answers 401/403.
        logout(request)
        messages.info(request, message)


@require_POST
def keep_alive(request: HttpRequest) -> JsonResponse:
    """The page's "stay logged in": the request itself renewed the idle clock (middleware); say what is left."""
    if not request.user.is_authenticated:
        return JsonResponse({"authenticated": False}, status=401)
    request.session[SEEN_AT] = time.time()
    return JsonResponse({"authenticated": True, "idle_seconds": idle_seconds()})


def session_context(request: HttpRequest) -> dict[str, Any]:
    """Context processor: what static/js/session.js needs to warn before the idle logout."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"session_idle_seconds": idle_seconds(), "session_warn_seconds": warn_seconds()}
