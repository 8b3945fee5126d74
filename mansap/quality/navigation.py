"""The quality app's menu entries (staff only): the process map, the risk register and its heat map."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

ICON = "patch-check"  # unique on the bar: mansap.navigation finds the quality menu by it (the regulations join it)


def staff_menu(user: Any) -> list[dict[str, Any]]:
    from mansap.quality.reports.p17 import can_read

    children = [
        {"label": _("Process map"), "url": reverse("quality:process_list")},
        {"label": _("KPIs"), "url": reverse("quality:kpidefinition_list")},
        {"label": _("Risk register"), "url": reverse("quality:risk_list")},
        {"label": _("Risk heat map"), "url": reverse("quality:heat_map")},
        {"label": _("Program revisions"), "url": reverse("quality:programrevision_list")},
        {"label": _("Advisory boards"), "url": reverse("quality:advisoryboard_list")},
        {"label": _("Management reviews"), "url": reverse("quality:review_list")},
        {"label": _("Management review decisions"), "url": reverse("quality:decision_list")},
        {"label": _("Unit work plans"), "url": reverse("quality:workplan_list")},
    ]
    if can_read(user):
        children.append({"label": _("Process 17 dashboard"), "url": reverse("quality:p17_dashboard")})
    return [
        {
            "label": _("Quality"),
            "icon": ICON,
            "children": children,
        }
    ]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    return []
