"""Menu entries of the practice app, added by mansap.common.context_processors.navigation."""

from __future__ import annotations

from typing import Any


def staff_menu(user: Any) -> list[dict[str, Any]]:
    """A dropdown for staff: [{"label", "icon", "children": [{"label", "url"} | {"header"}]}]; [] hides it."""
    return []


def personal_menu(user: Any) -> list[dict[str, Any]]:
    """Entries for students (and other non-staff users): [{"label", "url", "icon"}]."""
    return []
