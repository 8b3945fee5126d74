"""The graduates app's menu entries: employment monitoring for staff."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import Entry, link, menu
from mansap.core.access import is_institution_wide


def staff_menu(user: Any) -> list[Entry]:
    links = [
        link(_("Electronic journal"), "graduates:journal"),
        link(_("Discrepancies with official extracts"), "graduates:discrepancy_tasks"),
        link(_("Collection rounds"), "graduates:collectionround_list"),
        link(_("Employment analytics"), "graduates:analytics"),
        link(_("Successful graduates"), "graduates:success_list"),
    ]
    # Official extracts and their reconciliation (#20) hold every department's graduates: institution-wide offices.
    if is_institution_wide(user):
        links.append(link(_("Official extracts"), "graduates:extract_list"))
        links.append(link(_("Reconciliation with official extracts"), "graduates:reconciliation_list"))
    return [menu(_("Employment"), "briefcase", links)]


def personal_menu(user: Any) -> list[Entry]:
    return []
