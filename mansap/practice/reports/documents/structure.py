"""The neutral structure every practice document is built into, and both writers read.

A content builder (`content.py`) turns placements into a `Document`: pages of blocks (paragraphs,
label/value fields, tables, signature lines). `docx.py` writes it with python-docx (editable) and
`pdf.py` with WeasyPrint, so the two formats always carry the same words.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import ClassVar, Literal

ParaStyle = Literal["letterhead", "title", "subtitle", "heading", "body", "small", "right", "center", "note"]


@dataclass
class Para:
    """A paragraph; `style` decides size, weight and alignment in both writers."""

    text: str
    style: ParaStyle = "body"
    bold: bool = False
    kind: ClassVar[str] = "para"


@dataclass
class Fields:
    """Label: value rows without borders (the header facts of a form). An empty value prints a blank line."""

    rows: list[tuple[str, str]]
    kind: ClassVar[str] = "fields"


@dataclass
class Table:
    """A bordered table; `widths` are relative column widths; `blank_rows` adds rows to fill in by hand."""

    header: list[str]
    rows: list[list[str]]
    widths: list[float] = field(default_factory=list)
    blank_rows: int = 0
    numeric: set[int] = field(default_factory=set)  # columns aligned right/centre (numbers)
    small: bool = False
    tall: bool = False  # rows left high enough to write by hand
    kind: ClassVar[str] = "table"

    @property
    def percent_widths(self) -> list[float]:
        widths = self.widths if len(self.widths) == len(self.header) else [1.0] * len(self.header)
        total = sum(widths) or 1.0
        return [round(100 * w / total, 2) for w in widths]

    @property
    def blank_range(self) -> range:
        return range(self.blank_rows)

    @property
    def has_header(self) -> bool:
        return any(self.header)


@dataclass
class Signature:
    """A signature line: the role on the left, a line for the signature, the name on the right."""

    role: str  # may hold a line break (role, then the unit's name)
    name: str = ""
    seal: str = ""  # e.g. "S.P." (seal place), printed under the line when given
    date_line: bool = False  # adds «__» ________ 20__ under the line
    kind: ClassVar[str] = "signature"


@dataclass
class Spacer:
    lines: int = 1
    kind: ClassVar[str] = "spacer"

    @property
    def height_mm(self) -> int:
        return 5 * self.lines


Block = Para | Fields | Table | Signature | Spacer


@dataclass
class Page:
    """One sheet (or more when it overflows); each page after the first starts on a new sheet."""

    blocks: list[Block] = field(default_factory=list)

    def add(self, *blocks: Block) -> Page:
        self.blocks.extend(blocks)
        return self


@dataclass
class Document:
    title: str  # the document's title in its language (also the PDF's metadata title)
    filename: str  # without the extension
    language: str
    pages: list[Page] = field(default_factory=list)
    footer: str = ""
    # The template versions the document's texts came from ("KazUTB-CC-F-7.8-2025-01 v1.1"), printed in the
    # footer and kept in the file's metadata (PDF keywords, DOCX comments).
    templates: list[str] = field(default_factory=list)

    @property
    def templates_text(self) -> str:
        return ", ".join(self.templates)

    def text(self) -> str:
        """Every word of the document (for tests and search)."""
        out: list[str] = []
        for page in self.pages:
            for block in page.blocks:
                if isinstance(block, Para):
                    out.append(block.text)
                elif isinstance(block, Fields):
                    out.extend(f"{label} {value}" for label, value in block.rows)
                elif isinstance(block, Table):
                    out.append(" ".join(block.header))
                    out.extend(" ".join(row) for row in block.rows)
                elif isinstance(block, Signature):
                    out.append(f"{block.role} {block.name} {block.seal}")
        return "\n".join(out)
