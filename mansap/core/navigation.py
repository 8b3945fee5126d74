"""The core app's menu entries: people and the institution's structure for staff; home and one's record for others;
the login's own pages in the user menu (`account_menu`, a context processor)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mansap.common.navigation import Entry, link, menu, menu_url, once_per_request
from mansap.core.access import can_hold_api_tokens, can_view_access


def staff_menu(user: Any) -> list[Entry]:
    access = [link(_("Access management"), "core:access_list")] if can_view_access(user) else []
    return [
        menu(
            _("People"),
            "people",
            [
                link(_("Students"), "core:student_list"),
                link(_("Graduates"), "core:graduate_list"),
                link(_("Employees"), "core:employee_list"),
                link(_("Import from AIS Platonus"), "core:import_list"),
                *access,
            ],
        ),
        menu(
            pgettext_lazy("menu: the university's structure", "Organization"),
            "diagram-3",
            [
                link(_("Institution"), "core:institution_list"),
                link(_("Faculties"), "core:faculty_list"),
                link(_("Departments"), "core:department_list"),
                link(_("Educational programs"), "core:educationalprogram_list"),
                link(_("Academic years"), "core:academicyear_list"),
            ],
        ),
    ]


STUDENT_RECORD_ICON = "person"  # the wiring moves the student's record under "My studies" by it


def personal_menu(user: Any) -> list[Entry]:
    items = [link(_("Home"), "home", icon="house")]
    if hasattr(user, "student"):
        items.append(link(_("My record"), "core:student_detail", user.student.pk, icon=STUDENT_RECORD_ICON))
    return items


@once_per_request
def account_menu(request: Any) -> dict[str, Any]:
    """Context processor: `api_tokens_url` for the user menu of base.html, for those who may hold API tokens.

    (The password change is everyone's: base.html links it for any logged-in user.)
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"api_tokens_url": menu_url("apitoken_list") if can_hold_api_tokens(user) else None}
