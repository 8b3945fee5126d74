"""Process 3's risk KPIs (R-083) and the zones: each formula pinned with literal values on hand-built data."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core.management import call_command
from django.test import override_settings

from mansap.common.testing import BaseTestCase
from mansap.quality.choices import Zone, zone_of
from mansap.quality.models import Risk
from mansap.quality.reports.kpis import scorecard
from mansap.quality.reports.risks import heat_map, risk_kpis, year_before
from mansap.quality.tests.factories import assess, make_action, make_process, make_risk
from mansap.quality.tests.kpi_fixtures import make_kpi

D = dt.date


class ZoneTests(BaseTestCase):
    def test_default_zones_green_1_6_amber_8_12_red_15_25(self) -> None:
        expected = {1: Zone.GREEN, 6: Zone.GREEN, 8: Zone.AMBER, 12: Zone.AMBER, 15: Zone.RED, 25: Zone.RED}
        self.assertEqual({score: zone_of(score) for score in expected}, expected)
        self.assertIsNone(zone_of(None))

    @override_settings(QUALITY_RISK_AMBER_FROM=5, QUALITY_RISK_RED_FROM=10)
    def test_the_thresholds_are_configurable(self) -> None:
        self.assertEqual([zone_of(s) for s in (4, 5, 9, 10)], [Zone.GREEN, Zone.AMBER, Zone.AMBER, Zone.RED])

    def test_year_before_reads_29_february_as_28(self) -> None:
        self.assertEqual(year_before(D(2028, 2, 29)), D(2027, 2, 28))
        self.assertEqual(year_before(D(2025, 12, 31)), D(2024, 12, 31))


class RiskKpiTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        p1, p2, p3 = (make_process(cls.institution, n) for n in (1, 2, 3))
        cls.a = make_risk(p1, cls.cc, "A")
        assess(cls.a, D(2024, 6, 1), 4, 4)  # 16 red at the start
        assess(cls.a, D(2025, 5, 1), 2, 3)  # 6 green: left the red zone
        cls.b = make_risk(p1, cls.cc, "B")
        assess(cls.b, D(2024, 12, 31), 5, 3)  # 15: red, the lowest red score
        assess(cls.b, D(2025, 12, 31), 3, 5)  # still 15 on the last day
        cls.c = make_risk(p2, cls.cc, "C")
        assess(cls.c, D(2025, 1, 1), 5, 5)  # assessed on `from` itself: red at the start
        assess(cls.c, D(2026, 1, 5), 1, 1)  # after `to`: not counted
        d = make_risk(p2, cls.cc, "D")
        assess(d, D(2024, 1, 1), 3, 4)  # 12 amber: not red at the start
        e = make_risk(p3, cls.cc, "E")
        assess(e, D(2024, 12, 30), 2, 2)  # the day before the year up to `to`: p3 is not covered
        # Actions due within 2025: a1 done early, a2 late, a3 done after `to`, a4 not done.
        make_action(cls.a, D(2025, 3, 1), D(2025, 2, 20))
        make_action(cls.a, D(2025, 6, 30), D(2025, 7, 10))
        make_action(cls.b, D(2025, 12, 31), D(2026, 1, 2))
        make_action(cls.c, D(2025, 1, 1))
        make_action(cls.c, D(2024, 12, 31), D(2024, 12, 1))  # due before the period
        make_action(cls.c, D(2026, 1, 1))  # due after it

    def test_the_four_kpis_and_their_counts(self) -> None:
        kpis = risk_kpis(self.institution, D(2025, 1, 1), D(2025, 12, 31))
        self.assertEqual(
            kpis.as_json(),
            {
                "left_red_share": 0.3333,
                "processes_covered_share": 0.6667,
                "actions_done_share": 0.5,
                "actions_on_time_share": 0.25,
                "counts": {
                    "red_at_start": 3, "left_red": 1, "processes_covered": 2,
                    "actions_due": 4, "actions_done": 2, "actions_on_time": 1,
                },
            },
        )  # fmt: skip

    def test_the_same_figures_as_process_3_kpis(self) -> None:
        """quality/indicators.py: process 3's KPIs read risk_kpis for a calendar year (rows: what is counted)."""
        kpis = [
            make_kpi(self.a.process, code, source="computed", indicator=indicator, period_kind="calendar_year")
            for code, indicator in (
                ("3.2", "quality.left_red_share"), ("3.4", "quality.processes_covered_share"),
                ("3.5", "quality.actions_done_share"),
            )
        ]  # fmt: skip
        rows = scorecard(kpis, "2025", with_rows=True)
        self.assertEqual(
            [(r.code, r.as_json()["value"], r.numerator, r.denominator) for r in rows],
            [("3.2", 0.3333, 1, 3), ("3.4", 0.6667, 2, 3), ("3.5", 0.5, 2, 4)],
        )
        self.assertEqual(sorted(r.key for r in rows[0].rows), ["A", "B", "C"])
        self.assertEqual(len(rows[2].rows), 4)

    def test_empty_denominators_give_null(self) -> None:
        kpis = risk_kpis(self.institution, D(2020, 1, 1), D(2020, 12, 31))
        self.assertEqual(
            kpis.as_json(),
            {
                "left_red_share": None, "processes_covered_share": 0.0, "actions_done_share": None,
                "actions_on_time_share": None,
                "counts": {
                    "red_at_start": 0, "left_red": 0, "processes_covered": 0,
                    "actions_due": 0, "actions_done": 0, "actions_on_time": 0,
                },
            },
        )  # fmt: skip
        other = type(self.institution).objects.create(code="NEW", short_name="N", name_kk="N", name_ru="N", name_en="N")
        self.assertIsNone(risk_kpis(other, D(2025, 1, 1), D(2025, 12, 31)).processes_covered_share)

    def test_29_february_covers_from_28_february_a_year_before(self) -> None:
        p4 = make_process(self.institution, 4)
        make_risk(p4, self.cc, "F").assessments.create(assessed_on=D(2027, 2, 28), likelihood=1, impact=1, score=1)
        p5 = make_process(self.institution, 5)
        make_risk(p5, self.cc, "G").assessments.create(assessed_on=D(2027, 2, 27), likelihood=1, impact=1, score=1)
        kpis = risk_kpis(self.institution, D(2028, 1, 1), D(2028, 2, 29))
        self.assertEqual((kpis.processes_covered, kpis.processes_total), (1, 5))  # p4 only

    def test_the_command_prints_the_same_object(self) -> None:
        out = io.StringIO()
        call_command("risk_kpis", "--from", "2025-01-01", "--to", "2025-12-31", "--json", stdout=out)
        self.assertEqual(
            json.loads(out.getvalue()), risk_kpis(self.institution, D(2025, 1, 1), D(2025, 12, 31)).as_json()
        )

    def test_the_heat_map_counts_each_risk_in_its_latest_cell(self) -> None:
        heat = heat_map(Risk.objects.all(), D(2025, 6, 1))
        counts = {(c.likelihood, c.impact): c.count for row in heat.rows for c in row if c.count}
        # A 2×3 (May 2025), B 5×3 (Dec 2024), C 5×5, D 3×4, E 2×2.
        self.assertEqual(counts, {(2, 3): 1, (5, 3): 1, (5, 5): 1, (3, 4): 1, (2, 2): 1})
        self.assertEqual((heat.assessed, heat.not_assessed), (5, 0))
        self.assertEqual([c.likelihood for c in (row[0] for row in heat.rows)], [5, 4, 3, 2, 1])
        early = heat_map(Risk.objects.all(), D(2024, 3, 1))
        self.assertEqual((early.assessed, early.not_assessed), (1, 4))
