"""Menu entries, as the apps' navigation.py build them (mansap.navigation orders the apps' menus).

An entry is a link {"label", "url"} (with "icon" on the bar), a dropdown {"label", "icon", "children"} or, among
the children, a header {"header"}.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

Entry = dict[str, Any]


def link(label: Any, url_name: str, *args: Any, query: str = "", icon: str | None = None) -> Entry:
    """A link to the page named `url_name` (with `args`, and `?query`); an `icon` puts it on the bar itself."""
    entry: Entry = {"label": label, "url": reverse(url_name, args=args) + (f"?{query}" if query else "")}
    if icon:
        entry["icon"] = icon
    return entry


def header(label: Any) -> Entry:
    """A header between the links of a dropdown."""
    return {"header": label}


def menu(label: Any, icon: str, children: list[Entry]) -> Entry:
    """A dropdown on the bar."""
    return {"label": label, "icon": icon, "children": children}
