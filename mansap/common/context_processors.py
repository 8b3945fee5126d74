"""The navigation menu, built from what the user's memberships allow."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mansap.core.access import can_view_access, is_institution_wide, is_staff_member
from mansap.employers.navigation import navigation_items as vacancy_navigation
from mansap.practice import navigation as practice_navigation
from mansap.surveys import navigation as surveys_navigation


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": vacancy_navigation(user)}
    items: list[dict[str, Any]] = [{"label": _("Home"), "url": reverse("home"), "icon": "house"}]
    if is_staff_member(user):
        items = _staff_menu(user)  # six menus: the brand link leads home, so the bar fits at 1366 px
        items += practice_navigation.staff_menu(user) + surveys_navigation.staff_menu(user)
        return {"nav_items": items, "api_docs_url": _api_docs_url(user)}
    if hasattr(user, "student"):
        items.append(
            {"label": _("My record"), "url": reverse("core:student_detail", args=[user.student.pk]), "icon": "person"}
        )
    items += practice_navigation.personal_menu(user) + surveys_navigation.personal_menu(user)
    items += vacancy_navigation(user)  # employer contacts and students: their vacancy pages and the board
    if hasattr(user, "student"):
        upcoming = reverse("events:event_list") + "?when=upcoming"
        items.append({"label": _("Events"), "url": upcoming, "icon": "calendar-event"})
    return {"nav_items": items}


def _staff_menu(user: Any) -> list[dict[str, Any]]:
    """Four menus for staff, so the bar fits at laptop widths in every language."""
    vacancy_children: list[dict[str, Any]] = []
    for entry in vacancy_navigation(user):
        vacancy_children += entry.get("children", [entry])
    return [
        {
            "label": _("People"),
            "icon": "people",
            "children": [
                {"label": _("Students"), "url": reverse("core:student_list")},
                {"label": _("Graduates"), "url": reverse("core:graduate_list")},
                {"label": _("Employees"), "url": reverse("core:employee_list")},
                {"label": _("Import from AIS Platonus"), "url": reverse("core:import_list")},
                *_access_menu(user),
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
        {
            "label": _("Employment"),
            "icon": "briefcase",
            "children": [
                {"label": _("Electronic journal"), "url": reverse("graduates:journal")},
                {"label": _("Collection rounds"), "url": reverse("graduates:collectionround_list")},
                {"label": _("Employment analytics"), "url": reverse("graduates:analytics")},
            ],
        },
        {
            "label": _("Employers"),
            "icon": "buildings",
            "children": [
                {"label": _("Organizations"), "url": reverse("employers:organization_list")},
                {"label": _("Partnership agreements"), "url": reverse("employers:partnershipagreement_list")},
                {"label": _("Joint units"), "url": reverse("employers:jointunit_list")},
                {"label": _("Partnerships dashboard"), "url": reverse("employers:partners_dashboard")},
                {"header": _("Vacancies")},
                *vacancy_children,
                {"header": _("Career events")},
                {"label": _("Calendar"), "url": reverse("events:calendar")},
                {"label": _("All events"), "url": reverse("events:event_list")},
            ],
        },
    ]


def _access_menu(user: Any) -> list[dict[str, Any]]:
    return [{"label": _("Access management"), "url": reverse("core:access_list")}] if can_view_access(user) else []


def _api_docs_url(user: Any) -> str | None:
    """The API documentation link, for those who read the whole institution (the rector included)."""
    return reverse("api-docs") if is_institution_wide(user) else None
