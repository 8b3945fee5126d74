"""The four control sheets of a document (issue #17, R-144…R-146; seeds 000/001 TOC, 004 App. А–Г; forms
F.СДД-7.5-2026-01-02…05) as PDF (WeasyPrint) and DOCX (python-docx), in kk, ru or en:

- approval (лист согласования): position, full name, date, signature: the officials who agreed the current version;
- familiarization (лист ознакомления): position, full name, date, signature: the people assigned, with the date
  of their electronic acknowledgement (empty while they have not read it);
- changes (лист регистрации изменений): change No., notice No., sheet numbers changed / replaced / new /
  annulled, total sheets, date, who made it, signature;
- reviews (лист учёта периодических проверок): date, who reviewed, signature, remarks.

The current version is the one in force (else the newest). `sheet()` builds the rows once; both writers read it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from io import BytesIO
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mansap.regulations.choices import LIVE
from mansap.regulations.models import Agreement, ChangeRecord, Document, DocumentVersion, Review
from mansap.regulations.reports.familiarization import unit_rows

KINDS = ("approval", "familiarization", "changes", "reviews")
FORMATS = ("pdf", "docx")


@dataclass
class Sheet:
    kind: str
    title: str
    document: Document
    version: DocumentVersion | None
    header: list[str]
    rows: list[list[str]]
    # The change sheet's second header row: (label, span) groups over the first one.
    groups: list[tuple[str, int]] = field(default_factory=list)
    subheader: list[str] = field(default_factory=list)
    note: str = ""


def _day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return f"{value:%d.%m.%Y}"


def current_version(document: Document) -> DocumentVersion | None:
    versions = list(document.versions.order_by("-major", "-minor"))
    return next((v for v in versions if v.status in LIVE), versions[0] if versions else None)


def sheet_title(kind: str) -> str:
    return {
        "approval": pgettext("control sheet", "Approval sheet"),
        "familiarization": pgettext("control sheet", "Familiarization sheet"),
        "changes": pgettext("control sheet", "Change registration sheet"),
        "reviews": pgettext("control sheet", "Periodic review sheet"),
    }[kind]


def sheet(document: Document, kind: str) -> Sheet:
    """The sheet in the active language."""
    version = current_version(document)
    signature = pgettext("control sheet", "Signature")
    position, full_name, date = (
        pgettext("control sheet", "Position"), pgettext("control sheet", "Full name"), pgettext("control sheet", "Date")
    )  # fmt: skip
    title = sheet_title(kind)
    if kind == "approval":
        agreements: list[Agreement] = list(Agreement.objects.filter(version=version).order_by("pk")) if version else []
        rows = [[a.position, a.full_name, _day(a.agreed_on), ""] for a in agreements]
        note = ""
        if version is not None and version.approval:
            approved = _day(version.approved_on) or (str(version.approved_year or ""))
            note = _("Approved: {approval}, {date}").format(approval=version.approval, date=approved)
        return Sheet(kind, title, document, version, [position, full_name, date, signature], rows, note=note)
    if kind == "familiarization":
        rows = []
        seen: set[int] = set()
        for row in unit_rows([document], timezone.localdate()):
            for person in row.people:
                if person.user.pk in seen:
                    continue
                seen.add(person.user.pk)
                mark = _("acknowledged electronically") if person.acknowledged_at else ""
                rows.append([f"{person.position}, {row.unit}", person.user.display_name,
                             _day(person.acknowledged_at), mark])  # fmt: skip
        return Sheet(kind, title, document, version, [position, full_name, date, signature], rows)
    if kind == "changes":
        changes = ChangeRecord.objects.filter(document=document).order_by("number")
        rows = [
            [str(c.number), c.notice_number, c.sheets_changed, c.sheets_replaced, c.sheets_new, c.sheets_annulled,
             str(c.total_sheets or ""), _day(c.made_on), c.made_by_name, ""]
            for c in changes
        ]  # fmt: skip
        header = [
            pgettext("control sheet", "Change No."), pgettext("control sheet", "Notice No."),
            pgettext("control sheet", "changed"), pgettext("control sheet", "replaced"),
            pgettext("control sheet", "new"), pgettext("control sheet", "annulled"),
            pgettext("control sheet", "Total sheets"), pgettext("control sheet", "Date of the change"),
            pgettext("control sheet", "Full name of the person who made the change"),
            pgettext("control sheet", "Signature of the person who made the change"),
        ]  # fmt: skip
        groups = [("", 1), ("", 1), (pgettext("control sheet", "Numbers of sheets (pages)"), 4), ("", 1), ("", 1),
                  ("", 1), ("", 1)]  # fmt: skip
        return Sheet(kind, title, document, version, header, rows, groups=groups)
    if kind == "reviews":
        reviews = Review.objects.filter(document=document).order_by("reviewed_on", "pk")
        rows = [
            [_day(r.reviewed_on), r.reviewer, "", " — ".join(p for p in (str(r.get_result_display()), r.note) if p)]
            for r in reviews
        ]
        header = [
            pgettext("control sheet", "Date of the review"),
            pgettext("control sheet", "Full name of the reviewer"),
            pgettext("control sheet", "Signature of the reviewer"),
            pgettext("control sheet", "Remarks"),
        ]
        return Sheet(kind, title, document, version, header, rows)
    raise ValueError(kind)


def _context(sheet_: Sheet, language: str) -> dict[str, Any]:
    version = sheet_.version
    return {
        "sheet": sheet_,
        "language": language,
        "institution": str(sheet_.document.institution),
        "document_title": sheet_.document.title,
        "version_label": _("Version {number}").format(number=version.number) if version else "",
        "empty_rows": range(max(0, 8 - len(sheet_.rows))),
    }


def render_pdf(document: Document, kind: str, language: str) -> bytes:
    from weasyprint import HTML

    with translation.override(language):
        built = sheet(document, kind)
        html = render_to_string("regulations/pdf/control_sheet.html", _context(built, language))
    return bytes(HTML(string=html).write_pdf())


def render_docx(document: Document, kind: str, language: str) -> bytes:
    from docx import Document as new_docx
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    with translation.override(language):
        built = sheet(document, kind)
        context = _context(built, language)
    doc = new_docx()
    section = doc.sections[0]
    if kind == "changes":
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(15))
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(11)
    head = doc.add_table(rows=2, cols=2)
    head.style = "Table Grid"
    head.cell(0, 0).text = context["institution"]
    head.cell(0, 1).text = built.document.code
    head.cell(1, 0).text = context["document_title"]
    head.cell(1, 1).text = context["version_label"]
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_before = Pt(12)
    run = title.add_run(built.title.upper())
    run.bold = True
    run.font.size = Pt(13)
    extra = 1 if built.groups else 0
    table = doc.add_table(rows=1 + extra, cols=len(built.header))
    table.style = "Table Grid"
    if built.groups:
        column = 0
        for label, span in built.groups:
            if span > 1:
                merged = table.cell(0, column).merge(table.cell(0, column + span - 1))
                merged.text = label
                for offset in range(span):
                    table.cell(1, column + offset).text = built.header[column + offset]
            else:
                merged = table.cell(0, column).merge(table.cell(1, column))
                merged.text = built.header[column]
            column += span
    else:
        for index, label in enumerate(built.header):
            table.cell(0, index).text = label
    for row in table.rows[: 1 + extra]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                for run_ in paragraph.runs:
                    run_.bold = True
    for values in built.rows:
        cells = table.add_row().cells
        for index, value in enumerate(values):
            cells[index].text = value
    for _index in context["empty_rows"]:
        table.add_row()
    if built.note:
        doc.add_paragraph(built.note)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def file_name(document: Document, kind: str, language: str, extension: str) -> str:
    return f"{document.code} {kind} {language}.{extension}".replace("/", "-")
