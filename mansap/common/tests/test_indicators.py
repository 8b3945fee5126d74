"""The indicator contract (#13): periods, shares and the registry."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from mansap.common import indicators
from mansap.common.indicators import Breakdown, Indicator, Measurement, Period, PeriodKind

D = dt.date


class TestPeriod:
    def test_an_academic_year_runs_from_september_to_august(self) -> None:
        period = Period.parse(PeriodKind.ACADEMIC_YEAR, "2025-2026")
        assert (period.start, period.end, period.label) == (D(2025, 9, 1), D(2026, 8, 31), "2025-2026")

    def test_a_month_ends_on_its_last_day_including_february_of_a_leap_year(self) -> None:
        assert Period.parse(PeriodKind.MONTH, "2028-02").end == D(2028, 2, 29)
        assert Period.parse(PeriodKind.MONTH, "2026-12").end == D(2026, 12, 31)

    @pytest.mark.parametrize(
        ("kind", "text"),
        [
            (PeriodKind.ACADEMIC_YEAR, "2025-2027"),
            (PeriodKind.ACADEMIC_YEAR, "2025"),
            (PeriodKind.CALENDAR_YEAR, "26"),
            (PeriodKind.MONTH, "2026-13"),
            (PeriodKind.MONTH, ""),
            ("week", "2026"),
        ],
    )
    def test_other_texts_are_refused(self, kind: str, text: str) -> None:
        with pytest.raises(ValueError):
            Period.parse(kind, text)

    def test_the_period_containing_a_day_and_the_trend_before_it(self) -> None:
        assert Period.containing(PeriodKind.ACADEMIC_YEAR, D(2026, 8, 31)).label == "2025-2026"
        assert Period.containing(PeriodKind.ACADEMIC_YEAR, D(2026, 9, 1)).label == "2026-2027"
        labels = [p.label for p in Period.parse(PeriodKind.MONTH, "2026-02").last(3)]
        assert labels == ["2025-12", "2026-01", "2026-02"]
        assert [p.label for p in Period.calendar_year(2026).last(2)] == ["2025", "2026"]


class TestMeasurement:
    def test_a_share_is_a_four_place_fraction_and_an_empty_denominator_gives_no_value(self) -> None:
        assert Measurement.share(2, 3).value == Decimal("0.6667")
        assert Measurement.share(0, 0) == Measurement(value=None, numerator=0, denominator=0)

    def test_a_count_counts_a_list(self) -> None:
        assert Measurement.count(["a", "b"]).value == 2

    def test_the_breakdown_names_its_finest_dimension(self) -> None:
        assert Breakdown().dimension is None
        assert Breakdown(faculty=1, department=2).dimension == "department"


class TestRegistry:
    def test_an_indicator_registers_under_its_code_once(self) -> None:
        class Probe(Indicator):
            code = "common.test_probe"
            title = "probe"

            def measure(self, institution, period, breakdown=indicators.WHOLE):  # type: ignore[no-untyped-def]
                return Measurement(value=7)

        try:
            indicators.register(Probe)
            indicators.register(Probe)  # the same class again (a module reloaded) is harmless
            assert indicators.get("common.test_probe").measure(None, Period.calendar_year(2026)).value == 7
            assert ("common.test_probe", "common.test_probe: probe") in indicators.choices()

            class Other(Probe):
                pass

            with pytest.raises(ValueError, match="two indicators"):
                indicators.register(Other)
        finally:
            indicators._REGISTRY.pop("common.test_probe", None)
        with pytest.raises(indicators.UnknownIndicator):
            indicators.get("common.test_probe")

    def test_codes_name_their_app(self) -> None:
        class Bad(Indicator):
            code = "NoApp"
            title = "bad"

        with pytest.raises(ValueError, match="lower case"):
            indicators.register(Bad)
