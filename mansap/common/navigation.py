"""Menu entries, as the apps' navigation.py build them (mansap.navigation orders the apps' menus).

An entry is a link {"label", "url"} (with "icon" on the bar), a dropdown {"label", "icon", "children"} or, among
the children, a header {"header"}.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

Entry = dict[str, Any]
ContextProcessor = Callable[[HttpRequest], dict[str, Any]]


def once_per_request(processor: ContextProcessor) -> ContextProcessor:
    """A context processor computed once per request and user, however many templates the request renders.

    Django runs every context processor for each RequestContext, and django-tables2's {% render_table %} renders
    the table's template with one of its own: without this, the menus were built (and their URLs reversed) twice
    on every list page. The result is kept on the request, keyed by the user, so a login or logout within the
    request (which renders nothing in between) still gets the menus of the new user.
    """
    attribute = f"_mansap_context_{processor.__module__}.{processor.__name__}"

    @functools.wraps(processor)
    def wrapper(request: HttpRequest) -> dict[str, Any]:
        user = getattr(request, "user", None)
        key = (id(user), getattr(user, "pk", None), bool(getattr(user, "is_authenticated", False)))
        cached: tuple[Any, dict[str, Any]] | None = getattr(request, attribute, None)
        if cached is None or cached[0] != key:
            cached = (key, processor(request))
            setattr(request, attribute, cached)
        return cached[1]

    return wrapper


def link(label: Any, url_name: str, *args: Any, query: str = "", icon: str | None = None) -> Entry:
    """A link to the page named `url_name` (with `args`, and `?query`); an `icon` puts it on the bar itself."""
    entry: Entry = {"label": label, "url": reverse(url_name, args=args) + (f"?{query}" if query else "")}
    if icon:
        entry["icon"] = icon
    return entry


def header(label: Any) -> Entry:
    """A header between the links of a dropdown."""
    return {"header": label}


def menu(label: Any, icon: str, children: list[Entry]) -> Entry:
    """A dropdown on the bar."""
    return {"label": label, "icon": icon, "children": children}
