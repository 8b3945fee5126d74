"""Template helpers of the journal and the graduate page."""

from __future__ import annotations

from django import template

from mansap.graduates.tables import status_badge_class

register = template.Library()


@register.filter
def status_badge(status: str | None) -> str:
    """The Bootstrap badge classes for an employment status (same colours as the journal)."""
    return status_badge_class(status)
