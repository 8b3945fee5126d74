"""Tables of the desk's lists (the queue, the outgoing register, the catalogue); the XLSX exports reuse them."""

from __future__ import annotations

import django_tables2 as tables
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mansap.core.tables import ATTRS
from mansap.regulations.services import templates
from mansap.servicedesk.models import InfoRequest, IssuedDocument, Service, ServiceRequest
from mansap.servicedesk.services import certificates

STATUS_BADGES = {
    "submitted": "primary", "in_progress": "info", "waiting_for_student": "warning", "ready": "success",
    "issued": "secondary", "refused": "danger", "cancelled": "light", "valid": "success", "revoked": "danger",
}  # fmt: skip


def badge(status: str, label: str) -> str:
    return format_html('<span class="badge text-bg-{}">{}</span>', STATUS_BADGES.get(status, "secondary"), label)


def _overdue_row(record: ServiceRequest) -> str:
    return "table-danger" if record.is_overdue else ""


class RequestTable(tables.Table):
    receipt_number = tables.Column(verbose_name=_("No."), linkify=True, attrs={"td": {"class": "text-nowrap"}})
    received_at = tables.DateTimeColumn(verbose_name=_("Received"), format="d.m.Y H:i")
    student = tables.Column(verbose_name=_("Student"), order_by=("student__last_name", "student__first_name"))
    service = tables.Column(verbose_name=_("Service"), order_by=("service__position",))
    channel = tables.Column(verbose_name=_("Channel"))
    status = tables.Column(verbose_name=_("Status"))
    assigned_to = tables.Column(verbose_name=_("Clerk"), order_by=("assigned_to__last_name",))
    due_at = tables.DateTimeColumn(verbose_name=_("Due"), format="d.m.Y H:i")

    class Meta:
        model = ServiceRequest
        fields = ("receipt_number", "received_at", "student", "service", "channel", "status", "assigned_to", "due_at")
        attrs = ATTRS
        row_attrs = {"class": _overdue_row, "data-overdue": lambda record: "1" if record.is_overdue else "0"}
        empty_text = _("No requests match the filters.")

    def render_status(self, record: ServiceRequest) -> str:
        return badge(record.status, str(record.get_status_display()))

    def value_status(self, record: ServiceRequest) -> str:
        return str(record.get_status_display())

    def render_due_at(self, record: ServiceRequest, value: object) -> str:
        text = timezone.localtime(record.due_at).strftime("%d.%m.%Y %H:%M")
        if record.is_overdue:
            return format_html('<span class="text-danger fw-semibold">{}</span>', text)
        return text

    def render_assigned_to(self, record: ServiceRequest) -> str:
        return record.assigned_to.display_name if record.assigned_to else "—"


class DocumentTable(tables.Table):
    number = tables.Column(verbose_name=_("No."), attrs={"td": {"class": "text-nowrap"}})
    issued_on = tables.DateColumn(verbose_name=_("Date"), format="d.m.Y")
    student = tables.Column(verbose_name=_("Holder"), order_by=("student__last_name",))
    service = tables.Column(verbose_name=_("Document"), order_by=("service__position",))
    language = tables.Column(verbose_name=_("Language"))
    issued_by = tables.Column(verbose_name=_("Issued by"), order_by=("issued_by__last_name",))
    status = tables.Column(verbose_name=_("Status"))
    actions = tables.Column(verbose_name="", empty_values=(), orderable=False)

    class Meta:
        model = IssuedDocument
        fields = ("number", "issued_on", "student", "service", "language", "issued_by", "status", "actions")
        attrs = ATTRS
        empty_text = _("No documents match the filters.")

    def render_status(self, record: IssuedDocument) -> str:
        label = str(record.get_status_display())
        if record.revoked_at:
            label = f"{label} {timezone.localtime(record.revoked_at):%d.%m.%Y}"
        return badge(record.status, label)

    def value_status(self, record: IssuedDocument) -> str:
        return str(record.get_status_display())

    def render_issued_by(self, record: IssuedDocument) -> str:
        return record.issued_by.display_name if record.issued_by else "—"

    def render_actions(self, record: IssuedDocument) -> str:
        download = format_html(
            '<a class="btn btn-sm btn-outline-secondary" href="{}"><i class="bi bi-download"></i> PDF</a>',
            record.get_download_url(),
        )
        if not record.is_valid:
            return download
        return format_html(
            '{} <a class="btn btn-sm btn-outline-danger" href="{}">{}</a>',
            download, reverse("servicedesk:document_revoke", args=[record.pk]), _("Revoke"),
        )  # fmt: skip


