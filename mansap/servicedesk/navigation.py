"""The servicedesk app's menu entries: the desk's queue, register and catalogue (staff of the Registrar's Office,
under the academics menu, mansap/navigation.py), the enquiries and the working-day calendar (every staff member:
enquiries are routed to each unit); a student's services and requests; the public enquiry form (visitors)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import link, menu_url
from mansap.core.access import SERVICE_DESK_STAFF, is_staff_member, user_memberships
from mansap.servicedesk.models.information import INFO_REQUEST_ROLES


def staff_menu(user: Any) -> list[dict[str, Any]]:
    children: list[dict[str, Any]] = []
    if user.is_superuser or any(m.role in SERVICE_DESK_STAFF for m in user_memberships(user)):
        children += [
            {"label": _("Queue"), "url": menu_url("servicedesk:queue")},
            {"label": _("Enter a request"), "url": menu_url("servicedesk:catalogue")},
            {"label": _("SLA figures"), "url": menu_url("servicedesk:sla_figures")},
            {"label": _("Outgoing register"), "url": menu_url("servicedesk:document_list")},
            {"label": _("Service catalogue"), "url": menu_url("servicedesk:service_list")},
        ]
    if user.is_superuser or any(m.role in INFO_REQUEST_ROLES for m in user_memberships(user)):
        children.append(link(_("Requests for information"), "servicedesk:inforequest_list"))
    children += [
        link(_("Enquiries"), "servicedesk:enquiry_list"),
        link(_("Enquiries: monthly figures"), "servicedesk:enquiry_figures"),
        link(_("Enquiry topics"), "servicedesk:enquirytopic_list"),
        link(_("Working-day calendar"), "servicedesk:calendar"),
    ]
    return [{"label": _("Service desk"), "icon": "inboxes", "children": children}]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    if not hasattr(user, "student") or is_staff_member(user):
        return []
    return [{"label": _("Services"), "url": menu_url("servicedesk:catalogue"), "icon": "inboxes"}]


def public_menu() -> list[dict[str, Any]]:
    return [link(_("Ask a question"), "servicedesk:enquiry_public", icon="question-circle")]
