"""Menu entries, as the apps' navigation.py build them (mansap.navigation orders the apps' menus).

An entry is a link {"label", "url"} (with "icon" on the bar), a dropdown {"label", "icon", "children"} or, among
the children, a header {"header"}.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

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


# Per URL resolver (a new one after clear_url_caches(), e.g. when a test overrides ROOT_URLCONF): the paths of the
# menus' URL names, by (script prefix, language, name).
_REVERSED: weakref.WeakKeyDictionary[Any, dict[tuple[str, str | None, str], str]] = weakref.WeakKeyDictionary()


def menu_url(url_name: str) -> str:
    """reverse(url_name) for a URL without arguments, remembered per process.

    Every staff page's menus link some 80 such URLs, and reverse() cost about a third of building them. The URL
    patterns do not change while the process runs; what reverse() also depends on is in the key: the URLconf (the
    request's own, if a middleware set one, through its resolver), the script prefix (SCRIPT_NAME, set per
    request) and the active language (in case of i18n_patterns). Raises NoReverseMatch as reverse() does.
    """
    memo = _REVERSED.get(resolver := get_resolver(get_urlconf()))
    if memo is None:
        memo = _REVERSED.setdefault(resolver, {})
    key = (get_script_prefix(), get_language(), url_name)
    found = memo.get(key)
    if found is None:
        found = memo[key] = reverse(url_name)
    return found


class Menus(list[Entry]):
    """Menu entries remembered across requests (mansap.navigation: a staff member's, per roles and language),
    with the menu bar's markup once {% nav_bar %} has rendered it: `markup`, by language."""

    def __init__(self, entries: list[Entry]) -> None:
        super().__init__(entries)
        self.markup: dict[str | None, list[Any]] = {}


# The same, for URLs of one integer argument: (head, tail) of the path around it, or None where the pattern cannot be
# read that way (reverse() is then called as usual).
_PK_PATHS: weakref.WeakKeyDictionary[Any, dict[tuple[str, str | None, str], tuple[str, str] | None]] = (
    weakref.WeakKeyDictionary()
)
_PROBES = (9081726354, 1928374655)


def pk_path(url_name: str, pk: int) -> str:
    """reverse(url_name, args=[pk]) for a URL whose only argument is an integer (a record's page), remembered per
    process as menu_url() is: a list of 25 records linked each row's page through reverse(), a few hundred
    microseconds a page (#19). The path is read once with two probe numbers; if they do not both land in one place
    of the same path, reverse() is called every time."""
    if type(pk) is not int or pk < 0:
        return reverse(url_name, args=[pk])
    memo = _PK_PATHS.get(resolver := get_resolver(get_urlconf()))
    if memo is None:
        memo = _PK_PATHS.setdefault(resolver, {})
    key = (get_script_prefix(), get_language(), url_name)
    if key not in memo:
        first, second = (reverse(url_name, args=[probe]) for probe in _PROBES)
        head, found, tail = first.partition(str(_PROBES[0]))
        readable = found and str(_PROBES[0]) not in tail and second == f"{head}{_PROBES[1]}{tail}"
        memo[key] = (head, tail) if readable else None
    parts = memo[key]
    return f"{parts[0]}{pk}{parts[1]}" if parts is not None else reverse(url_name, args=[pk])


def link(label: Any, url_name: str, *args: Any, query: str = "", icon: str | None = None) -> Entry:
    """A link to the page named `url_name` (with `args`, and `?query`); an `icon` puts it on the bar itself."""
    path = reverse(url_name, args=args) if args else menu_url(url_name)
    entry: Entry = {"label": label, "url": path + (f"?{query}" if query else "")}
    if icon:
        entry["icon"] = icon
    return entry


def header(label: Any) -> Entry:
    """A header between the links of a dropdown."""
    return {"header": label}


def menu(label: Any, icon: str, children: list[Entry]) -> Entry:
    """A dropdown on the bar."""
    return {"label": label, "icon": icon, "children": children}