class ServiceTable(tables.Table):
    code = tables.Column(verbose_name=_("Code"))
    name = tables.Column(verbose_name=_("Service"), accessor="pk", linkify=lambda record: record.get_edit_url())
    eligibility = tables.Column(verbose_name=_("Who may request it"))
    sla_days = tables.Column(verbose_name=_("SLA (working days)"), attrs={"td": {"class": "text-end"}})
    instant = tables.BooleanColumn(verbose_name=_("Instant"))
    needs_approval = tables.BooleanColumn(verbose_name=pgettext_lazy("service desk", "Approval"))
    is_active = tables.BooleanColumn(verbose_name=_("Active"))
    document_template = tables.Column(verbose_name=_("Text of the document"), accessor="pk", orderable=False)

    class Meta:
        model = Service
        fields = ("code", "name", "eligibility", "sla_days", "instant", "needs_approval", "is_active")
        attrs = ATTRS
        orderable = False

    def render_name(self, record: Service) -> str:
        return record.name

    def _template_state(self, record: Service) -> certificates.TemplateState | None:
        """The service's certificate template as the register holds it today (looked up once per page)."""
        key = certificates.template_key(record)
        if key is None:
            return None
        cache: dict[int, dict[str, certificates.TemplateState]] = self.__dict__.setdefault("_template_states", {})
        if record.institution_id not in cache:
            cache[record.institution_id] = certificates.template_states(record.institution_id)
        return cache[record.institution_id][key]

    def render_document_template(self, record: Service) -> str:
        state = self._template_state(record)
        if state is None:
            return "—"
        user = getattr(getattr(self, "request", None), "user", None)
        edit = ""
        if state.document is not None and user is not None and templates.may_revise(user, state.document):
            url = reverse("regulations:template_edit", args=[state.document.pk])
            edit = format_html(
                ' <a class="template-edit" href="{}?next={}" title="{}" aria-label="{}">'
                '<i class="bi bi-pencil"></i></a>',
                url, reverse("servicedesk:service_list"), _("Edit the text in the register"),
                _("Edit the text in the register"),
            )  # fmt: skip
        code = (
            format_html('<a href="{}">{}</a>', state.document.get_absolute_url(), state.code)
            if state.document is not None
            else state.code
        )
        if state.version is None:
            status = format_html('<span class="text-body-secondary">{}</span>', _("default text, not in the register"))
        else:
            status = format_html(
                "{}", _("version {number} in force since {day}").format(
                    number=state.version.number, day=f"{state.version.effective_on:%d.%m.%Y}"
                ),
            )  # fmt: skip
        languages = format_html_join(
            " ", '<span class="badge {}" title="{}">{}</span>',
            (
                ("text-bg-success" if language in state.languages else "text-bg-light border",
                 _("from the register") if language in state.languages else _("the default text"), language)
                for language in ("kk", "ru", "en")
            ),
        )  # fmt: skip
        return format_html(
            '<div class="small text-nowrap" data-template="{}" data-version="{}" data-since="{}">'
            '<span class="font-monospace">{}</span>{}<br>{}<br>{}</div>',
            state.code, state.version.number if state.version else "",
            f"{state.version.effective_on:%d.%m.%Y}" if state.version else "", code, edit, status, languages,
        )  # fmt: skip

    def value_document_template(self, record: Service) -> str:
        state = self._template_state(record)
        if state is None:
            return ""
        if state.version is None:
            return state.code
        return f"{state.code} v{state.version.number} ({state.version.effective_on:%d.%m.%Y})"

    def value_name(self, record: Service) -> str:
        return record.name


class InfoRequestTable(tables.Table):
    """The requests for information to other units (R-131): overdue ones in red."""

    number = tables.Column(verbose_name=_("No."), accessor="pk", linkify=lambda record: record.get_absolute_url())
    asked_at = tables.DateTimeColumn(verbose_name=_("Asked"), format="d.m.Y H:i")
    unit = tables.Column(verbose_name=_("Unit"), accessor="pk", orderable=False)
    subject = tables.Column(verbose_name=_("What is asked for"))
    request = tables.Column(verbose_name=_("Service request"), accessor="request__receipt_number")
    status = tables.Column(verbose_name=_("Status"))
    due_at = tables.DateTimeColumn(verbose_name=_("Answer due"), format="d.m.Y H:i")

    class Meta:
        model = InfoRequest
        fields = ("number", "asked_at", "unit", "subject", "request", "status", "due_at")
        attrs = ATTRS
        row_attrs = {
            "class": lambda record: "table-danger" if record.is_overdue() else "",
            "data-overdue": lambda record: "1" if record.is_overdue() else "0",
        }
        empty_text = _("No requests for information match the filters.")

    def render_unit(self, record: InfoRequest) -> str:
        return record.unit_label()

    def value_unit(self, record: InfoRequest) -> str:
        return record.unit_label()

    def render_status(self, record: InfoRequest) -> str:
        css = {"open": "primary", "answered": "success"}.get(record.status, "light")
        return format_html('<span class="badge text-bg-{}">{}</span>', css, record.get_status_display())

    def value_status(self, record: InfoRequest) -> str:
        return str(record.get_status_display())

    def render_due_at(self, record: InfoRequest, value: object) -> str:
        text = timezone.localtime(record.due_at).strftime("%d.%m.%Y %H:%M")
        if record.is_overdue():
            return format_html('<span class="text-danger fw-semibold"><i class="bi bi-alarm me-1"></i>{}</span>', text)
        return text
