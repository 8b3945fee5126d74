"""The generic import engine: reading files, headers, cell parsing and the report."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook

from mansap.common.importing import (
    CellError,
    Column,
    ImportReport,
    RowIssue,
    Table,
    UnreadableFile,
    choice_parser,
    clean_value,
    map_header,
    open_table,
    parse_date,
    parse_decimal,
    parse_int,
    parse_phone,
    parse_row,
    parse_rows,
    read_table,
    render_message,
    sniff_delimiter,
    with_messages,
)
from mansap.common.testing import workbook_bytes


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None:
                ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


COLUMNS = [
    Column("iin", ("ИИН", "ЖСН"), required=True),
    Column("last_name", ("Фамилия", "Тегі"), required=True),
    Column("year", ("Год",), parse=lambda v: parse_int(v, minimum=1950, maximum=2030)),
]


# --- reading -------------------------------------------------------------------------------------


def test_xlsx_rows_are_numbered_like_the_spreadsheet_and_empty_rows_skipped() -> None:
    data = xlsx_bytes([["iin", "last_name"], ["1", "A"], [None, None], ["3", "  B\u00a0"]])
    header, rows = read_table(io.BytesIO(data), "people.xlsx")
    assert header == ["iin", "last_name"]
    assert rows == [(2, ["1", "A"]), (4, ["3", "B"])]


def test_xlsx_formula_cells_arrive_as_their_text_and_dates_natively() -> None:
    data = xlsx_bytes([["a", "b", "c"], ["=1+1", dt.date(2020, 2, 29), 2021]])
    _header, rows = read_table(io.BytesIO(data), "f.xlsm")
    (number, values) = rows[0]
    assert number == 2
    assert values[0] == "=1+1"
    assert values[1] == dt.datetime(2020, 2, 29)
    assert values[2] == 2021


def test_csv_utf8_with_bom_and_comma() -> None:
    data = "\ufeffiin,last_name\r\n1,Әлібек\r\n\r\n2,\u00a0Ким \r\n".encode()
    header, rows = read_table(io.BytesIO(data), "a.csv")
    assert header == ["iin", "last_name"]
    assert rows == [(2, ["1", "Әлібек"]), (4, ["2", "Ким"])]


def test_csv_cp1251_with_semicolons() -> None:
    data = "ИИН;Фамилия\n1;Иванов, младший\n".encode("cp1251")
    header, rows = read_table(io.BytesIO(data), "a.csv")
    assert header == ["ИИН", "Фамилия"]
    assert rows == [(2, ["1", "Иванов, младший"])]


def test_csv_tab_delimited_and_formula_text_verbatim() -> None:
    data = b"iin\tlast_name\n1\t=cmd|' /C calc'!A0\n2\t@SUM(A1)\n"
    _header, rows = read_table(io.BytesIO(data), "a.csv")
    assert rows[0][1][1] == "=cmd|' /C calc'!A0"
    assert rows[1][1][1] == "@SUM(A1)"


def test_sniff_delimiter() -> None:
    assert sniff_delimiter("\n\na;b;c,d\n") == ";"
    assert sniff_delimiter("a\tb\tc\n") == "\t"
    assert sniff_delimiter('"x;y",b,c\n') == ","
    assert sniff_delimiter("") == ","


@pytest.mark.parametrize(
    ("data", "name", "code"),
    [
        (b"", "empty.csv", "empty"),
        (b"  \r\n ", "blank.csv", "empty"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00", "scan.pdf", "not_spreadsheet"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.xlsx", "not_spreadsheet"),
        (b"PK\x03\x04broken zip", "broken.xlsx", "not_spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "old.xls", "old_excel"),
        (b"\x00\x01\x02binary", "data.csv", "not_spreadsheet"),
    ],
)
def test_unreadable_files(data: bytes, name: str, code: str) -> None:
    with pytest.raises(UnreadableFile) as exc_info:
        read_table(io.BytesIO(data), name)
    assert exc_info.value.code == code
    assert exc_info.value.message
    assert "Traceback" not in exc_info.value.message


def test_xlsx_without_any_row_is_empty() -> None:
    with pytest.raises(UnreadableFile) as exc_info:
        read_table(io.BytesIO(xlsx_bytes([])), "empty.xlsx")
    assert exc_info.value.code == "empty"


def test_too_large_is_refused_politely(settings) -> None:
    settings.IMPORT_MAX_BYTES = 1024
    data = b"iin,last_name\n" + b"123456789012,Name\n" * 200
    with pytest.raises(UnreadableFile) as exc_info:
        read_table(io.BytesIO(data), "big.csv")
    assert exc_info.value.code == "too_large"
    assert "limit" in exc_info.value.message

    class NoSize(io.RawIOBase):  # a stream that cannot tell its size is cut at the limit
        def __init__(self) -> None:
            self.left = 5000

        def readable(self) -> bool:
            return True

        def read(self, n: int = -1) -> bytes:
            n = self.left if n < 0 else min(n, self.left)
            self.left -= n
            return b"a" * n

    with pytest.raises(UnreadableFile) as exc_info:
        read_table(NoSize(), "stream.csv")
    assert exc_info.value.code == "too_large"


def test_open_table_is_lazy_and_estimates_total() -> None:
    data = xlsx_bytes([["iin"], *[[str(i)] for i in range(10)]])
    table = open_table(io.BytesIO(data), "t.xlsx")
    assert table.header_row == 1
    assert table.total == 10
    assert next(table.rows) == (2, ["0"])


def test_clean_value() -> None:
    assert clean_value(" \u00a0x\u00a0 ") == "x"
    assert clean_value("\u00a0") is None
    assert clean_value("-5") == "-5"
    assert clean_value(3.0) == 3.0
    assert clean_value(None) is None


# --- headers and rows ----------------------------------------------------------------------------


def test_header_matching_is_case_insensitive_any_order_with_aliases() -> None:
    found = map_header(["  тегі ", "Something", "IIN", "ИИН"], COLUMNS)
    assert found.positions == {"last_name": 0, "iin": 2}
    assert found.ignored == ["Something", "ИИН"]  # unknown, and a second iin column
    assert found.missing == []


def test_missing_required_header() -> None:
    assert map_header(["Фамилия", "Год"], COLUMNS).missing == ["iin"]


def test_parse_row_reports_codes_with_row_and_column() -> None:
    header = map_header(["iin", "last_name", "year"], COLUMNS)
    parsed = parse_row(7, ["1", None, "20x1"], header, COLUMNS)
    assert parsed.data == {"iin": "1"}
    assert [(i.row, i.column, i.code) for i in parsed.issues] == [
        (7, "last_name", "missing_field"),
        (7, "year", "bad_number"),
    ]
    assert parsed.issues[1].params["value"] == "20x1"
    ok = parse_row(8, ["1", "Ким", 2021.0], header, COLUMNS)
    assert ok.ok and ok.data == {"iin": "1", "last_name": "Ким", "year": 2021}


def test_parse_rows_chunks_and_reports_progress() -> None:
    rows = iter([(n, [str(n), "X", None]) for n in range(2, 1202)])
    table = Table(header=["iin", "last_name", "year"], header_row=1, rows=rows, total=1200)
    calls: list[float] = []
    chunks = list(parse_rows(table, COLUMNS, map_header(table.header, COLUMNS), chunk_size=500, progress=calls.append))
    assert [len(c) for c in chunks] == [500, 500, 200]
    assert calls[0] == pytest.approx(500 / 1200)
    assert calls[-1] == 1.0
    assert len(calls) == 3


# --- parsers -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("25.06.2024", dt.date(2024, 6, 25)),
        ("2024-06-25", dt.date(2024, 6, 25)),
        (dt.datetime(2024, 6, 25), dt.date(2024, 6, 25)),
        (dt.date(2024, 6, 25), dt.date(2024, 6, 25)),
        ("25.06.2024 00:00:00", dt.date(2024, 6, 25)),
    ],
)
def test_parse_date(value: object, expected: dt.date) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["31.02.2020", "2020-13-01", "yesterday", 45000, "1.1"])
def test_parse_bad_date(value: object) -> None:
    with pytest.raises(CellError) as exc_info:
        parse_date(value)
    assert exc_info.value.code == "bad_date"


def test_parse_date_in_future() -> None:
    with pytest.raises(CellError) as exc_info:
        parse_date("01.01.2100", not_after=dt.date(2025, 1, 1))
    assert exc_info.value.params["variant"] == "future"


def test_parse_int_and_decimal() -> None:
    assert parse_int("2021.0", minimum=1950, maximum=2030) == 2021
    assert parse_int(2021.0, minimum=1950, maximum=2030) == 2021
    for bad in ("1949", "2021.5", "abc", True):
        with pytest.raises(CellError):
            parse_int(bad, minimum=1950, maximum=2030)
    assert parse_decimal("3,456", minimum=Decimal(0), maximum=Decimal(4)) == Decimal("3.46")
    assert parse_decimal(3.1, minimum=Decimal(0), maximum=Decimal(4)) == Decimal("3.10")
    for bad in ("4.01", "-0.5", "n/a", "nan"):
        with pytest.raises(CellError) as exc_info:
            parse_decimal(bad, minimum=Decimal(0), maximum=Decimal(4), code="bad_gpa")
        assert exc_info.value.code == "bad_gpa"


def test_choice_parser_is_case_insensitive() -> None:
    parse = choice_parser({"M": "M", "мужской": "M", "F": "F"})
    assert parse("m") == "M"
    assert parse(" МУЖСКОЙ ") == "M"
    with pytest.raises(CellError) as exc_info:
        parse("x")
    assert exc_info.value.code == "bad_choice"
    assert "мужской" in exc_info.value.params["choices"]


def test_parse_phone() -> None:
    assert parse_phone(87011234567) == "+7 701 123 45 67"
    with pytest.raises(CellError) as exc_info:
        parse_phone("12-34")
    assert exc_info.value.code == "bad_phone"


# --- report --------------------------------------------------------------------------------------


def test_report_to_dict_is_the_contract() -> None:
    report = ImportReport(rows=2, valid=1, invalid=1, ignored_columns=["Note"])
    report.error(3, "iin", "bad_choice", value="Z", choices="a, b")
    report.warn(2, "sex", "missing_field")
    report.extra["preview"] = [{"row": 2}]
    public = report.to_dict()
    assert list(public) == [
        "rows", "valid", "invalid", "created", "updated", "unchanged", "errors", "warnings", "ignored_columns"
    ]  # fmt: skip
    assert public["errors"] == [
        {"row": 3, "column": "iin", "code": "bad_choice", "message": "Z is not one of the accepted values: a, b."}
    ]
    assert set(public["warnings"][0]) == {"row", "column", "code", "message"}

    stored = report.to_dict(messages=False)
    assert stored["errors"] == [
        {"row": 3, "column": "iin", "code": "bad_choice", "params": {"value": "Z", "choices": "a, b"}}
    ]
    assert stored["preview"] == [{"row": 2}]
    shown = with_messages(stored)
    assert shown["errors"][0]["message"] == "Z is not one of the accepted values: a, b."
    assert "message" not in stored["errors"][0]  # the stored report is not modified


def test_render_message_variants_and_unknown_codes() -> None:
    assert render_message("missing_field", {}, column="iin") == "The required column iin is empty."
    assert "no column iin" in render_message("missing_field", {"variant": "header"}, column="iin")
    assert render_message("no_such_code", {}) == "no_such_code"
    assert "{oops}" in render_message("x", {}, messages={"x": "broken {oops}"})
    assert RowIssue(1, "a", "b").to_dict() == {"row": 1, "column": "a", "code": "b", "params": {}}


def test_with_messages_is_safe_on_empty_reports() -> None:
    assert with_messages({}) == {"errors": [], "warnings": []}
    assert with_messages(None)["errors"] == []
    failed = with_messages(UnreadableFile.because("empty", name="x.csv").to_dict())
    assert failed["error"] == "The file x.csv is empty."


def test_a_tiny_workbook_declaring_a_huge_sheet_is_refused_quickly() -> None:
    """A cell at row 600,000 makes openpyxl fill every gap; the declared size is refused before reading."""
    from openpyxl import Workbook

    from mansap.common.importing import UnreadableFile, max_rows, read_table

    XLSX_MAX_ROWS = max_rows()

    wb = Workbook()
    ws = wb.active
    ws.append(["iin", "last_name"])
    ws.cell(row=XLSX_MAX_ROWS + 100_000, column=16_000, value="x")
    buffer = io.BytesIO()
    wb.save(buffer)
    assert len(buffer.getvalue()) < 20_000
    with pytest.raises(UnreadableFile) as caught:
        read_table(io.BytesIO(buffer.getvalue()), "bomb.xlsx")
    assert caught.value.code == "too_many_rows"


# --- named sheets (a workbook with several sheets, e.g. the risk register's risks/assessments/actions) ----------


def test_open_table_reads_the_named_sheet_whatever_its_case() -> None:
    data = workbook_bytes({"risks": [["key"], ["R1"]], "Assessments": [["key", "likelihood"], ["R1", 3], ["R2", 4]]})
    table = open_table(io.BytesIO(data), "register.xlsx", sheet="assessments")
    assert table.header == ["key", "likelihood"]
    assert list(table.rows) == [(2, ["R1", 3]), (3, ["R2", 4])]
    first = open_table(io.BytesIO(data), "register.xlsx")
    assert first.header == ["key"]  # no sheet named: the first one, as before


def test_open_table_without_the_named_sheet_says_so() -> None:
    data = workbook_bytes({"risks": [["key"], ["R1"]]})
    with pytest.raises(UnreadableFile) as caught:
        open_table(io.BytesIO(data), "register.xlsx", sheet="actions")
    assert caught.value.code == "no_sheet"
    assert caught.value.message == "The workbook register.xlsx has no sheet named actions."
    with pytest.raises(UnreadableFile) as caught:
        open_table(io.BytesIO(b"key\nR1\n"), "register.csv", sheet="risks")
    assert caught.value.code == "no_sheet"


def test_an_issue_with_a_sheet_names_it_first() -> None:
    issue = RowIssue(4, "likelihood", "bad_number", {"value": "7", "min": 1, "max": 5}, sheet="assessments")
    assert issue.to_dict(messages={}) == {
        "sheet": "assessments", "row": 4, "column": "likelihood", "code": "bad_number",
        "message": "7 is not a whole number between 1 and 5.",
    }  # fmt: skip
    assert list(RowIssue(2, "iin", "missing_field").to_dict(messages={})) == ["row", "column", "code", "message"]
