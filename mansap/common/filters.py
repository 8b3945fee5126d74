"""API filter backends (a module of its own: DRF's settings import it while DRF itself loads)."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet
from rest_framework.filters import OrderingFilter


class NullsLastOrderingFilter(OrderingFilter):
    """?ordering= with empty values last in both directions, on SQLite and PostgreSQL alike.

    (PostgreSQL puts NULL first in descending order, SQLite last: the API must not
    depend on the database.)
    """

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        expressions = [
            F(term[1:]).desc(nulls_last=True) if term.startswith("-") else F(term).asc(nulls_last=True)
            for term in ordering
        ]
        return queryset.order_by(*expressions, "pk")
