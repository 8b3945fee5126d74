"""Employment KPIs, as the issue defines them. Page, export, API and command all call compute_kpis().

For a cohort (graduation year) and an as-of date, a graduate's status is their
latest valid (not voided) employment record that started on or before that date
(ties: the one recorded last); with none, or when that record ended before the
as-of date, the status is "unknown" (querysets.EmploymentRecordQuerySet, the same rule).

The figures are computed by the database: a ROW_NUMBER() window over each graduate's valid
records started on or before the date picks their latest one (`readers.latest_records()`), and the
records are grouped by status and counted salary (`_histogram()`); the graduates without such
a record are the unknown ones (the cohort's count minus the known). No graduate row reaches
Python: the KPIs, median included, come from that histogram through kpis_from_histogram().
A page needs several figures of the same cohort (the headline KPIs, a breakdown by faculty/
department/program/funding/study form, the status at each collection round's deadline):
`analyse()` counts the graduates per slice in one query and reads the histogram of every date
in one more (UNION ALL), plus one for the names of the slices. The figures are cached per
selection and as-of date (mansap.graduates.kpi_cache), invalidated when a record or a graduate
of the cohort changes.

A Snapshot (each graduate's status as of a date) is still there for what needs the graduates
one by one (the per-graduate export, the quality indicators): `snapshots()` reads each graduate's
latest record from the same window, one row per graduate.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    Max,
    Min,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Lead
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mansap.core.choices import Funding, StudyForm
from mansap.core.models import EducationalProgram, Student
from mansap.graduates import kpi_cache
from mansap.graduates.choices import EMPLOYED, OUT_OF_LABOUR_FORCE, EmploymentStatus
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.querysets import LATEST_FIRST
from mansap.graduates.readers import InstitutionSpan, for_institutions_of, latest_records

S = EmploymentStatus

RATE_NAMES = (
    "knowledge_rate",
    "employment_rate",
    "employment_by_specialty_rate",
    "own_business_share",
    "career_outcomes_rate",
)
SALARY_NAMES = ("average_salary", "median_salary")
COUNT_NAMES = (
    "cohort",
    "unknown",
    "employed",
    "employed_specialty",
    "own_business",
    "out_of_labour_force",
    "continuing_education",
    "military_service",
    "parental_leave",
    "with_salary",
)


class GraduateInfo(NamedTuple):
    """What a breakdown slices a graduate by (the program leads to its department and faculty)."""

    program_id: int
    funding: str
    study_form: str


@dataclass
class Snapshot:
    """Each graduate's status (and salary) as of a date.

    `records` names the record that gave each known status (for the per-graduate
    export); `info` holds what a breakdown slices by.
    """

    statuses: dict[int, str] = field(default_factory=dict)
    salaries: dict[int, int] = field(default_factory=dict)
    records: dict[int, int] = field(default_factory=dict)
    info: dict[int, GraduateInfo] = field(default_factory=dict)
    as_of: dt.date | None = None

    def subset(self, ids: Iterable[int]) -> Snapshot:
        ids = list(ids)
        return Snapshot(
            statuses={i: self.statuses[i] for i in ids},
            salaries={i: self.salaries[i] for i in ids if i in self.salaries},
            records={i: self.records[i] for i in ids if i in self.records},
            info={i: self.info[i] for i in ids if i in self.info},
            as_of=self.as_of,
        )


_GRADUATE_FIELDS = ("pk", "program_id", "funding", "study_form")


def _raw_rows(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list() queryset straight from the cursor, without Django's per-value converters.

    The database driver still returns dates (Django registers SQLite's converters), but Django's
    second pass over every value is skipped: the callers only compare them with plain dates.
    """
    try:
        sql, params = queryset.query.get_compiler(using=queryset.db).as_sql()
    except EmptyResultSet:
        return
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


def snapshots(graduates: QuerySet[Student], dates: Mapping[Hashable, dt.date]) -> dict[Hashable, Snapshot]:
    """The snapshot of the graduates as of each date: one query over them, one per date over their latest records."""
    result: dict[Hashable, Snapshot] = {key: Snapshot(as_of=as_of) for key, as_of in dates.items()}
    if not dates:
        return result
    points = list(dates.items())
    for pk, program_id, funding, study_form in _raw_rows(graduates.order_by().values_list(*_GRADUATE_FIELDS)):
        info = GraduateInfo(program_id, funding, study_form)
        for snap in result.values():
            snap.statuses[pk] = S.UNKNOWN
            snap.info[pk] = info
    if not result[points[0][0]].statuses:
        return result
    for key, as_of in points:
        snap = result[key]
        latest = latest_records(graduates, as_of).values_list("graduate_id", "pk", "status", "ended_on", "salary")
        for graduate_id, record_pk, status, ended_on, salary in _raw_rows(latest):
            if ended_on is not None and ended_on < as_of:
                continue  # ended before the as-of date: unknown
            snap.statuses[graduate_id] = status
            snap.records[graduate_id] = record_pk
            if salary is not None and status in EMPLOYED:
                snap.salaries[graduate_id] = salary
    return result


