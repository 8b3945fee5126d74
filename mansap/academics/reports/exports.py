"""The session results and the summary record sheet as XLSX and PDF (WeasyPrint), in the active language.

As quality/reports/p17_exports.py: the XLSX keeps numbers as numbers with a number format (the spreadsheet shows
them in its own locale: 85,0 % in Kazakh and Russian), the PDF writes them in the language's style through
Babel (a decimal comma in kk and ru). Both are made from the objects the pages show (reports.session
.SessionReport, reports.summary_sheet.SummarySheet).
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment

from mansap.academics.choices import Term
from mansap.academics.reports.session import BY_PROGRAM, SessionReport, SessionResults
from mansap.academics.reports.summary_sheet import SummarySheet, cell_text
from mansap.common.exports import number_cell, pdf_response, text_cell
from mansap.common.exports import xlsx_response as _xlsx_response
from mansap.graduates.reports import analytics

SHARE, SCORE = "0.0%", "0.00"
Header = list[tuple[str, str]]

# ---- Numbers in the language's style -----------------------------------------------------------------------------


def share_text(value: Decimal | None, language: str | None = None) -> str:
    """A share as a percentage with one decimal: 85.0% in English, 85,0 % in Kazakh and Russian; "—" for none."""
    return analytics.format_rate(None if value is None else float(value), language)


def score_text(value: Decimal | None, language: str | None = None) -> str:
    """A numeric grade or a GPA with two decimals: 3.25 in English, 3,25 in Kazakh and Russian; "—" for none."""
    if value is None:
        return "—"
    from babel.numbers import format_decimal

    return format_decimal(value, format="0.00", locale=analytics.language_code(language))


def term_label(term: str | None) -> str:
    return str(Term(term).label) if term else _("all terms")


def generated_row(language: str) -> tuple[str, str]:
    return (_("Generated"), analytics.format_date(timezone.localdate(), language))


def _save(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=render_to_string(template, context)).write_pdf())


# ---- Session results ---------------------------------------------------------------------------------------------


def session_name(report: SessionReport) -> str:
    return f"{_('Session results')} {report.academic_year} {term_label(report.term)}"


def session_figures(results: SessionResults, report: SessionReport) -> list[tuple[str, Any, str | None]]:
    """(label, value, XLSX number format) of the report's figures, in the order the page shows them."""
    return [
        (_("Students"), report.students, None),
        (_("Graded attempts"), results.total, None),
        (_("Without FX and F"), results.passed, None),
        (_("From A to B-"), results.quality, None),
        (_("Absolute performance"), results.absolute_share, SHARE),
        (_("Quality performance"), results.quality_share, SHARE),
        (_("Average numeric grade"), results.average, SCORE),
        (_("Academic debts"), len(results.debts), None),
        (_("Students with debts"), report.debt_students, None),
    ]


def figure_text(value: Any, number_format: str | None, language: str) -> str:
    if number_format == SHARE:
        return share_text(value, language)
    if number_format == SCORE:
        return score_text(value, language)
    return analytics.format_number(value, language)


def unit_header(report: SessionReport) -> list[str]:
    first = _("Educational program") if report.by == BY_PROGRAM else _("Group")
    return [
        first,
        _("Students"),
        _("Graded attempts"),
        _("Absolute performance"),
        _("Quality performance"),
        _("Average numeric grade"),
        _("Academic debts"),
    ]


def unit_title(report: SessionReport) -> str:
    return _("By educational program") if report.by == BY_PROGRAM else _("By group")


def debt_header() -> list[str]:
    return [
        _("Student"), _("IIN"), _("Group"), _("Educational program"), _("Course code"), _("Course"), _("Credits"),
        _("Letter"), _("Academic year"), _("Term"),
    ]  # fmt: skip


def debt_values(grade: Any) -> list[Any]:
    student = grade.student
    return [
        student.full_name, student.iin, student.group, student.program.code, grade.course.code, grade.course.name,
        grade.course.credits, grade.letter, grade.academic_year, str(Term(grade.term).label),
    ]  # fmt: skip


