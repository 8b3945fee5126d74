"""The quality app's own indicators (common.indicators): process 3's risk KPIs (R-083), from the risk register.

They read reports.risks.risk_kpis for the period [start, end], so the KPI pages, the register page and
`manage.py risk_kpis` give the same figures. The rows behind each figure: the risks red at the start, the
institution's processes, the actions due within the period.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.indicators import WHOLE, Breakdown, Indicator, Measurement, Period, Unit, register
from mansap.quality.choices import Zone, zone_of
from mansap.quality.models import Process, Risk, RiskAction
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
