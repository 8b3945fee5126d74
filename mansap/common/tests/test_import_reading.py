"""The import's faster reading (#19) reads what openpyxl reads: the same rows, values and declared size."""

from __future__ import annotations

import datetime as dt
import io
import sys
import warnings
import zipfile

from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

from mansap.common.importing import (
    XLSX_MAX_COLUMNS,
    Column,
    ParsedRow,
    _load_read_only,
    _sheet_parser,
    _xlsx_rows,
    choice_parser,
    map_header,
    parse_row,
    text_parser,
)
from mansap.common.translit import _letter_by_letter, to_latin


def write_only() -> bytes:
    """openpyxl's write-only workbook: inline strings (rich text too), no <dimension>."""
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("a")
    ws.append(["iin", " sp ", "", "=A1", 3, 2.5, dt.date(2020, 1, 1), dt.datetime(2020, 1, 1, 5), True, None, "x"])
    ws.append([CellRichText(["a", TextBlock(InlineFont(b=True), "bold")]), "  lead", "\ttab", "ё"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ordinary() -> bytes:
    """A workbook as Excel keeps it: shared strings and a <dimension>, a cell far below the others."""
    wb = Workbook()
    ws = wb.active
    ws.append(["iin", " sp ", "", "=A1", 3, 2.5, dt.date(2020, 1, 1), True, None, "x"])
    ws["C5"] = "far"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def read(data: bytes, parser: type, loader: object) -> tuple[list[object], tuple[object, ...]]:
    workbook = loader(data)  # type: ignore[operator]
    sheet = workbook.worksheets[0]
    with sheet._get_source() as source:
        rows = list(
            parser(
                source, sheet._shared_strings, data_only=workbook.data_only, epoch=workbook.epoch,
                date_formats=workbook._date_formats, timedelta_formats=workbook._timedelta_formats,
            ).parse()
        )  # fmt: skip
    return rows, (sheet._min_row, sheet._max_row, sheet._min_column, sheet._max_column)


def openpyxl_read(data: bytes) -> object:
    return load_workbook(io.BytesIO(data), read_only=True, data_only=False)


def test_the_rows_and_sizes_are_openpyxls() -> None:
    for data, size in ((write_only(), (1, None, 1, None)), (ordinary(), (1, 5, 1, 10))):
        ours = read(data, _sheet_parser(), _load_read_only)
        assert ours == read(data, WorkSheetParser, openpyxl_read)
        assert ours[1] == size
    rows, _size = read(write_only(), _sheet_parser(), _load_read_only)
    assert [c["value"] for c in rows[1][1]] == ["abold", "  lead", "\ttab", "ё"]
    assert [(c["column"], c["value"], c["data_type"]) for c in rows[0][1][:4]] == [
        (1, "iin", "s"),
        (2, " sp ", "s"),
        (3, None, "inlineStr"),
        (4, "=A1", "f"),
    ]


def test_openpyxl_is_left_as_it_was() -> None:
    before = ReadOnlyWorksheet.__dict__["_get_size"]
    _load_read_only(write_only())
    assert ReadOnlyWorksheet.__dict__["_get_size"] is before


def test_to_latin_spells_every_character_as_letter_by_letter() -> None:
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    assert to_latin(every) == _letter_by_letter(every)
    assert to_latin("Щукина ӘЙГЕРІМ Ёлка") == "Shchukina AIGERIM Elka"
    assert to_latin(None) == ""  # type: ignore[arg-type]


COLUMNS = [
    Column("code", required=True),
    Column("kind", parse=choice_parser({"a": 1, "b": 2})),
    Column("name", parse=text_parser(3)),
]


def test_a_row_shows_its_cells_only_when_asked_and_as_written() -> None:
    header = map_header(["code", "kind", "name", "other"], COLUMNS)
    ok = parse_row(4, [" 7 ", "B", "Ким", "x"], header, COLUMNS)
    assert (ok.data, ok.issues) == ({"code": "7", "kind": 2, "name": "Ким"}, [])
    bad = parse_row(5, ["", "A ", "Кимов", None], header, COLUMNS)
    assert [(i.row, i.column, i.code, i.params.get("value")) for i in bad.issues] == [
        (5, "code", "missing_field", None),
        (5, "name", "too_long", "Кимов"),
    ]
    assert bad.data == {"kind": 1}
    assert bad.shown == {"kind": "A", "name": "Кимов"}
    assert ok.shown == {"code": "7", "kind": "B", "name": "Ким"}
    assert ok == ParsedRow(4, {"code": "7", "kind": 2, "name": "Ким"}, {"code": "7", "kind": "B", "name": "Ким"}, [])


def test_choices_remembered_by_type_as_well_as_value() -> None:
    parse = choice_parser({"1": "one", "0": "zero", "true": "yes"})
    assert [parse(v) for v in ("1", 1, 1.0, True, "1", True)] == ["one", "one", "one", "one", "one", "one"]
    assert [parse(v) for v in (False, 0, "0")] == ["zero"] * 3


def excel_saved() -> bytes:
    """A workbook as Excel writes one: text in the shared strings table (t="s"), dates as numbers with a date
    style, its <dimension> first; a row without "r" attributes, a cell out of order, a formula, a boolean, an error,
    an out-of-range date serial, a cell past the import's last column."""
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    strings = ["iin", "Фамилия", " Айгерім ", "6B06101"]
    sheet = (
        f'<worksheet {ns}><dimension ref="A1:H4"/><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2"><v>900101400003</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" s="1"><v>32874</v></c>'
        '<c r="D2" s="1" t="n"><v>45833.5</v></c><c r="E2" t="b"><v>1</v></c><c r="F2"><f>1+1</f><v>2</v></c>'
        '<c r="G2" t="e"><v>#N/A</v></c><c r="H2"><v>2.5</v></c></row>'
        '<row><c t="s"><v>3</v></c><c><v>7</v></c><c r="E3" s="1"><v>99999999</v></c><c r="B3" t="s"><v>1</v></c>'
        f'<c r="GT3" t="s"><v>0</v></c></row>'
        '<row r="5"><c r="C5" t="inlineStr"><is><t>far</t></is></c><c r="D5" t="s"/></row>'
        "</sheetData></worksheet>"
    )
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.worksheet+xml"/>'
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/>'
            '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/></Types>'
        ),
        "_rels/.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ),
        "xl/workbook.xml": (
            f'<workbook {ns} xmlns:r="{rel}"><sheets><sheet name="graduates" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/>'
            f'<Relationship Id="rId3" Type="{rel}/styles" Target="styles.xml"/></Relationships>'
        ),
        "xl/sharedStrings.xml": f'<sst {ns} count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f'<si><t xml:space="preserve">{s}</t></si>' for s in strings)
        + "</sst>",
        "xl/styles.xml": (
            f'<styleSheet {ns}><fonts count="1"><font/></fonts>'
            '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
            '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
            '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/></cellXfs></styleSheet>'
        ),
        "xl/worksheets/sheet1.xml": sheet,
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def cells_as_values(data: bytes) -> list[tuple[object, list[object]]]:
    """The rows as the import read them before #19's second round: openpyxl's parse() and its cells."""
    rows, _size = read(data, WorkSheetParser, openpyxl_read)
    out = []
    for number, cells in rows:  # type: ignore[misc]
        width = max((c["column"] for c in cells if c["column"] <= XLSX_MAX_COLUMNS), default=0)
        values: list[object] = [None] * width
        for cell in cells:
            if cell["column"] <= width:
                values[cell["column"] - 1] = cell["value"]
        out.append((number, values))
    return out


def our_rows(data: bytes) -> list[tuple[int, list[object]]]:
    rows, _size = _xlsx_rows(data, "a.xlsx")
    return list(rows)


def test_rows_read_directly_are_openpyxls_values() -> None:
    data = excel_saved()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns of the out-of-range date (an error cell), as it should
        assert our_rows(data) == cells_as_values(data)
        assert our_rows(data) == [
            (1, ["iin", "Фамилия"]),
            (2, [900101400003, " Айгерім ", dt.datetime(1990, 1, 1),
                 dt.datetime(2025, 6, 25, 12, 0), True, "=1+1", "#N/A", 2.5]),
            (3, ["6B06101", "Фамилия", None, None, "#VALUE!"]),
            (5, [None, None, "far", None]),
        ]  # fmt: skip
    for data in (write_only(), ordinary()):
        assert our_rows(data) == cells_as_values(data)
    rows = dict(our_rows(write_only()))
    assert rows[1][:4] == ["iin", " sp ", None, "=A1"]
    assert rows[2] == ["abold", "  lead", "\ttab", "ё"]
