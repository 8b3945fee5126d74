"""Filters of the order list (the same FilterSet serves the page and the API)."""

from __future__ import annotations

import django_filters
from django.utils.translation import gettext_lazy as _

from mansap.common.forms import DateInput
from mansap.core.filtersets import SearchFilterSet
from mansap.studentbody.choices import OrderStatus, OrderType
from mansap.studentbody.models import Order


class OrderFilterSet(SearchFilterSet):
    search_fields = ("number", "signatory", "items__student__last_name", "items__student__iin")
    q = django_filters.CharFilter(label=_("Number, student or IIN"), method="search_distinct")
    type = django_filters.ChoiceFilter(label=_("Type"), choices=OrderType.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrderStatus.choices)
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte", label=_("From"), widget=DateInput())
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte", label=_("Until"), widget=DateInput())

    class Meta(SearchFilterSet.Meta):
        model = Order
        fields = ["q", "type", "status", "date_from", "date_to"]

    def search_distinct(self, queryset, name, value):  # type: ignore[no-untyped-def]
        return queryset.filter(pk__in=self.search(Order.objects.all(), name, value).values("pk"))
