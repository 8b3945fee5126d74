"""Report generators of employment monitoring, in the style of django-oscar's ReportGenerator.

One class per report: it says who may run it (`is_available_to`), gathers its data
once (`get_data`) and hands it to one of its formatters (XLSX, PDF), which turn the
same figures into a file. The figures come from analytics.py, exactly as the page
and the employment_kpis command compute them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from mansap.common.exports import XLSX_CONTENT_TYPE, _safe, text_cell, xlsx_response
from mansap.core.access import is_staff_member
from mansap.core.models import EducationalProgram, Student
from mansap.graduates.choices import EmploymentStatus
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.reports import analytics, verification

if TYPE_CHECKING:
    from mansap.core.access import AnyUser
    from mansap.graduates.reports.selection import Selection

FIGURES = (*analytics.RATE_NAMES, *analytics.SALARY_NAMES)


@dataclass
class ReportData:
    """Everything a formatter needs; computed once per report."""

    title: str
    selection: Selection
    kpis: dict[str, Any]
    snapshot: analytics.Snapshot
    breakdown: list[analytics.BreakdownRow]
    graduates: QuerySet[Student]  # the selected graduates
    generated_at: dt.datetime
    language: str
    user: AnyUser
    extra: dict[str, Any] = field(default_factory=dict)


class ReportFormatter:
    """Turns a report's data into a downloadable file."""

    extension = ""
    content_type = "application/octet-stream"

    def filename(self, data: ReportData) -> str:
        return f"{data.title} {data.selection.cohort} {data.selection.as_of.isoformat()}"

    def generate_response(self, data: ReportData) -> HttpResponse:
        raise NotImplementedError


class ReportGenerator:
    """Base of the report generators: a code, a description, who may run it and its formatters."""

    code = ""
    description: str | Promise = ""
    formatters: dict[str, type[ReportFormatter]] = {}

    def __init__(self, *, user: AnyUser, selection: Selection, formatter: str = "xlsx") -> None:
        if formatter not in self.formatters:
            raise ValueError(f"{type(self).__name__} has no {formatter!r} formatter")
        self.user = user
        self.selection = selection
        self.formatter = self.formatters[formatter]()

    @classmethod
    def is_available_to(cls, user: AnyUser) -> bool:
        return is_staff_member(user)

    def get_data(self) -> ReportData:
        raise NotImplementedError

    def generate(self) -> HttpResponse:
        return self.formatter.generate_response(self.get_data())


#
# The employment analytics report: headline KPIs, a breakdown, every graduate's status
#


def graduate_status_rows(data: ReportData) -> list[list[Any]]:
    """One row per selected graduate: IIN, name, program, department, status, employer, since, salary."""
    snap = data.snapshot
    record_pks = set(snap.records.values())
    details: dict[int, tuple[str, dt.date]] = {}
    if record_pks:
        language = analytics.language_code(data.language)
        records = (
            EmploymentRecord.objects.valid()
            .filter(graduate__in=data.graduates, started_on__lte=data.selection.as_of)
            .order_by()
            .values_list(
                "pk", "employer_name", "organization__short_name", f"organization__name_{language}", "started_on"
            )
        )
        for pk, employer, org_short, org_name, started_on in records.iterator(chunk_size=5000):
            if pk in record_pks:
                details[pk] = (employer or org_short or org_name or "", started_on)
    programs = {
        program.pk: (str(program), str(program.department))
        for program in EducationalProgram.objects.filter(
            pk__in={info.program_id for info in snap.info.values()}
        ).select_related("department")
    }
    labels = {value: str(label) for value, label in EmploymentStatus.choices}
    rows = []
    people = data.graduates.order_by("last_name", "first_name", "pk").values_list(
        "pk", "iin", "last_name", "first_name", "middle_name", "program_id", "graduation_date"
    )
    for pk, iin, last_name, first_name, middle_name, program_id, graduated in people.iterator(chunk_size=5000):
        if pk not in snap.statuses:
            continue
        program, department = programs.get(program_id, ("", ""))
        status = snap.statuses[pk]
        employer, since = details.get(snap.records.get(pk, -1), ("", None))
        rows.append(
            [
                iin,
                " ".join(part for part in (last_name, first_name, middle_name) if part),
                program,
                department,
                graduated,
                labels.get(status, status),
                employer,
                since,
                snap.salaries.get(pk),
            ]
        )
    return rows


