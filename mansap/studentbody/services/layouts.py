"""Saving a statistical report layout (issue #15, Q22): the registrar's (the SSC's) rows and columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mansap.studentbody.models import ReportLayout
from mansap.studentbody.reports.layouts import key_paths

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

FIELDS = ("name_kk", "name_ru", "name_en", "rows", "columns")


@transaction.atomic
def save_layout(layout: ReportLayout, *, acting_user: MaybeUser, **values: Any) -> ReportLayout:
    """Set the layout's titles, rows and columns (known keys, none on both sides) and save it."""
    known = key_paths()
    rows, columns = list(values.get("rows") or []), list(values.get("columns") or [])
    unknown = [k for k in (*rows, *columns) if k not in known]
    if unknown:
        raise ValidationError({"rows": _("Unknown breakdown: {keys}.").format(keys=", ".join(unknown))})
    if set(rows) & set(columns):
        raise ValidationError({"columns": _("A breakdown is either a row or a column, not both.")})
    if not rows and not columns:
        raise ValidationError({"rows": _("Choose at least one breakdown for the rows or the columns.")})
    for name in FIELDS:
        if name in values:
            setattr(layout, name, values[name])
    layout.full_clean()
    layout.save()
    return layout
