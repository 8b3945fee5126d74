"""The order list's table; the XLSX export reuses it."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mansap.core.tables import ATTRS
from mansap.studentbody.models import Order

STATUS_BADGES = {"draft": "secondary", "signed": "primary", "entered": "success", "cancelled": "light"}


def status_badge(order: Order) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_BADGES.get(order.status, "secondary"),
                       order.get_status_display())  # fmt: skip


class OrderTable(tables.Table):
    number = tables.Column(verbose_name=_("No."), linkify=True, attrs={"td": {"class": "text-nowrap"}})
    date = tables.DateColumn(verbose_name=_("Date"), format="d.m.Y")
    type = tables.Column(verbose_name=_("Type"))
    students = tables.Column(
        verbose_name=_("Students"),
        accessor="item_count",
        attrs={"th": {"class": "text-end"}, "td": {"class": "text-end"}},
    )
    signatory = tables.Column(verbose_name=_("Signatory"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Order
        fields = ("number", "date", "type", "students", "signatory", "status")
        attrs = ATTRS
        empty_text = _("No orders match the filters.")

    def render_status(self, record: Order) -> str:
        return status_badge(record)

    def value_status(self, record: Order) -> str:
        return str(record.get_status_display())
