"""Viewsets of the studentbody API, scoped as the pages are.

- orders: GET only; the SSC reads every order (drafts too), others the orders in force that have items about
  students in their scope, with only those items; ?type=, ?status=, ?date_from=, ?date_to=.
- personal-files: GET only; the files of the students in the user's scope (the SSC all, a dean their faculty's, a
  department its students', a student their own), each with its documents and the required kinds still missing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet

from mansap.common.api import ScopedViewSet
from mansap.core.access import VIEW
from mansap.studentbody.api.serializers import OrderSerializer, PersonalFileSerializer
from mansap.studentbody.filtersets import OrderFilterSet
from mansap.studentbody.models import DocumentKind, FileItem, Order, OrderItem, PersonalFile


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


class PersonalFileViewSet(ScopedViewSet):
    queryset = PersonalFile.objects.select_related("student", "transfer_act").order_by("pk")
    serializer_class = PersonalFileSerializer
    http_method_names = ["get", "head", "options"]

    def get_queryset(self) -> QuerySet[Any]:
        items = FileItem.objects.select_related("kind").order_by("kind__position", "kind_id")
        return super().get_queryset().prefetch_related(Prefetch("items", queryset=items, to_attr="listed_items"))

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        kinds: dict[int, list[DocumentKind]] = {}
        institutions = PersonalFile.objects.for_user(self.request.user, VIEW).values("institution_id")
        for kind in DocumentKind.objects.filter(institution_id__in=institutions).order_by("position", "pk"):
            kinds.setdefault(kind.institution_id, []).append(kind)
        context["kinds"] = kinds
        return context
