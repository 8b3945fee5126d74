"""Types the type checker cannot infer from Django: a logged-in request, an htmx request, a scoped queryset.

Healthchecks' `AuthenticatedHttpRequest` is the model: a subclass of HttpRequest used only in
annotations, so a view behind a login check says so and `request.user` is the project's User, not
`User | AnonymousUser`. None of these classes is instantiated; they cost nothing at runtime.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from mansap.core.models import User

M = TypeVar("M", bound=Model)


class AuthedRequest(HttpRequest):
    """A request of a logged-in user (behind LoginRequiredMixin or StaffRequiredMixin)."""

    user: User  # narrower than HttpRequest's User | AnonymousUser, on purpose


class HtmxRequest(HttpRequest):
    """A request that went through django_htmx's middleware: `request.htmx` is truthy for htmx calls."""

    htmx: HtmxDetails


class AuthedHtmxRequest(AuthedRequest):
    """A logged-in user's request with `request.htmx`."""

    htmx: HtmxDetails


class ScopedManager(Protocol[M]):
    """A manager or queryset of a scoped model: it has `for_user(user, action)` (core.querysets.ScopedQuerySet).

    Model.objects is typed by django-stubs as a plain Manager, which has no for_user; views and
    viewsets cast to this protocol once (core.access does) instead of silencing the checker at each call.
    """

    model: type[M]

    def all(self) -> Any: ...

    def for_user(self, user: Any, action: str = ...) -> QuerySet[M]: ...


# The same protocol under the name of the class it describes, for annotations that read better with it.
ScopedQuerySet = ScopedManager

__all__ = ["AuthedHtmxRequest", "AuthedRequest", "HtmxRequest", "ScopedManager", "ScopedQuerySet"]
