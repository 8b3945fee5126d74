"""The navigation menu: each app contributes its entries from its own navigation.py; this module orders them.

It is the only place that knows every app's menu, so no app (and not core) imports another app to build it.
An app's navigation.py offers `staff_menu(user)` (staff), `personal_menu(user)` (logged-in students, graduates and
employer contacts) and optionally `public_menu()` (visitors); each returns a list of entries:
{"label", "url", "icon"} or {"label", "icon", "children": [{"label", "url"} | {"header"}]}, built with
mansap.common.navigation (link, menu, header).
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from typing import Any

from django.http import HttpRequest
from django.urls import get_resolver, get_script_prefix, get_urlconf
from django.utils.translation import get_language

from mansap.academics import navigation as academics
from mansap.common.navigation import Menus, header, menu_url, once_per_request
from mansap.core import navigation as core
from mansap.core.access import is_institution_wide, is_staff_member, user_memberships
from mansap.employers import navigation as employers
from mansap.graduates import navigation as graduates
from mansap.practice import navigation as practice
from mansap.quality import navigation as quality
from mansap.regulations import navigation as regulations
from mansap.servicedesk import navigation as servicedesk
from mansap.studentbody import navigation as studentbody
from mansap.surveys import navigation as surveys

# Menu order for staff (seven menus must fit the bar at 1366 px in Kazakh) and for everyone else.
STAFF_MENUS = (core, graduates, employers, practice, surveys, quality, academics)
PERSONAL_MENUS = (core, practice, academics, servicedesk, surveys, employers)
PUBLIC_MENUS = (employers, servicedesk)


def _join_under(items: list[dict[str, Any]], icon: str, extra: list[dict[str, Any]]) -> None:
    """Another app's menus go under the menu with `icon`, each after a header (else on the bar if it is absent)."""
    host = next((entry for entry in items if entry.get("icon") == icon), None)
    if host is None:
        items.extend(extra)
        return
    for menu in extra:
        host["children"] += [header(menu["label"]), *menu["children"]]


def _join_student_records(items: list[dict[str, Any]], user: Any) -> None:
    """The contingent's entries (studentbody) and the service desk's go under the academics menu, after a header:
    an eighth menu would not fit the bar at 1366 px in Kazakh."""
    _join_under(items, academics.ICON, studentbody.staff_menu(user) + servicedesk.staff_menu(user))


def _join_regulations(items: list[dict[str, Any]], user: Any) -> None:
    """The register of regulations goes under the quality menu, after a header (the quality department keeps it)."""
    _join_under(items, quality.ICON, regulations.staff_menu(user))


def _join_student_studies(items: list[dict[str, Any]], user: Any) -> None:
    """A student's record (core), orders and personal file (studentbody) go under "My studies", the academics menu:
    eleven links
    on the bar made a student's pages wider than 1366 px (1,606 px in English, 2,237 in Kazakh)."""
    extra = studentbody.personal_menu(user)
    host = next((entry for entry in items if entry.get("icon") == academics.ICON and entry.get("children")), None)
    if host is None:
        items.extend(extra)
        return
    record = next((entry for entry in items if entry.get("icon") == core.STUDENT_RECORD_ICON), None)
    if record is not None:  # the student's own record heads the menu
        items.remove(record)
        host["children"].insert(0, {"label": record["label"], "url": record["url"]})
    host["children"] += [{"label": entry["label"], "url": entry["url"]} for entry in extra]


def _staff_context(user: Any) -> dict[str, Any]:
    items = [entry for app in STAFF_MENUS for entry in app.staff_menu(user)]
    _join_student_records(items, user)
    _join_regulations(items, user)
    return {"nav_items": Menus(items), "api_docs_url": menu_url("api-docs") if is_institution_wide(user) else None}


# The staff menus, remembered per process (#19: building them and rendering the bar was most of what every staff
# page paid beyond the login page): per URL resolver (a new one after clear_url_caches()), then by what they are
# built from. A staff member's menus depend on nothing but their memberships (role, access and unit) and
# superuser status (the apps' staff_menu() ask core.access predicates of those, and no query), and on the
# language, the script prefix and the URLconf of the request. The key holds the memberships themselves, as this
# request read them (core.backends: the session's user, from the cache under the user's version, or the
# database): a role given or taken is another key on the very next request, whatever the cache, never a stale menu.
STAFF_MENUS_KEPT = 512  # keys (role combinations × languages) kept; the least recently used one goes first
_STAFF_CONTEXTS: weakref.WeakKeyDictionary[Any, OrderedDict[tuple[Any, ...], dict[str, Any]]] = (
    weakref.WeakKeyDictionary()
)
_LOCK = threading.Lock()


def staff_menus_key(user: Any) -> tuple[Any, ...]:
    if user.is_superuser:  # every predicate lets a superuser through: the menus need (and read) no membership
        return (True, (), get_language(), get_script_prefix())
    roles = sorted(
        (str(m.role), str(m.access), m.institution_id, m.faculty_id, m.department_id) for m in user_memberships(user)
    )
    return (False, tuple(roles), get_language(), get_script_prefix())


def staff_context(user: Any) -> dict[str, Any]:
    """`nav_items` (a Menus, whose bar markup {% nav_bar %} keeps) and `api_docs_url` of a staff member."""
    resolver = get_resolver(get_urlconf())
    key = staff_menus_key(user)
    with _LOCK:
        kept = _STAFF_CONTEXTS.get(resolver)
        if kept is None:
            kept = _STAFF_CONTEXTS.setdefault(resolver, OrderedDict())
        found = kept.get(key)
        if found is not None:
            kept.move_to_end(key)
            return found
    found = _staff_context(user)
    with _LOCK:
        kept[key] = found
        while len(kept) > STAFF_MENUS_KEPT:
            kept.popitem(last=False)
    return found


@once_per_request
def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `nav_items`, and for institution-wide staff the API docs link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [entry for app in PUBLIC_MENUS for entry in app.public_menu()]}
    if is_staff_member(user):
        return dict(staff_context(user))
    items = [entry for app in PERSONAL_MENUS for entry in app.personal_menu(user)]
    _join_student_studies(items, user)
    return {"nav_items": items}
