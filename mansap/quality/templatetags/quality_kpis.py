"""Template filters of the KPI pages: a figure in its unit, the RAG and status badges."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from mansap.quality import display

register = template.Library()


@register.filter
def kpi_number(value: Any, unit: str = "") -> str:
    return display.kpi_number(value, unit)


@register.filter
def rag_badge(status: str) -> SafeString:
    return display.rag_badge(status or "none")


@register.filter
def kpi_status_badge(definition: Any) -> SafeString:
    return display.status_badge(definition)
