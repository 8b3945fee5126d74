"""Pages opened through a signed personal link (graduate self-service, company supervisor, survey respondent).

The token is in the URL, so these pages must not be indexed and must not leak the URL to other
sites; they open in the link's language unless the visitor chose another with the switcher.
"""

from __future__ import annotations

from typing import TypeVar

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation

R = TypeVar("R", bound=HttpResponseBase)


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
