"""Tables of the journal; the XLSX export reuses them, so headers are translated once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from functools import cached_property, lru_cache
from html import escape as quote  # django.utils.html.escape is html.escape(str(text)), lazily wrapped
from typing import Any

import django_tables2 as tables
from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.backends.utils import csrf_input
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat
from django.utils.formats import date_format, get_format
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_tables2.data import TableQuerysetData

from mansap.core.models import Student
from mansap.graduates.choices import EMPLOYED, OUT_OF_LABOUR_FORCE, ContactOutcome, EmploymentStatus
from mansap.graduates.reports.journal import JournalRow, journal_page

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


URL_PLACEHOLDER = 987654321


def url_for_pk(name: str) -> Callable[[Any], str]:
    """reverse(name, args=[pk]) for many pks: reversed once with a placeholder, the pk put in its place."""
    head, _placeholder, tail = reverse(name, args=[URL_PLACEHOLDER]).rpartition(str(URL_PLACEHOLDER))
    return lambda pk: f"{head}{pk}{tail}"


def short_date(value: dt.date | None) -> str:
    """date_format(value, "SHORT_DATE_FORMAT"), or a dash: the journal's dates repeat (rows of one cohort)."""
    if not value:
        return "—"
    if type(value) is not dt.date:  # a datetime is shown in the current time zone: not remembered
        return date_format(value, "SHORT_DATE_FORMAT")
    return _short_date(value, get_format("SHORT_DATE_FORMAT"), get_language())


@lru_cache(maxsize=4096)
def _short_date(value: dt.date, short_format: str, language: str | None) -> str:
    """Formatting a date (a DateFormat per call) cost ~1/8 of the page's CPU for its ~110 dates. The language is
    in the key for month names a format may spell (F, M, N, b, E); the format is the language's own."""
    return dateformat.format(value, short_format)


