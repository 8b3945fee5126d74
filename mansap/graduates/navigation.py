"""The graduates app's menu entries: employment monitoring for staff."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import Entry, link, menu
from mansap.core.access import INSTITUTION_WIDE_ROLES, VIEW, memberships_for


def staff_menu(user: Any) -> list[Entry]:
    # Official extracts (#20) hold every department's graduates: the institution-wide offices' entry only.
    wide = user.is_superuser or any(m.role in INSTITUTION_WIDE_ROLES for m in memberships_for(user, VIEW))
    extracts = [link(_("Official extracts"), "graduates:extract_list")] if wide else []
    return [
        menu(
            _("Employment"),
            "briefcase",
            [
                link(_("Electronic journal"), "graduates:journal"),
                link(_("Collection rounds"), "graduates:collectionround_list"),
                link(_("Employment analytics"), "graduates:analytics"),
                link(_("Successful graduates"), "graduates:success_list"),
                *extracts,
            ],
        )
    ]


def personal_menu(user: Any) -> list[Entry]:
    return []
