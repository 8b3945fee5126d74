"""The consortium page's table: for each institution a consortium is given, side by side, the employment KPIs
of a cohort as of a date (compute_kpis) and the partnership KPIs as of the same date (employers' indicators),
as aggregates only.

Small numbers are never shown (statistical disclosure control):
- a count of people from 1 to 4 is suppressed ("< 5");
- a share is suppressed when its denominator is under 5, or its numerator or its complement (denominator −
  numerator) counts 1 to 4 people: "95 %" of 40 would say that two graduates are not employed;
- an average salary resting on fewer than 5 salaries is suppressed;
- when exactly one institution's cell of a row is suppressed, the consortium's total of that row is suppressed
  too, else total − the others would give it back (secondary suppression);
- when a column's cohort is not shown, none of its employment figures is: a share of a hidden group would give
  its size back (8 of 15 known: 53.3 %, beside an institution's 12, says the other has 3).
Counts of agreements and joint units are not people and are shown as they are. A zero is shown: it rests on
no one. "—" is a figure with nothing to compute it from (no graduates, no salary given).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.core.models import Institution, Student
from mansap.employers.reports.kpis import KPI_TITLES, partnership_counts
from mansap.graduates.reports import analytics

# The least number of people a figure may rest on.
THRESHOLD = 5

SUPPRESSED = "< 5"
NO_FIGURE = "—"

RATE, MONEY, PEOPLE, COUNT = "rate", "money", "people", "count"


@dataclass(frozen=True)
class Figure:
    key: str
    label: Any
    kind: str
    group: str


EMPLOYMENT = "employment"
PARTNERSHIP = "partnership"
GROUP_LABELS = {EMPLOYMENT: _("Graduates' employment"), PARTNERSHIP: _("Partnerships with employers")}

FIGURES: tuple[Figure, ...] = (
    Figure("cohort", analytics.COUNT_LABELS["cohort"], PEOPLE, EMPLOYMENT),
    *(Figure(name, analytics.KPI_LABELS[name], RATE, EMPLOYMENT) for name in analytics.RATE_NAMES),
    Figure("average_salary", analytics.KPI_LABELS["average_salary"], MONEY, EMPLOYMENT),
    Figure("agreements", KPI_TITLES["17.5"], COUNT, PARTNERSHIP),
    Figure("joint_units", KPI_TITLES["17.6"], COUNT, PARTNERSHIP),
    Figure("targeted_students", KPI_TITLES["17.7"], PEOPLE, PARTNERSHIP),
)


@dataclass
class Cell:
    """One figure of one column: `value` (a number, None when suppressed or undefined) and its text."""

    value: Any
    text: str
    suppressed: bool = False


@dataclass
class Column:
    institution: Institution | None  # None: the consortium's total
    basis: dict[str, tuple[int, int] | int | None] = field(default_factory=dict)
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return str(self.institution) if self.institution is not None else str(_("All institutions"))


@dataclass
class Row:
    figure: Figure
    cells: list[Cell]


@dataclass
class ConsortiumTable:
    cohort: int
    as_of: dt.date
    columns: list[Column]
    rows: list[Row]

    def groups(self) -> list[tuple[str, list[Row]]]:
        return [(str(GROUP_LABELS[g]), [r for r in self.rows if r.figure.group == g]) for g in GROUP_LABELS]


def is_small(count: int | None) -> bool:
    """1 to 4 people: a slice too small to show."""
    return count is not None and 0 < count < THRESHOLD


def share_is_disclosive(numerator: int, denominator: int) -> bool:
    return denominator < THRESHOLD or is_small(numerator) or is_small(denominator - numerator)


def _bases(kpis: dict[str, Any]) -> dict[str, tuple[int, int]]:
    """(numerator, denominator) of each rate, from the counts compute_kpis gives."""
    c = kpis["counts"]
    labour_force = c["cohort"] - c["out_of_labour_force"]
    known = c["cohort"] - c["unknown"]
    return {
        "knowledge_rate": (known, c["cohort"]),
        "employment_rate": (c["employed"], labour_force),
        "employment_by_specialty_rate": (c["employed_specialty"], labour_force),
        "own_business_share": (c["own_business"], labour_force),
        "career_outcomes_rate": (c["employed"] + c["continuing_education"] + c["military_service"], known),
    }


def _cells(kpis: dict[str, Any], partnership: dict[str, int], language: str | None) -> dict[str, Cell]:
    counts = kpis["counts"]
    bases = _bases(kpis)
    cells: dict[str, Cell] = {}
    for figure in FIGURES:
        key = figure.key
        if figure.kind == RATE:
            numerator, denominator = bases[key]
            if denominator == 0:
                cells[key] = Cell(None, NO_FIGURE)
            elif share_is_disclosive(numerator, denominator):
                cells[key] = Cell(None, SUPPRESSED, suppressed=True)
            else:
                cells[key] = Cell(kpis[key], analytics.format_rate(kpis[key], language))
        elif figure.kind == MONEY:
            if kpis[key] is None:
                cells[key] = Cell(None, NO_FIGURE)
            elif counts["with_salary"] < THRESHOLD:
                cells[key] = Cell(None, SUPPRESSED, suppressed=True)
            else:
                cells[key] = Cell(kpis[key], analytics.format_money(kpis[key], language))
        else:
            value = counts["cohort"] if key == "cohort" else partnership[key]
            if figure.kind == PEOPLE and is_small(value):
                cells[key] = Cell(None, SUPPRESSED, suppressed=True)
            else:
                cells[key] = Cell(value, analytics.format_number(value, language))
    return cells


def cohort_graduates(institution: Institution, cohort: int) -> Any:
    return Student.objects.filter(institution=institution).graduates().filter(graduation_date__year=cohort)


def cohorts_graduates(institutions: Sequence[Institution], cohort: int) -> Any:
    """The cohort's graduates of all the institutions (cohort_graduates of each, together)."""
    return (
        Student.objects.filter(institution__in=[i.pk for i in institutions])
        .graduates()
        .filter(graduation_date__year=cohort)
    )