def journal_rows_html(
    records: Iterable[Any],
    request: HttpRequest,
    *,
    inline_fields: str,
    with_form: bool = True,
    form: Any = None,
    saved: bool = False,
    notice: str = "",
    error: str = "",
) -> SafeString:
    """The journal's rows (the compact columns, in the table's order), the page's and the htmx answer's alike.

    Built as strings, every URL from one reversed prefix and every label translated once: django-tables2's
    per-cell dispatch (an `inspect.signature` per cell), a `reverse()` per link and the template engine
    resolving ~30 variables per row were most of the page's time (bench/bench_journal.py). A row's pending
    self-reports (rare) are rendered by graduates/_journal_self_reports.html. `form` (the htmx answer's bound
    form), `saved`, `notice` and `error` say what happened to the one row posted.
    """
    short_format, language = get_format("SHORT_DATE_FORMAT"), get_language()

    def row_date(value: dt.date | None) -> str:  # short_date() with the format and language looked up once
        return _short_date(value, short_format, language) if type(value) is dt.date else short_date(value)

    status_texts: dict[str | None, str] = {}  # a status's escaped label, translated once per call

    def status_text(status: str | None) -> str:
        if status not in status_texts:
            status_texts[status] = escape(status_label(status))
        return status_texts[status]

    detail_url = url_for_pk("graduates:graduate_detail")
    record_url = url_for_pk("graduates:journal_record")
    evidence_url = url_for_pk("graduates:record_evidence")
    yes, no = escape(gettext("yes")), escape(gettext("no"))
    specialty_icons = {
        True: f'<i class="bi bi-check-circle-fill text-success" title="{yes}"></i>',
        False: f'<i class="bi bi-dash-circle text-body-secondary" title="{no}"></i>',
    }
    fresh_icons = {
        None: "",
        True: f'<i class="bi bi-check-circle-fill text-success" title="{yes}"></i>',
        False: f'<i class="bi bi-hourglass text-warning" title="{no}"></i>',
    }
    attempt_title = escape(gettext("Last contact attempt"))
    download_title = escape(gettext("Download the supporting document"))
    record_label = escape(gettext("Record"))
    csrf = csrf_input(request) if with_form else ""
    saved_class = ' class="table-success"' if saved else ""
    feedback = _form_feedback(form, saved=saved, notice=notice, error=error)
    html = []
    rows: Iterable[JournalRow] = records  # journal_rows()' graduates, or a page of them
    for index, record in enumerate(rows):
        pk = record.pk
        status = record.current_status
        reports = record.pending_reports
        employer, position = record.current_employer, record.current_position
        last_contact, attempt = record.last_contact, record.last_attempt
        # django-tables2 counts rows from 0 ("even"); the htmx answer's one row is "even" too.
        html.append(
            f'<tr id="journal-row-{pk}" class="{"odd" if index % 2 else "even"}"{saved_class}>\n'
            f'<td ><a href="{detail_url(pk)}" class="fw-medium">{quote(str(record.full_name))}</a>'
            f'<div class="small text-body-secondary">{quote(str(record.iin))} · '
            f"{quote(str(record.program.code))}</div></td>\n"
            f'<td ><span class="badge {status_badge_class(status)} text-wrap text-start fw-normal">'
            f"{status_text(status)}</span>"
        )
        if reports:
            context = {"row_pk": pk, "reports": reports, "can_record": record.can_record, "cohort": record.cohort}
            html.append(render_to_string("graduates/_journal_self_reports.html", context, request=request))
        html.append("</td>\n<td >")
        if employer:
            html.append(quote(str(employer)))
            if position:
                html.append(f'<div class="small text-body-secondary">{quote(str(position))}</div>')
        else:
            html.append("—")
        html.append(f"</td>\n<td >{row_date(record.current_since)}</td>\n<td >")
        if status in EMPLOYED:
            html.append(specialty_icons[status == EmploymentStatus.EMPLOYED_SPECIALTY])
        html.append(f"</td>\n<td >{row_date(last_contact)}")
        if attempt and (not last_contact or attempt > last_contact):
            # A later attempt that did not reach the graduate, beside the last successful contact.
            html.append(
                f'<div class="small text-body-secondary text-nowrap" title="{attempt_title}">'
                f'<i class="bi bi-telephone-x me-1" aria-hidden="true"></i>{row_date(attempt)} · '
                f"{escape(OUTCOME_LABELS.get(record.last_attempt_outcome or '', ''))}</div>"
            )
        html.append("</td>\n<td >")
        if record.has_evidence:
            html.append(
                f'<a href="{evidence_url(record.current_record_id)}" title="{download_title}">'
                '<i class="bi bi-file-earmark-check text-success"></i></a>'
            )
        html.append(f"</td>\n<td >{fresh_icons[record.is_fresh]}</td>\n")
        if with_form:
            html.append('<td class="journal-record-cell">')
            if record.can_record:
                url = record_url(pk)
                html.append(
                    f'\n<form class="journal-inline-form" method="post" action="{url}"\n'
                    f'      hx-post="{url}" hx-target="#journal-row-{pk}" hx-swap="outerHTML">{csrf}\n'
                    f'<div class="d-flex flex-wrap gap-1 align-items-center">\n{inline_fields}\n'
                    f'<button type="submit" class="btn btn-sm btn-outline-primary" title="{record_label}" '
                    f'aria-label="{record_label}"><i class="bi bi-check-lg"></i></button>\n</div>\n'
                    f"{feedback}</form>\n"
                )
            html.append("</td>\n")
        html.append("</tr>\n")
    return mark_safe("".join(html))


def _form_feedback(form: Any, *, saved: bool, notice: str, error: str) -> str:
    """Under the htmx answer's form: its errors, the service's error, or that it was saved."""
    if form is not None and form.errors:
        lines = [f"<div>{escape(field.label)}: {escape(message)}</div>" for field in form for message in field.errors]
        lines += [f"<div>{escape(message)}</div>" for message in form.non_field_errors()]
        return f'<div class="invalid-feedback d-block small" role="alert">\n{"".join(lines)}\n</div>\n'
    if error:
        return f'<div class="invalid-feedback d-block small" role="alert">{escape(error)}</div>\n'
    if saved:
        text = escape(notice or gettext("Recorded."))
        return f'<div class="small text-success" role="status"><i class="bi bi-check2-circle me-1"></i>{text}</div>\n'
    return ""


