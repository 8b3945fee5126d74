"""Menu entries of the practice app, ordered by mansap.navigation."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import Entry, header, menu, menu_url


def _entries(pairs: list[tuple[Any, str]]) -> list[Entry]:
    """Menu children whose URL exists (routes arrive part by part)."""
    out: list[Entry] = []
    for label, name in pairs:
        try:
            out.append({"label": label, "url": menu_url(name)})
        except NoReverseMatch:
            continue
    return out


def staff_menu(user: Any) -> list[Entry]:
    children = _entries(
        [
            (_("Practice plan"), "practice:practice_list"),
            (_("Practice programmes"), "practice:practiceprogramme_list"),
            (_("Practice bases"), "practice:practicebase_list"),
            (_("Contracts with bases"), "practice:practicecontract_list"),
            (_("Placements"), "practice:placement_list"),
            (_("Rector's orders"), "practice:practiceorder_list"),
            (_("Defence commissions"), "practice:defencecommission_list"),
            (_("Deadline compliance"), "practice:compliance"),
        ]
    )
    settings = _entries(
        [
            (_("Letter grade table"), "practice:grade_table"),
            (_("Retention schedule"), "practice:retention_rules"),
            (_("Documents due for disposal review"), "practice:document_review"),
        ]
    )
    if children and settings:
        children += [header(_("Grades and document retention")), *settings]
    return [menu(_("Practice"), "mortarboard", children)] if children else []


def personal_menu(user: Any) -> list[Entry]:
    if not hasattr(user, "student"):
        return []
    try:
        url = menu_url("practice:my_practice")
    except NoReverseMatch:
        return []
    return [{"label": _("My practice"), "url": url, "icon": "mortarboard"}]
