"""Statistical reports of the contingent with configurable layouts (issue #15, Q22).

A layout names the breakdown keys of its rows and of its columns; `render(periods, layout, day)` counts the
students studying on `day` grouped by all of them in ONE query and lays the counts out as a table (a row per
combination of the row keys' values, a column per combination of the column keys', totals on both sides).
The keys are the contingent's (reports.contingent.KEY_PATHS) and `citizenship` once core.Student records it.
DEFAULTS are shaped like the 1-NK and 3-NK forms: the students by study form and funding against sex, and by
program against the year of study.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from mansap.core.models import Student
from mansap.studentbody.choices import Breakdown, State
from mansap.studentbody.models import StudentPeriod
from mansap.studentbody.reports.contingent import KEY_PATHS

CITIZENSHIP = "citizenship"


def has_citizenship() -> bool:
    """Whether core.Student records citizenship (another branch adds it): the key is offered only then."""
    return any(field.name == CITIZENSHIP for field in Student._meta.get_fields())


def key_paths() -> dict[str, str]:
    paths = {str(key): path for key, path in KEY_PATHS.items()}
    if has_citizenship():
        paths[CITIZENSHIP] = "student__citizenship"
    return paths


def key_choices() -> list[tuple[str, Any]]:
    choices: list[tuple[str, Any]] = list(Breakdown.choices)
    if has_citizenship():
        choices.append((CITIZENSHIP, _("citizenship")))
    return choices


@dataclasses.dataclass(frozen=True)
class DefaultLayout:
    """A layout kept in code (not stored): what a registrar starts from."""

    code: str
    name: Any
    rows: list[str]
    columns: list[str]
    pk: None = None


DEFAULTS = {
    "1-nk": DefaultLayout("1-nk", _("1-NK: students by study form and funding, by sex"), ["form", "funding"], ["sex"]),
    "3-nk": DefaultLayout("3-nk", _("3-NK: students by program and year of study"), ["program"], ["year"]),
}


@dataclasses.dataclass
class LayoutTable:
    day: dt.date
    row_keys: list[str]
    column_keys: list[str]
    columns: list[tuple[Any, ...]]
    column_labels: list[str]
    rows: list[tuple[str, list[int], int]]  # (label, counts per column, row total)
    column_totals: list[int]
    total: int


def render(
    periods: QuerySet[StudentPeriod], rows: Sequence[str], columns: Sequence[str], day: dt.date,
    label: Callable[[str, Any], str],
) -> LayoutTable:  # fmt: skip
    """The table of a layout on `day`; `label(key, value)` names a value (the page's names)."""
    paths = key_paths()
    row_keys = [k for k in rows if k in paths]
    column_keys = [k for k in columns if k in paths]
    names = [paths[k] for k in (*row_keys, *column_keys)]
    found = periods.on(day).filter(state=State.STUDYING)  # type: ignore[attr-defined]
    counts: dict[tuple[Any, ...], dict[tuple[Any, ...], int]] = {}
    column_values: set[tuple[Any, ...]] = set()
    if names:
        grouped = found.values(*names).annotate(n=Count("pk")).order_by()
    else:
        grouped = [{"n": found.count()}]
    for row in grouped:
        row_value = tuple(row[paths[k]] for k in row_keys)
        column_value = tuple(row[paths[k]] for k in column_keys)
        counts.setdefault(row_value, {})[column_value] = row["n"]
        column_values.add(column_value)

    def order(value: tuple[Any, ...]) -> tuple[Any, ...]:
        return tuple((v is None, str(v)) for v in value)

    ordered_columns = sorted(column_values, key=order)

    def name(keys: list[str], value: tuple[Any, ...]) -> str:
        return " · ".join(label(k, v) for k, v in zip(keys, value, strict=True)) or str(_("All students"))

    lines = []
    for row_value in sorted(counts, key=order):
        cells = [counts[row_value].get(c, 0) for c in ordered_columns]
        lines.append((name(row_keys, row_value), cells, sum(cells)))
    totals = [sum(line[1][i] for line in lines) for i in range(len(ordered_columns))]
    return LayoutTable(
        day, row_keys, column_keys, ordered_columns, [name(column_keys, c) for c in ordered_columns], lines, totals,
        sum(totals),
    )  # fmt: skip
