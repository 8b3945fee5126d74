"""django-tables2, made cheaper per cell without changing what it renders (issue #19).

django-tables2 calls every cell's render function through `utils.call_with_appropriate`, which inspected the
function's signature (`inspect.signature`) on every call: 300 cells of a list page meant 300 signatures, about
an eighth of the page's time. A function's parameters do not change, so `remember_signatures()` (called once,
from CommonConfig.ready) keeps django-tables2's answer per function: plain functions and bound methods (keyed by
the function under the method, and whether it is bound, since the bound signature drops `self`); any other
callable is inspected every time, as before.

Likewise a TemplateColumn given template code (every DateColumn and DateTimeColumn) compiled that code into a new
Template for every cell; `remember_templates()` keeps one compiled Template per code and template engine.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from typing import Any

from django.template import Engine, Template
from django_tables2 import utils
from django_tables2.columns import templatecolumn

_original_signature: Callable[[Any], tuple[tuple[str, ...], str | None]] = utils.signature
_remembered: dict[tuple[Any, bool], tuple[tuple[str, ...], str | None]] = {}
_REMEMBER_AT_MOST = 4096  # functions made per request (closures) must not grow it without bound


def signature(fn: Any) -> tuple[tuple[str, ...], str | None]:
    """django_tables2.utils.signature, remembered per function (see the module's docstring)."""
    if isinstance(fn, types.MethodType) and isinstance(fn.__func__, types.FunctionType):
        key = (fn.__func__, True)
    elif isinstance(fn, types.FunctionType):
        key = (fn, False)
    else:
        return _original_signature(fn)
    found = _remembered.get(key)
    if found is None:
        found = _original_signature(fn)  # the bound method itself: its signature without `self`
        if len(_remembered) < _REMEMBER_AT_MOST:
            _remembered[key] = found
    return found


def remember_signatures() -> None:
    utils.signature = signature


_compiled: dict[tuple[str, Engine], Template] = {}


def compiled_template(template_code: str) -> Template:
    """Template(template_code), compiled once per code and default engine (templatecolumn's `Template`)."""
    key = (template_code, Engine.get_default())
    found = _compiled.get(key)
    if found is None:
        found = Template(template_code)
        if len(_compiled) < _REMEMBER_AT_MOST:
            _compiled[key] = found
    return found


def remember_templates() -> None:
    templatecolumn.Template = compiled_template


def _has_callable(value: Any) -> bool:
    if callable(value):
        return True
    if isinstance(value, dict):
        return any(_has_callable(v) for v in value.values())
    return False


def static_td_attrs(table: Any, bound_column: Any) -> bool:
    """Whether a column's <td> attributes are the same on every row: no callable among the table's and the
    column's attributes, and django-tables2's own per-column class names (not overridden by the table)."""
    from django_tables2 import Table

    if type(table).get_column_class_names is not Table.get_column_class_names:
        return False
    return not (_has_callable(dict(table.attrs)) or _has_callable(dict(bound_column.column.attrs)))


class PlainRowsTable:
    """A table mixin whose page of rows is read as plain values (one values() of the page) instead of model objects,
    each cell rendered by `plain_cells` as django-tables2 renders it from the model (issue #19: its per-cell
    dispatch, accessor resolution, choices look-up and linkify, was half a list page's CPU).

    The table's data stays the model queryset: ordering, the paginator's count and the XLSX export are unchanged.
    `plain_fields` are the values read; `plain_value_<column>(row)` gives a column's value from a row (a dict of
    them), the field of the column's name without one. A value in the column's empty_values shows its default;
    otherwise `plain_render_<column>(value, row, bound_column)`, when there is one, gives the cell (a link, a
    choice's label, a formatted date). Only when every column's <td> attributes are static (no callable reading the
    current record); otherwise the page's rows stay model objects.
    """

    plain_fields: tuple[str, ...] = ()

    def paginate(self, *args: Any, **kwargs: Any) -> Any:
        from django_tables2.rows import BoundRows

        result = super().paginate(*args, **kwargs)  # type: ignore[misc]
        table: Any = self
        data: Any = getattr(table.page.object_list, "data", None)
        static = all(static_td_attrs(table, column) for column in table.columns)
        if self.plain_fields and hasattr(data, "values") and static:
            # Lazy, as the model rows were: an export paginates (SingleTableMixin) but never reads the page.
            table.page.object_list = BoundRows(data=data.values(*self.plain_fields), table=table)
        return result

    def plain_cells(self, row: dict[str, Any]) -> list[Any]:
        """The row's cells, in the order of the table's columns."""
        getters = self.__dict__.get("_plain_getters")
        if getters is None:
            getters = self.__dict__["_plain_getters"] = [
                (
                    bound,
                    getattr(self, f"plain_value_{bound.name}", None),
                    getattr(self, f"plain_render_{bound.name}", None),
                    bound.column.empty_values,
                    bound.default,
                )
                for bound in self.columns  # type: ignore[attr-defined]
            ]
        cells = []
        for bound, value_of, render, empty, default in getters:
            value = value_of(row) if value_of is not None else row[bound.name]
            if value in empty:
                cells.append(default)
            else:
                cells.append(render(value, row, bound) if render is not None else value)
        return cells
