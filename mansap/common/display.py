"""Rendering model values for people: detail pages and the audit trail."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _


@dataclass
class FieldRow:
    label: str
    value: str
    url: str | None = None


def display_value(obj: Any, field: models.Field[Any, Any] | None, value: Any) -> str:
    if value is None or value == "":
        return "—"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, dt.datetime):
        # Stored in UTC: show the local time (an event at 10:00 in Almaty is not "05:00").
        return formats.date_format(timezone.localtime(value) if timezone.is_aware(value) else value, "DATETIME_FORMAT")
    if isinstance(value, dt.date):
        return formats.date_format(value, "DATE_FORMAT")
    return str(value)


def object_fields(obj: models.Model, names: list[str]) -> list[FieldRow]:
    """Label/value rows for the named fields or properties of obj."""
    rows = []
    for name in names:
        field: Any
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:  # a property such as full_name or cohort
            field = None
        if field is not None and field.is_relation:
            target = getattr(obj, name)
            url = target.get_absolute_url() if target is not None and hasattr(target, "get_absolute_url") else None
            rows.append(FieldRow(capfirst(str(field.verbose_name)), display_value(obj, None, target), url))
            continue
        value = getattr(obj, name)
        label = str(field.verbose_name) if field is not None else str(PROPERTY_LABELS.get(name, name))
        rows.append(FieldRow(capfirst(label), display_value(obj, field, value)))
    return rows


def _labels() -> dict[str, Any]:
    from django.utils.translation import gettext_lazy

    return {
        "full_name": gettext_lazy("full name"),
        "cohort": gettext_lazy("cohort (graduation year)"),
        "name": gettext_lazy("name"),
    }


PROPERTY_LABELS = _labels()


@dataclass
class HistoryEntry:
    when: dt.datetime
    who: str
    kind: str
    changes: list[tuple[str, str, str]]


def history_entries(obj: models.Model) -> list[HistoryEntry]:
    """The object's history newest first, each with the fields it changed (old → new)."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))  # type: ignore[attr-defined]
    kinds = {"+": _("created"), "~": _("changed"), "-": _("deleted")}
    entries = []
    for i, record in enumerate(records):
        changes: list[tuple[str, str, str]] = []
        older = records[i + 1] if i + 1 < len(records) else None
        if older is not None and record.history_type == "~":
            delta = record.diff_against(older)
            for change in delta.changes:
                field: Any = obj._meta.get_field(change.field)
                changes.append(
                    (
                        capfirst(str(field.verbose_name)),
                        display_value(obj, field if not field.is_relation else None, change.old),
                        display_value(obj, field if not field.is_relation else None, change.new),
                    )
                )
        user = record.history_user
        who = (getattr(user, "display_name", None) or str(user)) if user else _("system (import or command)")
        entries.append(HistoryEntry(record.history_date, who, str(kinds.get(record.history_type, "")), changes))
    return entries
