"""{% organization_survey_answers organization %}: the "Survey answers" section of the employer page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template

from mansap.surveys.reports.results import answers_for_organization

if TYPE_CHECKING:
    from mansap.employers.models import Organization

register = template.Library()


@register.inclusion_tag("surveys/_organization_section.html", takes_context=True)
def organization_survey_answers(context: dict[str, Any], organization: Organization) -> dict[str, Any]:
    return {"survey_answers": answers_for_organization(organization, context["request"].user)}


@register.inclusion_tag("core/_home_surveys.html", takes_context=True)
def surveys_home(context: dict[str, Any]) -> dict[str, Any]:
    """The home page's survey card: campaigns open now and their answers (in the user's scope)."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from mansap.surveys.choices import ResponseStatus
    from mansap.surveys.models import Campaign

    today = timezone.localdate()
    open_now = Campaign.objects.for_user(context["request"].user).filter(
        launched_at__isnull=False, closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today
    )
    counts = open_now.aggregate(
        campaigns=Count("pk", distinct=True),
        answers=Count("responses", filter=Q(responses__status=ResponseStatus.SUBMITTED), distinct=True),
    )
    return {"survey_counts": counts}
