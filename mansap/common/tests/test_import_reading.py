"""The import's faster reading (#19) reads what openpyxl reads: the same rows, values and declared size."""

from __future__ import annotations

import datetime as dt
import io
import sys
import time
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


# --- #19, third round: shared strings and rows read on lxml ------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def with_part(data: bytes, name: str, text: str) -> bytes:
    """The workbook with one part's XML replaced."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for part in source.namelist():
            archive.writestr(part, text if part == name else source.read(part))
    return out.getvalue()


def shared_strings_xml(items: list[str], prefix: str = "") -> str:
    tag = f"{prefix}:" if prefix else ""
    xmlns = f"xmlns:{prefix}" if prefix else "xmlns"
    return f'<{tag}sst {xmlns}="{MAIN}">' + "".join(items) + f"</{tag}sst>"


STRINGS = [
    '<si><t xml:space="preserve"> Айгерім </t></si>',  # plain
    "<si><t/></si>",  # empty text
    '<si><r><rPr><b/></rPr><t>Қасым</t></r><r><t xml:space="preserve"> Жомарт</t></r></si>',  # rich text runs
    '<si><t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/></si>',  # phonetic hints
    "<si><t>a_x005F_x000D_b</t></si>",  # Excel's escaped escape
    "<si><t>line\nbreak &amp; &lt;tag&gt;</t></si>",
]


def test_shared_strings_are_openpyxls() -> None:
    from openpyxl.reader.strings import read_string_table

    from mansap.common.importing import _shared_strings

    expected = [" Айгерім ", "", "Қасым Жомарт", "漢字", "a_x000D_b", "line\nbreak & <tag>"]
    for xml in (
        shared_strings_xml(STRINGS),
        shared_strings_xml([s.replace("<", "<x:").replace("<x:/", "</x:") for s in STRINGS], "x"),
    ):
        assert read_string_table(io.BytesIO(xml.encode())) == expected
        assert _shared_strings(io.BytesIO(xml.encode())) == expected


def excel_sheet(rows: str) -> str:
    return f'<worksheet xmlns="{MAIN}"><dimension ref="A1:D3"/><sheetData>{rows}</sheetData></worksheet>'


def test_cells_of_every_kind_read_as_openpyxl_reads_them() -> None:
    data = with_part(excel_saved(), "xl/sharedStrings.xml", shared_strings_xml(STRINGS))
    data = with_part(
        data,
        "xl/worksheets/sheet1.xml",
        excel_sheet(
            '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
            '<c r="D1" t="s"><v>4</v></c></row>'
            # inline strings: rich runs, a formula with its cached text, empty; a lower-case reference
            '<row r="2"><c r="A2" t="inlineStr"><is><r><t>Ә</t></r><r><t>лия</t></r></is></c>'
            '<c r="b2" t="inlineStr"><is><t>x</t></is></c><c r="C2" t="inlineStr"/>'
            '<c r="D2" t="str"><f>A1</f><v>cached</v></c></row>'
            # numbers: an integer, a float, an exponent, a date as a number (style 1), text a date is not turned into
            '<row r="3"><c r="A3"><v>42</v></c><c r="B3" t="n"><v>-0.5</v></c><c r="C3"><v>1E3</v></c>'
            '<c r="D3" s="1"><v>45833</v></c><c r="E3" t="s" s="1"><v>5</v></c><c r="F3" s="1"><v>45833</v></c>'
            '<c r="G3" t="inlineStr"><is><t>25.06.2025</t></is></c></row>'
        ),
    )
    assert our_rows(data) == cells_as_values(data)
    assert our_rows(data) == [
        (1, [" Айгерім ", "", "Қасым Жомарт", "a_x000D_b"]),
        (2, ["Әлия", "x", None, "=A1"]),
        (3, [42, -0.5, 1000.0, dt.datetime(2025, 6, 25), "line\nbreak & <tag>", dt.datetime(2025, 6, 25),
             "25.06.2025"]),
    ]  # fmt: skip


def test_a_bad_cell_reference_is_not_a_spreadsheet() -> None:
    from mansap.common.importing import UnreadableFile

    for reference in ("A", "1", "A1B", "AAAA1", "Ы1"):
        sheet = excel_sheet(f'<row r="1"><c r="{reference}" t="s"><v>0</v></c></row>')
        data = with_part(excel_saved(), "xl/worksheets/sheet1.xml", sheet)
        try:
            our_rows(data)
        except UnreadableFile as caught:
            assert caught.code == "not_spreadsheet", reference
        else:
            raise AssertionError(f"{reference} was read")


def entity_workbook(declarations: str, sheet_text: str, string: str) -> bytes:
    """A workbook whose sheet and shared strings declare `declarations` and use them (in B1 and in D1)."""
    sheet = f"<!DOCTYPE worksheet [{declarations}]>" + excel_sheet(
        f'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>{sheet_text}</t></is></c>'
        '<c r="D1" t="s"><v>1</v></c></row>'
    )
    strings = f"<!DOCTYPE sst [{declarations}]>" + shared_strings_xml(
        ["<si><t>iin</t></si>", f"<si><t>{string}</t></si>"]
    )
    data = with_part(excel_saved(), "xl/worksheets/sheet1.xml", sheet)
    return with_part(data, "xl/sharedStrings.xml", strings)


def test_an_entity_bomb_is_refused_at_once() -> None:
    """A "billion laughs" (a kilobyte of XML that expands to gigabytes), in the sheet or in the shared strings:
    libxml2 refuses it (its amplification limit) before expanding it, and the file is not a spreadsheet."""
    from mansap.common.importing import UnreadableFile

    laughs = '<!ENTITY a "ha!ha!ha!ha!ha!ha!ha!ha!ha!ha!">' + "".join(
        f'<!ENTITY {b} "{("&" + a + ";") * 10}">' for a, b in zip("abcdefgh", "bcdefghi", strict=True)
    )
    for sheet_text, string in (("&i;", "x"), ("x", "&i;")):
        started = time.monotonic()
        try:
            our_rows(entity_workbook(laughs, sheet_text, string))
        except UnreadableFile as caught:
            assert caught.code == "not_spreadsheet"
        else:
            raise AssertionError("the bomb was read")
        assert time.monotonic() - started < 2


def test_an_external_entity_is_never_fetched() -> None:
    rows = our_rows(entity_workbook('<!ENTITY secret SYSTEM "file:///etc/passwd">', "x&secret;", "&secret;y"))
    assert len(rows) == 1
    assert not any("root" in str(value) for value in rows[0][1]), rows


def test_a_sheet_of_broken_xml_is_not_a_spreadsheet() -> None:
    from mansap.common.importing import UnreadableFile

    sheet = excel_sheet('<row r="1"><c r="A1" t="s"><v>0</v></c></row><row r="2"><c r="A2" t="s"><v>0</v></row>')
    try:
        our_rows(with_part(excel_saved(), "xl/worksheets/sheet1.xml", sheet))
    except UnreadableFile as caught:
        assert caught.code == "not_spreadsheet"
    else:
        raise AssertionError("the broken sheet was read")


def test_collecting_less_restores_the_collector_after_the_last_import() -> None:
    import gc

    from mansap.common.importing import GC_FIRST_THRESHOLD, collecting_less

    before = gc.get_threshold()
    with collecting_less():
        assert gc.get_threshold() == (max(before[0], GC_FIRST_THRESHOLD), before[1], before[2])
        assert gc.get_freeze_count() > 0
        with collecting_less():  # a second import at the same time
            pass
        assert gc.get_threshold()[0] == max(before[0], GC_FIRST_THRESHOLD)  # the first still inside
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1  # cycles made inside are still collected
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() == 0
    try:
        with collecting_less():
            raise RuntimeError
    except RuntimeError:
        pass
    assert (gc.get_threshold(), gc.get_freeze_count()) == (before, 0)


def test_collecting_less_leaves_a_process_that_froze_its_own_objects_frozen() -> None:
    import gc

    from mansap.common.importing import collecting_less

    gc.freeze()  # as a server does after preloading the application
    try:
        with collecting_less():
            pass
        assert gc.get_freeze_count() > 1000  # still frozen (a few may have been freed meanwhile)
    finally:
        gc.unfreeze()
