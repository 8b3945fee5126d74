"""Downloads of an order's document and of an extract from it for one student (DOCX or PDF, in kk/ru/en).

Scoping: the whole order is for staff who see every one of its items (the SSC, institution-wide offices, a dean
of a faculty whose students are all in it); a department's staff, who see only their students' items, download
their students' extracts. An extract is for anyone who sees its item (querysets: a student their own items of
orders in force only). Anything else answers 404.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import translation
from django.views import View

from mansap.common.views import StaffRequiredMixin
from mansap.core.access import VIEW, get_for_user_or_404
from mansap.practice.reports.documents import file_response
from mansap.studentbody.models import Order, OrderItem
from mansap.studentbody.reports import documents

ITEM_RELATED = ("order__institution", "student__program", "program")


def document_language(request: HttpRequest) -> str:
    """?lang=kk|ru|en, else the language of the screen."""
    asked = request.GET.get("lang", "")
    if asked in documents.LANGUAGES:
        return asked
    current = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    return current if current in documents.LANGUAGES else "kk"


def _format(kwargs: dict[str, Any]) -> str:
    if kwargs["fmt"] not in documents.FORMATS:
        raise Http404
    return str(kwargs["fmt"])


def visible_items(user: Any, order: Order) -> Any:
    return (
        OrderItem.objects.for_user(user, VIEW)
        .filter(order=order)
        .select_related(*ITEM_RELATED)
        .order_by("student__last_name", "student__first_name", "pk")
    )


def may_download_order(user: Any, order: Order, items: list[OrderItem]) -> bool:
    """Whoever sees every item of the order (an order with no item yet: its editors)."""
    return len(items) == order.items.count()


class OrderDocumentView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = _format(kwargs)
        order: Order = get_for_user_or_404(
            Order.objects.select_related("institution"),  # type: ignore[arg-type]
            request.user,
            kwargs["pk"],
        )
        items = list(visible_items(request.user, order))
        if not may_download_order(request.user, order, items):
            raise Http404
        with translation.override(document_language(request)):
            return file_response(documents.order_document(order, items), fmt)


class ExtractView(LoginRequiredMixin, View):
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        fmt = _format(kwargs)
        related = OrderItem.objects.select_related(*ITEM_RELATED)
        item: OrderItem = get_for_user_or_404(related, request.user, kwargs["pk"])  # type: ignore[arg-type]
        with translation.override(document_language(request)):
            return file_response(documents.extract_document(item), fmt)