class EmploymentAnalyticsXLSXFormatter(ReportFormatter):
    """Three sheets: the headline KPIs (with the filters), the breakdown, and each graduate's status."""

    extension = "xlsx"
    content_type = XLSX_CONTENT_TYPE

    def generate_response(self, data: ReportData) -> HttpResponse:
        return xlsx_response(self.workbook(data), self.filename(data))

    def workbook(self, data: ReportData) -> bytes:
        wb = Workbook(write_only=True)
        self._kpi_sheet(wb, data)
        self._breakdown_sheet(wb, data)
        self._graduates_sheet(wb, data)
        out = BytesIO()
        wb.save(out)
        return out.getvalue()

    @staticmethod
    def _cell(ws: Any, value: Any, number_format: str | None = None, bold: bool = False) -> Any:
        if isinstance(value, str | dt.datetime):
            cell = text_cell(ws, value, bold=bold)  # aware datetimes become local, naive ones
        else:
            cell = WriteOnlyCell(ws, value=value)
        if number_format and value is not None:
            cell.number_format = number_format
        if bold and not isinstance(value, str | dt.datetime):
            cell.font = Font(bold=True)
        return cell

    def _figure(self, ws: Any, name: str, value: Any) -> Any:
        return self._cell(ws, value, "0.0%" if name in analytics.RATE_NAMES else "#,##0")

    def _kpi_sheet(self, wb: Any, data: ReportData) -> None:
        ws = wb.create_sheet(_("KPIs")[:31])
        ws.column_dimensions["A"].width = 42
        ws.column_dimensions["B"].width = 22
        ws.append([self._cell(ws, data.title, bold=True)])
        for label, value in data.selection.filter_labels():
            ws.append([self._cell(ws, label), self._cell(ws, value)])
        ws.append([self._cell(ws, _("Generated")), self._cell(ws, data.generated_at, "dd.mm.yyyy hh:mm")])
        ws.append([])
        ws.append([self._cell(ws, _("Figure"), bold=True), self._cell(ws, _("Value"), bold=True)])
        for name in FIGURES:
            ws.append([self._cell(ws, str(analytics.KPI_LABELS[name])), self._figure(ws, name, data.kpis[name])])
        verified = data.extra.get("verified") or {}
        for card in verification.rate_cards(verified) if verified else []:
            ws.append([self._cell(ws, str(card["label"])), self._cell(ws, verified[card["name"]], "0.0%")])
        ws.append([])
        ws.append([self._cell(ws, _("Count"), bold=True), self._cell(ws, _("Graduates"), bold=True)])
        for _name, label, count in analytics.count_rows(data.kpis):
            ws.append([self._cell(ws, label), count])

    def _breakdown_sheet(self, wb: Any, data: ReportData) -> None:
        ws = wb.create_sheet(_("Breakdown")[:31])
        ws.column_dimensions["B"].width = 40
        dimension = str(analytics.DIMENSIONS[data.selection.dimension])
        header = [
            _("Code"),
            dimension,
            *(str(analytics.COUNT_LABELS[name]) for name in analytics.COUNT_NAMES),
            *(str(analytics.KPI_LABELS[name]) for name in FIGURES),
        ]
        ws.append([self._cell(ws, h, bold=True) for h in header])
        total = analytics.BreakdownRow(key=None, label=_("Total"), code="", kpis=data.kpis)
        for row in [*data.breakdown, total]:
            ws.append(
                [
                    self._cell(ws, row.code),
                    self._cell(ws, row.label, bold=row is total),
                    *(row.kpis["counts"][name] for name in analytics.COUNT_NAMES),
                    *(self._figure(ws, name, row.kpis[name]) for name in FIGURES),
                ]
            )

    def _graduates_sheet(self, wb: Any, data: ReportData) -> None:
        ws = wb.create_sheet(_("Graduates")[:31])
        for column, width in zip("ABCDEFGHI", (14, 34, 40, 34, 12, 30, 34, 12, 12), strict=True):
            ws.column_dimensions[column].width = width
        header = [
            _("IIN"),
            _("Full name"),
            _("Educational program"),
            _("Department"),
            _("Graduation date"),
            _("Status as of {date}").format(date=data.selection.as_of.strftime("%d.%m.%Y")),
            _("Employer"),
            _("Since"),
            _("Salary, KZT"),
        ]
        ws.append([self._cell(ws, h, bold=True) for h in header])
        for row in graduate_status_rows(data):
            # Plain values (fast, write-only workbook); exports._safe turns text that would start a formula
            # (names, employers are typed in by people) into a text cell.
            ws.append([_safe(ws, v) for v in row])


