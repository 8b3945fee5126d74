"""The employers app's menu entries: organizations, vacancies and events for staff, students, employer contacts
and visitors (the public vacancy board)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import Entry, header, link, menu
from mansap.core.access import is_career_center, is_employer_contact
from mansap.employers.choices import VacancyStatus


def _board() -> Entry:
    return link(_("Public vacancy board"), "vacancies:board", icon="megaphone")


def staff_menu(user: Any) -> list[Entry]:
    vacancies = [
        link(_("All vacancies"), "employers:vacancy_list"),
        link(_("Waiting for approval"), "employers:vacancy_list", query=f"status={VacancyStatus.SUBMITTED}"),
        link(_("Public vacancy board"), "vacancies:board"),
    ]
    if is_career_center(user):
        vacancies.append(link(_("Invite an employer contact"), "employers:contact_invite"))
    return [
        menu(
            _("Employers"),
            "buildings",
            [
                link(_("Organizations"), "employers:organization_list"),
                link(_("Partnership agreements"), "employers:partnershipagreement_list"),
                link(_("Joint units"), "employers:jointunit_list"),
                link(_("Partnerships dashboard"), "employers:partners_dashboard"),
                header(_("Vacancies")),
                *vacancies,
                header(_("Career events")),
                link(_("Calendar"), "events:calendar"),
                link(_("All events"), "events:event_list"),
            ],
        )
    ]


def personal_menu(user: Any) -> list[Entry]:
    """Employer contacts: their vacancies and the board; students: vacancies, applications, profile, events."""
    if is_employer_contact(user):
        return [link(_("My vacancies"), "employers:vacancy_list", icon="megaphone"), _board()]
    if hasattr(user, "student"):
        return [
            menu(
                _("Vacancies"),
                "megaphone",
                [
                    link(_("Public vacancy board"), "vacancies:board"),
                    link(_("My applications"), "vacancies:my_applications"),
                    link(_("My profile for employers"), "vacancies:profile"),
                ],
            ),
            link(_("Events"), "events:event_list", query="when=upcoming", icon="calendar-event"),
        ]
    return [_board()]


def public_menu() -> list[Entry]:
    return [_board()]
