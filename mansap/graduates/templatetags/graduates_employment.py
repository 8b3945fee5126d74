"""{% organization_graduates organization %} and {% organization_assistance organization %}: the employer page's
"Graduates working here" and "Assistance to graduates" sections (employers/organization_detail.html).

They live here, like the practice, survey and event sections of that page, so the employers app needs no import
of the graduates app. Each is limited to the graduates the user may see and costs one query while it is small
(the first SECTION_LIMIT rows), one more to count the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import template
from django.db.models import QuerySet
from django.utils import timezone

from mansap.core.access import VIEW, scoped
from mansap.core.models import Student
from mansap.graduates.models import AssistanceAction, EmploymentRecord

if TYPE_CHECKING:
    from mansap.employers.models import Organization

register = template.Library()

SECTION_LIMIT = 100  # rows per section of the employer page; the rest is counted, not listed
TEMPLATE = "graduates/organization_graduates.html"


def _limited(queryset: QuerySet[Any]) -> tuple[list[Any], int]:
    """The first SECTION_LIMIT rows and the total (one query while the section is small)."""
    rows = list(queryset[: SECTION_LIMIT + 1])
    total = len(rows) if len(rows) <= SECTION_LIMIT else queryset.count()
    return rows[:SECTION_LIMIT], total


def _visible_students(context: template.Context) -> QuerySet[Student]:
    # A subquery: the user's memberships are read once per request (core.access), not again here.
    return scoped(Student).for_user(context["request"].user, VIEW)


@register.inclusion_tag(TEMPLATE, takes_context=True)
def organization_graduates(context: template.Context, organization: Organization) -> dict[str, Any]:
    """The graduates the user may see whose current employment record (as of today) names the organization."""
    employed, total = _limited(
        EmploymentRecord.objects.current(timezone.localdate())
        .filter(organization=organization, graduate__in=_visible_students(context))
        .select_related("graduate__program__department")
        .order_by("graduate__last_name", "graduate__first_name", "pk")
    )
    return {"section": "employed", "employed": employed, "employed_total": total}


@register.inclusion_tag(TEMPLATE, takes_context=True)
def organization_assistance(context: template.Context, organization: Organization) -> dict[str, Any]:
    """The Career Center's assistance actions involving the organization, for the graduates the user may see."""
    assistance, total = _limited(
        AssistanceAction.objects.filter(organization=organization, graduate__in=_visible_students(context))
        .select_related("graduate")
        .order_by("-happened_on", "-pk")
    )
    return {"section": "assistance", "assistance": assistance, "assistance_total": total}
