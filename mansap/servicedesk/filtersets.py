"""Filters of the queue and the outgoing register (the same FilterSets serve the pages and the API)."""

from __future__ import annotations

import django_filters
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import DateInput
from mansap.core.access import SERVICE_DESK_STAFF, institution_for
from mansap.core.filtersets import SearchFilterSet
from mansap.servicedesk.choices import OPEN_STATUSES, DocumentStatus, RequestStatus
from mansap.servicedesk.models import IssuedDocument, Service, ServiceRequest


def _services(request):  # type: ignore[no-untyped-def]
    institution = institution_for(getattr(request, "user", None))
    return Service.objects.filter(institution=institution) if institution else Service.objects.none()


def _clerks(request):  # type: ignore[no-untyped-def]
    institution = institution_for(getattr(request, "user", None))
    return (
        get_user_model()
        ._default_manager.filter(memberships__institution=institution, memberships__role__in=SERVICE_DESK_STAFF)
        .distinct()
    )


class RequestFilterSet(SearchFilterSet):
    search_fields = ("receipt_number", "student__last_name", "student__first_name", "student__iin")
    q = django_filters.CharFilter(label=_("Number, student or IIN"), method="search")
    service = django_filters.ModelChoiceFilter(label=_("Service"), queryset=_services)
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=[("open", _("open (any)")), *RequestStatus.choices], method="filter_status"
    )
    assigned_to = django_filters.ModelChoiceFilter(label=_("Clerk"), queryset=_clerks)
    due_before = django_filters.DateFilter(
        field_name="due_at", lookup_expr="date__lte", label=_("Due by"), widget=DateInput()
    )
    overdue = django_filters.BooleanFilter(label=_("Overdue"), method="filter_overdue")

    class Meta(SearchFilterSet.Meta):
        model = ServiceRequest
        fields = ["q", "service", "status", "assigned_to", "due_before", "overdue"]

    def filter_status(self, queryset, name, value):  # type: ignore[no-untyped-def]
        if value == "open":
            return queryset.filter(status__in=OPEN_STATUSES)
        return queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):  # type: ignore[no-untyped-def]
        late = Q(status__in=[s for s in OPEN_STATUSES if s != RequestStatus.WAITING], due_at__lt=timezone.now())
        if value is None:
            return queryset
        return queryset.filter(late) if value else queryset.exclude(late)


class DocumentFilterSet(SearchFilterSet):
    search_fields = ("number", "verification_code", "student__last_name", "student__iin")
    q = django_filters.CharFilter(label=_("Number, code, holder or IIN"), method="search")
    number = django_filters.CharFilter(label=_("No."), field_name="number")
    service = django_filters.ModelChoiceFilter(label=_("Service"), queryset=_services)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=DocumentStatus.choices)

    class Meta(SearchFilterSet.Meta):
        model = IssuedDocument
        fields = ["q", "number", "service", "status"]


class ServiceFilterSet(SearchFilterSet):
    search_fields = ("code", "name_kk", "name_ru", "name_en")
    q = django_filters.CharFilter(label=_("Code or name"), method="search")
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta(SearchFilterSet.Meta):
        model = Service
        fields = ["q", "is_active"]
