"""{% organization_events organization %}: the "Events" section of the employer page (a self-contained block)."""

from __future__ import annotations

from typing import Any

from django import template
from django.db.models import OuterRef, Q, Subquery

from mansap.core.access import VIEW
from mansap.employers.choices import RegistrationStatus
from mansap.employers.models import CareerEvent, EventRegistration, Organization

register = template.Library()

LIMIT = 50


@register.inclusion_tag("employers/event_organization_section.html", takes_context=True)
def organization_events(context: dict[str, Any], organization: Organization) -> dict[str, Any]:
    """Events the organization takes part in or is registered for, that the user may see (newest first)."""
    user = context["request"].user
    registrations = EventRegistration.objects.filter(event=OuterRef("pk"), organization=organization)
    found = (
        CareerEvent.objects.for_user(user, VIEW)
        .filter(
            Q(pk__in=organization.career_events.values("pk"))
            | Q(pk__in=EventRegistration.objects.filter(organization=organization).values("event_id"))
        )
        .annotate(
            booth=Subquery(registrations.values("booth_number")[:1]),
            registration_status=Subquery(registrations.values("status")[:1]),
        )
        .order_by("-starts_at", "-pk")
    )
    rows = list(found[: LIMIT + 1])
    return {
        "events": rows[:LIMIT],
        "more": len(rows) > LIMIT,
        "registered": RegistrationStatus.REGISTERED,
        "cancelled": RegistrationStatus.CANCELLED,
    }
