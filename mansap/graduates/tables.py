"""Tables of the journal; the XLSX export reuses them, so headers are translated once."""

from __future__ import annotations

from typing import Any

import django_tables2 as tables
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mansap.core.models import Student
from mansap.graduates.choices import EMPLOYED, OUT_OF_LABOUR_FORCE, ContactOutcome, EmploymentStatus
from mansap.graduates.reports.journal import JournalRow

ATTRS = {"class": "table table-sm table-hover align-middle journal-table", "th": {"style": "white-space: normal"}}
STATUS_LABELS = dict(EmploymentStatus.choices)
OUTCOME_LABELS = dict(ContactOutcome.choices)


def status_badge_class(status: str | None) -> str:
    if status == EmploymentStatus.EMPLOYED_SPECIALTY:
        return "text-bg-success"
    if status in EMPLOYED:
        return "text-bg-primary"
    if status in OUT_OF_LABOUR_FORCE:
        return "text-bg-info"
    if status in (EmploymentStatus.UNEMPLOYED_SEEKING, EmploymentStatus.NOT_SEEKING):
        return "text-bg-warning"
    return "text-bg-light border"


def status_label(status: str | None) -> str:
    return str(STATUS_LABELS.get(status or EmploymentStatus.UNKNOWN, status))


def _yes_no(value: bool | None) -> str:
    if value is None:
        return ""
    return gettext("yes") if value else gettext("no")


INLINE_FIELDS = ("status", "employer", "started_on", "channel")  # the journal row form's fields, in order


