"""Template helpers used across Mansap pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def alert_class(tags: str) -> str:
    return {"error": "danger", "debug": "secondary"}.get(tags, tags or "info")


@register.filter
def field_of(form: Any, name: str) -> BoundField | None:
    try:
        return form[name]
    except KeyError:
        return None


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def is_checkbox(field: BoundField) -> bool:
    return field.field.widget.input_type == "checkbox" if hasattr(field.field.widget, "input_type") else False


@register.filter
def followable(url: str | None, user: Any) -> bool:
    """`{% if url|followable:request.user %}`: whether the user may open the link (common.views.may_follow),
    so students and employer contacts get no links that answer 403."""
    from mansap.common.views import may_follow

    return may_follow(user, url)
