"""The graduates app's menu entries: employment monitoring for staff."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import Entry, link, menu


def staff_menu(user: Any) -> list[Entry]:
    return [
        menu(
            _("Employment"),
            "briefcase",
            [
                link(_("Electronic journal"), "graduates:journal"),
                link(_("Collection rounds"), "graduates:collectionround_list"),
                link(_("Employment analytics"), "graduates:analytics"),
                link(_("Successful graduates"), "graduates:success_list"),
            ],
        )
    ]


def personal_menu(user: Any) -> list[Entry]:
    return []
