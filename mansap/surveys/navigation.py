"""Menu entries of the surveys app, ordered by mansap.navigation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import Entry, link, menu
from mansap.core.access import is_staff_member


def staff_menu(user: Any) -> list[Entry]:
    """A dropdown for staff; [] hides it."""
    if not is_staff_member(user):
        return []
    return [
        menu(
            _("Surveys"),
            "ui-checks",
            [
                link(_("Survey campaigns"), "surveys:campaign_list"),
                link(_("Questionnaires"), "surveys:questionnaire_list", query="latest=true"),
                link(_("Units' responses to results"), "surveys:resultsresponse_list"),
            ],
        )
    ]


def personal_menu(user: Any) -> list[Entry]:
    """Entries for students (and other non-staff users)."""
    if not hasattr(user, "student"):
        return []
    # the "Surveys" section of the student portal
    return [link(_("Surveys"), "surveys:published_responses", icon="clipboard-check")]
