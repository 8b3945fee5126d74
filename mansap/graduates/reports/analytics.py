"""Employment KPIs, as the issue defines them. Page, export, API and command all call compute_kpis().

For a cohort (graduation year) and an as-of date, a graduate's status is their
latest valid (not voided) employment record that started on or before that date
(ties: the one recorded last); with none, or when that record ended before the
as-of date, the status is "unknown" (querysets.EmploymentRecordQuerySet, the same rule).

Everything is computed from a Snapshot: the status (and salary) of each graduate
as of a date, read in one pass over the graduates' records. A page needs several
figures of the same cohort (the headline KPIs, a breakdown by faculty/department/
program/funding/study form, the status at each collection round's deadline), so
`snapshots()` computes the snapshots of several as-of dates from ONE query over the
graduates and ONE over their records; the breakdown then slices a snapshot in
memory (one more query, for the names of the slices).
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
    DateField,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mansap.core.choices import Funding, StudyForm
from mansap.core.models import EducationalProgram, Student
from mansap.graduates.choices import EMPLOYED, OUT_OF_LABOUR_FORCE, EmploymentStatus
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.querysets import LATEST_FIRST

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
_RECORD_FIELDS = ("graduate_id", "started_on", "created_at", "pk", "status", "ended_on", "salary")


def _raw_rows(queryset: QuerySet[Any]) -> Iterator[tuple[Any, ...]]:
    """The rows of a values_list() queryset straight from the cursor, without Django's per-value converters.

    The database driver still returns dates and datetimes (Django registers SQLite's
    converters), but Django's second pass over every value (making 130,000 datetimes
    aware, for one) is skipped: the scan only compares them with each other and with
    plain dates.
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
    """The snapshot of the graduates as of each date, from one query over them and one over their records."""
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

    latest: dict[Hashable, dict[int, tuple[Any, ...]]] = {key: {} for key in dates}
    records = (
        EmploymentRecord.objects.using(graduates.db)
        .valid()
        .filter(graduate__in=graduates, started_on__lte=max(dates.values()))
        .order_by()
        .values_list(*_RECORD_FIELDS)
    )
    for row in _raw_rows(records):
        graduate_id, started_on = row[0], row[1]
        order = row[1:4]  # started_on, then recorded last (created_at, pk) breaks ties
        for key, as_of in points:
            if started_on > as_of:
                continue
            best = latest[key]
            seen = best.get(graduate_id)
            if seen is None or order > seen[0]:
                best[graduate_id] = (order, row[3], row[4], row[5], row[6])
    for key, best in latest.items():
        snap = result[key]
        as_of = dates[key]
        for graduate_id, (_order, record_pk, status, ended_on, salary) in best.items():
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
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return _whole_tenge((Decimal(ordered[middle - 1]) + Decimal(ordered[middle])) / 2)


def kpis_from_snapshot(snap: Snapshot) -> dict[str, Any]:
    return kpis_from_counts(Counter(snap.statuses.values()), list(snap.salaries.values()))


def kpis_from_counts(counts: Counter[str], salaries: list[int]) -> dict[str, Any]:
    """The KPI object from the number of graduates in each status and the salaries that count."""
    cohort = sum(counts.values())
    unknown = counts[S.UNKNOWN]
    employed = sum(counts[s] for s in EMPLOYED)
    out = sum(counts[s] for s in OUT_OF_LABOUR_FORCE)
    labour_force = cohort - out
    known = cohort - unknown
    average = _whole_tenge(Decimal(sum(salaries)) / len(salaries)) if salaries else None
    return {
        "knowledge_rate": _rate(known, cohort),
        "employment_rate": _rate(employed, labour_force),
        "employment_by_specialty_rate": _rate(counts[S.EMPLOYED_SPECIALTY], labour_force),
        "own_business_share": _rate(counts[S.OWN_BUSINESS], labour_force),
        "career_outcomes_rate": _rate(employed + counts[S.CONTINUING_EDUCATION] + counts[S.MILITARY_SERVICE], known),
        "average_salary": average,
        "median_salary": _median(salaries),
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
            "with_salary": len(salaries),
        },
        "status_counts": {status: counts[status] for status in S.values},
    }


