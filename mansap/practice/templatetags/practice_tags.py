"""{% organization_practice organization %}: the "Practice" section of the employer page."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import Count, Q

from mansap.core.access import VIEW
from mansap.practice.choices import PlacementStatus
from mansap.practice.models import Placement, PracticeBase

register = template.Library()

LIMIT = 20


@register.inclusion_tag("practice/_organization_section.html", takes_context=True)
def organization_practice(context: dict[str, Any], organization: Any) -> dict[str, Any]:
    """The organization as a practice base (per department) and the latest placements there the user may see."""
    user = context["request"].user
    bases = list(
        PracticeBase.objects.for_user(user, VIEW)
        .filter(organization=organization)
        .select_related("department")
        .annotate(program_count=Count("programs", distinct=True))
        .order_by("department__code", "pk")
    )
    placements = (
        Placement.objects.for_user(user, VIEW)
        .filter(base__organization=organization)
        .filter(~Q(status=PlacementStatus.CANCELLED))
        .select_related("student", "practice__program", "practice__department")
        .order_by("-practice__starts_on", "student__last_name", "student__first_name", "pk")
    )
    rows = list(placements[: LIMIT + 1])
    total = len(rows) if len(rows) <= LIMIT else placements.count()
    return {"bases": bases, "placements": rows[:LIMIT], "placements_total": total}


@register.inclusion_tag("core/_home_practice.html", takes_context=True)
def practice_home(context: dict[str, Any], today: Any = None) -> dict[str, Any]:
    """The home page's practice card: practices running and starting soon, reports overdue (in the user's scope)."""
    import datetime as dt

    from django.utils import timezone

    from mansap.practice.models import Practice

    user = context["request"].user
    today = today or timezone.localdate()
    practices = Practice.objects.for_user(user, VIEW)
    counts = practices.aggregate(
        running=Count("pk", filter=Q(starts_on__lte=today, ends_on__gte=today)),
        soon=Count("pk", filter=Q(starts_on__gt=today, starts_on__lte=today + dt.timedelta(days=45))),
    )
    overdue_due = Q(practice__report_due_on__lt=today) | Q(
        practice__report_due_on__isnull=True, practice__ends_on__lt=today - dt.timedelta(days=7)
    )
    counts["reports_overdue"] = (
        Placement.objects.for_user(user, VIEW)
        .filter(overdue_due, report_submitted_on__isnull=True)
        .exclude(status=PlacementStatus.CANCELLED)
        .count()
    )
    return {"practice_counts": counts}
