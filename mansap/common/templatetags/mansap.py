"""Template helpers used across Mansap pages."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Model
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mansap.common.forms import missing_languages as languages_missing
from mansap.common.tables import static_td_attrs

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


def _row_items(row: Any) -> Any:
    """django-tables2's BoundRow.items() without its look-up of each cell's column by name.

    items() asks get_cell(name) for every cell, which finds the column by scanning the table's columns
    (BoundColumns.__getitem__): a 12-column page of 25 rows made some 500 such scans. The same calls on the column
    at hand, with the same side effects (the column's current value and record, for callable attributes).
    """
    for column in row.table.columns:
        column.current_value = row._get_and_render_with(column, render_func=row._call_render, default=column.default)
        column.current_record = row.record
        yield column, column.current_value


def _plain_items(row: Any) -> Any:
    """The row's (column, cell) pairs when the table renders its rows from plain values (common.tables.PlainRowsTable:
    the graduates list), else None."""
    cells = getattr(row.table, "plain_cells", None)
    if cells is None or isinstance(row.record, Model):
        return None
    return zip(row.table.columns, cells(row.record), strict=True)


@register.simple_tag(takes_context=True)
def table_row(context: template.Context, row: Any) -> str:
    """One <tr> of a django-tables2 table, as its bootstrap5 template renders it (common/table.html), in Python.

    The template spent most of a list page's time here: per cell a {% for %} iteration and three chained
    variable look-ups (each trying a dict key before the attribute), and the column's attributes computed anew
    for every cell. A column whose <td> attributes cannot vary by row (no callable: the usual case) has them
    computed once per table; the cells are what django-tables2 renders (row.items()), localized and escaped as
    {{ cell }}, {{ cell|localize }} or {{ cell|unlocalize }} would.
    """
    from django.template.base import render_value_in_context
    from django.templatetags.l10n import localize, unlocalize
    from django.utils.html import conditional_escape
    from django.utils.safestring import mark_safe

    table = row.table
    cache: dict[str, str | None] = table.__dict__.setdefault("_mansap_td_attrs", {})
    cells = []
    for column, cell in _plain_items(row) or _row_items(row):
        attrs = cache.get(column.name)
        if attrs is None:
            attrs = column.attrs["td"].as_html()
            if static_td_attrs(table, column):
                cache[column.name] = attrs
        if column.localize is None:
            value = cell
        elif column.localize:
            value = localize(cell)
        else:
            value = unlocalize(cell)
        cells.append(f"<td {attrs}>{render_value_in_context(value, context)}</td>")
    return mark_safe(f"<tr {conditional_escape(row.attrs.as_html())}>{''.join(cells)}</tr>")


def _nav_value(entry: Any, key: str) -> Any:
    """`{{ entry.key }}` of the menu's template: the dict's value, "" when it has no such key."""
    return entry.get(key, "") if isinstance(entry, dict) else getattr(entry, key, "")


@register.simple_tag(takes_context=True)
def nav_bar(context: template.Context, items: Any) -> str:
    """The menu bar's entries (`nav_items`, mansap.navigation) as base.html's {% for %} loop rendered them, in Python.

    The loop was most of the cost every staff page adds to the login page: some 80 links, each a handful of
    template look-ups and {% if %} nodes. The markup is the same (up to the whitespace between tags): a dropdown
    per entry with children (its last two menus open to the left from xl, more than 16 links in columns), headers
    between a dropdown's links, a plain link otherwise, marked active on its own page; values escaped as {{ }} does.

    Menus the wiring remembers across requests (common.navigation.Menus) keep their markup, in the language it was
    rendered in: only the "active" mark of a plain link depends on the page, and is put in per request.
    """
    from django.utils.safestring import mark_safe

    from mansap.common.navigation import Menus

    request = context.get("request")
    path = getattr(request, "path", "")
    language = get_language()
    parts = items.markup.get(language) if isinstance(items, Menus) else None
    if parts is None:
        parts = _nav_parts(list(items or ()))
        if isinstance(items, Menus):
            items.markup[language] = parts
    return mark_safe("".join(part if isinstance(part, str) else _active(path, part[0]) for part in parts))


def _active(path: str, url: str) -> str:
    return " active" if path == url else ""


def _nav_parts(items: list[Any]) -> list[str | tuple[str]]:
    """The menu bar's markup, in pieces: strings, and (url,) where a plain link to `url` says " active" on its page."""
    from django.utils.html import conditional_escape as esc

    out: list[str | tuple[str]] = []
    for index, item in enumerate(items):
        children = _nav_value(item, "children")
        icon, label = esc(_nav_value(item, "icon")), esc(_nav_value(item, "label"))
        if children:
            classes = "dropdown-menu"
            if len(items) - index <= 2:
                classes += " dropdown-menu-xl-end"
            if len(children) > 16:
                classes += " dropdown-menu-columns"
            out.append(
                '<li class="nav-item dropdown">'
                '<a class="nav-link dropdown-toggle text-nowrap" href="#" role="button" data-bs-toggle="dropdown" '
                f'aria-expanded="false"><i class="bi bi-{icon} me-1"></i>{label}</a>'
                f'<ul class="{classes}">'
            )
            for child in children:
                if heading := _nav_value(child, "header"):
                    out.append('<li><hr class="dropdown-divider"></li>')
                    out.append(f'<li><h6 class="dropdown-header">{esc(heading)}</h6></li>')
                else:
                    url, text = esc(_nav_value(child, "url")), esc(_nav_value(child, "label"))
                    out.append(f'<li><a class="dropdown-item" href="{url}">{text}</a></li>')
            out.append("</ul></li>")
        else:
            url = _nav_value(item, "url")
            out.append('<li class="nav-item"><a class="nav-link text-nowrap')
            out.append((url,))
            out.append(f'" href="{esc(url)}"><i class="bi bi-{icon} me-1"></i>{label}</a></li>')
    # Consecutive strings joined once: what is left to join per request is a few pieces.
    merged: list[str | tuple[str]] = []
    for part in out:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return merged
