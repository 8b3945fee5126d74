"""A consortium-only login (core.access.is_consortium_only) reaches the consortium page(s) and nothing else.

Whether the login is consortium-only is decided once, when it logs in (user_logged_in), and kept in the session:
no query on any other request. Every page and API call outside CONSORTIUM_PAGES answers 404, the home page
sends it to the consortium page. A consortium given to a user already logged in takes effect at the next login.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve

from mansap.core.access import is_consortium_only

SESSION_KEY = "mansap_consortium_only"

# The consortium's page (its URL name, in the graduates app) and what any login needs.
CONSORTIUM_HOME = "graduates:consortium"
CONSORTIUM_PAGES = frozenset(
    {
        "graduates:consortium",
        "graduates:consortium_export",
        "logout",
        "session_keepalive",
        "password_change",
        "password_change_done",
        "set_language",
        # What any anonymous visitor reads, linked from every page's menu bar: the public vacancy board.
        "vacancies:board",
        "vacancies:detail",
    }
)


@receiver(user_logged_in, dispatch_uid="mansap_consortium_only")
def remember_consortium_only(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        if is_consortium_only(user):
            request.session[SESSION_KEY] = True
        else:
            request.session.pop(SESSION_KEY, None)


class ConsortiumOnlyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.session.get(SESSION_KEY):
            try:
                name = resolve(request.path_info).view_name
            except Resolver404:
                name = ""
            if name == "home":
                return redirect(CONSORTIUM_HOME)
            if name not in CONSORTIUM_PAGES:
                raise Http404
        return self.get_response(request)
