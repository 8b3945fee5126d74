"""The servicedesk app's menu entries: the desk's queue and catalogue (staff); a student's own requests."""

from __future__ import annotations

from typing import Any


def staff_menu(user: Any) -> list[dict[str, Any]]:
    return []


def personal_menu(user: Any) -> list[dict[str, Any]]:
    return []
