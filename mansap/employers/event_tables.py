"""The career events table (the XLSX export reuses it)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from mansap.core.tables import ATTRS
from mansap.employers.models import CareerEvent


class CareerEventTable(tables.Table):
    title = tables.Column(verbose_name=_("Title"), accessor="title", order_by="title_ru", linkify=True)
    kind = tables.Column(verbose_name=_("Kind"))
    starts_at = tables.DateTimeColumn(verbose_name=_("Starts at"), format="d.m.Y H:i")
    location = tables.Column(verbose_name=_("Location"))
    department = tables.Column(verbose_name=_("Department"), accessor="department__code", default="—")
    registered_count = tables.Column(verbose_name=_("Registered"))
    capacity = tables.Column(verbose_name=_("Capacity"), default="—")

    class Meta:
        model = CareerEvent
        fields = ("title", "kind", "starts_at", "location", "department", "registered_count", "capacity")
        attrs = ATTRS
        empty_text = _("No events match the filters.")
