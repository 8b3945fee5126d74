"""Filters of the career events list (the same FilterSet serves the page and the API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.core.filtersets import SearchFilterSet
from mansap.core.models import Department
from mansap.employers.models import CareerEvent, CareerEventKind, EventRegistration, RegistrationStatus

WHEN_CHOICES = [("upcoming", _("upcoming")), ("past", _("past"))]


def _departments(request: Any) -> QuerySet[Department]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return Department.objects.none()
    return Department.objects.for_user(user).order_by("code")


class CareerEventFilterSet(SearchFilterSet):
    search_fields = ("title_kk", "title_ru", "title_en", "location")
    q = django_filters.CharFilter(label=_("Title or place"), method="search")
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=CareerEventKind.choices)
    when = django_filters.ChoiceFilter(label=_("When"), choices=WHEN_CHOICES, method="filter_when")
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=_departments)

    class Meta(SearchFilterSet.Meta):
        model = CareerEvent
        fields = ["q", "kind", "when", "department"]

    def filter_when(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        now = timezone.now()
        if value == "upcoming":
            return queryset.upcoming(now)  # type: ignore[attr-defined]
        return queryset.past(now).order_by("-starts_at", "-pk")  # type: ignore[attr-defined]


class EventRegistrationFilterSet(django_filters.FilterSet):
    event = django_filters.NumberFilter(field_name="event_id", label=_("Event"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=RegistrationStatus.choices)

    class Meta:
        model = EventRegistration
        fields = ["event", "status"]