class EmploymentAnalyticsPDFFormatter(ReportFormatter):
    """A printable A4 report in the active language: filters, KPI table, breakdown, definitions."""

    extension = "pdf"
    content_type = "application/pdf"
    template_name = "graduates/pdf/analytics_report.html"

    def html(self, data: ReportData) -> str:
        language = data.language
        return render_to_string(
            self.template_name,
            {
                "data": data,
                "language": language,
                "filters": data.selection.filter_labels(),
                "generated": analytics.format_date(timezone.localdate(data.generated_at), language),
                "kpi_rows": [
                    *analytics.kpi_rows(data.kpis, language),
                    *(verification.rate_cards(data.extra["verified"], language) if data.extra.get("verified") else []),
                ],
                "count_rows": [
                    (label, analytics.format_number(value, language))
                    for _name, label, value in analytics.count_rows(data.kpis)
                ],
                "dimension_label": analytics.DIMENSIONS[data.selection.dimension],
                "figure_labels": [analytics.KPI_LABELS[name] for name in FIGURES],
                "breakdown": [
                    {
                        "code": row.code,
                        "label": row.label,
                        "cohort": analytics.format_number(row.kpis["counts"]["cohort"], language),
                        "figures": [analytics.format_kpi(name, row.kpis, language) for name in FIGURES],
                    }
                    for row in data.breakdown
                ],
                "total": [analytics.format_kpi(name, data.kpis, language) for name in FIGURES],
                "total_cohort": analytics.format_number(data.kpis["counts"]["cohort"], language),
                "definitions": analytics.definitions(),
            },
        )

    def pdf(self, data: ReportData) -> bytes:
        from weasyprint import HTML

        return HTML(string=self.html(data)).write_pdf()

    def generate_response(self, data: ReportData) -> HttpResponse:
        from urllib.parse import quote

        response = HttpResponse(self.pdf(data), content_type=self.content_type)
        safe = "".join(c if c.isalnum() or c in "-. " else "_" for c in self.filename(data)).strip()
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(safe or 'report')}.pdf"
        response["Cache-Control"] = "private, no-store"
        return response


class EmploymentAnalyticsReport(ReportGenerator):
    """The employment analytics of the graduates the user may see, as on the analytics page."""

    code = "employment_analytics"
    description = gettext_lazy("Graduate employment KPIs, breakdown and statuses")
    formatters = {"xlsx": EmploymentAnalyticsXLSXFormatter, "pdf": EmploymentAnalyticsPDFFormatter}

    def get_data(self) -> ReportData:
        selection = self.selection
        graduates = selection.graduates(self.user)
        snap = analytics.snapshot(graduates, selection.as_of)
        return ReportData(
            title=_("Employment analytics"),
            selection=selection,
            kpis=analytics.kpis_from_snapshot(snap),
            snapshot=snap,
            breakdown=analytics.breakdown(snap, selection.dimension),
            graduates=graduates,
            generated_at=timezone.now(),
            language=analytics.language_code(get_language()),
            user=self.user,
            # #20: the verified employment rate and the covered share beside the KPIs.
            extra={"verified": verification.verified_kpis(graduates, selection.as_of)},
        )


REPORTS: dict[str, type[ReportGenerator]] = {EmploymentAnalyticsReport.code: EmploymentAnalyticsReport}


def reports_available_to(user: AnyUser) -> list[type[ReportGenerator]]:
    return [report for report in REPORTS.values() if report.is_available_to(user)]
