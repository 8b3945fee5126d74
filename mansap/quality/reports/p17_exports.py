"""The process 17 dashboard as XLSX and as a PDF (WeasyPrint, like graduates/reports/exports.py), in the active
language; both are made from reports/p17.read()'s Dashboard, the same object the page shows."""

from __future__ import annotations

from io import BytesIO

from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from openpyxl import Workbook

from mansap.common.exports import number_cell
from mansap.common.exports import pdf_response as _pdf_response
from mansap.common.exports import xlsx_response as _xlsx_response
from mansap.common.indicators import Unit
from mansap.graduates.reports import analytics
from mansap.quality.reports import p17

NUMBER_FORMATS: dict[str, str] = {Unit.SHARE: "0.0%", Unit.TENGE: "#,##0", Unit.COUNT: "#,##0", Unit.SCORE: "0.00"}


def status_label(status: str) -> str:
    labels = {
        "green": pgettext("KPI status", "green"),
        "amber": pgettext("KPI status", "amber"),
        "red": pgettext("KPI status", "red"),
    }
    return str(labels.get(status, _("no target")))


def filename(dashboard: p17.Dashboard) -> str:
    return f"{_('Process 17 dashboard')} {dashboard.period.label}"


def header_rows(dashboard: p17.Dashboard, language: str) -> list[tuple[str, str]]:
    return [
        (_("Academic year"), dashboard.period.label),
        (_("Cohort"), str(dashboard.cohort)),
        (_("Scope"), dashboard.scope.label),
        (_("KPI-17.5–17.7 as of"), analytics.format_date(dashboard.on, language)),
        (_("Generated"), analytics.format_date(timezone.localdate(), language)),
    ]


def workbook(dashboard: p17.Dashboard, language: str) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_("KPIs")[:31])
    for column, width in zip("ABCDEFGHI", (10, 60, 14, 14, 14, 14, 14, 16, 40), strict=True):
        ws.column_dimensions[column].width = width
    ws.append([number_cell(ws, _("Process 17 dashboard"), bold=True)])
    for label, value in header_rows(dashboard, language):
        ws.append([number_cell(ws, label), number_cell(ws, value)])
    ws.append([])
    header = [_("KPI"), _("Title"), _("Value"), _("Numerator"), _("Denominator"), _("Target"), _("Status")]
    ws.append([number_cell(ws, h, bold=True) for h in [*header, _("As of"), _("Computed from")]])
    for kpi in dashboard.figures:
        # A BESIDE figure (#20) on the line under its KPI, without a number, target or status (not a KPI of the card).
        for figure, beside in ((kpi, False), *((b, True) for b in kpi.beside)):
            number_format = NUMBER_FORMATS.get(figure.unit)
            ws.append(
                [
                    number_cell(ws, "" if beside else f"KPI-{figure.number}"),
                    number_cell(ws, figure.title),
                    number_cell(ws, figure.value, number_format),
                    number_cell(ws, figure.numerator),
                    number_cell(ws, figure.denominator),
                    number_cell(ws, figure.target, number_format),
                    number_cell(ws, "" if beside else status_label(figure.status)),
                    number_cell(ws, figure.as_of, "dd.mm.yyyy"),
                    number_cell(ws, p17.basis(figure, dashboard.cohort, language)),
                ]
            )
    ws = wb.create_sheet(_("By department")[:31])
    ws.column_dimensions["B"].width = 50
    ws.append([number_cell(ws, h, bold=True) for h in (_("Code"), _("Department"), "KPI-17.5", "KPI-17.6", "KPI-17.7")])
    for row in dashboard.departments:
        ws.append(
            [number_cell(ws, row.code), number_cell(ws, row.name), *(row.counts.get(n, 0) for n in p17.PARTNER_KPIS)]
        )
    ws = wb.create_sheet(_("By program")[:31])
    ws.column_dimensions["B"].width = 50
    ws.append([number_cell(ws, h, bold=True) for h in (_("Code"), _("Educational program"), "KPI-17.7")])
    for row in dashboard.programs:
        ws.append([number_cell(ws, row.code), number_cell(ws, row.name), row.counts.get("17.7", 0)])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(dashboard: p17.Dashboard, language: str) -> HttpResponse:
    return _xlsx_response(workbook(dashboard, language), filename(dashboard))


def html(dashboard: p17.Dashboard, language: str) -> str:
    return render_to_string(
        "quality/pdf/p17_report.html",
        {
            "dashboard": dashboard,
            "language": language,
            "title": _("Process 17 dashboard"),
            "header_rows": header_rows(dashboard, language),
            "figures": [
                {
                    "figure": f,
                    "text": f.text(language),
                    "target": f.target_text(language),
                    "status": status_label(f.status),
                    "basis": p17.basis(f, dashboard.cohort, language),
                    "as_of": analytics.format_date(f.as_of, language) if f.as_of else "",
                    "beside": [
                        {
                            "figure": b,
                            "text": b.text(language),
                            "basis": p17.basis(b, dashboard.cohort, language),
                            "as_of": analytics.format_date(b.as_of, language) if b.as_of else "",
                        }
                        for b in f.beside
                    ],
                }
                for f in dashboard.figures
            ],
            "departments": [(row, [row.counts.get(n, 0) for n in p17.PARTNER_KPIS]) for row in dashboard.departments],
        },
    )


def pdf(dashboard: p17.Dashboard, language: str) -> bytes:
    from weasyprint import HTML

    return bytes(HTML(string=html(dashboard, language)).write_pdf())


def pdf_response(dashboard: p17.Dashboard, language: str) -> HttpResponse:
    return _pdf_response(pdf(dashboard, language), filename(dashboard))
