"""The servicedesk app's menu entries: the desk's queue, register and catalogue (staff, under the academics menu,
mansap/navigation.py); a student's services and requests."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mansap.core.access import SERVICE_DESK_STAFF, is_staff_member, user_memberships


def staff_menu(user: Any) -> list[dict[str, Any]]:
    if not (user.is_superuser or any(m.role in SERVICE_DESK_STAFF for m in user_memberships(user))):
        return []
    children: list[dict[str, Any]] = [
        {"label": _("Queue"), "url": reverse("servicedesk:queue")},
        {"label": _("Enter a request"), "url": reverse("servicedesk:catalogue")},
        {"label": _("Outgoing register"), "url": reverse("servicedesk:document_list")},
        {"label": _("Service catalogue"), "url": reverse("servicedesk:service_list")},
    ]
    return [{"label": _("Service desk"), "icon": "inboxes", "children": children}]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    if not hasattr(user, "student") or is_staff_member(user):
        return []
    return [{"label": _("Services"), "url": reverse("servicedesk:catalogue"), "icon": "inboxes"}]
