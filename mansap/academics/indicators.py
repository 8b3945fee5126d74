"""The academics app's KPI providers for process 11 (educational process; issue #14, R-096, R-115): absolute and
quality performance of the examination sessions of an academic year (mansap.common.indicators' contract).

Both read the same session results (reports.session): the graded attempts taken in the year's terms, each the
latest of its term; the rows behind a figure are those attempts.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.academics.reports.session import grades_of, session_results
from mansap.common.indicators import WHOLE, Breakdown, Indicator, Measurement, Period, PeriodKind, Unit, register


def _results(institution: Any, period: Period, breakdown: Breakdown) -> Any:
    if period.kind != PeriodKind.ACADEMIC_YEAR:
        period = Period.containing(PeriodKind.ACADEMIC_YEAR, period.start)
    return session_results(grades_of(institution, breakdown), institution, period.label)


@register
class AbsolutePerformance(Indicator):
    code = "academics.absolute_performance"
    title = _("Absolute performance (share of session grades without FX and F)")
    unit = Unit.SHARE
    breakdowns = ("faculty", "department", "program")

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        results = _results(institution, period, breakdown)
        return Measurement.share(results.passed, results.total, rows=results.attempts)


@register
class QualityPerformance(Indicator):
    code = "academics.quality_performance"
    title = _("Quality performance (share of session grades from A to B-)")
    unit = Unit.SHARE
    breakdowns = ("faculty", "department", "program")

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        results = _results(institution, period, breakdown)
        return Measurement.share(results.quality, results.total, rows=results.attempts)
