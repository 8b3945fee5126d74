"""Template tags of the curricula pages: an individual curriculum's status as a coloured badge."""

from __future__ import annotations

from django import template

from mansap.academics.models import IndividualCurriculum
from mansap.academics.tables import status_badge as _status_badge

register = template.Library()


@register.simple_tag
def status_badge(curriculum: IndividualCurriculum) -> str:
    return _status_badge(curriculum)
