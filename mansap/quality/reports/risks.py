"""The read side of the risk register: process 3's risk KPIs (R-083) and the heat map.

Process 3's KPIs for a period [date_from, date_to] (issue #13):

- left_red_share: among the risks whose latest assessment on or before `date_from` is red (red_at_start), the
  share whose latest assessment on or before `date_to` is not red (left_red);
- processes_covered_share: the processes with at least one risk assessed between the same date a year before
  `date_to` (28 February for 29 February) and `date_to`, both included, over all the institution's processes
  (the 22 of the map);
- actions_done_share: among the actions due within the period (actions_due), the share done on or before
  `date_to` (actions_done); actions_on_time_share: the share done on or before their due date (actions_on_time).

An empty denominator gives None (null in JSON). The page, the command and the tests read this one function.

Retired risks (Risk.retired_on): a risk retired on or before `date_from` was not in the register during the
period and is out of all four KPIs (its red, its coverage, its actions). A risk retired within the period counts
as its assessments say: retiring is not treating, so a red risk retired without a lower assessment has not left
red. The heat map for a date leaves out the risks retired on or before it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import F, Q

from mansap.quality.choices import SCALE, Zone, zone_of, zone_score_range
from mansap.quality.models import Process, Risk, RiskAction, RiskAssessment

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from mansap.core.models import Institution

SHARE_PLACES = 4


def year_before(day: dt.date) -> dt.date:
    """The same date a year earlier; 29 February gives 28 February."""
    if day.month == 2 and day.day == 29:
        return day.replace(year=day.year - 1, day=28)
    return day.replace(year=day.year - 1)


def share(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, SHARE_PLACES) if denominator else None


def latest_scores(risk_ids: QuerySet[Any] | list[int], on: dt.date) -> dict[int, int]:
    """{risk id: score of its latest assessment on or before `on`} for the risks that have one."""
    found: dict[int, int] = {}
    rows = (
        RiskAssessment.objects.filter(risk_id__in=risk_ids, assessed_on__lte=on)
        .order_by("risk_id", "-assessed_on", "-pk")
        .values_list("risk_id", "score")
    )
    for risk_id, score in rows:
        found.setdefault(risk_id, score)
    return found


@dataclass(frozen=True)
class RiskKpis:
    date_from: dt.date
    date_to: dt.date
    red_at_start: int
    left_red: int
    processes_covered: int
    processes_total: int
    actions_due: int
    actions_done: int
    actions_on_time: int

    @property
    def left_red_share(self) -> float | None:
        return share(self.left_red, self.red_at_start)

    @property
    def processes_covered_share(self) -> float | None:
        return share(self.processes_covered, self.processes_total)

    @property
    def actions_done_share(self) -> float | None:
        return share(self.actions_done, self.actions_due)

    @property
    def actions_on_time_share(self) -> float | None:
        return share(self.actions_on_time, self.actions_due)

    def as_json(self) -> dict[str, Any]:
        """The object `manage.py risk_kpis --json` prints (issue #13), exactly."""
        return {
            "left_red_share": self.left_red_share,
            "processes_covered_share": self.processes_covered_share,
            "actions_done_share": self.actions_done_share,
            "actions_on_time_share": self.actions_on_time_share,
            "counts": {
                "red_at_start": self.red_at_start,
                "left_red": self.left_red,
                "processes_covered": self.processes_covered,
                "actions_due": self.actions_due,
                "actions_done": self.actions_done,
                "actions_on_time": self.actions_on_time,
            },
        }


def risk_kpis(institution: Institution, date_from: dt.date, date_to: dt.date) -> RiskKpis:
    """Process 3's risk KPIs of the institution for [date_from, date_to] (see the module's docstring)."""
    if date_from > date_to:
        raise ValueError("date_from is after date_to")
    live = Risk.objects.filter(institution=institution).live_on(date_from)
    risk_ids = list(live.values_list("pk", flat=True))
    at_start = latest_scores(risk_ids, date_from)
    at_end = latest_scores(risk_ids, date_to)
    red_at_start = [rid for rid, score in at_start.items() if zone_of(score) == Zone.RED]
    left_red = [rid for rid in red_at_start if zone_of(at_end[rid]) != Zone.RED]
    covered = (
        RiskAssessment.objects.filter(risk__in=live, assessed_on__gte=year_before(date_to), assessed_on__lte=date_to)
        .values("risk__process_id")
        .distinct()
        .count()
    )
    due = RiskAction.objects.filter(risk__in=live, due_on__gte=date_from, due_on__lte=date_to)
    return RiskKpis(
        date_from=date_from,
        date_to=date_to,
        red_at_start=len(red_at_start),
        left_red=len(left_red),
        processes_covered=covered,
        processes_total=Process.objects.filter(institution=institution).count(),
        actions_due=due.count(),
        actions_done=due.filter(done_on__lte=date_to).count(),
        actions_on_time=due.filter(done_on__lte=F("due_on")).count(),
    )


# ---- The heat map --------------------------------------------------------------------------------------------
@dataclass
class HeatCell:
    likelihood: int
    impact: int
    count: int = 0
    url: str = ""  # the register filtered to the cell's risks (set by the page)
    colour: str = ""

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def zone(self) -> Zone:
        zone = zone_of(self.score)
        assert zone is not None
        return zone


@dataclass
class HeatMap:
    on: dt.date
    rows: list[list[HeatCell]] = field(default_factory=list)  # likelihood 5 (top) to 1, impact 1 to 5
    assessed: int = 0
    not_assessed: int = 0


def heat_map(risks: QuerySet[Risk], on: dt.date) -> HeatMap:
    """Counts of the risks per (likelihood, impact) of their latest assessment on or before `on` (the caller
    scopes `risks`); risks not assessed by then are counted apart, risks retired by then are left out. One query."""
    cells = {(lk, im): HeatCell(lk, im) for lk in SCALE for im in SCALE}
    result = HeatMap(on=on)
    current: Any = risks.live_on(on).with_assessment_on(on)  # type: ignore[attr-defined]
    for likelihood, impact in current.values_list("current_likelihood", "current_impact"):
        if likelihood is None:
            result.not_assessed += 1
            continue
        cells[(likelihood, impact)].count += 1
        result.assessed += 1
    result.rows = [[cells[(lk, im)] for im in SCALE] for lk in reversed(SCALE)]
    return result


def in_zone(zone: str) -> Q:
    """A filter of risks annotated by with_assessment_on whose current score is in the zone."""
    low, high = zone_score_range(zone)
    return Q(current_score__gte=low, current_score__lte=high)
