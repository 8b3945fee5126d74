"""The read side of the KPIs (#13): the scorecard of a process for a period, the trend and the drill-down.

`scorecard` is the one reader behind the process page, the KPI register, the API, the XLSX export and
`manage.py process_kpis`: per KPI its value, numerator, denominator, target and RAG status.

- A computed KPI is measured live by its indicator (common.indicators) for the period and the breakdown; when
  its indicator is not registered (the owning app has not provided it yet) it has no figure and says so
  (`provider_missing`), never an error.
- An entered KPI reads the period's stored value; entered values are the whole institution's, so a breakdown
  has no figure for them.
- Small numbers: a breakdown (faculty, department, program) whose figure rests on fewer than SMALL_NUMBER
  people (its denominator) shows no figure (`suppressed`), as the Office for Students' dashboards do; the
  whole institution's figure is always shown.
- `period` is a label read in each definition's own period kind ("2025-2026" an academic year, "2026" a
  calendar year, "2026-03" a month); a label that is not a period of a definition's kind gives it no figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from mansap.common.indicators import WHOLE, Breakdown, Period
from mansap.core.access import VIEW, scoped
from mansap.core.models import Department, EducationalProgram, Faculty
from mansap.quality.choices import Rag, rag
from mansap.quality.models import KPIDefinition, KPITarget, KPIValue, Process

if TYPE_CHECKING:
    from collections.abc import Iterable

    from mansap.core.access import AnyUser

# A breakdown resting on fewer people than this shows no figure.
SMALL_NUMBER = 5


@dataclass
class KPIRow:
    """One KPI's line of a scorecard."""

    definition: KPIDefinition
    period: Period | None
    value: Decimal | int | None = None
    numerator: Decimal | int | None = None
    denominator: Decimal | int | None = None
    target: KPITarget | None = None
    status: str = Rag.NONE.value
    provider_missing: bool = False
    suppressed: bool = False
    unsupported: bool = False  # the indicator cannot answer for this breakdown, or the KPI is entered
    stored: KPIValue | None = None
    rows: Any = field(default=None, repr=False)

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def label(self) -> str:
        return self.period.label if self.period else ""

    def as_json(self) -> dict[str, Any]:
        """The object `manage.py process_kpis --json` prints per KPI (issue #13), exactly these keys."""
        return {
            "code": self.code,
            "value": as_number(self.value),
            "numerator": as_number(self.numerator),
            "denominator": as_number(self.denominator),
            "target": as_number(self.target.target if self.target else None),
            "status": self.status,
        }


def as_number(value: Decimal | int | float | None) -> int | float | None:
    """A figure for JSON: an integer when it is whole, else a float (shares stay fractions)."""
    if value is None:
        return None
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    return int(number) if number == number.to_integral_value() else float(number)


def _definitions(source: Process | Iterable[KPIDefinition]) -> list[KPIDefinition]:
    if isinstance(source, Process):
        return list(source.kpis.select_related("institution", "process").order_by("code"))
    return list(source)


def scorecard(
    source: Process | Iterable[KPIDefinition],
    period: str | Period,
    breakdown: Breakdown = WHOLE,
    *,
    with_rows: bool = False,
) -> list[KPIRow]:
    """Per KPI of a process (or of the given definitions): {code, value, numerator, denominator, target,
    status} for the period and the breakdown (see the module's docstring). Two queries plus the indicators'."""
    label = period.label if isinstance(period, Period) else str(period)
    definitions = _definitions(source)
    periods = {d.pk: d.parse_period(label) for d in definitions}
    labels = {p.label for p in periods.values() if p is not None}
    targets = {
        (t.definition_id, t.period): t
        for t in KPITarget.objects.filter(definition__in=[d.pk for d in definitions], period__in=labels)
    }
    values = {
        (v.definition_id, v.period): v
        for v in KPIValue.objects.filter(definition__in=[d.pk for d in definitions], period__in=labels)
    }
    result = []
    for definition in definitions:
        found = periods[definition.pk]
        row = KPIRow(definition=definition, period=found)
        if found is not None:
            row.target = targets.get((definition.pk, found.label))
            row.stored = values.get((definition.pk, found.label))
            _fill(row, found, breakdown, with_rows=with_rows)
        row.status = rag(row.value, row.target, definition.higher_is_better)
        result.append(row)
    return result


def _fill(row: KPIRow, period: Period, breakdown: Breakdown, *, with_rows: bool) -> None:
    definition = row.definition
    if not definition.is_computed:
        if breakdown != WHOLE:
            row.unsupported = True
        elif row.stored is not None:
            row.value, row.numerator, row.denominator = row.stored.value, row.stored.numerator, row.stored.denominator
        return
    provider = definition.provider
    if provider is None:
        row.provider_missing = True
        return
    if breakdown.dimension is not None and breakdown.dimension not in provider.breakdowns:
        row.unsupported = True
        return
    measured = provider.measure(definition.institution, period, breakdown)
    row.value, row.numerator, row.denominator = measured.value, measured.numerator, measured.denominator
    if with_rows:
        row.rows = measured.rows
    if breakdown != WHOLE and measured.denominator is not None and measured.denominator < SMALL_NUMBER:
        row.suppressed = True
        row.value = row.numerator = row.denominator = None
        row.rows = None


