"""Tables of the risk register and the KPI register; the XLSX exports reuse them."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mansap.core.tables import ATTRS
from mansap.quality.choices import ZONE_COLOURS, zone_of
from mansap.quality.display import status_badge
from mansap.quality.models import KPIDefinition, Risk


def zone_badge(score: int | None) -> str:
    zone = zone_of(score)
    if zone is None:
        return format_html('<span class="text-body-secondary">{}</span>', _("not assessed"))
    return format_html('<span class="badge text-bg-{}">{} · {}</span>', ZONE_COLOURS[zone], score, zone.label)


class RiskTable(tables.Table):
    key = tables.Column(verbose_name=_("Key"), linkify=True, attrs={"td": {"class": "text-nowrap"}})
    title = tables.Column(verbose_name=_("Risk"), accessor="title", order_by="title_ru", linkify=True)
    process = tables.Column(verbose_name=_("Process"), accessor="process__number", order_by="process__number")
    category = tables.Column(verbose_name=_("Category"))
    owner = tables.Column(verbose_name=_("Owner"), order_by=("owner__last_name", "owner__username"))
    current_score = tables.Column(
        verbose_name=_("Zone"), order_by="current_score", empty_values=(), attrs={"td": {"class": "text-nowrap"}}
    )
    current_assessed_on = tables.DateColumn(verbose_name=_("Assessed on"), short=True, default="—")

    class Meta:
        model = Risk
        fields = ("key", "title", "process", "category", "owner", "current_score", "current_assessed_on")
        attrs = ATTRS
        empty_text = _("No risks match the filters.")

    def render_owner(self, value: Any) -> str:
        return str(value.display_name)

    def render_current_score(self, value: int | None) -> str:
        return zone_badge(value)

    def value_current_score(self, record: Any) -> Any:
        """The export's cell: the score and its zone."""
        score = getattr(record, "current_score", None)
        zone = zone_of(score)
        return f"{score} ({zone.label})" if zone else ""

    def value_owner(self, record: Risk) -> str:
        return str(record.owner.display_name)

    def value_process(self, record: Risk) -> str:
        return str(record.process)

    def render_process(self, record: Risk) -> str:
        return format_html('<span title="{}">{}</span>', record.process.name, record.process.number)


class KPITable(tables.Table):
    """The KPI register (and its XLSX export, in the user's language)."""

    code = tables.Column(verbose_name=_("Code"), linkify=True, attrs={"td": {"class": "text-nowrap"}})
    name = tables.Column(verbose_name=_("KPI"), accessor="name", order_by="name_ru", linkify=True)
    process = tables.Column(verbose_name=_("Process"), accessor="process__number", order_by="process__number")
    status = tables.Column(verbose_name=_("Status"), attrs={"td": {"class": "text-nowrap"}})
    source = tables.Column(verbose_name=_("Source"), empty_values=())
    unit = tables.Column(verbose_name=pgettext_lazy("KPI unit", "Unit"), default="—")
    period_kind = tables.Column(verbose_name=_("Period"), default="—")

    class Meta:
        model = KPIDefinition
        fields = ("code", "name", "process", "status", "source", "unit", "period_kind")
        attrs = ATTRS
        empty_text = _("No KPIs match the filters.")
        order_by = ("process", "code")

    def render_process(self, record: KPIDefinition) -> str:
        return format_html('<span title="{}">{}</span>', record.process.name, record.process.number)

    def value_process(self, record: KPIDefinition) -> str:
        return str(record.process)

    def render_status(self, record: KPIDefinition) -> str:
        return status_badge(record)

    def value_status(self, record: KPIDefinition) -> str:
        return str(record.get_status_display())

    def render_source(self, record: KPIDefinition) -> str:
        if record.provider_missing:
            return format_html(
                '{} <span class="badge text-bg-warning" title="{}">{}</span>', record.get_source_display(),
                record.indicator, _("provider missing"),
            )  # fmt: skip
        return str(record.get_source_display())

    def value_source(self, record: KPIDefinition) -> str:
        shown = str(record.get_source_display())
        if record.is_computed:
            shown += f" ({record.indicator}{'; ' + str(_('provider missing')) if record.provider_missing else ''})"
        return shown
