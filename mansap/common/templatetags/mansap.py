"""Template helpers used across Mansap pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.translation import gettext as _

from mansap.common.forms import missing_languages as languages_missing

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


@register.simple_tag
def missing_languages(obj: Any, name: str) -> str:
    """A small badge naming the languages obj.<name> was not typed in ("Not translated: RU, EN"), else ""."""
    missing = languages_missing(obj, name)
    if not missing:
        return ""
    return format_html(
        '<span class="badge rounded-pill text-bg-light border fw-normal align-middle missing-languages" '
        'title="{}">{}</span>',
        _("Shown in the first language available until translated."),
        _("Not translated: {languages}").format(languages=", ".join(code.upper() for code in missing)),
    )
