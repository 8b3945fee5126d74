"""The quality app's own indicators (common.indicators).

- Process 3's risk KPIs (R-083), from the risk register: they read reports.risks.risk_kpis for the period
  [start, end], so the KPI pages, the register page and `manage.py risk_kpis` give the same figures. The rows
  behind each figure: the risks red at the start, the institution's processes, the actions due within the period.
- quality.programs_with_employers: process 10's KPI "share of educational programs developed or updated with
  employers' participation" (R-052). For a period: numerator = the active programs with at least one revision
  dated within the period in which at least one employer's organization took part; denominator = the
  institution's active programs (core.EducationalProgram.is_active). Breakdowns: faculty, department. Rows:
  the programs of the denominator, each with `revised_with_employers` (bool) and `revision_count` (revisions in
  the period, with or without employers).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from mansap.common.indicators import WHOLE, Breakdown, Indicator, Measurement, Period, Unit, register
from mansap.core.models import EducationalProgram
from mansap.quality.choices import Zone, zone_of
from mansap.quality.models import Process, ProgramRevision, Risk, RiskAction
from mansap.quality.reports.risks import latest_scores, risk_kpis


@register
class LeftRedShare(Indicator):
    code = "quality.left_red_share"
    title = _("Share of risks that left the red zone")
    unit = Unit.SHARE

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        figures = risk_kpis(institution, period.start, period.end)
        risks = Risk.objects.filter(institution=institution)
        at_start = latest_scores(list(risks.values_list("pk", flat=True)), period.start)
        red = [pk for pk, score in at_start.items() if zone_of(score) == Zone.RED]
        return Measurement.share(figures.left_red, figures.red_at_start, rows=risks.filter(pk__in=red))


@register
class ProcessesCoveredShare(Indicator):
    code = "quality.processes_covered_share"
    title = _("Share of processes covered by risk assessment")
    unit = Unit.SHARE

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        figures = risk_kpis(institution, period.start, period.end)
        rows = Process.objects.filter(institution=institution)
        return Measurement.share(figures.processes_covered, figures.processes_total, rows=rows)


@register
class ActionsDoneShare(Indicator):
    code = "quality.actions_done_share"
    title = _("Share of risk actions done")
    unit = Unit.SHARE

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        figures = risk_kpis(institution, period.start, period.end)
        rows = RiskAction.objects.filter(
            risk__institution=institution, due_on__gte=period.start, due_on__lte=period.end
        ).select_related("risk", "owner")
        return Measurement.share(figures.actions_done, figures.actions_due, rows=rows)


# ---- Process 10 -----------------------------------------------------------------------------------------------
def programs_with_employers(institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Any:
    """The active programs of the institution (narrowed by the breakdown), annotated for the period."""
    programs = EducationalProgram.objects.filter(department__faculty__institution=institution, is_active=True)
    if breakdown.faculty is not None:
        programs = programs.filter(department__faculty_id=breakdown.faculty)
    if breakdown.department is not None:
        programs = programs.filter(department_id=breakdown.department)
    if breakdown.program is not None:
        programs = programs.filter(pk=breakdown.program)
    in_period = Q(revisions__revised_on__gte=period.start, revisions__revised_on__lte=period.end)
    with_employers = ProgramRevision.objects.filter(
        program_id=OuterRef("pk"),
        revised_on__gte=period.start,
        revised_on__lte=period.end,
        employers__isnull=False,
    )
    return (
        programs.select_related("department__faculty")
        .annotate(revised_with_employers=Exists(with_employers), revision_count=Count("revisions", filter=in_period))
        .order_by("department__faculty__code", "department__code", "code")
    )


@register
class ProgramsWithEmployers(Indicator):
    code = "quality.programs_with_employers"
    title = _("Share of educational programs developed or updated with employers' participation")
    unit = Unit.SHARE
    higher_is_better = True
    breakdowns = ("faculty", "department")

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        rows = programs_with_employers(institution, period, breakdown)
        total = rows.count()
        with_employers = rows.filter(revised_with_employers=True).count()
        return Measurement.share(with_employers, total, rows=rows)
