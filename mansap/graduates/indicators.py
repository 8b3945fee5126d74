"""Process 17's employment KPIs as indicators (common/indicators.py): 17.1–17.3 exactly as the employment
analytics computes them (reports/analytics.py), and 17.4 "successful graduates" (reports/success.py).

From a period to a cohort and a date, the way the analytics page does it. The analytics page shows a cohort
(graduation year) as of a date, today by default; its trend of cohorts (views/analytics.trend_cohorts) reads
each cohort as of ONE YEAR AFTER its latest graduation date, or the page's as-of date when that is earlier;
and the collection rounds of an academic year follow the cohort that graduated before it (the rounds of
2025-2026 monitor the cohort 2025: graduates/demo.py, CollectionRound.cohort). So a period reports:

- the cohort whose first year after graduation ends in the period: graduation year = the period's last year
  minus one (2025-2026 → the cohort 2025; the calendar year 2026 → the cohort 2025 too);
- as of one year after that cohort's latest graduation date in the institution (analytics.one_year_after),
  or the period's end, or today, whichever comes first (a running period shows today's figures, like the
  analytics page's default). The date is the institution's, whatever the breakdown, so a faculty's figures
  add up to the institution's.

Breakdowns: faculty, department, program (of the graduate's major). Measurement.rows are the graduates
behind the numerator (IdRows: a page of students at a time); Measurement.as_of is the date above.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.indicators import WHOLE, Breakdown, IdRows, Indicator, Measurement, Period, Unit, register, shared
from mansap.core.models import Institution, Student
from mansap.graduates.choices import EmploymentStatus
from mansap.graduates.reports import analytics, success

EMPLOYMENT_BREAKDOWNS = ("faculty", "department", "program")


def cohort_of(period: Period) -> int:
    """The cohort (graduation year) a period reports: the one whose first year after graduation ends in it."""
    return period.end.year - 1


def cohort_as_of(institution: Institution, period: Period, today: dt.date | None = None) -> dt.date:
    """One year after the cohort's latest graduation date, the period's end or today, whichever is first."""
    today = today or timezone.localdate()
    cohort = cohort_of(period)
    last = (
        Student.objects.filter(institution=institution, graduation_date__year=cohort)
        .order_by()
        .aggregate(last=Max("graduation_date"))["last"]
    )
    dates = [period.end, today]
    if last is not None:
        dates.append(analytics.one_year_after(last))
    return min(dates)


def narrowed(graduates: QuerySet[Student], breakdown: Breakdown) -> QuerySet[Student]:
    """Students of the breakdown's faculty, department or program (of their major)."""
    if breakdown.faculty is not None:
        graduates = graduates.filter(program__department__faculty_id=breakdown.faculty)
    if breakdown.department is not None:
        graduates = graduates.filter(program__department_id=breakdown.department)
    if breakdown.program is not None:
        graduates = graduates.filter(program_id=breakdown.program)
    return graduates


def cohort_graduates(institution: Institution, period: Period, breakdown: Breakdown = WHOLE) -> QuerySet[Student]:
    """The graduates of the period's cohort in the breakdown (the analytics' denominator)."""
    graduates = Student.objects.filter(institution=institution).graduates()
    return narrowed(graduates.filter(graduation_date__year=cohort_of(period)), breakdown)


def _snapshot(institution: Institution, period: Period, breakdown: Breakdown) -> analytics.Snapshot:
    as_of = cohort_as_of(institution, period)
    key = ("graduates.snapshot", institution.pk, period, breakdown, as_of)
    compute: Callable[[], analytics.Snapshot] = lambda: analytics.snapshot(  # noqa: E731
        cohort_graduates(institution, period, breakdown), as_of
    )
    return shared(key, compute)


def _rows(ids: list[int]) -> IdRows:
    return IdRows(Student.objects.with_list_related().order_by(), sorted(ids))


def _ids_with(snap: analytics.Snapshot, status: str) -> list[int]:
    return [pk for pk, found in snap.statuses.items() if found == status]


def _labour_force(kpis: dict[str, Any]) -> int:
    counts = kpis["counts"]
    return int(counts["cohort"] - counts["out_of_labour_force"])