class JournalData(TableQuerysetData):
    """journal_rows() for django-tables2: a page is sliced with journal_page() (only its rows annotated)."""

    def __init__(self, data: QuerySet[Student], annotated: QuerySet[Student] | None = None) -> None:
        super().__init__(data)
        self.annotated = annotated  # journal_rows() before the filters (journal_page)

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice) and key.step is None:
            return JournalPage(self.data, key.start or 0, key.stop, self.annotated)
        return super().__getitem__(key)


class JournalPage(Sequence[Any]):
    """A page of journal rows, read when first used (the export paginates its table but reads every row)."""

    def __init__(
        self, rows: QuerySet[Student], start: int, stop: int | None, annotated: QuerySet[Student] | None
    ) -> None:
        self.rows, self.start, self.stop, self.annotated = rows, start, stop, annotated

    @cached_property
    def records(self) -> list[Student]:
        return journal_page(self.rows, self.start, self.stop, self.annotated)

    def __getitem__(self, key: Any) -> Any:
        return self.records[key]

    def __len__(self) -> int:
        return len(self.records)


INLINE_FIELDS = ("status", "employer", "started_on", "channel")  # the journal row form's fields, in order


def inline_fields_html(form: Any) -> str:
    """The journal row form's four fields as HTML, in order.

    An unbound form's fields (every row of every page: the same status list, today's date, the same labels) are
    rendered once per process for each language, day and set of attributes (_UNBOUND_FIELDS), not per page: the
    widgets' templates were ~1/5 of the page's CPU. A bound form (the htmx answer: values, errors) is rendered.
    """
    if form is None:
        return ""
    key = None if form.is_bound else _unbound_key(form)
    if key is None:
        return _render_inline_fields(form)
    html = _UNBOUND_FIELDS.get(key)
    if html is None:
        if len(_UNBOUND_FIELDS) >= UNBOUND_FIELDS_MAX:
            _UNBOUND_FIELDS.clear()
        html = _UNBOUND_FIELDS[key] = _render_inline_fields(form)
    return html


UNBOUND_FIELDS_MAX = 64  # languages × days × URL prefixes seen by one process: a handful
_UNBOUND_FIELDS: dict[tuple[Any, ...], str] = {}


def _render_inline_fields(form: Any) -> str:
    return format_html_join("\n", "{}", ((form[name],) for name in INLINE_FIELDS))


def _unbound_key(form: Any) -> tuple[Any, ...] | None:
    """Everything an unbound form's four fields are rendered from: the form's class and renderer, the language
    (labels, choices), its initial values and, per field, its initial value, choices and widget attributes (labels,
    the htmx URL); None when a value cannot be a key (nothing is remembered then)."""
    fields = []
    for name in INLINE_FIELDS:
        field = form.fields[name]
        attrs = tuple((attr, str(value)) for attr, value in field.widget.attrs.items())
        choices = tuple((value, str(label)) for value, label in getattr(field, "choices", ()))
        fields.append((name, type(field.widget), field.initial, choices, attrs))
    key = (type(form), type(form.renderer), get_language(), tuple(sorted(form.initial.items())), tuple(fields))
    try:
        hash(key)
    except TypeError:
        return None
    return key


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

    def __init__(
        self,
        data: Any,
        *args: Any,
        inline_form: Any = None,
        compact: bool = False,
        annotated: QuerySet[Student] | None = None,
        **kwargs: Any,
    ) -> None:
        if isinstance(data, QuerySet):
            data = JournalData(data, annotated)  # annotated: journal_rows() before the filters, for a page
        super().__init__(data, *args, **kwargs)
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
            self._inline_fields = inline_fields_html(self.inline_form)
        return self._inline_fields

    @property
    def shows_form(self) -> bool:
        """Whether the rows carry the inline form (the "record" column; not for who records no statuses)."""
        return "record" not in (self.exclude or ())

    # The page's rows -------------------------------------------------------------------------------

    @property
    def rows_html(self) -> SafeString:
        """The page's rows (journal_rows_html)."""
        records = self.page.object_list.data if hasattr(self, "page") else self.data
        return journal_rows_html(
            records, self.request, inline_fields=self.inline_fields, with_form=self.shows_form, form=self.inline_form
        )

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