class JournalTable(tables.Table):
    """One row per graduate with the current situation; rows come from journal.journal_rows()."""

    full_name = tables.Column(
        verbose_name=_("Full name"),
        order_by=("last_name", "first_name"),
        accessor="full_name",
    )
    iin = tables.Column(verbose_name=_("IIN"))
    program = tables.Column(verbose_name=_("Program"), accessor="program__code", order_by="program__code")
    current_status = tables.Column(verbose_name=_("Current status"), default="", empty_values=())
    current_employer = tables.Column(verbose_name=_("Employer"))
    current_position = tables.Column(verbose_name=_("Position"))
    current_since = tables.DateColumn(verbose_name=_("Since"), short=True)
    by_specialty = tables.Column(
        verbose_name=_("By specialty"), accessor="current_status", order_by="current_status", empty_values=()
    )
    last_contact = tables.DateColumn(verbose_name=_("Last successful contact"), short=True)
    last_attempt = tables.DateColumn(verbose_name=_("Last contact attempt"), short=True)
    has_evidence = tables.Column(verbose_name=_("Supporting document"), empty_values=())
    is_fresh = tables.Column(verbose_name=_("Fresh this round"), empty_values=())
    record = tables.Column(verbose_name=_("Record a status"), accessor="pk", orderable=False, empty_values=())

    class Meta:
        model = Student
        fields = (
            "full_name",
            "iin",
            "program",
            "current_status",
            "current_employer",
            "current_position",
            "current_since",
            "by_specialty",
            "last_contact",
            "last_attempt",
            "has_evidence",
            "is_fresh",
            "record",
        )
        sequence = fields
        attrs = ATTRS
        row_attrs = {"id": lambda record: f"journal-row-{record.pk}"}
        empty_text = _("No graduates match the filters.")
        template_name = "graduates/_journal_table.html"

    # Shown under the name or the employer on the page; exported as columns of their own.
    COMPACT_HIDDEN = ("iin", "program", "current_position", "last_attempt")

    def __init__(self, *args: Any, inline_form: Any = None, compact: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.inline_form = inline_form  # the row form the template renders in the "record" column
        self._inline_fields: str | None = None
        self.compact = compact
        if compact:
            for name in self.COMPACT_HIDDEN:
                self.columns.hide(name)
            for name, icon in (("has_evidence", "paperclip"), ("by_specialty", "bullseye")):
                column = self.columns[name].column
                column.verbose_name = format_html(
                    '<i class="bi bi-{}" title="{}" aria-hidden="true"></i><span class="visually-hidden">{}</span>',
                    icon,
                    column.verbose_name,
                    column.verbose_name,
                )

    @property
    def inline_fields(self) -> str:
        """The inline form's four fields as HTML, rendered once for every row of the page.

        Every row shows the same unbound form (ids are off: auto_id=False), so its widgets are rendered once
        and the string repeated: rendering them per row through the form renderer's templates was half of
        the page's time (bench/bench_journal.py). The htmx answer for one row renders its own (bound) form.
        """
        if self._inline_fields is None:
            form = self.inline_form
            self._inline_fields = (
                "" if form is None else format_html_join("\n", "{}", ((form[name],) for name in INLINE_FIELDS))
            )
        return self._inline_fields

    # HTML cells ---------------------------------------------------------------------------------

    def render_full_name(self, record: JournalRow, value: str) -> str:
        if not self.compact:
            return value
        return format_html(
            '<a href="{}" class="fw-medium">{}</a><div class="small text-body-secondary">{} · {}</div>',
            reverse("graduates:graduate_detail", args=[record.pk]),
            value,
            record.iin,
            record.program.code,
        )

    def render_current_employer(self, record: JournalRow, value: str) -> str:
        if not self.compact or not record.current_position:
            return value
        return format_html('{}<div class="small text-body-secondary">{}</div>', value, record.current_position)

    def render_last_contact(self, record: JournalRow) -> str:
        """The last successful contact; beside it, a later attempt that did not reach the graduate (R-014)."""
        reached = date_format(record.last_contact, "SHORT_DATE_FORMAT") if record.last_contact else "—"
        attempt = record.last_attempt
        if not self.compact or attempt is None or (record.last_contact and attempt <= record.last_contact):
            return reached
        return format_html(
            '{}<div class="small text-body-secondary text-nowrap" title="{}">'
            '<i class="bi bi-telephone-x me-1" aria-hidden="true"></i>{} · {}</div>',
            reached,
            gettext("Last contact attempt"),
            date_format(attempt, "SHORT_DATE_FORMAT"),
            OUTCOME_LABELS.get(record.last_attempt_outcome or "", ""),
        )

    def render_current_status(self, record: JournalRow) -> str:
        status = record.current_status
        return format_html(
            '<span class="badge {} text-wrap text-start fw-normal">{}</span>',
            status_badge_class(status),
            status_label(status),
        )

    def render_by_specialty(self, record: JournalRow) -> str:
        if record.current_status == EmploymentStatus.EMPLOYED_SPECIALTY:
            return format_html('<i class="bi bi-check-circle-fill text-success" title="{}"></i>', gettext("yes"))
        if record.current_status in EMPLOYED:
            return format_html('<i class="bi bi-dash-circle text-body-secondary" title="{}"></i>', gettext("no"))
        return ""

    def render_has_evidence(self, record: JournalRow) -> str:
        if not record.has_evidence:
            return ""
        return format_html(
            '<a href="{}" title="{}"><i class="bi bi-file-earmark-check text-success"></i></a>',
            reverse("graduates:record_evidence", args=[record.current_record_id]),
            gettext("Download the supporting document"),
        )

    def render_is_fresh(self, record: JournalRow) -> str:
        if record.is_fresh is None:
            return ""
        if record.is_fresh:
            return format_html('<i class="bi bi-check-circle-fill text-success" title="{}"></i>', gettext("yes"))
        return format_html('<i class="bi bi-hourglass text-warning" title="{}"></i>', gettext("no"))

    def render_record(self, record: JournalRow) -> str:
        return ""  # the row template renders the inline form itself

    # Export values --------------------------------------------------------------------------------

    def value_full_name(self, record: JournalRow) -> str:
        return record.full_name

    def value_program(self, record: JournalRow) -> str:
        return f"{record.program.code} {record.program.name}"

    def value_current_status(self, record: JournalRow) -> str:
        return status_label(record.current_status)

    def value_by_specialty(self, record: JournalRow) -> str:
        if record.current_status not in EMPLOYED:
            return ""
        return _yes_no(record.current_status == EmploymentStatus.EMPLOYED_SPECIALTY)

    def value_has_evidence(self, record: JournalRow) -> str:
        return _yes_no(bool(record.has_evidence))

    def value_is_fresh(self, record: JournalRow) -> str:
        return _yes_no(record.is_fresh)

    def value_current_since(self, record: JournalRow) -> Any:
        return record.current_since or ""

    def value_last_contact(self, record: JournalRow) -> Any:
        return record.last_contact or ""

    def value_last_attempt(self, record: JournalRow) -> Any:
        if record.last_attempt is None:
            return ""
        return f"{record.last_attempt:%d.%m.%Y} · {OUTCOME_LABELS.get(record.last_attempt_outcome or '', '')}"
