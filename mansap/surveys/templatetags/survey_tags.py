"""{% organization_survey_answers organization %}: the "Survey answers" section of the employer page."""

from __future__ import annotations

from typing import Any

from django import template

from mansap.surveys.results import answers_for_organization

register = template.Library()


@register.inclusion_tag("surveys/_organization_section.html", takes_context=True)
def organization_survey_answers(context: dict[str, Any], organization: Any) -> dict[str, Any]:
    return {"survey_answers": answers_for_organization(organization, context["request"].user)}
