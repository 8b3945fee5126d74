"""Writes a practice `Document` as an editable DOCX (python-docx): A4, official margins, Times New Roman.

Times New Roman (and its metric twin Liberation Serif) carries the Kazakh letters әғқңөұүһі.
Formatting lives in named paragraph styles ("Mansap Title", "Mansap Cell", …) defined once per file,
so the runs carry no properties: the file stays small, editing keeps the look, and a bulk file of a
hundred diaries is written in seconds.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

from docx import Document as new_docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from mansap.practice.reports.documents.structure import Document, Fields, Para, Signature, Spacer, Table

FONT = "Times New Roman"
PAGE_WIDTH_MM = 210
MARGINS_MM = {"left": 25, "right": 15, "top": 20, "bottom": 20}
TEXT_WIDTH_MM = PAGE_WIDTH_MM - MARGINS_MM["left"] - MARGINS_MM["right"]
LABEL_COLOUR = RGBColor(0x44, 0x4B, 0x52)
DATE_LINE = "«___» ______________ 20___"

# name: (size pt, bold, italic, alignment, space before, space after, colour)
STYLES: dict[str, tuple[float, bool, bool, Any, float, float, Any]] = {
    "letterhead": (11, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 2, None),
    "title": (14, True, False, WD_ALIGN_PARAGRAPH.CENTER, 6, 4, None),
    "subtitle": (12, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 8, None),
    "heading": (12, True, False, None, 8, 4, None),
    "body": (12, False, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 0, 6, None),
    "center": (12, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 6, None),
    "right": (12, False, False, WD_ALIGN_PARAGRAPH.RIGHT, 0, 6, None),
    "small": (10, False, False, None, 0, 4, None),
    "note": (10, False, True, None, 0, 4, None),
    "spacer": (12, False, False, None, 0, 0, None),
    "gap": (4, False, False, None, 0, 0, None),
    "cell": (11, False, False, None, 0, 0, None),
    "cell-number": (11, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, None),
    "cell-small": (9.5, False, False, None, 0, 0, None),
    "cell-small-number": (9.5, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, None),
    "cell-header": (11, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, None),
    "cell-small-header": (9.5, True, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, None),
    "label": (11, False, False, None, 0, 0, LABEL_COLOUR),
    "value": (11, True, False, None, 0, 0, None),
    "line": (11, False, False, WD_ALIGN_PARAGRAPH.CENTER, 0, 0, None),
    "under": (10, False, True, None, 0, 0, None),
    "footer": (8, False, True, None, 0, 0, LABEL_COLOUR),
}


def _fonts(r_pr: Any) -> None:
    """Times New Roman for every script (Cyrillic is "cs"/"hAnsi" depending on the editor)."""
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)


def _define_styles(doc: Any) -> dict[str, Any]:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    _fonts(normal.element.get_or_add_rPr())
    styles = {}
    for name, (size, bold, italic, align, before, after, colour) in STYLES.items():
        style = doc.styles.add_style(f"Mansap {name}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.font.size = Pt(size)
        style.font.bold = bold
        style.font.italic = italic
        if colour is not None:
            style.font.color.rgb = colour
        fmt = style.paragraph_format
        if align is not None:
            fmt.alignment = align
        fmt.space_before = Pt(before)
        fmt.space_after = Pt(after)
        styles[name] = style
    return styles


class _Writer:
    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.styles = _define_styles(doc)
        # Style ids written straight into w:pStyle: python-docx's own lookup scans every style of the
        # template for each paragraph, which made a bulk file of diaries take half a minute.
        self.style_ids = {name: style.style_id for name, style in self.styles.items()}

    def paragraph(self, text: str, style: str, bold: bool = False) -> Any:
        paragraph = self.doc.add_paragraph()
        paragraph._p.style = self.style_ids[style]
        if text:
            run = paragraph.add_run(text)
            if bold:
                run.bold = True
        return paragraph

    def cell(self, cell: Any, text: str, style: str) -> None:
        paragraph = cell.paragraphs[0]
        paragraph._p.style = self.style_ids[style]
        lines = str(text).split("\n")
        for index, line in enumerate(lines):
            run = paragraph.add_run(line)
            if index < len(lines) - 1:
                run.add_break()

    def grid(self, rows: int, columns: int, widths_mm: list[float], style: str | None = None) -> tuple[Any, list[Any]]:
        """A table with all its rows made at once, and its cells in reading order.

        python-docx computes the whole grid each time a row's cells are asked for; asking once keeps
        a bulk file linear instead of quadratic.
        """
        table = self.doc.add_table(rows=rows, cols=columns)
        if style:
            table._tbl.tblPr.style = style  # the style id, without python-docx's scan of every style
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        for column, width in zip(table.columns, widths_mm, strict=False):
            column.width = Mm(width)
        cells = table._cells  # one pass over the grid
        for index, cell in enumerate(cells):
            cell.width = Mm(widths_mm[index % columns])
        return table, cells

    def para(self, block: Para) -> None:
        self.paragraph(block.text, block.style, bold=block.bold)

    def fields(self, block: Fields) -> None:
        _table, cells = self.grid(len(block.rows), 2, [TEXT_WIDTH_MM * 0.38, TEXT_WIDTH_MM * 0.62])
        for index, (label, value) in enumerate(block.rows):
            self.cell(cells[2 * index], label, "label")
            self.cell(cells[2 * index + 1], value or "_" * 30, "value" if value else "cell")
        self.paragraph("", "gap")

    def table(self, block: Table) -> None:
        columns = len(block.header)
        prefix = "cell-small" if block.small else "cell"
        header_rows = 1 if block.has_header else 0
        total = header_rows + len(block.rows) + block.blank_rows
        widths = [TEXT_WIDTH_MM * w / 100 for w in block.percent_widths]
        table, cells = self.grid(total, columns, widths, "TableGrid")
        if header_rows:
            _repeat_header(table.rows[0])
            for column, text in enumerate(block.header):
                self.cell(cells[column], text, f"{prefix}-header")
                _shade(cells[column])
        for row_index, values in enumerate(block.rows, header_rows):
            for column, text in enumerate(values[:columns]):
                style = f"{prefix}-number" if column in block.numeric else prefix
                self.cell(cells[row_index * columns + column], text, style)
        if block.tall or block.blank_rows:
            for row_index, row in enumerate(table.rows):
                if row_index >= header_rows + len(block.rows) or (block.tall and row_index >= header_rows):
                    row.height = Mm(10 if block.tall else 9)
        self.paragraph("", "gap")

    def signature(self, block: Signature) -> None:
        _table, cells = self.grid(1, 3, [TEXT_WIDTH_MM * 0.46, TEXT_WIDTH_MM * 0.27, TEXT_WIDTH_MM * 0.27])
        self.cell(cells[0], block.role, "cell")
        self.cell(cells[1], "_" * 22, "line")
        self.cell(cells[2], block.name, "cell")
        for text in (block.seal, DATE_LINE if block.date_line else ""):
            if text:
                self.paragraph(text, "under")
        self.paragraph("", "gap")

    def spacer(self, block: Spacer) -> None:
        for _line in range(block.lines):
            self.paragraph("", "spacer")


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


def write_docx(document: Document) -> bytes:
    doc = new_docx()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(297)
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    doc.core_properties.title = document.title
    doc.core_properties.language = document.language
    doc.core_properties.author = "Mansap"
    doc.core_properties.comments = document.templates_text
    writer = _Writer(doc)
    if document.footer:
        footer = section.footer.paragraphs[0]
        footer._p.style = writer.style_ids["footer"]
        footer.add_run(document.footer)
    for index, page in enumerate(document.pages):
        if index:
            doc.add_page_break()
        for block in page.blocks:
            if isinstance(block, Para):
                writer.para(block)
            elif isinstance(block, Fields):
                writer.fields(block)
            elif isinstance(block, Table):
                writer.table(block)
            elif isinstance(block, Signature):
                writer.signature(block)
            elif isinstance(block, Spacer):
                writer.spacer(block)
    out = BytesIO()
    doc.save(out)
    return out.getvalue()
