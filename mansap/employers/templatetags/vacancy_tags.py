"""The Vacancies section of the employer page (employers/organization_detail.html), scoped and bounded."""

from __future__ import annotations

from typing import Any

from django import template

from mansap.core.access import VIEW, is_career_center, scoped
from mansap.employers.models import Organization, Vacancy
from mansap.employers.tables import vacancy_badge

register = template.Library()

SECTION_LIMIT = 20


@register.inclusion_tag("employers/vacancies/_organization_vacancies.html", takes_context=True)
def organization_vacancies(context: dict[str, Any], organization: Organization) -> dict[str, Any]:
    """The organization's vacancies the user may see: the newest SECTION_LIMIT and the total (2 queries at most)."""
    request = context["request"]
    rows = list(
        scoped(Vacancy)
        .for_user(request.user, VIEW)
        .filter(organization=organization)
        .order_by("-created_at", "-pk")[: SECTION_LIMIT + 1]
    )
    total = len(rows)
    if total > SECTION_LIMIT:
        total = scoped(Vacancy).for_user(request.user, VIEW).filter(organization=organization).count()
    rows = rows[:SECTION_LIMIT]
    for vacancy in rows:
        vacancy.badge_label, vacancy.badge_colour = vacancy_badge(vacancy)  # type: ignore[attr-defined]
    return {
        "organization": organization,
        "vacancies": rows,
        "total": total,
        "can_invite": is_career_center(request.user),
        "request": request,
    }