def session_workbook(report: SessionReport, header: Header, language: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Session results")[:31])
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 40
    ws.append([number_cell(ws, session_name(report), bold=True)])
    for label, value in [*header, generated_row(language)]:
        ws.append([number_cell(ws, label), number_cell(ws, value)])
    ws.append([])
    for label, value, number_format in session_figures(report.results, report):
        ws.append([number_cell(ws, label), number_cell(ws, value, number_format)])
    ws = wb.create_sheet((_("By program") if report.by == BY_PROGRAM else _("By group"))[:31])
    for column, width in zip("ABCDEFGH", (16, 50, 12, 14, 16, 16, 16, 12), strict=True):
        ws.column_dimensions[column].width = width
    names = unit_header(report)
    ws.append([number_cell(ws, h, bold=True) for h in [_("Code"), *names]])
    for row in report.rows:
        results = row.results
        ws.append(
            [
                number_cell(ws, row.code), number_cell(ws, row.name), row.students, results.total,
                number_cell(ws, results.absolute_share, SHARE), number_cell(ws, results.quality_share, SHARE),
                number_cell(ws, results.average, SCORE), len(results.debts),
            ]
        )  # fmt: skip
    _debt_sheet(wb, report)
    return _save(wb)


def _debt_sheet(wb: Workbook, report: SessionReport) -> None:
    ws = wb.create_sheet(_("Academic debts")[:31])
    for column, width in zip("ABCDEFGHIJ", (34, 14, 12, 12, 12, 44, 9, 8, 12, 14), strict=True):
        ws.column_dimensions[column].width = width
    ws.append([number_cell(ws, h, bold=True) for h in debt_header()])
    for grade in report.results.debts:
        ws.append([number_cell(ws, v) for v in debt_values(grade)])


def debts_workbook(report: SessionReport) -> bytes:
    """The academic debts only, one row each, for planning the summer semester."""
    wb = Workbook(write_only=True)
    _debt_sheet(wb, report)
    return _save(wb)


def session_xlsx_response(report: SessionReport, header: Header, language: str) -> HttpResponse:
    return _xlsx_response(session_workbook(report, header, language), session_name(report))


def debts_xlsx_response(report: SessionReport) -> HttpResponse:
    name = f"{_('Academic debts')} {report.academic_year} {term_label(report.term)}"
    return _xlsx_response(debts_workbook(report), name)


def session_pdf(report: SessionReport, header: Header, language: str) -> bytes:
    return _pdf(
        "academics/pdf/session_results.html",
        {
            "language": language,
            "title": session_name(report),
            "header_rows": [*header, generated_row(language)],
            "figures": [
                (label, figure_text(value, fmt, language))
                for label, value, fmt in session_figures(report.results, report)
            ],
            "unit_header": unit_header(report),
            "unit_title": unit_title(report),
            "units": [
                (
                    row,
                    [
                        analytics.format_number(row.students, language),
                        analytics.format_number(row.results.total, language),
                        share_text(row.results.absolute_share, language),
                        share_text(row.results.quality_share, language),
                        score_text(row.results.average, language),
                        analytics.format_number(len(row.results.debts), language),
                    ],
                )
                for row in report.rows
            ],
            "debt_header": debt_header(),
            "debts": [debt_values(grade) for grade in report.results.debts],
        },
    )


def session_pdf_response(report: SessionReport, header: Header, language: str) -> HttpResponse:
    return pdf_response(session_pdf(report, header, language), session_name(report))


# ---- Summary record sheet ----------------------------------------------------------------------------------------


def sheet_header(sheet: SummarySheet) -> Header:
    return [
        (_("Educational program"), f"{sheet.program.code} {sheet.program.name}"),
        (_("Admission year"), str(sheet.admission_year)),
        (_("Group"), sheet.group or "—"),
    ]


def sheet_name(sheet: SummarySheet) -> str:
    return f"{_('Summary record sheet')} {sheet.group or sheet.program.code} {sheet.admission_year}"


def sheet_workbook(sheet: SummarySheet, language: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("Summary record sheet")[:31])
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 34
    ws.column_dimensions["C"].width = 14
    ws.append([number_cell(ws, _("Summary record sheet"), bold=True)])
    for label, value in [*sheet_header(sheet), generated_row(language)]:
        ws.append([number_cell(ws, label), number_cell(ws, value)])
    ws.append([])
    codes = []
    for course in sheet.columns:
        cell = number_cell(ws, course.code, bold=True)
        cell.alignment = Alignment(horizontal="center")
        codes.append(cell)
    first = [text_cell(ws, label, bold=True) for label in ("№", _("Student"), _("IIN"))]
    ws.append([*first, *codes, text_cell(ws, _("GPA"), bold=True), text_cell(ws, _("Credits earned"), bold=True)])
    ws.append([None, number_cell(ws, _("Credits")), None, *(course.credits for course in sheet.columns)])
    for number, row in enumerate(sheet.rows, start=1):
        ws.append(
            [number, number_cell(ws, row.student.full_name), number_cell(ws, row.student.iin),
             *(number_cell(ws, cell_text(row.cell(course))) for course in sheet.columns),
             number_cell(ws, row.gpa.cumulative, SCORE), row.gpa.credits_earned]
        )  # fmt: skip
    legend = wb.create_sheet(_("Courses")[:31])
    legend.column_dimensions["B"].width = 60
    legend.append([number_cell(legend, h, bold=True) for h in (_("Course code"), _("Course"), _("Credits"))])
    for course in sheet.columns:
        legend.append([number_cell(legend, course.code), number_cell(legend, course.name), course.credits])
    return _save(wb)


def sheet_xlsx_response(sheet: SummarySheet, language: str) -> HttpResponse:
    return _xlsx_response(sheet_workbook(sheet, language), sheet_name(sheet))


PDF_COLUMNS = 16  # courses per table on an A4 landscape page; a longer sheet continues on the next table


def sheet_pdf(sheet: SummarySheet, language: str) -> bytes:
    columns = sheet.columns
    parts = max(1, -(-len(columns) // PDF_COLUMNS))
    size = max(1, -(-len(columns) // parts))  # balanced: 19 courses are 10 + 9, not 16 + 3
    chunks = [columns[i : i + size] for i in range(0, len(columns), size)] or [[]]
    tables = [
        {
            "courses": chunk,
            "rows": [
                (
                    number,
                    row,
                    [cell_text(row.cell(course)) for course in chunk],
                    score_text(row.gpa.cumulative, language),
                    analytics.format_number(row.gpa.credits_earned, language),
                )
                for number, row in enumerate(sheet.rows, start=1)
            ],
        }
        for chunk in chunks
    ]
    return _pdf(
        "academics/pdf/summary_sheet.html",
        {
            "language": language,
            "title": _("Summary record sheet"),
            "header_rows": [*sheet_header(sheet), generated_row(language)],
            "sheet": sheet,
            "tables": tables,
            "many": len(tables) > 1,
        },
    )


def sheet_pdf_response(sheet: SummarySheet, language: str) -> HttpResponse:
    return pdf_response(sheet_pdf(sheet, language), sheet_name(sheet))
