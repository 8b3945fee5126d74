"""Viewsets of the studentbody API, scoped as the pages are.

- orders: GET only; the SSC reads every order (drafts too), others the orders in force that have items about
  students in their scope, with only those items; ?type=, ?status=, ?date_from=, ?date_to=.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from mansap.common.api import ScopedViewSet
from mansap.core.access import VIEW
from mansap.studentbody.api.serializers import OrderSerializer
from mansap.studentbody.filtersets import OrderFilterSet
from mansap.studentbody.models import Order, OrderItem


class OrderViewSet(ScopedViewSet):
    queryset = Order.objects.order_by("-date", "-pk")
    serializer_class = OrderSerializer
    filterset_class = OrderFilterSet
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        items = OrderItem.objects.for_user(self.request.user, VIEW).select_related("student", "program")
        return (
            super()
            .get_queryset()
            .prefetch_related(Prefetch("items", queryset=items.order_by("pk"), to_attr="visible_items"))
        )
