"""The employers app's menu entries: vacancies and events for staff, students and employer contacts."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from mansap.employers.choices import VacancyStatus
from mansap.employers.services.organizations import is_institution_editor
from mansap.employers.services.vacancies import is_employer_contact


# ---- Navigation ----------------------------------------------------------------------------------------------
def navigation_items(user: Any) -> list[dict[str, Any]]:
    """The vacancy entries of the menu (common/context_processors.py appends them)."""
    from django.utils.translation import gettext_lazy

    from mansap.core.querysets import is_staff_member

    board = {"label": gettext_lazy("Public vacancy board"), "url": reverse("vacancies:board"), "icon": "megaphone"}
    if user is None or not user.is_authenticated:
        return [board]
    if is_staff_member(user):
        children = [
            {"label": gettext_lazy("All vacancies"), "url": reverse("employers:vacancy_list")},
            {
                "label": gettext_lazy("Waiting for approval"),
                "url": reverse("employers:vacancy_list") + f"?status={VacancyStatus.SUBMITTED}",
            },
            {"label": gettext_lazy("Public vacancy board"), "url": reverse("vacancies:board")},
        ]
        if is_institution_editor(user):
            children.append(
                {"label": gettext_lazy("Invite an employer contact"), "url": reverse("employers:contact_invite")}
            )
        return [{"label": gettext_lazy("Vacancies"), "icon": "megaphone", "children": children}]
    if is_employer_contact(user):
        return [
            {"label": gettext_lazy("My vacancies"), "url": reverse("employers:vacancy_list"), "icon": "megaphone"},
            board,
        ]
    if hasattr(user, "student"):
        return [
            {
                "label": gettext_lazy("Vacancies"),
                "icon": "megaphone",
                "children": [
                    {"label": gettext_lazy("Public vacancy board"), "url": reverse("vacancies:board")},
                    {"label": gettext_lazy("My applications"), "url": reverse("vacancies:my_applications")},
                    {"label": gettext_lazy("My profile for employers"), "url": reverse("vacancies:profile")},
                ],
            }
        ]
    return [board]
