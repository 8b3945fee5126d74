"""The studentbody app's menu entries: orders and the contingent (staff); a student's own history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import menu_url
from mansap.core.access import is_contingent_editor


def staff_menu(user: Any) -> list[dict[str, Any]]:
    children: list[dict[str, Any]] = [
        {"label": _("Contingent orders"), "url": menu_url("studentbody:order_list")},
        {"label": _("Contingent on a date"), "url": menu_url("studentbody:contingent")},
        {"label": _("Monthly movement"), "url": menu_url("studentbody:movement_report")},
        {"label": _("Vacated grant places"), "url": menu_url("studentbody:vacated_grants")},
        {"label": _("Statistical reports"), "url": menu_url("studentbody:layout_report")},
    ]
    if is_contingent_editor(user):
        children.insert(1, {"label": _("Import orders"), "url": menu_url("studentbody:order_import")})
    children.append({"label": _("Personal files"), "url": menu_url("studentbody:file_list")})
    if is_contingent_editor(user):
        children.append({"label": _("Archive of personal files"), "url": menu_url("studentbody:archive")})
        children.append({"label": _("Annual report"), "url": menu_url("studentbody:annual_reports")})
    return [{"label": _("Student body"), "icon": "people", "children": children}]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    if not hasattr(user, "student"):
        return []
    return [
        {"label": _("My orders"), "url": menu_url("studentbody:my_history"), "icon": "file-earmark-text"},
        {"label": _("My personal file"), "url": menu_url("studentbody:my_file"), "icon": "folder2-open"},
    ]