def snapshot(graduates: QuerySet[Student], as_of: dt.date) -> Snapshot:
    """Status of every graduate of the queryset as of the date: one query over their records."""
    return snapshots(graduates, {"as_of": as_of})["as_of"]


def _rate(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


def _whole_tenge(value: Decimal) -> int:
    return int(value.quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def _median(values: list[int]) -> int | None:
    """The median, in whole tenge (the mean of the two middle salaries, half up, for an even count)."""
    return _median_of_counts(Counter(values))


def _median_of_counts(salaries: Mapping[int, int]) -> int | None:
    """The median of a salary histogram (salary -> graduates), whole tenge, as _median() rounds it."""
    total = sum(salaries.values())
    if not total:
        return None
    lower_at, upper_at = (total - 1) // 2, total // 2  # the middle one(s), counted from 0
    lower = upper = None
    seen = 0
    for salary in sorted(salaries):
        seen += salaries[salary]
        if lower is None and seen > lower_at:
            lower = salary
        if seen > upper_at:
            upper = salary
            break
    assert lower is not None and upper is not None
    if lower == upper:
        return lower
    return _whole_tenge((Decimal(lower) + Decimal(upper)) / 2)


def kpis_from_snapshot(snap: Snapshot) -> dict[str, Any]:
    return kpis_from_counts(Counter(snap.statuses.values()), list(snap.salaries.values()))


def kpis_from_counts(counts: Counter[str], salaries: list[int]) -> dict[str, Any]:
    """The KPI object from the number of graduates in each status and the salaries that count."""
    return kpis_from_histogram(counts, Counter(salaries))


def kpis_from_histogram(counts: Mapping[str, int], salaries: Mapping[int, int]) -> dict[str, Any]:
    """The KPI object from the graduates in each status and the histogram of the salaries that count."""
    counts = Counter(counts)
    cohort = sum(counts.values())
    unknown = counts[S.UNKNOWN]
    employed = sum(counts[s] for s in EMPLOYED)
    out = sum(counts[s] for s in OUT_OF_LABOUR_FORCE)
    labour_force = cohort - out
    known = cohort - unknown
    with_salary = sum(salaries.values())
    total = sum(salary * number for salary, number in salaries.items())
    average = _whole_tenge(Decimal(total) / with_salary) if with_salary else None
    return {
        "knowledge_rate": _rate(known, cohort),
        "employment_rate": _rate(employed, labour_force),
        "employment_by_specialty_rate": _rate(counts[S.EMPLOYED_SPECIALTY], labour_force),
        "own_business_share": _rate(counts[S.OWN_BUSINESS], labour_force),
        "career_outcomes_rate": _rate(employed + counts[S.CONTINUING_EDUCATION] + counts[S.MILITARY_SERVICE], known),
        "average_salary": average,
        "median_salary": _median_of_counts(salaries),
        "counts": {
            "cohort": cohort,
            "unknown": unknown,
            "employed": employed,
            "employed_specialty": counts[S.EMPLOYED_SPECIALTY],
            "own_business": counts[S.OWN_BUSINESS],
            "out_of_labour_force": out,
            "continuing_education": counts[S.CONTINUING_EDUCATION],
            "military_service": counts[S.MILITARY_SERVICE],
            "parental_leave": counts[S.PARENTAL_LEAVE],
            "with_salary": with_salary,
        },
        "status_counts": {status: counts[status] for status in S.values},
    }


#
# The figures in SQL: each graduate's latest record, grouped by status and counted salary
#


class _Part(NamedTuple):
    """One as-of date of a histogram: `point` names it in the result, `field` is the graduate's field to slice by."""

    point: int
    graduates: QuerySet[Student]
    as_of: dt.date
    field: str | None = None
    count_graduates: bool = False  # also count the graduates (Histogram.cohorts), in the same query
    span: InstitutionSpan | None = None  # the graduates' lowest and highest institution_id, when read


COHORT = "-cohort-"  # the histogram's status of the graduates counted (count_graduates)


class _Histogram:
    """Per point and slice: the known graduates in each status and the salaries that count (salary -> graduates)."""

    def __init__(self) -> None:
        self.statuses: dict[tuple[int, Any], Counter[str]] = defaultdict(Counter)
        self.salaries: dict[tuple[int, Any], Counter[int]] = defaultdict(Counter)
        self.graduates: dict[int, dict[Any, int]] = defaultdict(dict)  # point -> slice -> graduates counted

    def add(self, point: int, key: Any, status: str, salary: int | None, number: int) -> None:
        if status == COHORT:
            self.graduates[point][key] = number
            return
        self.statuses[point, key][status] += number
        if salary is not None:
            self.salaries[point, key][salary] += number

    def kpis(self, point: int, cohorts: Mapping[Any, int], keys: Iterable[Any] | None = None) -> dict[str, Any]:
        """The KPIs of the point over the slices `keys` (all of `cohorts` by default); cohorts: key -> graduates."""
        keys = list(cohorts if keys is None else keys)
        counts: Counter[str] = Counter()
        salaries: Counter[int] = Counter()
        for key in keys:
            counts.update(self.statuses.get((point, key), {}))
            salaries.update(self.salaries.get((point, key), {}))
        counts[S.UNKNOWN] += sum(cohorts.get(key, 0) for key in keys) - sum(counts.values())
        return kpis_from_histogram(counts, salaries)


def _histogram(parts: Iterable[_Part]) -> _Histogram:
    """The histogram of every part, from ONE query (a UNION ALL of their latest records, grouped by the database)."""
    result = _Histogram()
    selects: list[str] = []
    params: list[Any] = []
    alias = None
    for part in parts:
        as_of = part.as_of
        ended = Q(ended_on__lt=as_of)
        rows = latest_records(part.graduates, as_of, part.span).annotate(
            kpi_status=Case(When(ended, then=Value(S.UNKNOWN)), default=F("status"), output_field=CharField()),
            kpi_salary=Case(
                When(Q(status__in=EMPLOYED) & ~ended, then=F("salary")), default=None, output_field=IntegerField()
            ),
        )
        names = ["kpi_status", "kpi_salary"]
        if part.field:
            rows = rows.annotate(kpi_slice=F(f"graduate__{part.field}"))
            names.insert(0, "kpi_slice")
        rows = rows.values_list(*names)
        alias = rows.db
        try:
            sql, part_params = rows.query.get_compiler(using=rows.db).as_sql()
        except EmptyResultSet:
            continue
        qn = connections[rows.db].ops.quote_name
        # The point (an int) and the slice are written in this outer SELECT, not as the inner query's
        # constants: Django folds equal constant columns of a window-filtered query into one.
        slice_column = qn("kpi_slice") if part.field else "NULL"
        selects.append(
            f"SELECT {int(part.point)} AS {qn('kpi_point')}, {slice_column} AS {qn('kpi_slice')}, "  # noqa: S608
            f"{qn('kpi_status')}, {qn('kpi_salary')} FROM ({sql}) {qn(f'kpi_part{len(selects)}')}"
        )
        params.extend(part_params)
        if part.count_graduates:
            counted = part.graduates.order_by().values_list(part.field or "pk")
            try:
                sql, part_params = counted.query.get_compiler(using=counted.db).as_sql()
            except EmptyResultSet:
                continue
            slice_column = qn(part.field) if part.field else "NULL"
            selects.append(
                f"SELECT {int(part.point)}, {slice_column}, '{COHORT}', NULL FROM ({sql}) "  # noqa: S608
                f"{qn(f'kpi_part{len(selects)}')}"
            )
            params.extend(part_params)
    if not selects or alias is None:
        return result
    qn = connections[alias].ops.quote_name
    columns = ", ".join(qn(name) for name in ("kpi_point", "kpi_slice", "kpi_status", "kpi_salary"))
    # Only quoted identifiers and Django's own compiled SQL are formatted in; every value is a parameter.
    sql = f"SELECT {columns}, COUNT(*) FROM ({' UNION ALL '.join(selects)}) {qn('kpi_parts')} GROUP BY {columns}"  # noqa: S608
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        for point, key, status, salary, number in cursor.fetchall():
            if status == S.UNKNOWN:
                continue  # the unknown are counted from the cohort
            result.add(point, key, status, salary, number)
    return result


def _histogram_of_dates(
    graduates: QuerySet[Student], dates: list[dt.date], field: str | None, span: InstitutionSpan | None = None
) -> _Histogram:
    """The histogram of the same graduates as of several dates (point i: dates[i]; sliced by `field` at point 0
    only, not sliced when it is None), from ONE query that reads their records once.

    LEAD() over each graduate's valid records in order (started_on, then recorded last: created_at, pk)
    gives the start of the record that follows; a record is its graduate's status as of every date from its
    own start until (not including) that next start, so each record is matched with the dates it is the
    latest for (a small table of the dates) and the database groups. One sort of the records whatever the
    number of dates, where a ROW_NUMBER() per date would sort them once per date.
    """
    result = _Histogram()
    oldest_first = [F(name[1:]).asc() for name in LATEST_FIRST]
    records = (
        for_institutions_of(EmploymentRecord.objects.using(graduates.db).valid(), graduates, span)
        .filter(graduate__in=graduates.order_by().values("pk"), started_on__lte=max(dates))
        .annotate(kpi_next=Window(Lead("started_on"), partition_by=[F("graduate_id")], order_by=oldest_first))
        .order_by()
    )
    columns = ["status", "ended_on", "salary", "started_on", "kpi_next"]
    if field:
        records = records.annotate(kpi_slice=F(f"graduate__{field}"))
        columns.insert(0, "kpi_slice")
    records = records.values_list(*columns)
    try:
        inner, params = records.query.get_compiler(using=records.db).as_sql()
    except EmptyResultSet:
        return result
    connection = connections[records.db]
    qn = connection.ops.quote_name
    day = [connection.ops.adapt_datefield_value(d) for d in dates]
    table = " UNION ALL ".join(f"SELECT {i} AS {qn('point')}, %s AS {qn('as_of')}" for i in range(len(dates)))
    r, p = qn("r"), qn("p")
    ended = f"{r}.{qn('ended_on')} < {p}.{qn('as_of')}"
    employed = ", ".join(["%s"] * len(EMPLOYED))
    sliced = f"CASE WHEN {p}.{qn('point')} = 0 THEN {r}.{qn('kpi_slice')} END" if field else "NULL"
    # Only quoted identifiers and Django's own compiled SQL are formatted in; every value is a parameter.
    sql = (
        f"SELECT {p}.{qn('point')}, {sliced}, "  # noqa: S608
        f"CASE WHEN {ended} THEN NULL ELSE {r}.{qn('status')} END, "
        f"CASE WHEN {ended} OR {r}.{qn('status')} NOT IN ({employed}) THEN NULL ELSE {r}.{qn('salary')} END, "
        f"COUNT(*) FROM ({inner}) {r} INNER JOIN ({table}) {p} ON {r}.{qn('started_on')} <= {p}.{qn('as_of')} "
        f"AND ({r}.{qn('kpi_next')} IS NULL OR {r}.{qn('kpi_next')} > {p}.{qn('as_of')}) GROUP BY 1, 2, 3, 4"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (*EMPLOYED, *params, *day))
        for point, key, status, salary, number in cursor.fetchall():
            if status is not None:  # None: ended before the date, unknown (counted from the cohort)
                result.add(point, key, status, salary, number)
    return result


def _cohort_years(first: dt.date | None, last: dt.date | None) -> list[int]:
    return [] if first is None or last is None else list(range(first.year, last.year + 1))


# Read with the graduates' count (no query more): the institutions their records are in (readers.for_institutions_of).
_SPAN = {"lowest": Min("institution_id"), "highest": Max("institution_id")}


def _span_of(rows: Iterable[tuple[Any, ...]]) -> InstitutionSpan:
    """The lowest and highest institution_id over per-slice rows ending with (…, lowest, highest)."""
    lows = [row[-2] for row in rows if row[-2] is not None]
    highs = [row[-1] for row in rows if row[-1] is not None]
    return min(lows, default=None), max(highs, default=None)


def _cohort(graduates: QuerySet[Student]) -> dict[str, Any]:
    """ONE query: the graduates counted (n), their first and last graduation dates and the institutions their
    records are in (lowest, highest: readers.for_institutions_of)."""
    return graduates.order_by().aggregate(
        n=Count("pk"), first=Min("graduation_date"), last=Max("graduation_date"), **_SPAN
    )


def compute_kpis(graduates: QuerySet[Student], as_of: dt.date) -> dict[str, Any]:
    """The KPI object for a set of graduates (already filtered to a cohort, department...).

    Two queries whatever the size (the graduates counted, their latest records grouped), or one when the
    figures of the same selection, date and data are in the cache (kpi_cache).
    """
    cohort = _cohort(graduates)

    def compute() -> dict[str, Any]:
        if not cohort["n"]:
            return kpis_from_histogram(Counter(), Counter())
        histogram = _histogram([_Part(0, graduates, as_of, span=(cohort["lowest"], cohort["highest"]))])
        return histogram.kpis(0, {None: cohort["n"]})

    years = _cohort_years(cohort["first"], cohort["last"])
    return kpi_cache.get_or_compute("kpis", graduates, (as_of, cohort["n"]), years, compute)


def compute_kpis_by(graduates: QuerySet[Student], as_of: dt.date, field: str) -> dict[Any, dict[str, Any]]:
    """compute_kpis() of the graduates of each value of their `field` (e.g. "institution_id"): {value: KPIs}.

    Two queries whatever the number of values and graduates, as compute_kpis(): the graduates counted per
    value, then their latest records grouped by value and status (the same _histogram(), so the same
    definition of a graduate's status), or one when the figures are in the cache. A value with no graduate
    is not in the result.
    """
    cohorts, years, span = _per_slice(graduates, field)

    def compute() -> dict[Any, dict[str, Any]]:
        if not cohorts:
            return {}
        histogram = _histogram([_Part(0, graduates, as_of, field=field, span=span)])
        return {key: histogram.kpis(0, cohorts, [key]) for key in cohorts}

    parameters = (as_of, field, sorted(cohorts.items(), key=repr))
    return kpi_cache.get_or_compute("kpis_by", graduates, parameters, years, compute)


#
# A page's worth of figures
#


@dataclass
class TrendPoint:
    key: Any
    label: str
    as_of: dt.date
    kpis: dict[str, Any]
    in_progress: bool = False  # a round whose deadline is still ahead: its figures are as of today, not final


@dataclass
class Analysis:
    """A cohort as of a date, its breakdown, and its status at each round's deadline.

    `snapshot` (each graduate's status) is read from the database when first asked for: the page does not
    need it, the figures come from the database's histogram.
    """

    as_of: dt.date
    kpis: dict[str, Any]
    dimension: str
    breakdown: list[BreakdownRow]
    round_trend: list[TrendPoint]
    graduates: QuerySet[Student] | None = field(default=None, repr=False, compare=False)
    _snapshot: Snapshot | None = field(default=None, repr=False, compare=False)

    @property
    def snapshot(self) -> Snapshot:
        if self._snapshot is None:
            self._snapshot = snapshot(self.graduates, self.as_of) if self.graduates is not None else Snapshot()
        return self._snapshot


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _slice_field(dimension: str) -> str:
    return dimension if dimension in ("funding", "study_form") else "program_id"


def _per_slice(graduates: QuerySet[Student], field: str) -> tuple[dict[Any, int], list[int], InstitutionSpan]:
    """ONE query: the graduates counted per value of `field` (key -> graduates), the cohorts (graduation years)
    they span and the institutions their records are in (readers.for_institutions_of)."""
    per_slice = list(
        graduates.order_by()
        .values_list(field)
        .annotate(n=Count("pk"), first=Min("graduation_date"), last=Max("graduation_date"), **_SPAN)
    )
    cohorts = {key: n for key, n, _first, _last, *_span in per_slice}
    firsts = [first for _key, _n, first, _last, *_span in per_slice if first is not None]
    lasts = [last for _key, _n, _first, last, *_span in per_slice if last is not None]
    return cohorts, _cohort_years(min(firsts, default=None), max(lasts, default=None)), _span_of(per_slice)


def _round_points(rounds: Iterable[tuple[Any, ...]]) -> list[tuple[Any, str, dt.date, bool]]:
    """(key, label, as of, in progress) of each round, by date ("in progress" False when not given)."""
    return sorted(((*r, False)[:4] for r in rounds), key=lambda r: r[2])


def analyse(
    graduates: QuerySet[Student],
    *,
    as_of: dt.date,
    dimension: str = "department",
    rounds: Iterable[tuple[Any, ...]] = (),
) -> Analysis:
    """Figures of `graduates` (a cohort, every filter applied) as of the date; a trend point per round.

    rounds are (key, label, as-of date[, in progress]) of the cohort's collection rounds: the deadline of a
    round over, today for the round in progress (views/analytics.round_points). Three queries whatever the
    size: the graduates counted per slice, the latest records of every date grouped (one UNION ALL), the
    names of the slices; one when the same figures are in the cache.
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    points = _round_points(rounds)
    slice_field = _slice_field(dimension)
    cohorts, years, span = _per_slice(graduates, slice_field)

    def compute() -> tuple[dict[str, Any], list[BreakdownRow], list[TrendPoint]]:
        if not cohorts:
            empty = kpis_from_histogram(Counter(), Counter())
            trend = [TrendPoint(key, label, day, empty, in_progress=p) for key, label, day, p in points]
            return empty, [], trend
        histogram = _histogram_of_dates(
            graduates, [as_of, *(day for _key, _label, day, _p in points)], slice_field, span
        )
        rows = [
            BreakdownRow(key=key, label=label, code=code, kpis=histogram.kpis(0, cohorts, keys))
            for key, (code, label, keys) in _slices_of(cohorts, dimension).items()
        ]
        _sort_breakdown(rows, dimension)
        total = sum(cohorts.values())
        trend = [
            TrendPoint(key, label, day, histogram.kpis(i, {None: total}), in_progress=p)
            for i, (key, label, day, p) in enumerate(points, start=1)
        ]
        return histogram.kpis(0, cohorts), rows, trend

    kpis, rows, trend = kpi_cache.get_or_compute(
        "analysis", graduates, (as_of, dimension, points, sorted(cohorts.items(), key=repr), get_language()), years,
        compute,
    )  # fmt: skip
    return Analysis(as_of=as_of, kpis=kpis, dimension=dimension, breakdown=rows, round_trend=trend, graduates=graduates)


def analyse_breakdown(
    graduates: QuerySet[Student], *, as_of: dt.date, dimension: str = "department"
) -> tuple[list[BreakdownRow], dict[str, Any]]:
    """analyse()'s breakdown and its total (the KPIs of every slice together) without its rounds: what the
    analytics page loads after it has shown (views/analytics.AnalyticsBreakdownView).

    Three queries whatever the size, as analyse(): the graduates counted per slice, their latest records as of
    the date grouped per slice (the same _histogram_of_dates(), so the same figures), the names of the slices;
    one when the same figures are in the cache (kind "breakdown").
    """
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    slice_field = _slice_field(dimension)
    cohorts, years, span = _per_slice(graduates, slice_field)

    def compute() -> tuple[list[BreakdownRow], dict[str, Any]]:
        if not cohorts:
            return [], kpis_from_histogram(Counter(), Counter())
        histogram = _histogram_of_dates(graduates, [as_of], slice_field, span)
        rows = [
            BreakdownRow(key=key, label=label, code=code, kpis=histogram.kpis(0, cohorts, keys))
            for key, (code, label, keys) in _slices_of(cohorts, dimension).items()
        ]
        _sort_breakdown(rows, dimension)
        return rows, histogram.kpis(0, cohorts)

    return kpi_cache.get_or_compute(
        "breakdown", graduates, (as_of, dimension, sorted(cohorts.items(), key=repr), get_language()), years, compute
    )


def round_trend(graduates: QuerySet[Student], rounds: Iterable[tuple[Any, ...]]) -> list[TrendPoint]:
    """analyse()'s round trend alone: the KPIs of `graduates` as of each round's date (rounds as analyse() takes
    them), what the analytics page loads after it has shown (views/analytics.AnalyticsRoundsView).

    Two queries whatever the size and the number of rounds (none without a round): the graduates counted, their
    records read once for every date (_histogram_of_dates(), not sliced); one when the figures are in the cache
    (kind "rounds").
    """
    points = _round_points(rounds)
    if not points:
        return []
    cohort = _cohort(graduates)

    def compute() -> list[TrendPoint]:
        if not cohort["n"]:
            empty = kpis_from_histogram(Counter(), Counter())
            return [TrendPoint(key, label, day, empty, in_progress=p) for key, label, day, p in points]
        histogram = _histogram_of_dates(
            graduates, [day for _key, _label, day, _p in points], None, (cohort["lowest"], cohort["highest"])
        )
        return [
            TrendPoint(key, label, day, histogram.kpis(i, {None: cohort["n"]}), in_progress=p)
            for i, (key, label, day, p) in enumerate(points)
        ]

    years = _cohort_years(cohort["first"], cohort["last"])
    return kpi_cache.get_or_compute("rounds", graduates, (points, cohort["n"]), years, compute)


def cohort_trend(graduates: QuerySet[Student], cohorts: Mapping[int, dt.date]) -> list[TrendPoint]:
    """The KPIs of each cohort (graduation year) of `graduates` as of its date: ONE query whatever the size.

    Each cohort's graduates counted and its graduates' latest records as of its date grouped, every cohort
    in one UNION ALL grouped by the database (or none when the figures are cached); the KPIs come from it
    through kpis_from_histogram(), exactly as compute_kpis() computes them cohort by cohort
    (test_trend_equivalence.py compares the two on random career histories).
    """
    years = sorted(cohorts)
    if not years:
        return []
    spans = {year: (dt.date(year, 1, 1), dt.date(year, 12, 31)) for year in years}

    def compute() -> list[TrendPoint]:
        histogram = _histogram(
            _Part(year, graduates.filter(graduation_date__range=spans[year]), cohorts[year], count_graduates=True)
            for year in years
        )
        return [
            TrendPoint(year, str(year), cohorts[year], histogram.kpis(year, histogram.graduates[year]))
            for year in years
        ]

    return kpi_cache.get_or_compute("trend", graduates, sorted(cohorts.items()), years, compute)


#
# Breakdown: the KPI set of each slice
#

DIMENSIONS: dict[str, Any] = {
    "faculty": _("Faculty"),
    "department": _("Department"),
    "program": _("Educational program"),
    "funding": _("Funding"),
    "study_form": _("Study form"),
}
DEFAULT_DIMENSION = "department"


@dataclass
class BreakdownRow:
    key: Any
    label: str
    code: str
    kpis: dict[str, Any]


def _slices_of(members: Mapping[Any, Any], dimension: str) -> dict[Any, tuple[str, str, list[Any]]]:
    """key -> (code, name, members' keys) of each slice; `members` is keyed by program pk (funding, study form
    for those dimensions). One query for the programs (and their parents); none for funding and study form."""
    if dimension in ("funding", "study_form"):
        labels = dict((Funding if dimension == "funding" else StudyForm).choices)
        return {key: ("", str(labels.get(key, key)), [key]) for key in members}
    if not members:
        return {}
    slices: dict[Any, tuple[str, str, list[Any]]] = {}
    programs = EducationalProgram.objects.filter(pk__in=list(members)).select_related("department__faculty")
    for program in programs:
        owner: Any = {"program": program, "department": program.department, "faculty": program.department.faculty}[
            dimension
        ]
        code, name, keys = slices.get(owner.pk, (owner.code, owner.name, []))
        slices[owner.pk] = (code, name, [*keys, program.pk])
    return slices


def _sort_breakdown(rows: list[BreakdownRow], dimension: str) -> None:
    if dimension in ("funding", "study_form"):
        order = list((Funding if dimension == "funding" else StudyForm).values)
        rows.sort(key=lambda row: order.index(row.key) if row.key in order else len(order))
    else:
        rows.sort(key=lambda row: (row.code, row.label))


def breakdown(snap: Snapshot, dimension: str) -> list[BreakdownRow]:
    """The KPIs of each faculty/department/program/funding/study form in the snapshot (no query per slice)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    members: dict[Any, list[int]] = defaultdict(list)
    for graduate_id, info in snap.info.items():
        members[getattr(info, dimension) if dimension in ("funding", "study_form") else info.program_id].append(
            graduate_id
        )
    rows = [
        BreakdownRow(
            key=key,
            label=label,
            code=code,
            kpis=kpis_from_snapshot(snap.subset(i for k in keys for i in members[k])),
        )
        for key, (code, label, keys) in _slices_of(members, dimension).items()
    ]
    _sort_breakdown(rows, dimension)
    return rows


#
# Definitions (shown on the page and in the PDF) and how the figures read
#

KPI_LABELS: dict[str, Any] = {
    "knowledge_rate": _("Knowledge rate"),
    "employment_rate": _("Employment rate"),
    "employment_by_specialty_rate": _("Employment by specialty"),
    "own_business_share": _("Own business share"),
    "career_outcomes_rate": _("Career outcomes rate"),
    "average_salary": _("Average salary"),
    "median_salary": _("Median salary"),
}

COUNT_LABELS: dict[str, Any] = {
    "cohort": _("Graduates in the cohort"),
    "unknown": _("Status unknown"),
    "employed": _("Employed"),
    "employed_specialty": _("Employed by specialty"),
    "own_business": _("Own business"),
    "out_of_labour_force": _("Out of the labour force"),
    "continuing_education": _("Continuing education"),
    "military_service": _("Military service"),
    "parental_leave": _("Parental leave"),
    "with_salary": _("Employed with a salary given"),
}


def definitions() -> list[tuple[str, str]]:
    """(term, how it is computed), translated: the same text on the page and in the PDF."""
    return [
        (
            str(_("Status as of a date")),
            str(
                _(
                    "A graduate's status is their latest employment record that started on or before the "
                    "as-of date (of two records starting the same day, the one recorded last). With no such "
                    "record, or when it ended before the as-of date, the status is unknown."
                )
            ),
        ),
        (
            str(_("Employed")),
            str(_("employed by specialty + employed not by specialty + own business")),
        ),
        (
            str(_("Out of the labour force")),
            str(_("continuing education + military service + parental leave")),
        ),
        (str(KPI_LABELS["knowledge_rate"]), str(_("(cohort − unknown) / cohort"))),
        (str(KPI_LABELS["employment_rate"]), str(_("employed / (cohort − out of the labour force)"))),
        (
            str(KPI_LABELS["employment_by_specialty_rate"]),
            str(_("employed by specialty / (cohort − out of the labour force)")),
        ),
        (str(KPI_LABELS["own_business_share"]), str(_("own business / (cohort − out of the labour force)"))),
        (
            str(KPI_LABELS["career_outcomes_rate"]),
            str(_("(employed + continuing education + military service) / (cohort − unknown)")),
        ),
        (
            str(_("Average and median salary")),
            str(
                _(
                    "Over the employed graduates whose salary is given, in KZT, rounded to whole tenge "
                    "(half up); with an even number of salaries the median is the mean of the two middle ones."
                )
            ),
        ),
        (
            str(_("Empty denominators")),
            str(_("When a denominator is zero the figure is not defined and is shown as “—”.")),
        ),
    ]


def language_code(language: str | None = None) -> str:
    code = (language or get_language() or "kk")[:2]
    return code if code in ("kk", "ru", "en") else "kk"


def format_rate(value: float | None, language: str | None = None) -> str:
    """A fraction as a percentage with one decimal (half up) in the language's style; "—" for null."""
    if value is None:
        return "—"
    from babel import Locale
    from babel.numbers import parse_pattern

    percent = (Decimal(repr(value)) * 100).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    locale = Locale.parse(language_code(language))
    pattern = parse_pattern(locale.percent_formats[None].pattern)
    pattern.frac_prec = (1, 1)
    return pattern.apply(percent / 100, locale)


def format_number(value: int | None, language: str | None = None) -> str:
    if value is None:
        return "—"
    from babel.numbers import format_decimal

    return format_decimal(value, locale=language_code(language))


def format_money(value: int | None, language: str | None = None) -> str:
    """Whole tenge with the ₸ sign; "—" for null."""
    if value is None:
        return "—"
    return f"{format_number(value, language)}\xa0₸"


def format_date(value: dt.date, language: str | None = None) -> str:
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, format="long", locale=language_code(language))


def format_kpi(name: str, kpis: Mapping[str, Any], language: str | None = None) -> str:
    value = kpis[name]
    return format_money(value, language) if name in SALARY_NAMES else format_rate(value, language)


def kpi_basis(name: str, kpis: Mapping[str, Any], language: str | None = None) -> str:
    """The counts behind a figure, e.g. "45 of 60 graduates"."""
    counts = kpis["counts"]

    def n(value: int) -> str:
        return format_number(value, language)

    cohort = counts["cohort"]
    labour_force = cohort - counts["out_of_labour_force"]
    known = cohort - counts["unknown"]
    if name == "knowledge_rate":
        return str(_("{known} of {cohort} graduates with a known status")).format(known=n(known), cohort=n(cohort))
    if name == "employment_rate":
        return str(_("{employed} employed of {labour_force} in the labour force")).format(
            employed=n(counts["employed"]), labour_force=n(labour_force)
        )
    if name == "employment_by_specialty_rate":
        return str(_("{count} by specialty of {labour_force} in the labour force")).format(
            count=n(counts["employed_specialty"]), labour_force=n(labour_force)
        )
    if name == "own_business_share":
        return str(_("{count} with own business of {labour_force} in the labour force")).format(
            count=n(counts["own_business"]), labour_force=n(labour_force)
        )
    if name == "career_outcomes_rate":
        outcomes = counts["employed"] + counts["continuing_education"] + counts["military_service"]
        return str(_("{count} of {known} with a known status")).format(count=n(outcomes), known=n(known))
    return str(_("over {count} salaries given")).format(count=n(counts["with_salary"]))


def kpi_rows(kpis: Mapping[str, Any], language: str | None = None) -> list[dict[str, Any]]:
    """The headline figures in display order: name, label, raw value, text, the counts behind it."""
    return [
        {
            "name": name,
            "label": str(KPI_LABELS[name]),
            "value": kpis[name],
            "text": format_kpi(name, kpis, language),
            "basis": kpi_basis(name, kpis, language),
        }
        for name in (*RATE_NAMES, *SALARY_NAMES)
    ]


def count_rows(kpis: Mapping[str, Any]) -> list[tuple[str, str, int]]:
    return [(name, str(COUNT_LABELS[name]), kpis["counts"][name]) for name in COUNT_NAMES]