def _total(kpis_list: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The KPIs of all the institutions' graduates together, from their status counts (salaries: the weighted
    mean of the institutions' averages, each over its own salaries)."""
    statuses: Counter[str] = Counter()
    for kpis in kpis_list:
        statuses.update({status: n for status, n in kpis["status_counts"].items() if n})
    total = analytics.kpis_from_counts(statuses, [])
    weighted = [(k["average_salary"], k["counts"]["with_salary"]) for k in kpis_list if k["average_salary"] is not None]
    with_salary = sum(n for _average, n in weighted)
    total["counts"]["with_salary"] = with_salary
    total["average_salary"] = round(sum(a * n for a, n in weighted) / with_salary) if with_salary else None
    return total


def build(
    institutions: Iterable[Institution], cohort: int, as_of: dt.date, language: str | None = None
) -> ConsortiumTable:
    """The table of the institutions (in the order given) and their total."""
    given = list(institutions)
    columns: list[Column] = []
    all_kpis: list[dict[str, Any]] = []
    partnership_total: Counter[str] = Counter()
    # Every institution at once, grouped by the database: 2 queries for the employment figures (the same
    # reader as compute_kpis, by institution) and 3 for the partnership counts, whatever their number.
    employment = analytics.compute_kpis_by(cohorts_graduates(given, cohort), as_of, "institution_id")
    no_graduates = analytics.kpis_from_histogram(Counter(), Counter())
    partnerships = partnership_counts([i.pk for i in given], as_of)
    for institution in given:
        kpis = employment.get(institution.pk, no_graduates)
        partnership = partnerships[institution.pk]
        all_kpis.append(kpis)
        partnership_total.update(partnership)
        columns.append(Column(institution, cells=_cells(kpis, partnership, language)))
    total = Column(None, cells=_cells(_total(all_kpis), {k: partnership_total[k] for k in _PARTNERSHIP_KEYS}, language))
    rows: list[Row] = []
    for figure in FIGURES:
        cells = [column.cells[figure.key] for column in columns]
        total_cell = total.cells[figure.key]
        if sum(cell.suppressed for cell in cells) == 1 and not total_cell.suppressed and total_cell.value is not None:
            total_cell = total.cells[figure.key] = Cell(None, SUPPRESSED, suppressed=True)
        rows.append(Row(figure, [*cells, total_cell]))
    hide_figures_of_hidden_cohorts(rows)
    return ConsortiumTable(cohort=cohort, as_of=as_of, columns=[*columns, total], rows=rows)


_PARTNERSHIP_KEYS = ("agreements", "joint_units", "targeted_students")


def hide_figures_of_hidden_cohorts(rows: list[Row]) -> None:
    cohort = next(row for row in rows if row.figure.key == "cohort")
    for column, cohort_cell in enumerate(cohort.cells):
        if not cohort_cell.suppressed:
            continue
        for row in rows:
            if row.figure.group == EMPLOYMENT:  # "—" too: "no salary given" says something of 1 to 4 people
                row.cells[column] = Cell(None, SUPPRESSED, suppressed=True)


def legend() -> list[tuple[str, str]]:
    """What the marks mean, translated (the page and the XLSX say the same)."""
    return [
        (
            SUPPRESSED,
            str(
                _(
                    "Not shown: the figure rests on fewer than 5 people, or it would reveal a group of fewer "
                    "than 5 (the rest of a share, or an institution's figure taken from the total)."
                )
            ),
        ),
        (NO_FIGURE, str(_("No figure: nothing to compute it from (no graduates, no salary given)."))),
    ]
