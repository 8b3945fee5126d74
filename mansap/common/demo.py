"""Helpers every app's demo data (`<app>/demo.py`) shares: the demo e-mail domain, the academic year, purging.

Copied from core/demo.py so the apps' demo modules need not import core's (cycle (a) of the
architecture review); core/demo.py switches to these later.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

DEMO_EMAIL_DOMAIN = "mansap.example"  # demo users are recognised (and flushed) by this domain


def current_start_year(today: dt.date) -> int:
    """The academic year running on `today` starts in September of this calendar year."""
    return today.year if today.month >= 9 else today.year - 1


def purge(queryset: models.QuerySet[Any]) -> int:
    """Delete rows with one SQL statement: no per-row signals, so no 'deleted' history row each.

    Rows of other models that point at them are deleted (or set to NULL) through the ORM
    first, so their own cascades and PROTECTs still apply. Returns the number of rows deleted.
    """
    model = queryset.model
    for relation in model._meta.related_objects:
        if relation.on_delete is models.DO_NOTHING or relation.many_to_many:
            continue
        pointing = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": queryset})
        if relation.on_delete is models.SET_NULL:
            pointing.update(**{relation.field.name: None})
        else:
            pointing.delete()
    return queryset._raw_delete(queryset.db)  # type: ignore[attr-defined]


__all__ = ["DEMO_EMAIL_DOMAIN", "current_start_year", "purge"]
