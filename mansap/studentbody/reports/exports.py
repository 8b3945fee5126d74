"""The studentbody reports as XLSX and PDF (WeasyPrint) in the active language: the monthly movement, the vacated
state-grant places and the statistical layouts. Made from the objects the pages show, so a file says what the page
says. Call inside `translation.override(language)`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from mansap.studentbody.choices import OrderType
from mansap.studentbody.reports.movement import Line, MovementReport


def kind_label(kind: str) -> str:
    try:
        return str(OrderType(kind).label)
    except ValueError:
        return kind


def movement_header(report: MovementReport) -> list[str]:
    return [
        _("Code"), _("Faculty / program"), _("On the 1st"),
        *(kind_label(k) for k in report.arrival_kinds), _("Arrivals, total"),
        *(kind_label(k) for k in report.departure_kinds), _("Departures, total"),
        _("At the month's end"), _("Check"),
    ]  # fmt: skip


def check_text(line: Line) -> str:
    """'✓' when start + arrivals − departures = end, else the mismatch spelled out (never hidden)."""
    m = line.movement
    if m.consistent:
        return "✓"
    return _("mismatch: {balance} ≠ {end}").format(balance=m.balance, end=m.end)


def movement_rows(report: MovementReport) -> list[list[Any]]:
    rows = [[line.code, line.label, *line.cells(report.kinds), check_text(line)] for line in report.lines]
    overall = Line(_("Total"), report.total, "", "total")
    rows.append(["", overall.label, *overall.cells(report.kinds), check_text(overall)])
    return rows


def movement_title(report: MovementReport) -> str:
    return _("Movement of the contingent, {month}").format(month=report.month)


def movement_xlsx(report: MovementReport) -> bytes:
    from mansap.common.exports import sheets_to_xlsx

    return sheets_to_xlsx([(_("Movement"), movement_header(report), movement_rows(report))])


def pdf(title: str, header: Sequence[str], rows: Sequence[Sequence[Any]], notes: Sequence[str] = ()) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "studentbody/reports/table.pdf.html", {"title": title, "header": header, "rows": rows, "notes": notes}
    )
    return bytes(HTML(string=html).write_pdf())


def movement_pdf(report: MovementReport) -> bytes:
    notes = [_("The check: on the 1st + arrivals − departures = at the month's end.")]
    return pdf(movement_title(report), movement_header(report), movement_rows(report), notes)


def grants_header() -> list[str]:
    return [_("Program code"), _("Program"), _("Year of study"), _("Freed on"), _("Order"), _("Order type"),
            _("Student"), _("IIN")]  # fmt: skip


def grants_xlsx(places: Sequence[Any]) -> bytes:
    from mansap.common.exports import sheets_to_xlsx

    rows = [
        [p.program.code, p.program.name, p.year_of_study, p.date, str(p.order), kind_label(p.order.type),
         p.student.full_name, p.student.iin]
        for p in places
    ]  # fmt: skip
    return sheets_to_xlsx([(_("Vacated grant places"), grants_header(), rows)])


def layout_xlsx(title: str, table: Any) -> bytes:
    from mansap.common.exports import sheets_to_xlsx

    header = ["", *table.column_labels, _("Total")]
    rows = [[label, *cells, total] for label, cells, total in table.rows]
    rows.append([_("Total"), *table.column_totals, table.total])
    return sheets_to_xlsx([(title, [title, *header[1:]], rows)])
