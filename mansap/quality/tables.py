"""Tables of the risk register and the KPI register; the XLSX exports reuse them."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mansap.core.tables import ATTRS
from mansap.quality.choices import ZONE_COLOURS, zone_of
from mansap.quality.display import status_badge
from mansap.quality.models import (
    AdvisoryBoard,
    KPIDefinition,
    ManagementReview,
    ProgramRevision,
    ReviewDecision,
    Risk,
    WorkPlan,
)


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
    next_review_on = tables.Column(verbose_name=_("Next review"), attrs={"td": {"class": "text-nowrap"}})

    class Meta:
        model = Risk
        fields = (
            "key",
            "title",
            "process",
            "category",
            "owner",
            "current_score",
            "current_assessed_on",
            "next_review_on",
        )
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

    def render_next_review_on(self, record: Risk, value: Any) -> str:
        if record.retired_on is not None:
            return format_html('<span class="badge text-bg-secondary">{}</span>', _("retired"))
        if record.review_due(timezone.localdate()):
            return format_html(
                '<span class="badge text-bg-warning">{} · {}</span>', value.strftime("%d.%m.%Y"), _("due")
            )
        return value.strftime("%d.%m.%Y")

    def value_next_review_on(self, record: Risk) -> Any:
        return record.next_review_on

    def value_owner(self, record: Risk) -> str:
        return str(record.owner.display_name)

    def value_process(self, record: Risk) -> str:
        return str(record.process)

    def render_process(self, record: Risk) -> str:
        return format_html('<span title="{}">{}</span>', record.process.name, record.process.number)


class ProgramRevisionTable(tables.Table):
    revised_on = tables.DateColumn(verbose_name=_("Revised on"), short=True, linkify=True)
    program = tables.Column(verbose_name=_("Program"), order_by="program__code")
    department = tables.Column(verbose_name=_("Department"), accessor="program__department__code")
    summary = tables.Column(verbose_name=_("What changed"), accessor="summary", orderable=False)
    employer_count = tables.Column(verbose_name=_("Employers"), attrs={"td": {"class": "text-end"}})
    alumni_count = tables.Column(verbose_name=_("Alumni"), attrs={"td": {"class": "text-end"}})
    student_count = tables.Column(verbose_name=_("Students"), attrs={"td": {"class": "text-end"}})

    class Meta:
        model = ProgramRevision
        fields = ("revised_on", "program", "department", "summary", "employer_count", "alumni_count", "student_count")
        attrs = ATTRS
        empty_text = _("No revisions match the filters.")

    def render_program(self, value: Any) -> str:
        return format_html('<span class="text-nowrap">{}</span> {}', value.code, value.name)

    def value_program(self, record: ProgramRevision) -> str:
        return str(record.program)

    def render_summary(self, value: str) -> str:
        return value if len(value) <= 120 else value[:119] + "…"

    def value_summary(self, record: ProgramRevision) -> str:
        return record.summary

    def render_employer_count(self, value: int) -> str:
        if value:
            return format_html('<span class="badge text-bg-success">{}</span>', value)
        return mark_safe('<span class="text-body-secondary">0</span>')


class AdvisoryBoardTable(tables.Table):
    board = tables.Column(verbose_name=_("Board"), accessor="name", order_by="name_ru", linkify=True, empty_values=())
    faculty = tables.Column(verbose_name=_("Faculty"), accessor="faculty__code")
    program = tables.Column(verbose_name=_("Program"), accessor="program__code", default="—")
    member_count = tables.Column(verbose_name=_("Members"), attrs={"td": {"class": "text-end"}})
    meeting_count = tables.Column(verbose_name=_("Meetings"), attrs={"td": {"class": "text-end"}})
    last_meeting_on = tables.DateColumn(verbose_name=_("Last meeting"), short=True, default="—")
    is_active = tables.BooleanColumn(verbose_name=_("Active"))

    class Meta:
        model = AdvisoryBoard
        fields = ("board", "faculty", "program", "member_count", "meeting_count", "last_meeting_on", "is_active")
        attrs = ATTRS
        empty_text = _("No advisory boards match the filters.")

    def render_board(self, record: AdvisoryBoard) -> str:
        return str(record)

    def value_board(self, record: AdvisoryBoard) -> str:
        return str(record)


class ReviewTable(tables.Table):
    period = tables.Column(verbose_name=_("Period"), accessor="period_end", linkify=True, order_by=("period_end",))
    version = tables.Column(verbose_name=_("Version"))
    status = tables.Column(verbose_name=_("Status"))
    issued_at = tables.DateTimeColumn(verbose_name=_("Issued"), format="d.m.Y", default="—")
    decision_count = tables.Column(verbose_name=_("Decisions"), orderable=False)

    class Meta:
        model = ManagementReview
        fields = ("period", "version", "status", "issued_at", "decision_count")
        attrs = ATTRS
        empty_text = _("No management review has been prepared yet.")

    def render_period(self, record: ManagementReview) -> str:
        return f"{record.period_start:%d.%m.%Y} – {record.period_end:%d.%m.%Y}"

    def value_period(self, record: ManagementReview) -> str:
        return self.render_period(record)

    def render_status(self, record: ManagementReview) -> str:
        colour = {"draft": "secondary", "issued": "primary", "closed": "success"}[record.status]
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, record.get_status_display())

    def value_status(self, record: ManagementReview) -> str:
        return str(record.get_status_display())


class DecisionTable(tables.Table):
    text = tables.Column(verbose_name=_("Decision"), linkify=True)
    protocol = tables.Column(verbose_name=_("Protocol"), accessor="protocol_number", order_by=("protocol_date",))
    owner = tables.Column(verbose_name=_("Responsible"), order_by=("owner__last_name",), default="—")
    due_on = tables.Column(verbose_name=_("Due on"), default="—", attrs={"td": {"class": "text-nowrap"}})
    status = tables.Column(verbose_name=_("Status"))
    done_on = tables.DateColumn(verbose_name=_("Done on"), format="d.m.Y", default="—")

    class Meta:
        model = ReviewDecision
        fields = ("text", "protocol", "owner", "due_on", "status", "done_on")
        attrs = ATTRS
        empty_text = _("No decisions match the filters.")

    def render_protocol(self, record: ReviewDecision) -> str:
        return f"{record.get_body_display()} № {record.protocol_number}, {record.protocol_date:%d.%m.%Y}"

    def value_protocol(self, record: ReviewDecision) -> str:
        return self.render_protocol(record)

    def render_owner(self, value: Any) -> str:
        return str(value.display_name)

    def value_owner(self, record: ReviewDecision) -> str:
        return str(record.owner.display_name) if record.owner else ""

    def render_due_on(self, record: ReviewDecision, value: Any) -> str:
        if record.is_overdue(timezone.localdate()):
            return format_html(
                '{} <span class="badge text-bg-danger">{}</span>', value.strftime("%d.%m.%Y"), _("overdue")
            )
        return value.strftime("%d.%m.%Y")

    def value_due_on(self, record: ReviewDecision) -> Any:
        return record.due_on

    def render_text(self, value: str) -> str:
        return value if len(value) <= 140 else value[:140] + "…"


class WorkPlanTable(tables.Table):
    unit = tables.Column(verbose_name=_("Unit"), accessor="pk", linkify=True, orderable=False)
    year = tables.Column(verbose_name=_("Academic year"))
    measure_count = tables.Column(verbose_name=_("Measures"), orderable=False)
    report_count = tables.Column(verbose_name=_("Half-year reports"), orderable=False)

    class Meta:
        model = WorkPlan
        fields = ("unit", "year", "measure_count", "report_count")
        attrs = ATTRS
        empty_text = _("No work plan yet.")

    def render_unit(self, record: WorkPlan) -> str:
        return record.unit_name

    def value_unit(self, record: WorkPlan) -> str:
        return record.unit_name

    def render_year(self, record: WorkPlan) -> str:
        return record.year_label

    def value_year(self, record: WorkPlan) -> str:
        return record.year_label


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
