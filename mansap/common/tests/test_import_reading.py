"""The import's faster reading (#19) reads what openpyxl reads: the same rows, values and declared size."""

from __future__ import annotations

import datetime as dt
import io
import sys

from openpyxl import Workbook, load_workbook
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.worksheet._read_only import ReadOnlyWorksheet
from openpyxl.worksheet._reader import WorkSheetParser

from mansap.common.importing import (
    Column,
    ParsedRow,
    _load_read_only,
    _sheet_parser,
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
