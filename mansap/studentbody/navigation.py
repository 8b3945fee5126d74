"""The studentbody app's menu entries: orders and the contingent (staff); a student's own history."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.core.access import is_contingent_editor


def staff_menu(user: Any) -> list[dict[str, Any]]:
    children: list[dict[str, Any]] = [
        {"label": _("Contingent orders"), "url": reverse("studentbody:order_list")},
        {"label": _("Contingent on a date"), "url": reverse("studentbody:contingent")},
        {"label": _("Monthly movement"), "url": reverse("studentbody:movement_report")},
        {"label": _("Vacated grant places"), "url": reverse("studentbody:vacated_grants")},
        {"label": _("Statistical reports"), "url": reverse("studentbody:layout_report")},
    ]
    if is_contingent_editor(user):
        children.insert(1, {"label": _("Import orders"), "url": reverse("studentbody:order_import")})
    children.append({"label": _("Personal files"), "url": reverse("studentbody:file_list")})
    if is_contingent_editor(user):
        children.append({"label": _("Archive of personal files"), "url": reverse("studentbody:archive")})
        children.append({"label": _("Annual report"), "url": reverse("studentbody:annual_reports")})
    return [{"label": _("Student body"), "icon": "people", "children": children}]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    if not hasattr(user, "student"):
        return []
    return [
        {"label": _("My orders"), "url": reverse("studentbody:my_history"), "icon": "file-earmark-text"},
        {"label": _("My personal file"), "url": reverse("studentbody:my_file"), "icon": "folder2-open"},
    ]
