"""Vacancy pieces of templates: the Vacancies section of the employer page (scoped and bounded), and the salary
range as one translated phrase (each language places amount and postposition: "150 000 ₸ бастап", "от 150 000 ₸")."""

from __future__ import annotations

from typing import Any

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

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


@register.simple_tag
def salary_range(salary_from: int | None, salary_to: int | None, currency: bool = True) -> str:
    """ "150 000 – 300 000 ₸", "from 150 000 ₸", "up to 300 000 ₸" in the active language ("" without either);
    currency=False leaves out the sign (under a "Salary, KZT" heading)."""
    low, high = intcomma(salary_from), intcomma(salary_to)
    if salary_from is not None and salary_to is not None:
        text = _("{low} – {high} ₸") if currency else _("{low} – {high}")
    elif salary_from is not None:
        text = _("from {low} ₸") if currency else _("from {low}")
    elif salary_to is not None:
        text = _("up to {high} ₸") if currency else _("up to {high}")
    else:
        return ""
    return text.format(low=low, high=high)
