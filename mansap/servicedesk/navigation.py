"""The servicedesk app's menu entries: the desk's queue and catalogue (staff); a student's own requests; the public
enquiry form (visitors)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import link


def staff_menu(user: Any) -> list[dict[str, Any]]:
    children = [
        link(_("Enquiries"), "servicedesk:enquiry_list"),
        link(_("Enquiries: monthly figures"), "servicedesk:enquiry_figures"),
        link(_("Enquiry topics"), "servicedesk:enquirytopic_list"),
        link(_("Working-day calendar"), "servicedesk:calendar"),
    ]
    return [{"label": _("Service desk"), "icon": "inbox", "children": children}]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    return []


def public_menu() -> list[dict[str, Any]]:
    return [link(_("Ask a question"), "servicedesk:enquiry_public", icon="question-circle")]
