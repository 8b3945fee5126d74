"""The regulations app's menu entries: the register for every staff member (its import and a new document for
the quality department). mansap/navigation.py puts them under the quality menu, after a header."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.navigation import link
from mansap.core.access import is_regulation_editor


def staff_menu(user: Any) -> list[dict[str, Any]]:
    children = [
        link(_("Register of regulations"), "regulations:document_list"),
        link(_("Documents to read"), "regulations:to_read"),
    ]
    if is_regulation_editor(user):
        children += [
            link(_("Familiarization status"), "regulations:familiarization_status"),
            link(_("Register a document"), "regulations:document_add"),
            link(_("Import documents"), "regulations:document_import"),
        ]
    return [{"label": _("Regulations"), "icon": "file-earmark-ruled", "children": children}]


def personal_menu(user: Any) -> list[dict[str, Any]]:
    return []


def public_menu() -> list[dict[str, Any]]:
    return []
