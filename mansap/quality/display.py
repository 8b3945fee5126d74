"""How a KPI's figures are shown: shares as percentages, money in tenge, counts whole; the RAG badge."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString

from mansap.common.indicators import Unit
from mansap.quality.choices import RAG_COLOURS, Rag


def kpi_number(value: Decimal | int | float | None, unit: str = "") -> str:
    """A figure in its unit for a page or an export: 0.7512 share → "75.1%", 350000 tenge → "350 000 ₸"."""
    if value is None:
        return "—"
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    # number_format cuts digits off; round first (0.6667 is 66.7%, not 66.6%).
    if unit == Unit.SHARE:
        return f"{number_format((number * 100).quantize(Decimal('0.1'), ROUND_HALF_UP), decimal_pos=1)}%"
    if unit == Unit.TENGE:
        return f"{number_format(number.quantize(Decimal(1), ROUND_HALF_UP), decimal_pos=0, force_grouping=True)} ₸"
    if number == number.to_integral_value():
        return number_format(number, decimal_pos=0, force_grouping=True)
    return number_format(number.normalize(), force_grouping=True)


def chart_number(value: Decimal | int | None, unit: str = "") -> float | None:
    """A figure for the trend chart (shares as percentages)."""
    if value is None:
        return None
    number = Decimal(value) * (100 if unit == Unit.SHARE else 1)
    return float(round(number, 2))


def rag_badge(status: str) -> SafeString:
    rag = Rag(status)
    return format_html('<span class="badge text-bg-{} rag rag-{}">{}</span>', RAG_COLOURS[rag], rag.value, rag.label)


def status_badge(definition: Any) -> SafeString:
    colours = {"declared": "secondary", "formula_agreed": "info", "target_set": "primary", "measured": "success"}
    return format_html(
        '<span class="badge text-bg-{}">{}</span>', colours.get(definition.status, "secondary"),
        definition.get_status_display(),
    )  # fmt: skip
