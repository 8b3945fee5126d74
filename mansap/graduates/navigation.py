"""The graduates app's menu entries: employment monitoring for staff."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def staff_menu(user: Any) -> list[dict[str, Any]]:
    return [
        {
            "label": _("Employment"),
            "icon": "briefcase",
            "children": [
                {"label": _("Electronic journal"), "url": reverse("graduates:journal")},
                {"label": _("Collection rounds"), "url": reverse("graduates:collectionround_list")},
                {"label": _("Employment analytics"), "url": reverse("graduates:analytics")},
            ],
        }
    ]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    return []
