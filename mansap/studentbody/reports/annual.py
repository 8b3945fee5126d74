"""The registrar's annual report as a document (DOCX and PDF in kk/ru/en), built into practice's neutral structure
(practice.reports.documents.structure), so both files print the same words. Every heading and figure label follows
the active language; a section's text is the registrar's (in the report's language) once edited, else generated in
the active language. A draft carries "DRAFT". Call inside `translation.override(language)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mansap.core.models import Faculty
from mansap.practice.reports.documents.structure import Document, Page, Para, Signature, Spacer, Table
from mansap.studentbody.choices import OrderType
from mansap.studentbody.models import AnnualReport, AnnualSection
from mansap.studentbody.models.annual import SectionCode

# ---- The generated texts (in the active language) -----------------------------------------------------------


def percent(figure: Mapping[str, Any] | None) -> str:
    """'87.5 %' in the active language's number format; '—' without a value."""
    if not figure or figure.get("value") is None:
        return "—"
    return f"{formats.number_format(Decimal(figure['value']) * 100, 1)} %"


def _day(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")


def type_label(kind: str) -> str:
    try:
        return str(OrderType(kind).label)
    except ValueError:
        return kind


def _by_type(counts: Mapping[str, int]) -> str:
    return ", ".join(f"{type_label(kind)}: {count}" for kind, count in counts.items() if count) or "—"


def default_text(code: str, figures: Mapping[str, Any]) -> str:
    """The section's generated text in the active language (empty for the conclusions: the registrar's own)."""
    if not figures:
        return ""
    if code == SectionCode.CONTINGENT:
        c = figures["contingent"]
        return _(
            "On {start} the contingent numbered {total} students studying and {leave} on academic leave; on {end}, "
            "{total_end} studying and {leave_end} on academic leave."
        ).format(start=_day(figures["start"]), total=c["start"], leave=c["start_on_leave"], end=_day(figures["end"]),
                 total_end=c["end"], leave_end=c["end_on_leave"])  # fmt: skip
    if code == SectionCode.MOVEMENT:
        m = figures["movement"]
        return _(
            "During the year {arrived} students joined the studying contingent ({arrivals}) and {departed} left it "
            "({departures}): from {start} to {end}."
        ).format(arrived=sum(m["arrivals"].values()), arrivals=_by_type(m["arrivals"]),
                 departed=sum(m["departures"].values()), departures=_by_type(m["departures"]), start=m["start"],
                 end=m["end"])  # fmt: skip
    if code == SectionCode.SESSIONS:
        absolute, quality = figures["sessions"].get("absolute"), figures["sessions"].get("quality")
        if not absolute or not absolute.get("denominator"):
            return _("No session grades were recorded in the year.")
        return _(
            "Of {graded} session grades of the year, {passed} were passing (absolute performance {absolute}) and "
            "{good} from A to B- (quality performance {quality})."
        ).format(graded=absolute["denominator"], passed=absolute["numerator"], absolute=percent(absolute),
                 good=(quality or {}).get("numerator") or 0, quality=percent(quality))  # fmt: skip
    if code == SectionCode.SERVICES:
        sla = figures["services"].get("requests_within_sla")
        if not sla or not sla.get("denominator"):
            return _("No service desk request was issued in the year.")
        return _(
            "Of {issued} service desk requests issued in the year, {within} were served within the SLA ({share})."
        ).format(issued=sla["denominator"], within=sla["numerator"], share=percent(sla))
    return ""


def section_text(section: AnnualSection, figures: Mapping[str, Any]) -> str:
    """What a document prints: the registrar's text, else the generated one in the active language."""
    return section.text if section.edited else default_text(section.code, figures)


# ---- The document ----------------------------------------------------------------------------------------------


def contingent_rows(report: AnnualReport) -> list[list[str]]:
    figures = report.figures.get("contingent") or {}
    names = {f.code: f.name for f in Faculty.objects.filter(institution_id=report.institution_id)}
    rows = [
        [f"{code} · {names[code]}" if code in names else code, *(str(n) for n in counts)]
        for code, counts in (figures.get("by_faculty") or {}).items()
    ]
    rows.append([_("Total"), *(str(figures.get(key, 0)) for key in ("start", "start_on_leave", "end", "end_on_leave"))])
    return rows


def contingent_header(report: AnnualReport) -> list[str]:
    start, end = _day(report.figures["start"]), _day(report.figures["end"])
    return [
        _("Faculty"), _("Studying on {date}").format(date=start), _("On leave on {date}").format(date=start),
        _("Studying on {date}").format(date=end), _("On leave on {date}").format(date=end),
    ]  # fmt: skip


def movement_rows(report: AnnualReport) -> list[list[str]]:
    figures = report.figures.get("movement") or {}
    arrivals, departures = figures.get("arrivals") or {}, figures.get("departures") or {}
    rows = [[_("Contingent at the start"), str(figures.get("start", 0))]]
    rows += [[_("Arrival: {type}").format(type=type_label(kind)), str(n)] for kind, n in arrivals.items()]
    rows += [[_("Departure: {type}").format(type=type_label(kind)), str(n)] for kind, n in departures.items()]
    rows.append([_("Contingent at the end"), str(figures.get("end", 0))])
    return rows


def indicator_rows(report: AnnualReport) -> dict[str, list[list[str]]]:
    sessions = report.figures.get("sessions") or {}
    services = report.figures.get("services") or {}

    def row(label: str, figure: dict[str, Any] | None) -> list[str]:
        figure = figure or {}
        return [label, percent(figure), str(figure.get("numerator") or 0), str(figure.get("denominator") or 0)]

    return {
        SectionCode.SESSIONS: [
            row(_("Absolute performance"), sessions.get("absolute")),
            row(_("Quality performance"), sessions.get("quality")),
        ],
        SectionCode.SERVICES: [row(_("Requests issued within the SLA"), services.get("requests_within_sla"))],
    }


def section_tables(report: AnnualReport) -> dict[str, tuple[list[str], list[list[str]]]]:
    """Each section's table of figures: (header, rows); the conclusions have none."""
    if not report.figures:
        return {}
    indicator_header = [_("Indicator"), _("Value"), _("Numerator"), _("Denominator")]
    found = indicator_rows(report)
    return {
        SectionCode.CONTINGENT: (contingent_header(report), contingent_rows(report)),
        SectionCode.MOVEMENT: ([_("Line"), _("Students")], movement_rows(report)),
        SectionCode.SESSIONS: (indicator_header, found[SectionCode.SESSIONS]),
        SectionCode.SERVICES: (indicator_header, found[SectionCode.SERVICES]),
    }


def annual_document(report: AnnualReport, sections: list[AnnualSection]) -> Document:
    institution = report.institution
    page = Page([Para(institution.name, "letterhead", bold=True), Para(institution.short_name or "", "letterhead")])
    if report.is_draft:
        page.add(Para(_("DRAFT"), "right", bold=True))
    page.add(
        Para(_("ANNUAL REPORT OF THE REGISTRAR'S OFFICE"), "title"),
        Para(_("Academic year {year}").format(year=report.year_label), "subtitle"),
    )
    tables = section_tables(report)
    for number, section in enumerate(sections, start=1):
        page.add(Para(f"{number}. {section.get_code_display()}", "heading"))
        if section.code in tables:
            header, rows = tables[section.code]
            page.add(Table(header=header, rows=rows, numeric=set(range(1, len(header))), small=True))
        text = section_text(section, report.figures)
        for paragraph in (p.strip() for p in text.split("\n")):
            if paragraph:
                page.add(Para(paragraph))
    page.add(Spacer(2), Signature(role=_("Head of the Registrar's Office")))
    name = _("Annual report of the Registrar's Office {year}").format(year=report.year_label)
    footer = " · ".join([name, *([_("DRAFT")] if report.is_draft else [])])
    return Document(title=name, filename=name, language=get_language() or "kk", pages=[page], footer=footer)
