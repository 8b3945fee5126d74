"""Tables of the practice lists (staff part); the XLSX exports reuse them."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from mansap.core.tables import ATTRS
from mansap.practice.models import (
    DefenceCommission,
    Placement,
    Practice,
    PracticeBase,
    PracticeContract,
    PracticeDocument,
    PracticeOrder,
    PracticeProgramme,
)
from mansap.practice.services.bases import contract_state
from mansap.practice.services.programmes import version_in_force

STATUS_COLOURS = {
    "draft": "secondary",
    "sent": "primary",
    "closed": "dark",
    "candidate": "secondary",
    "approved": "success",
    "rejected": "danger",
    "suspended": "warning",
    "proposed": "info",
    "confirmed": "success",
    "cancelled": "secondary",
}


def badge(value: str, label: Any) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_COLOURS.get(value, "secondary"), label)


CONTRACT_STATES = {
    "unsigned": (_("not signed"), "warning"),
    "expired": (_("expired"), "danger"),
    "expiring": (_("expires soon"), "warning"),
    "not_yet": (_("not yet in force"), "secondary"),
    "valid": (_("in force"), "success"),
}


class PracticeTable(tables.Table):
    practice = tables.Column(
        verbose_name=_("Practice"), accessor="pk", linkify=True, order_by=("program__code", "kind")
    )
    academic_year = tables.Column(verbose_name=_("Academic year"), accessor="academic_year__start_year")
    department = tables.Column(verbose_name=_("Department"), accessor="department__code")
    course = tables.Column(verbose_name=_("Course"))
    credits = tables.Column(verbose_name=_("Credits"))
    starts_on = tables.DateColumn(verbose_name=_("Starts on"), short=True)
    ends_on = tables.DateColumn(verbose_name=_("Ends on"), short=True)
    placed = tables.Column(verbose_name=_("Placed"), orderable=True)
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Practice
        fields = (
            "practice",
            "academic_year",
            "department",
            "course",
            "credits",
            "starts_on",
            "ends_on",
            "placed",
            "status",
        )
        attrs = ATTRS
        empty_text = _("No practices match the filters.")

    def render_practice(self, record: Practice) -> str:
        return format_html(
            "{} <span class='text-body-secondary small'>{}</span>", record.get_kind_display(), record.program.code
        )

    def value_practice(self, record: Practice) -> str:
        return f"{record.get_kind_display()}, {record.program.code}"

    def render_academic_year(self, value: int) -> str:
        return f"{value}–{value + 1}"

    def value_academic_year(self, record: Practice) -> str:
        return f"{record.academic_year.start_year}–{record.academic_year.start_year + 1}"

    def render_status(self, record: Practice) -> str:
        return badge(record.status, record.get_status_display())

    def value_status(self, record: Practice) -> str:
        return str(record.get_status_display())


class PracticeBaseTable(tables.Table):
    organization = tables.Column(
        verbose_name=_("Organization"), accessor="pk", linkify=True, order_by="organization__name_ru"
    )
    bin = tables.Column(verbose_name=_("BIN"), accessor="organization__bin")
    department = tables.Column(verbose_name=_("Department"), accessor="department__code")
    programs = tables.Column(verbose_name=_("Programs"), accessor="pk", orderable=False)
    source = tables.Column(verbose_name=_("Source"))
    capacity = tables.Column(verbose_name=_("Places"))
    approved_on = tables.DateColumn(verbose_name=_("Approved on"), short=True)
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = PracticeBase
        fields = ("organization", "bin", "department", "programs", "source", "capacity", "approved_on", "status")
        attrs = ATTRS
        empty_text = _("No practice bases match the filters.")

    def render_organization(self, record: PracticeBase) -> str:
        return str(record.organization)

    def value_organization(self, record: PracticeBase) -> str:
        return str(record.organization)

    def render_programs(self, record: PracticeBase) -> str:
        return ", ".join(p.code for p in record.programs.all()) or "—"

    def value_programs(self, record: PracticeBase) -> str:
        return ", ".join(p.code for p in record.programs.all())

    def render_status(self, record: PracticeBase) -> str:
        return badge(record.status, record.get_status_display())

    def value_status(self, record: PracticeBase) -> str:
        return str(record.get_status_display())


class PracticeContractTable(tables.Table):
    number = tables.Column(verbose_name=_("Number"), linkify=True)
    base = tables.Column(
        verbose_name=_("Practice base"), accessor="base__organization", order_by="base__organization__name_ru"
    )
    department = tables.Column(verbose_name=_("Department"), accessor="department__code")
    kind = tables.Column(verbose_name=_("Kind"))
    signed_on = tables.DateColumn(verbose_name=_("Signed on"), short=True)
    valid_from = tables.DateColumn(verbose_name=_("Valid from"), short=True)
    valid_until = tables.DateColumn(verbose_name=_("Valid until"), short=True)
    custodian = tables.Column(verbose_name=_("Custodian"))
    state = tables.Column(verbose_name=_("Status"), accessor="pk", orderable=False)

    class Meta:
        model = PracticeContract
        fields = (
            "number",
            "base",
            "department",
            "kind",
            "signed_on",
            "valid_from",
            "valid_until",
            "custodian",
            "state",
        )
        attrs = ATTRS
        empty_text = _("No contracts match the filters.")

    def render_state(self, record: PracticeContract) -> str:
        label, colour = CONTRACT_STATES[contract_state(record, timezone.localdate())]
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, label)

    def value_state(self, record: PracticeContract) -> str:
        return str(CONTRACT_STATES[contract_state(record, timezone.localdate())][0])


class PlacementTable(tables.Table):
    student = tables.Column(
        verbose_name=_("Student"),
        accessor="student__full_name",
        linkify=lambda record: record.get_absolute_url(),
        order_by=("student__last_name", "student__first_name"),
    )
    group = tables.Column(verbose_name=_("Group"), accessor="student__group", attrs={"td": {"class": "text-nowrap"}})
    practice = tables.Column(verbose_name=_("Practice"), accessor="practice", order_by=("practice__starts_on",))
    base = tables.Column(
        verbose_name=_("Practice base"), accessor="base__organization", order_by="base__organization__name_ru"
    )
    supervisor = tables.Column(
        verbose_name=_("Head of practice (department)"), accessor="supervisor", order_by="supervisor__last_name"
    )
    company_supervisor_name = tables.Column(verbose_name=_("Head of practice (company)"))
    source = tables.Column(verbose_name=_("Assigned by"))
    status = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Placement
        fields = ("student", "group", "practice", "base", "supervisor", "company_supervisor_name", "source", "status")
        attrs = ATTRS
        empty_text = _("No placements match the filters.")

    def render_supervisor(self, record: Placement) -> str:
        if record.supervisor is None:
            return format_html('<span class="badge text-bg-warning">{}</span>', gettext("not named"))
        if record.supervisor_exception:
            return format_html(
                '{} <span class="badge text-bg-warning" title="{}">{}</span>',
                record.supervisor.short_name,
                record.supervisor_exception,
                pgettext_lazy("supervisor", "exception"),
            )
        return record.supervisor.short_name

    def value_supervisor(self, record: Placement) -> str:
        if record.supervisor is None:
            return ""
        label = gettext("exception")  # outside the f-string, so makemessages finds it
        flag = f" ({label}: {record.supervisor_exception})" if record.supervisor_exception else ""
        return f"{record.supervisor.short_name}{flag}"

    def render_status(self, record: Placement) -> str:
        return badge(record.status, record.get_status_display())

    def value_status(self, record: Placement) -> str:
        return str(record.get_status_display())


class PracticeOrderTable(tables.Table):
    order = tables.Column(verbose_name=_("Order"), accessor="pk", linkify=True, order_by=("order_date",))
    practice = tables.Column(verbose_name=_("Practice"), accessor="practice", order_by="practice__starts_on")
    department = tables.Column(verbose_name=_("Department"), accessor="practice__department__code")
    submitted_on = tables.DateColumn(verbose_name=_("Submitted on"), short=True)
    order_number = tables.Column(verbose_name=_("Order number"))
    order_date = tables.DateColumn(verbose_name=_("Order date"), short=True)
    overridden = tables.Column(verbose_name=_("Contract deadline overridden"), accessor="override_reason")

    class Meta:
        model = PracticeOrder
        fields = ("order", "practice", "department", "submitted_on", "order_number", "order_date", "overridden")
        attrs = ATTRS
        empty_text = _("No orders match the filters.")

    def render_order(self, record: PracticeOrder) -> str:
        return str(record)

    def value_order(self, record: PracticeOrder) -> str:
        return str(record)

    def render_overridden(self, value: str) -> str:
        return format_html('<span class="badge text-bg-warning">{}</span>', gettext("yes")) if value else ""

    def value_overridden(self, record: PracticeOrder) -> str:
        return record.override_reason


class DefenceCommissionTable(tables.Table):
    practice = tables.Column(verbose_name=gettext_lazy("Practice"), linkify=lambda record: reverse(
        "practice:defencecommission_detail", args=[record.pk]), order_by=("practice__program__code",))  # fmt: skip
    department = tables.Column(verbose_name=gettext_lazy("Department"), accessor="practice__department__code")
    order = tables.Column(verbose_name=gettext_lazy("Order"), accessor="order_number", order_by=("order_date",))
    chair = tables.Column(verbose_name=gettext_lazy("Chair"), order_by=("chair__last_name",))
    member_count = tables.Column(verbose_name=gettext_lazy("Members"))
    defence_date = tables.DateColumn(verbose_name=gettext_lazy("Defence date"), format="d.m.Y")
    graded = tables.Column(verbose_name=gettext_lazy("Graded"), accessor="graded_count", orderable=False)

    class Meta:
        model = DefenceCommission
        fields = ("practice", "department", "order", "chair", "member_count", "defence_date", "graded")
        attrs = ATTRS

    def render_order(self, record: DefenceCommission) -> str:
        return _("No. {number} of {date}").format(number=record.order_number, date=f"{record.order_date:%d.%m.%Y}")

    def render_graded(self, record: Any) -> str:
        return f"{record.graded_count} / {record.placement_count}"


class DocumentReviewTable(tables.Table):
    document = tables.Column(verbose_name=gettext_lazy("Document"), accessor="kind", order_by=("kind",))
    student = tables.Column(verbose_name=gettext_lazy("Student"), accessor="placement__student",
                            order_by=("placement__student__last_name",))  # fmt: skip
    practice = tables.Column(verbose_name=gettext_lazy("Practice"), accessor="placement__practice",
                             order_by=("placement__practice__starts_on",))  # fmt: skip
    custodian = tables.Column(verbose_name=gettext_lazy("Custodian"))
    retain_until = tables.DateColumn(verbose_name=gettext_lazy("Keep until"), format="d.m.Y")
    disposal_status = tables.Column(verbose_name=gettext_lazy("Disposal status"))
    disposal_act = tables.Column(verbose_name=gettext_lazy("Disposal act"), orderable=False)
    actions = tables.TemplateColumn(
        template_name="practice/assessment_document_actions.html", verbose_name="", orderable=False
    )

    class Meta:
        model = PracticeDocument
        fields = ("document", "student", "practice", "custodian", "retain_until", "disposal_status", "disposal_act")
        attrs = ATTRS

    def render_document(self, record: PracticeDocument) -> Any:
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>', reverse("practice:document_file", args=[record.pk]), record.get_kind_display()
        )

    def value_document(self, record: PracticeDocument) -> str:
        return str(record.get_kind_display())

    def render_disposal_act(self, record: PracticeDocument) -> str:
        if not record.disposal_act:
            return "—"
        return f"{record.disposal_act}, {record.disposed_on:%d.%m.%Y}" if record.disposed_on else record.disposal_act


class PracticeProgrammeTable(tables.Table):
    """Programmes and guidelines linked to the register (issue #17): the version in force of each."""

    program = tables.Column(verbose_name=_("Educational program"), order_by=("program__code",))
    kind = tables.Column(verbose_name=_("Type of practice"), empty_values=())  # guidelines: every type
    role = tables.Column(verbose_name=_("Role"))
    document = tables.Column(verbose_name=_("Document of the register"), order_by=("document__code",))
    version = tables.Column(verbose_name=_("Version in force"), accessor="pk", orderable=False)
    actions = tables.TemplateColumn(template_name="practice/programme_actions.html", verbose_name="", orderable=False)

    class Meta:
        model = PracticeProgramme
        fields = ("program", "kind", "role", "document", "version")
        attrs = ATTRS

    def render_kind(self, record: PracticeProgramme) -> str:
        return str(record.get_kind_display()) or gettext("every type")

    def value_kind(self, record: PracticeProgramme) -> str:
        return self.render_kind(record)

    def render_document(self, record: PracticeProgramme) -> Any:
        doc = record.document
        return format_html('<a href="{}">{}</a> {}', doc.get_absolute_url(), doc.code, doc.title)

    def value_document(self, record: PracticeProgramme) -> str:
        return f"{record.document.code} {record.document.title}"

    def render_version(self, record: PracticeProgramme) -> Any:
        version = version_in_force(record.document)
        if version is None:
            return format_html('<span class="text-warning-emphasis">{}</span>', gettext("no version in force"))
        return self.value_version(record)

    def value_version(self, record: PracticeProgramme) -> str:
        version = version_in_force(record.document)
        if version is None:
            return gettext("no version in force")
        return gettext("{number} since {day}").format(
            number=version.number, day=version.effective_on.strftime("%d.%m.%Y") if version.effective_on else "—"
        )
