"""Writes a practice `Document` as an editable DOCX (python-docx): A4, official margins, Times New Roman.

Times New Roman (and its metric twin Liberation Serif) carries the Kazakh letters әғқңөұүһі.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from mansap.practice.documents.structure import Document, Fields, Para, Signature, Spacer, Table

FONT = "Times New Roman"
PAGE_WIDTH_MM = 210
MARGINS_MM = {"left": 25, "right": 15, "top": 20, "bottom": 20}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]

_ALIGN = {
    "letterhead": WD_ALIGN_PARAGRAPH.CENTER,
    "title": WD_ALIGN_PARAGRAPH.CENTER,
    "subtitle": WD_ALIGN_PARAGRAPH.CENTER,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "body": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
_SIZE = {"letterhead": 11, "title": 14, "subtitle": 12, "heading": 12, "small": 10, "note": 10}


def _set_font(run: Any, size: float | None = None, bold: bool | None = None, italic: bool | None = None) -> None:
    run.font.name = FONT
    r_pr = run._element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.font.bold = bold
    if italic is not None:
        run.font.italic = italic


def _paragraph(container: Any, text: str, *, size: float = 12, bold: bool = False, italic: bool = False,
               align: Any = None, space_after: float = 4, space_before: float = 0) -> Any:  # fmt: skip
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_after = Pt(space_after)
    fmt.space_before = Pt(space_before)
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text)
    _set_font(run, size, bold, italic)
    return paragraph


def _cell_text(cell: Any, text: str, *, size: float = 11, bold: bool = False, align: Any = None) -> None:
    cell.text = ""
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(0)
    if align is not None:
        paragraph.alignment = align
    lines = str(text).split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        _set_font(run, size, bold)
        if index < len(lines) - 1:
            run.add_break()


def _shade(cell: Any, fill: str = "E8EDF2") -> None:
    tc_pr = cell._element.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _repeat_header(row: Any) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _widths(table: Any, widths_mm: list[float]) -> None:
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=False):
            cell.width = Mm(width)


def _write_para(doc: Any, block: Para) -> None:
    style = block.style
    _paragraph(
        doc,
        block.text,
        size=_SIZE.get(style, 12),
        bold=block.bold or style in ("title", "heading"),
        italic=style == "note",
        align=_ALIGN.get(style),
        space_before=8 if style == "heading" else 0,
        space_after=2 if style == "letterhead" else 6,
    )


def _write_fields(doc: Any, block: Fields) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for label, value in block.rows:
        cells = table.add_row().cells
        _cell_text(cells[0], label, size=11)
        for run in cells[0].paragraphs[0].runs:
            run.font.color.rgb = RGBColor(0x44, 0x4B, 0x52)
        _cell_text(cells[1], value or "_" * 30, size=11, bold=bool(value))
    _widths(table, [TEXT_WIDTH_MM * 0.38, TEXT_WIDTH_MM * 0.62])
    _paragraph(doc, "", size=4, space_after=0)


def _write_table(doc: Any, block: Table) -> None:
    columns = len(block.header)
    size = 9.5 if block.small else 11
    table = doc.add_table(rows=0, cols=columns)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    if block.has_header:
        header = table.add_row()
        _repeat_header(header)
        for cell, text in zip(header.cells, block.header, strict=True):
            _cell_text(cell, text, size=size, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
            _shade(cell)
    for values in block.rows:
        row = table.add_row()
        if block.tall:
            row.height = Mm(10)
        cells = row.cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=False)):
            _cell_text(cell, text, size=size, align=WD_ALIGN_PARAGRAPH.CENTER if index in block.numeric else None)
    for _row in range(block.blank_rows):
        row = table.add_row()
        row.height = Mm(9)
    _widths(table, [TEXT_WIDTH_MM * w / 100 for w in block.percent_widths])
    _paragraph(doc, "", size=4, space_after=0)


def _write_signature(doc: Any, block: Signature) -> None:
    table = doc.add_table(rows=1, cols=3)
    cells = table.rows[0].cells
    _cell_text(cells[0], block.role, size=11)
    _cell_text(cells[1], "_" * 22, size=11, align=WD_ALIGN_PARAGRAPH.CENTER)
    _cell_text(cells[2], block.name, size=11)
    _widths(table, [TEXT_WIDTH_MM * 0.46, TEXT_WIDTH_MM * 0.27, TEXT_WIDTH_MM * 0.27])
    extra = [text for text in (block.seal, "«___» ______________ 20___" if block.date_line else "") if text]
    for text in extra:
        _paragraph(doc, text, size=10, italic=True, space_after=0)
    _paragraph(doc, "", size=6, space_after=0)


def write_docx(document: Document) -> bytes:
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(297)
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr()
    doc.core_properties.title = document.title
    doc.core_properties.language = document.language
    doc.core_properties.author = "Mansap"
    if document.footer:
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.LEFT
        _set_font(footer.add_run(document.footer), 8, italic=True)
    for index, page in enumerate(document.pages):
        if index:
            doc.add_page_break()
        for block in page.blocks:
            if isinstance(block, Para):
                _write_para(doc, block)
            elif isinstance(block, Fields):
                _write_fields(doc, block)
            elif isinstance(block, Table):
                _write_table(doc, block)
            elif isinstance(block, Signature):
                _write_signature(doc, block)
            elif isinstance(block, Spacer):
                for _line in range(block.lines):
                    _paragraph(doc, "", space_after=0)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
