"""The navigation menu: each app contributes its entries from its own navigation.py; this module orders them.

It is the only place that knows every app's menu, so no app (and not core) imports another app to build it.
An app's navigation.py offers `staff_menu(user)` (staff), `personal_menu(user)` (logged-in students, graduates and
employer contacts) and optionally `public_menu()` (visitors); each returns a list of entries:
{"label", "url", "icon"} or {"label", "icon", "children": [{"label", "url"} | {"header"}]}, built with
mansap.common.navigation (link, menu, header).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from mansap.academics import navigation as academics
from mansap.common.navigation import header, menu_url, once_per_request
from mansap.core import navigation as core
from mansap.core.access import is_institution_wide, is_staff_member
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


@once_per_request
def navigation(request: HttpRequest) -> dict[str, Any]:
    """Context processor: `nav_items`, and for institution-wide staff the API docs link."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [entry for app in PUBLIC_MENUS for entry in app.public_menu()]}
    if is_staff_member(user):
        items = [entry for app in STAFF_MENUS for entry in app.staff_menu(user)]
        _join_student_records(items, user)
        _join_regulations(items, user)
        return {"nav_items": items, "api_docs_url": menu_url("api-docs") if is_institution_wide(user) else None}
    items = [entry for app in PERSONAL_MENUS for entry in app.personal_menu(user)]
    _join_student_studies(items, user)
    return {"nav_items": items}