def _share(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value)).quantize(Decimal("0.0001"))


class StatusShare(Indicator):
    """The analytics' share of the labour force in one status (its `rate` figure, its `count`)."""

    unit = Unit.SHARE
    breakdowns = EMPLOYMENT_BREAKDOWNS
    status: str
    rate: str
    count: str

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        snap = _snapshot(institution, period, breakdown)
        kpis = analytics.kpis_from_snapshot(snap)
        return Measurement(
            value=_share(kpis[self.rate]),
            numerator=kpis["counts"][self.count],
            denominator=_labour_force(kpis),
            rows=_rows(_ids_with(snap, self.status)),
            as_of=snap.as_of,
        )


@register
class EmployedBySpecialty(StatusShare):
    code = "graduates.employed_by_specialty"
    title = _("Share of graduates employed by specialty")
    status, rate, count = EmploymentStatus.EMPLOYED_SPECIALTY, "employment_by_specialty_rate", "employed_specialty"


@register
class AverageSalary(Indicator):
    code = "graduates.average_salary"
    title = _("Average salary of employed graduates")
    unit = Unit.TENGE
    breakdowns = EMPLOYMENT_BREAKDOWNS

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        snap = _snapshot(institution, period, breakdown)
        kpis = analytics.kpis_from_snapshot(snap)
        return Measurement(
            value=kpis["average_salary"],
            numerator=sum(snap.salaries.values()),
            denominator=kpis["counts"]["with_salary"],
            rows=_rows(list(snap.salaries)),
            as_of=snap.as_of,
        )


@register
class OwnBusinessShare(StatusShare):
    code = "graduates.own_business_share"
    title = _("Share of graduates who started their own business")
    status, rate, count = EmploymentStatus.OWN_BUSINESS, "own_business_share", "own_business"


@register
class SuccessfulGraduates(Indicator):
    """KPI-17.4: the share of the cohort meeting the criteria the Career Center set for it (numerator: how
    many). No criteria for the cohort: no figure."""

    code = "graduates.successful"
    title = _("Successful graduates")
    unit = Unit.SHARE
    breakdowns = EMPLOYMENT_BREAKDOWNS

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        as_of = cohort_as_of(institution, period)
        rules = success.cohort_rules(institution, cohort_of(period))
        result = success.evaluate(cohort_graduates(institution, period, breakdown), rules, as_of)
        if not result.has_rules:
            return Measurement(value=None, denominator=len(result.cohort), rows=_rows([]), as_of=as_of)
        measured = Measurement.share(result.count, len(result.cohort), rows=_rows(list(result.successful)))
        return Measurement(measured.value, measured.numerator, measured.denominator, measured.rows, as_of=as_of)


class _Verified(Indicator):
    """#20: a figure of the reconciliation with the official extracts (services/reconcile.py), computed live for the
    period's cohort as of the analytics' date; the process 17 dashboard can show it beside KPI-17.1."""

    unit = Unit.SHARE
    breakdowns = EMPLOYMENT_BREAKDOWNS
    states: frozenset[str] = frozenset()

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        from mansap.graduates.services.reconcile import compute_graduates

        as_of = cohort_as_of(institution, period)
        outcome = compute_graduates(cohort_graduates(institution, period, breakdown), institution.pk, as_of)
        ids = [g.graduate_id for g in outcome.graduates if g.state in self.states]
        measured = Measurement.share(len(ids), self.denominator(outcome), rows=_rows(ids))
        return Measurement(measured.value, measured.numerator, measured.denominator, measured.rows, as_of=as_of)

    def denominator(self, outcome: Any) -> int:
        return int(outcome.denominator)


@register
class VerifiedEmploymentRate(_Verified):
    code = "graduates.verified_employment_rate"
    title = _("Verified employment rate")
    states = frozenset({"confirmed", "official_only"})


@register
class CoveredShare(_Verified):
    code = "graduates.covered_share"
    title = _("Share of the cohort covered by official extracts")
    states = frozenset({"confirmed", "contradicted", "official_only", "consistent"})

    def denominator(self, outcome: Any) -> int:
        return int(outcome.counts["cohort"])
