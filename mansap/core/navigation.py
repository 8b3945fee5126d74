"""The core app's menu entries: people and the institution's structure for staff; home and one's record for others;
the login's own pages in the user menu (`account_menu`, a context processor)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mansap.core.access import can_hold_api_tokens, can_view_access


def staff_menu(user: Any) -> list[dict[str, Any]]:
    access = [{"label": _("Access management"), "url": reverse("core:access_list")}] if can_view_access(user) else []
    return [
        {
            "label": _("People"),
            "icon": "people",
            "children": [
                {"label": _("Students"), "url": reverse("core:student_list")},
                {"label": _("Graduates"), "url": reverse("core:graduate_list")},
                {"label": _("Employees"), "url": reverse("core:employee_list")},
                {"label": _("Import from AIS Platonus"), "url": reverse("core:import_list")},
                *access,
            ],
        },
        {
            "label": pgettext_lazy("menu: the university's structure", "Organization"),
            "icon": "diagram-3",
            "children": [
                {"label": _("Institution"), "url": reverse("core:institution_list")},
                {"label": _("Faculties"), "url": reverse("core:faculty_list")},
                {"label": _("Departments"), "url": reverse("core:department_list")},
                {"label": _("Educational programs"), "url": reverse("core:educationalprogram_list")},
                {"label": _("Academic years"), "url": reverse("core:academicyear_list")},
            ],
        },
    ]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = [{"label": _("Home"), "url": reverse("home"), "icon": "house"}]
    if hasattr(user, "student"):
        items.append(
            {"label": _("My record"), "url": reverse("core:student_detail", args=[user.student.pk]), "icon": "person"}
        )
    return items


def account_menu(request: Any) -> dict[str, Any]:
    """Context processor: `api_tokens_url` for the user menu of base.html, for those who may hold API tokens.

    (The password change is everyone's: base.html links it for any logged-in user.)
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"api_tokens_url": reverse("apitoken_list") if can_hold_api_tokens(user) else None}
