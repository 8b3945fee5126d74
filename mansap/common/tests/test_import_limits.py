"""The import engine against bombs, lies and odd encodings (issue #11, "Imports").

Each test feeds a file the old engine mishandled: it trusted the sheet's declared size (reading a
10-row sheet declaring A1:E4 as 3 rows, without a word), unpacked any shared-strings table,
walked a million empty rows to reach one cell, kept every row error in memory and read KOI8-R
as Windows-1251.
"""

from __future__ import annotations

import io
import re
import time
import zipfile
from collections.abc import Callable

import pytest
from django.test import override_settings
from openpyxl import Workbook

from mansap.common import importing
from mansap.common.importing import (
    Budget,
    Column,
    ImportReport,
    RowIssue,
    UnreadableFile,
    open_import,
    parse_rows,
    read_table,
)


def workbook(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def rewrite_part(data: bytes, part: str, change: Callable[[str], str]) -> bytes:
    """The same workbook with one part's XML changed by change(text) -> text (added when missing)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = change(content.decode()).encode()
            target.writestr(info.filename, content)
        if part not in source.namelist():
            target.writestr(part, change("").encode())
    return out.getvalue()


def declare(ref: str) -> Callable[[str], str]:
    return lambda xml: re.sub(r'ref="[^"]+"', f'ref="{ref}"', xml, count=1)


def test_a_sheet_declaring_fewer_rows_than_it_has_is_read_whole() -> None:
    data = workbook([["iin", "last_name"], *[[f"9901013001{i:02d}", f"Name{i}"] for i in range(10)]])
    lying = rewrite_part(data, "xl/worksheets/sheet1.xml", declare("A1:E4"))
    assert b'ref="A1:E4"' in zipfile.ZipFile(io.BytesIO(lying)).read("xl/worksheets/sheet1.xml")

    header, rows = read_table(io.BytesIO(lying), "lying.xlsx")

    assert header == ["iin", "last_name"]
    assert [number for number, _values in rows] == list(range(2, 12))
    assert rows[-1] == (11, ["990101300109", "Name9"])


def test_one_cell_far_below_is_refused_without_walking_the_gap() -> None:
    wb = Workbook()
    ws = wb.active
    ws.append(["iin", "last_name"])
    ws.cell(row=1_000_000, column=1, value="x")
    out = io.BytesIO()
    wb.save(out)

    started = time.monotonic()
    with pytest.raises(UnreadableFile) as caught:
        read_table(io.BytesIO(out.getvalue()), "far.xlsx")

    assert caught.value.code == "too_many_rows"
    assert caught.value.params["rows"] == 1_000_000
    assert time.monotonic() - started < 5  # the old engine took 44 s on this file


@override_settings(IMPORT_MAX_ROWS=5)
def test_rows_are_capped_by_content_not_by_the_declared_size() -> None:
    data = workbook([["iin"], *[[str(i)] for i in range(6)]])  # the header and 6 rows: one too many
    small = rewrite_part(data, "xl/worksheets/sheet1.xml", declare("A1:A2"))
    with pytest.raises(UnreadableFile) as caught:
        read_table(io.BytesIO(small), "six.xlsx")
    assert (caught.value.code, caught.value.params["limit"], caught.value.params["rows"]) == ("too_many_rows", 5, 7)
    assert "limit is 5 rows" in caught.value.message

    _header, rows = read_table(io.BytesIO(workbook([["iin"], *[[str(i)] for i in range(5)]])), "five.xlsx")
    assert len(rows) == 5


def test_a_shared_strings_bomb_is_refused_before_it_is_unpacked() -> None:
    """A 1 MB workbook whose shared-strings table unpacks to 10 million strings took 165 s and 1.9 GB."""
    data = workbook([["iin", "last_name"], ["990101300123", "Ivanov"]])
    namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    strings = f'<sst xmlns="{namespace}">' + "<si><t>a</t></si>" * 2_000_000
    bomb = rewrite_part(data, "xl/sharedStrings.xml", lambda _xml: strings + "</sst>")
    assert len(bomb) < 200_000  # 34 MB of XML packs into a few dozen KB

    started = time.monotonic()
    with pytest.raises(UnreadableFile) as caught:
        read_table(io.BytesIO(bomb), "bomb.xlsx")

    assert caught.value.code == "unpacks_too_large"
    assert caught.value.params["size"] == 32.4
    assert time.monotonic() - started < 2


def test_a_part_that_packs_too_well_is_refused() -> None:
    data = workbook([["iin"], ["1"]])
    padded = rewrite_part(
        data, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("<sheetData>", "<sheetData>" + " " * 3_000_000)
    )
    with pytest.raises(UnreadableFile) as caught:
        read_table(io.BytesIO(padded), "padded.xlsx")
    assert caught.value.code == "unpacks_too_large"


def test_a_million_one_letter_csv_rows_are_refused_before_parsing() -> None:
    data = b"iin\n" + b"a\n" * 1_000_000
    started = time.monotonic()
    with pytest.raises(UnreadableFile) as caught:
        read_table(io.BytesIO(data), "rows.csv")
    assert caught.value.code == "too_many_rows"
    assert caught.value.params["rows"] == 1_000_001
    assert time.monotonic() - started < 5


def test_blank_csv_lines_do_not_count_as_rows() -> None:
    data = "iin;last_name\n990101300123;Ivanov\n" + ";\n" * 200_000
    _header, rows = read_table(io.BytesIO(data.encode()), "blank.csv")
    assert rows == [(2, ["990101300123", "Ivanov"])]


def test_a_koi8_r_csv_is_refused_naming_its_encoding() -> None:
    text = "iin;Фамилия;Имя;Код ОП\n990101300123;Петрова;Анна;6B06101\n990101300124;Сидоров;Олег;6B06101\n"
    with pytest.raises(UnreadableFile) as caught:
        read_table(io.BytesIO(text.encode("koi8_r")), "koi8.csv")
    assert caught.value.code == "bad_encoding"
    assert caught.value.params["encoding"] == "KOI8-R"
    assert "KOI8-R" in caught.value.message and "CSV UTF-8" in caught.value.message


def test_windows_1251_and_utf8_csv_are_still_read() -> None:
    text = "iin;Фамилия\n990101300123;Петрова\n"
    for encoding in ("cp1251", "utf-8", "utf-8-sig"):
        header, rows = read_table(io.BytesIO(text.encode(encoding)), "people.csv")
        assert header == ["iin", "Фамилия"]
        assert rows == [(2, ["990101300123", "Петрова"])]


@override_settings(IMPORT_MAX_ISSUES=10)
def test_a_report_keeps_a_bounded_number_of_issues_and_counts_the_rest() -> None:
    report = ImportReport()
    for row in range(2, 17):
        report.error(row, "iin", "missing_field")
    report.errors.extend([RowIssue(20, "iin", "missing_field"), RowIssue(21, "iin", "missing_field")])

    assert len(report.errors) == 10
    assert report.errors.total == 17
    assert report.ok is False
    public = report.to_dict()
    assert (len(public["errors"]), public["errors_total"]) == (10, 17)
    assert "warnings_total" not in public  # nothing left out: the contract's keys only
    assert report.to_dict(messages=False)["warnings_total"] == 0


@override_settings(IMPORT_MAX_SECONDS=0)
def test_reading_stops_when_the_time_budget_is_spent() -> None:
    data = "iin\n" + "\n".join(str(i) for i in range(1200))
    table, header = open_import(io.BytesIO(data.encode()), "slow.csv", [Column("iin", required=True)])
    time.sleep(0.01)
    with pytest.raises(UnreadableFile) as caught:
        for _chunk in parse_rows(table, [Column("iin", required=True)], header):
            pass
    assert caught.value.code == "too_slow"
    assert caught.value.params == {"name": "slow.csv", "seconds": 0}


@override_settings(IMPORT_MAX_MEMORY_MB=300)
def test_reading_stops_when_the_memory_budget_is_spent(monkeypatch: pytest.MonkeyPatch) -> None:
    readings = iter([100.0, 250.0, 401.0])
    monkeypatch.setattr(importing, "_rss_mb", lambda: next(readings))
    budget = Budget("big.xlsx")  # starts at 100 MB
    budget.check()  # 150 MB more: fine
    with pytest.raises(UnreadableFile) as caught:
        budget.check()  # 301 MB more
    assert (caught.value.code, caught.value.params["limit"]) == ("too_much_memory", 300)