def compute_kpis(graduates: QuerySet[Student], as_of: dt.date) -> dict[str, Any]:
    """The KPI object for a set of graduates (already filtered to a cohort, department...)."""
    return kpis_from_snapshot(snapshot(graduates, as_of))


#
# A page's worth of figures from one scan
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
    """A cohort as of a date, its breakdown, and its status at each round's deadline, from one scan."""

    as_of: dt.date
    snapshot: Snapshot
    kpis: dict[str, Any]
    dimension: str
    breakdown: list[BreakdownRow]
    round_trend: list[TrendPoint]


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def analyse(
    graduates: QuerySet[Student],
    *,
    as_of: dt.date,
    dimension: str = "department",
    rounds: Iterable[tuple[Any, ...]] = (),
) -> Analysis:
    """Figures of `graduates` (a cohort, every filter applied) as of the date; a trend point per round.

    rounds are (key, label, as-of date[, in progress]) of the cohort's collection rounds: the deadline of a
    round over, today for the round in progress (views/analytics.round_points).
    """
    points = sorted(((*r, False)[:4] for r in rounds), key=lambda r: r[2])
    dates: dict[Hashable, dt.date] = {("main", None): as_of}
    for key, _label, deadline, _in_progress in points:
        dates[("round", key)] = deadline
    snaps = snapshots(graduates, dates)
    main = snaps[("main", None)]
    return Analysis(
        as_of=as_of,
        snapshot=main,
        kpis=kpis_from_snapshot(main),
        dimension=dimension,
        breakdown=breakdown(main, dimension),
        round_trend=[
            TrendPoint(key, label, deadline, kpis_from_snapshot(snaps[("round", key)]), in_progress=in_progress)
            for key, label, deadline, in_progress in points
        ],
    )


def cohort_trend(graduates: QuerySet[Student], cohorts: Mapping[int, dt.date]) -> list[TrendPoint]:
    """The KPIs of each cohort (graduation year) of `graduates` as of its date, from ONE aggregated query.

    The same rule as snapshots(), in SQL: a correlated subquery finds each graduate's
    latest record started on or before their cohort's date (ties: created_at, then
    pk; an index look-up per graduate), the record is joined once, and the database
    groups by cohort × status × salary (unknown when there is no such record or it
    ended before the date; the salary only of the employed). No graduate row reaches
    Python: the KPIs, median included, come from that histogram through
    kpis_from_counts(), exactly as compute_kpis() computes them cohort by cohort
    (test_trend_equivalence.py compares the two on random career histories).
    """
    years = sorted(cohorts)
    if not years:
        return []
    counts: dict[int, Counter[str]] = {year: Counter() for year in years}
    salaries: dict[int, list[int]] = {year: [] for year in years}
    for year, status, salary, number in _trend_histogram(graduates, cohorts):
        counts[year][status] += number
        if salary is not None:
            salaries[year].extend([salary] * number)
    return [
        TrendPoint(year, str(year), cohorts[year], kpis_from_counts(counts[year], salaries[year])) for year in years
    ]


