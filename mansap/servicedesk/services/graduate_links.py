"""A graduate without an account at the service desk (issue #16): the desk's own signed link.

The Career Center e-mails graduates a self-service link (graduates.services.selfservice). From its page, once the
graduate typed the last digits of their IIN, "Request a document" opens the desk through a NEW link of the desk's
own (common.links.SignedLink, salt "mansap.servicedesk.graduate"): its payload names only the graduate and the
language ({"g": pk, "l": "kk"}), it lives MANSAP_SERVICEDESK_GRADUATE_LINK_DAYS days (30 by default) by its
timestamp, and it is no session login: whoever opens it sees that graduate's catalogue, requests and issued
documents, nothing else. The round's token is never reused for it, and a closed round's link does not open it.

Each status e-mail of a request by a graduate without an account carries a fresh link to the request's page
(`request_url`), so a request that takes longer than a link's life can still be followed.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from mansap.common.links import OpenedLink, SignedLink, site_url
from mansap.core.models import Student

SALT = "mansap.servicedesk.graduate"
DEFAULT_MAX_AGE_DAYS = 30


class GraduateDeskLink(SignedLink[Student]):
    """A graduate's way into the desk. Reasons it does not open: invalid (tampered, or the person is no graduate),
    expired (told in the link's language)."""

    salt = SALT
    expired_has_language = True
    url_name = "servicedesk:graduate_home"

    def max_age(self) -> int:
        days = int(getattr(settings, "MANSAP_SERVICEDESK_GRADUATE_LINK_DAYS", DEFAULT_MAX_AGE_DAYS))
        return days * 24 * 3600

    def payload(self, obj: Student, language: str, **extra: Any) -> dict[str, Any]:
        return {"g": obj.pk, "l": language}

    def default_language(self, obj: Student) -> str:
        return obj.preferred_language()

    def fallback_language(self, obj: Student | None) -> str:
        return obj.preferred_language() if obj is not None else str(settings.LANGUAGE_CODE)

    def load(self, payload: dict[str, Any], **context: Any) -> Student:
        graduate_id = payload["g"]
        if isinstance(graduate_id, bool) or not isinstance(graduate_id, int):
            raise ValueError("bad graduate")
        return Student.objects.select_related("institution", "program").get(
            pk=graduate_id, graduation_date__isnull=False
        )


GRADUATE_DESK_LINK = GraduateDeskLink()


def open_link(token: str) -> OpenedLink[Student]:
    """The link's graduate and language; common.links.LinkError when tampered or expired."""
    return GRADUATE_DESK_LINK.read(token)


def make_token(graduate: Student, language: str = "") -> str:
    return GRADUATE_DESK_LINK.make(graduate, language)


def home_path(graduate: Student, language: str = "") -> str:
    """The desk's page of the graduate (catalogue and requests) behind a new link."""
    return GRADUATE_DESK_LINK.path(graduate, language)


def uses_link(student: Student) -> bool:
    """Whether the desk reaches this person through the link: a graduate without an account."""
    return student.user_id is None and student.graduation_date is not None


def request_url(request: Any, *, base: str | None = None) -> str:
    """The absolute address of a request's page behind a new link, in the request's language (for e-mails)."""
    token = make_token(request.student, request.language)
    return site_url(reverse("servicedesk:graduate_request", args=[token, request.pk]), base=base)
