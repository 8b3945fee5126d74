"""The quality app's menu entries (staff only): the process map, the risk register and its heat map."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import menu_url

ICON = "patch-check"  # unique on the bar: mansap.navigation finds the quality menu by it (the regulations join it)


def staff_menu(user: Any) -> list[dict[str, Any]]:
    from mansap.quality.reports.p17 import can_read

    children = [
        {"label": _("Process map"), "url": menu_url("quality:process_list")},
        {"label": _("KPIs"), "url": menu_url("quality:kpidefinition_list")},
        {"label": _("Risk register"), "url": menu_url("quality:risk_list")},
        {"label": _("Risk heat map"), "url": menu_url("quality:heat_map")},
        {"label": _("Program revisions"), "url": menu_url("quality:programrevision_list")},
        {"label": _("Advisory boards"), "url": menu_url("quality:advisoryboard_list")},
        {"label": _("Management reviews"), "url": menu_url("quality:review_list")},
        {"label": _("Management review decisions"), "url": menu_url("quality:decision_list")},
        {"label": _("Unit work plans"), "url": menu_url("quality:workplan_list")},
    ]
    if can_read(user):
        children.append({"label": _("Process 17 dashboard"), "url": menu_url("quality:p17_dashboard")})
    return [
        {
            "label": _("Quality"),
            "icon": ICON,
            "children": children,
        }
    ]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    return []