def _trend_histogram(graduates: QuerySet[Student], cohorts: Mapping[int, dt.date]) -> list[tuple[Any, ...]]:
    """(cohort, status as of the cohort's date, salary that counts or None, graduates) rows: one query."""
    spans = {year: (dt.date(year, 1, 1), dt.date(year, 12, 31)) for year in sorted(cohorts)}
    in_trend = Q()
    for span in spans.values():
        in_trend |= Q(graduation_date__range=span)
    cohort_of = Case(
        *(When(graduation_date__range=span, then=Value(year)) for year, span in spans.items()),
        output_field=IntegerField(),
    )
    as_of_of = Case(
        *(When(graduation_date__range=span, then=Value(cohorts[year])) for year, span in spans.items()),
        output_field=DateField(),
    )
    latest = (
        EmploymentRecord.objects.valid()
        .filter(graduate=OuterRef("pk"), started_on__lte=OuterRef("trend_as_of"))
        .order_by(*LATEST_FIRST)
        .values("pk")[:1]
    )
    per_graduate = (
        graduates.filter(in_trend)
        .annotate(trend_cohort=cohort_of, trend_as_of=as_of_of)
        .annotate(trend_record=Subquery(latest))
        .order_by()
        .values_list("trend_cohort", "trend_as_of", "trend_record")
    )
    connection = connections[per_graduate.db]
    try:
        inner, params = per_graduate.query.get_compiler(using=per_graduate.db).as_sql()
    except EmptyResultSet:
        return []
    qn = connection.ops.quote_name
    record = qn(EmploymentRecord._meta.db_table)
    employed = ", ".join(["%s"] * len(EMPLOYED))
    ended = f"r.{qn('ended_on')} < g.{qn('trend_as_of')}"
    # Only quoted identifiers and Django's own compiled SQL are formatted in; every value is a parameter.
    sql = (
        f"SELECT g.{qn('trend_cohort')}, "  # noqa: S608
        f"CASE WHEN r.{qn('id')} IS NULL OR {ended} THEN %s ELSE r.{qn('status')} END, "
        f"CASE WHEN {ended} OR r.{qn('status')} NOT IN ({employed}) THEN NULL ELSE r.{qn('salary')} END, "
        f"COUNT(*) FROM ({inner}) g LEFT JOIN {record} r ON r.{qn('id')} = g.{qn('trend_record')} "
        "GROUP BY 1, 2, 3"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, (S.UNKNOWN, *EMPLOYED, *params))
        return cursor.fetchall()


#
# Breakdown: the KPI set of each slice of one snapshot
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


def _slices(snap: Snapshot, dimension: str) -> dict[Any, tuple[str, str, list[int]]]:
    """key -> (code, name, graduate ids) of each slice; one query for the programs (and their parents)."""
    if dimension in ("funding", "study_form"):
        choices = Funding if dimension == "funding" else StudyForm
        labels = dict(choices.choices)
        groups: dict[Any, list[int]] = defaultdict(list)
        for graduate_id, info in snap.info.items():
            groups[getattr(info, dimension)].append(graduate_id)
        return {key: ("", str(labels.get(key, key)), ids) for key, ids in groups.items()}
    by_program: dict[int, list[int]] = defaultdict(list)
    for graduate_id, info in snap.info.items():
        by_program[info.program_id].append(graduate_id)
    if not by_program:
        return {}
    slices: dict[Any, tuple[str, str, list[int]]] = {}
    programs = EducationalProgram.objects.filter(pk__in=by_program).select_related("department__faculty")
    for program in programs:
        owner: Any = {"program": program, "department": program.department, "faculty": program.department.faculty}[
            dimension
        ]
        code, name, ids = slices.get(owner.pk, (owner.code, owner.name, []))
        slices[owner.pk] = (code, name, ids + by_program[program.pk])
    return slices


def breakdown(snap: Snapshot, dimension: str) -> list[BreakdownRow]:
    """The KPIs of each faculty/department/program/funding/study form in the snapshot (no query per slice)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    rows = [
        BreakdownRow(key=key, label=label, code=code, kpis=kpis_from_snapshot(snap.subset(ids)))
        for key, (code, label, ids) in _slices(snap, dimension).items()
    ]
    if dimension in ("funding", "study_form"):
        order = list((Funding if dimension == "funding" else StudyForm).values)
        rows.sort(key=lambda row: order.index(row.key) if row.key in order else len(order))
    else:
        rows.sort(key=lambda row: (row.code, row.label))
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
