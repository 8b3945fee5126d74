"""The employers app's menu entries: organizations, vacancies and events for staff, students, employer contacts
and visitors (the public vacancy board)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.core.access import is_career_center, is_employer_contact
from mansap.employers.choices import VacancyStatus


def _board() -> dict[str, Any]:
    return {"label": _("Public vacancy board"), "url": reverse("vacancies:board"), "icon": "megaphone"}


def staff_menu(user: Any) -> list[dict[str, Any]]:
    vacancies: list[dict[str, Any]] = [
        {"label": _("All vacancies"), "url": reverse("employers:vacancy_list")},
        {
            "label": _("Waiting for approval"),
            "url": reverse("employers:vacancy_list") + f"?status={VacancyStatus.SUBMITTED}",
        },
        {"label": _("Public vacancy board"), "url": reverse("vacancies:board")},
    ]
    if is_career_center(user):
        vacancies.append({"label": _("Invite an employer contact"), "url": reverse("employers:contact_invite")})
    return [
        {
            "label": _("Employers"),
            "icon": "buildings",
            "children": [
                {"label": _("Organizations"), "url": reverse("employers:organization_list")},
                {"label": _("Partnership agreements"), "url": reverse("employers:partnershipagreement_list")},
                {"label": _("Joint units"), "url": reverse("employers:jointunit_list")},
                {"label": _("Partnerships dashboard"), "url": reverse("employers:partners_dashboard")},
                {"header": _("Vacancies")},
                *vacancies,
                {"header": _("Career events")},
                {"label": _("Calendar"), "url": reverse("events:calendar")},
                {"label": _("All events"), "url": reverse("events:event_list")},
            ],
        }
    ]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    """Employer contacts: their vacancies and the board; students: vacancies, applications, profile, events."""
    if is_employer_contact(user):
        return [
            {"label": _("My vacancies"), "url": reverse("employers:vacancy_list"), "icon": "megaphone"},
            _board(),
        ]
    if hasattr(user, "student"):
        return [
            {
                "label": _("Vacancies"),
                "icon": "megaphone",
                "children": [
                    {"label": _("Public vacancy board"), "url": reverse("vacancies:board")},
                    {"label": _("My applications"), "url": reverse("vacancies:my_applications")},
                    {"label": _("My profile for employers"), "url": reverse("vacancies:profile")},
                ],
            },
            {"label": _("Events"), "url": reverse("events:event_list") + "?when=upcoming", "icon": "calendar-event"},
        ]
    return [_board()]


def public_menu() -> list[dict[str, Any]]:
    return [_board()]
