"""Mansap's middleware.

- UserLanguageMiddleware: a logged-in user's saved interface language wins over the browser's,
  unless they chose one now.
- LoginLockoutStatusMiddleware: 429 for a login refused by the failed-attempts lock.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from mansap.common.throttling import LOCKOUT_ATTRIBUTE


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

