"""RAG bands of a KPI target (choices.rag; models/kpis.py KPITarget): every boundary, both directions."""

from __future__ import annotations

from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError

from mansap.quality.choices import rag
from mansap.quality.models.kpis import check_bands

# Higher is better: target 0.80, green from 0.75, red below 0.60.
HIGH = SimpleNamespace(target=D("0.80"), amber_threshold=D("0.75"), red_threshold=D("0.60"))
# Lower is better (days to answer): target 3, green up to 5, red above 10.
LOW = SimpleNamespace(target=D("3"), amber_threshold=D("5"), red_threshold=D("10"))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0.90"), "green"),
        (D("0.80"), "green"),  # on the target
        (D("0.75"), "green"),  # on the amber threshold: the better colour
        (D("0.7499"), "amber"),
        (D("0.60"), "amber"),  # on the red threshold: the better colour
        (D("0.5999"), "red"),
        (D("0"), "red"),
        (1, "green"),
        (0.6, "amber"),
        (None, "none"),
    ],
)
def test_higher_is_better(value, expected):
    assert rag(value, HIGH, True) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("0"), "green"),
        (D("3"), "green"),  # on the target
        (D("5"), "green"),  # on the amber threshold
        (D("5.0001"), "amber"),
        (D("10"), "amber"),  # on the red threshold
        (D("10.0001"), "red"),
        (11, "red"),
        (None, "none"),
    ],
)
def test_lower_is_better(value, expected):
    assert rag(value, LOW, False) == expected


def test_no_target_or_no_direction_is_none():
    assert rag(D("1"), None, True) == "none"
    assert rag(D("1"), HIGH, None) == "none"
    assert rag(D("1"), SimpleNamespace(amber_threshold=None, red_threshold=D("0")), True) == "none"


def test_amber_equal_to_target_means_target_met():
    bands = SimpleNamespace(target=D("10"), amber_threshold=D("10"), red_threshold=D("8"))
    assert [rag(v, bands, True) for v in (D("10"), D("9.99"), D("8"), D("7.99"))] == ["green", "amber", "amber", "red"]


def test_band_order_is_checked_per_direction():
    check_bands(D("0.8"), D("0.75"), D("0.6"), True)
    check_bands(D("0.8"), D("0.8"), D("0.8"), True)  # all equal: no amber band
    check_bands(D("3"), D("5"), D("10"), False)
    with pytest.raises(ValidationError, match="red threshold ≤ amber threshold ≤ target"):
        check_bands(D("0.8"), D("0.9"), D("0.6"), True)
    with pytest.raises(ValidationError, match="red threshold ≤ amber threshold ≤ target"):
        check_bands(D("0.8"), D("0.5"), D("0.6"), True)
    with pytest.raises(ValidationError, match="target ≤ amber threshold ≤ red threshold"):
        check_bands(D("3"), D("2"), D("10"), False)
    with pytest.raises(ValidationError, match="target ≤ amber threshold ≤ red threshold"):
        check_bands(D("3"), D("11"), D("10"), False)
    with pytest.raises(ValidationError):
        check_bands(D("3"), D("5"), D("10"), None)


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (D("0.6667"), "share", "66.7%"),
        (D("0.7778"), "share", "77.8%"),
        (D("0.5"), "share", "50.0%"),
        (D("350000.6"), "tenge", "350,001 ₸"),
        (D("9"), "count", "9"),
        (D("4.25"), "score", "4.25"),
        (None, "share", "—"),
    ],
)
def test_kpi_number_rounds_in_its_unit(value, unit, shown):
    from django.utils import translation

    from mansap.quality.display import kpi_number

    with translation.override("en"):
        assert kpi_number(value, unit) == shown