def trend(definition: KPIDefinition, period: Period, count: int = 5) -> list[KPIRow]:
    """The KPI over the `count` periods ending with `period`, oldest first (the KPI page's chart and table)."""
    return [scorecard([definition], each)[0] for each in period.last(count)]


def current_period(definition: KPIDefinition, today: Any) -> Period | None:
    """The period of the definition's kind that contains `today` (None before a period kind is agreed)."""
    return Period.containing(definition.period_kind, today) if definition.period_kind else None


# ---- The drill-down: faculty → department → program → the records behind the number ------------------------
@dataclass
class DrillStep:
    dimension: str  # "faculty", "department" or "program"
    unit: Any  # the Faculty, Department or Program
    row: KPIRow
    breakdown: Breakdown


def drill_children(definition: KPIDefinition, period: Period, breakdown: Breakdown, user: AnyUser) -> list[DrillStep]:
    """The next level of the drill-down under `breakdown`, among the units whose people the user may see, each
    with its figure; empty when the indicator does not break down further."""
    provider = definition.provider
    if provider is None:
        return []
    departments = Department.objects.with_people_for(user, VIEW)
    dimension = breakdown.dimension
    units: list[tuple[str, Any, Breakdown]] = []
    if dimension is None and "faculty" in provider.breakdowns:
        faculties = Faculty.objects.filter(
            institution=definition.institution_id, departments__in=departments.values("pk")
        ).distinct()
        units = [("faculty", f, Breakdown(faculty=f.pk)) for f in faculties.order_by("code")]
    elif dimension in (None, "faculty") and "department" in provider.breakdowns:
        chosen = departments.filter(faculty__institution=definition.institution_id)
        if breakdown.faculty is not None:
            chosen = chosen.filter(faculty_id=breakdown.faculty)
        units = [("department", d, Breakdown(faculty=d.faculty_id, department=d.pk)) for d in chosen.order_by("code")]
    elif dimension in (None, "faculty", "department") and "program" in provider.breakdowns:
        programs = EducationalProgram.objects.with_people_for(user, VIEW).filter(
            department__faculty__institution=definition.institution_id
        )
        if breakdown.department is not None:
            programs = programs.filter(department_id=breakdown.department)
        elif breakdown.faculty is not None:
            programs = programs.filter(department__faculty_id=breakdown.faculty)
        units = [
            ("program", p, Breakdown(faculty=breakdown.faculty, department=p.department_id, program=p.pk))
            for p in programs.order_by("code")
        ]
    steps = []
    for name, unit, narrowed in units:
        row = scorecard([definition], period, narrowed)[0]
        steps.append(DrillStep(name, unit, row, narrowed))
    return steps


def visible_rows(rows: Any, user: AnyUser) -> list[Any]:
    """The records behind a figure that the user may see (a scoped queryset, ids of one, or a list of rows)."""
    if rows is None:
        return []
    queryset = getattr(rows, "queryset", None)
    ids = getattr(rows, "ids", None)
    if queryset is not None and ids is not None:  # common.indicators.IdRows
        seen = scoped(queryset).for_user(user, VIEW).filter(pk__in=list(ids))
        return list(seen)
    if hasattr(rows, "for_user"):
        return list(rows.for_user(user, VIEW))
    items = list(rows)
    if not items or not hasattr(items[0], "_meta"):
        return items
    model = type(items[0])
    try:
        allowed = set(
            scoped(model).for_user(user, VIEW).filter(pk__in=[i.pk for i in items]).values_list("pk", flat=True)
        )
    except TypeError:  # a model without a scoped queryset: nothing personal to narrow
        return items
    return [i for i in items if i.pk in allowed]


def current_scorecard(source: Process | Iterable[KPIDefinition], today: Any) -> list[KPIRow]:
    """Each KPI for the period of its own kind that contains `today` (the process page): one scorecard per
    period kind, in the definitions' order; a KPI without a period kind has no figure."""
    definitions = _definitions(source)
    by_kind: dict[str, list[KPIDefinition]] = {}
    for definition in definitions:
        by_kind.setdefault(definition.period_kind, []).append(definition)
    found: dict[int, KPIRow] = {}
    for kind, group in by_kind.items():
        if not kind:
            found.update({d.pk: KPIRow(definition=d, period=None) for d in group})
            continue
        for row in scorecard(group, Period.containing(kind, today)):
            found[row.definition.pk] = row
    return [found[d.pk] for d in definitions]
