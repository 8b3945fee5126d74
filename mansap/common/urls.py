"""URL patterns for the standard pages of a model (NetBox's get_model_urls, simplified)."""

from __future__ import annotations

from typing import Any

from django.urls import URLPattern, path


def crud_urls(prefix: str, model_name: str, **views: Any) -> list[URLPattern]:
    """list/add/detail/edit/delete/history pages named <model>_<action>."""
    routes = {
        "list": "",
        "add": "add/",
        "detail": "<int:pk>/",
        "edit": "<int:pk>/edit/",
        "delete": "<int:pk>/delete/",
        "history": "<int:pk>/history/",
    }
    patterns = []
    for action, route in routes.items():
        view = views.get(action)
        if view is not None:
            patterns.append(path(f"{prefix}/{route}", view.as_view(), name=f"{model_name}_{action}"))
    return patterns
