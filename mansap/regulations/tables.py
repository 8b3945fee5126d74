"""The register's table; the XLSX export reuses it."""

from __future__ import annotations

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from mansap.core.tables import ATTRS
from mansap.regulations.models import Document

STATUS_BADGES = {
    "draft": "secondary", "in_agreement": "info", "approved": "primary", "in_force": "success",
    "under_revision": "warning", "superseded": "light", "cancelled": "light",
}  # fmt: skip


def status_badge(status: str, label: str) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_BADGES.get(status, "secondary"), label)


class DocumentTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"), linkify=True, attrs={"td": {"class": "text-nowrap"}})
    title = tables.Column(verbose_name=_("Title"), accessor="title", order_by=("title_ru",))
    type = tables.Column(verbose_name=_("Type"))
    unit = tables.Column(verbose_name=_("Developing unit"), accessor="unit", orderable=False)
    classification = tables.Column(verbose_name=_("Classification"))
    status = tables.Column(verbose_name=_("Status"))
    next_review_on = tables.DateColumn(verbose_name=_("Next review"), format="d.m.Y")

    class Meta:
        model = Document
        fields = ("code", "title", "type", "unit", "classification", "status", "next_review_on")
        attrs = ATTRS
        empty_text = _("No documents match the filters.")

    def render_status(self, record: Document) -> str:
        return status_badge(record.status, str(record.get_status_display()))

    def value_status(self, record: Document) -> str:
        return str(record.get_status_display())

    def render_next_review_on(self, record: Document, value: object) -> str:
        shown = record.next_review_on.strftime("%d.%m.%Y") if record.next_review_on else "—"
        if record.next_review_on and record.next_review_on < timezone.localdate():
            return format_html('<span class="text-danger fw-semibold">{}</span>', shown)
        return shown

    def value_next_review_on(self, record: Document) -> str:
        return record.next_review_on.strftime("%d.%m.%Y") if record.next_review_on else ""
