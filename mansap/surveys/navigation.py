"""Menu entries of the surveys app, ordered by mansap.navigation."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.core.access import is_staff_member


def staff_menu(user: Any) -> list[dict[str, Any]]:
    """A dropdown for staff: [{"label", "icon", "children": [{"label", "url"} | {"header"}]}]; [] hides it."""
    if not is_staff_member(user):
        return []
    return [
        {
            "label": _("Surveys"),
            "icon": "ui-checks",
            "children": [
                {"label": _("Survey campaigns"), "url": reverse("surveys:campaign_list")},
                {"label": _("Questionnaires"), "url": reverse("surveys:questionnaire_list") + "?latest=true"},
                {"label": _("Units' responses to results"), "url": reverse("surveys:resultsresponse_list")},
            ],
        }
    ]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    """Entries for students (and other non-staff users): [{"label", "url", "icon"}]."""
    if not hasattr(user, "student"):
        return []
    return [
        {
            "label": _("Surveys"),  # the "Surveys" section of the student portal
            "url": reverse("surveys:published_responses"),
            "icon": "clipboard-check",
        }
    ]
