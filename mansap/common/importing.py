"""A reusable engine for spreadsheet imports: read, match headers, parse cells, report.

It knows nothing about models. An import (students, employment records, ...) declares
its columns (`Column`: canonical name, aliases in English, Russian and Kazakh, whether
required, and a parse function) and the messages of its own error codes; the engine
reads .xlsx/.xlsm/.csv files (`open_table` / `read_table`), maps the header row to the
columns (`map_header`), parses rows chunk by chunk (`parse_rows`) and collects the
problems as `RowIssue`s (row, column, code, params) in an `ImportReport`.

Messages are never stored: an issue keeps its code and params, and `render_message`
turns it into text in the active language when it is shown, so a report stored in
the database reads in the language of whoever looks at it.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import functools
import gc
import io
import itertools
import os
import re
import threading
import time
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from mansap.common.identifiers import clean_identifier
from mansap.common.phones import normalize_phone

FORMULA_START = ("=", "+", "-", "@")
PROGRESS_EVERY = 500
DEFAULT_CHUNK_SIZE = 2000
CHOICE_MEMO = 512
_STRIP = " \t\r\n\u00a0\u202f\ufeff\u200b"
_DELIMITERS = (",", ";", "\t")
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADER_JUNK = re.compile(r"[\s_\-.:*]+")

ProgressCallback = Callable[[float], None]


# ---------------------------------------------------------------------------
# Files that cannot be read at all


UNREADABLE_MESSAGES: dict[str, Any] = {
    "too_large": _("The file is {size} MB; the limit is {limit} MB. Split it into smaller files."),
    "empty": _("The file {name} is empty."),
    "no_header": _(
        "The first row of {name} must hold the column names (for example: {example}), but none of them was recognised."
    ),
    "no_rows": _("The file {name} has column names but no rows of data."),
    "too_many_rows": _("{name} has data down to row {rows}; the limit is {limit} rows. Split it into smaller files."),
    "unpacks_too_large": _(
        "{name} unpacks to {size} MB of data (the limit is {limit} MB): it holds far more than a list of people, "
        "or it is damaged. Copy only the rows to import into a new workbook and save it as .xlsx or .csv."
    ),
    "too_slow": _("{name} could not be read within {seconds} seconds. Split it into smaller files."),
    "too_much_memory": _("{name} needs more than {limit} MB of memory to read. Split it into smaller files."),
    "not_spreadsheet": _("{name} is not a spreadsheet that can be read: save it as .xlsx or .csv and try again."),
    "old_excel": _("{name} is an old Excel 97-2003 (.xls) workbook: save it as .xlsx and try again."),
    "bad_encoding": _("{name} is not a text file in UTF-8 or Windows-1251: save it as CSV UTF-8 or .xlsx."),
    "bad_encoding.detected": _(
        "{name} is written in the {encoding} encoding, which would garble the names: "
        "save it as CSV UTF-8 (or .xlsx) and upload it again."
    ),
    "missing_file": _("The file {name} does not exist."),
    "no_sheet": _("The workbook {name} has no sheet named {sheet}."),
    "internal": _("The file could not be processed because of an internal error; the administrators were told."),
    "worker_died": _(
        "The background worker stopped while {name} was being processed; nothing was imported. Check the file again."
    ),
    "expired": _(
        "{name} waited more than {days} days for its next step and was set aside; nothing was imported. "
        "Upload it again."
    ),
}


class UnreadableFile(Exception):
    """The file as a whole cannot be read (not a spreadsheet, empty, too large...).

    `message` is translated in the language active when raised; `code` and `params`
    let a stored report render it again in another language (`unreadable_message`).
    """

    def __init__(self, message: str, *, code: str = "not_spreadsheet", params: Mapping[str, Any] | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.code = code
        self.params = dict(params or {})

    @classmethod
    def because(cls, code: str, **params: Any) -> UnreadableFile:
        return cls(unreadable_message(code, params), code=code, params=params)

    def to_dict(self) -> dict[str, Any]:
        return {"error": self.message, "error_code": self.code, "error_params": self.params}


def unreadable_message(code: str, params: Mapping[str, Any] | None = None) -> str:
    params = dict(params or {})
    variant = params.get("variant")
    template = (variant and UNREADABLE_MESSAGES.get(f"{code}.{variant}")) or UNREADABLE_MESSAGES.get(
        code, UNREADABLE_MESSAGES["not_spreadsheet"]
    )
    return _safe_format(str(template), params)


# ---------------------------------------------------------------------------
# Fewer garbage collections while a large file is imported

GC_FIRST_THRESHOLD = 10_000


class _Collector:
    lock = threading.Lock()
    users = 0  # the imports inside collecting_less
    thresholds: tuple[int, int, int] = (700, 10, 10)  # gc's before the first of them
    froze = False  # whether the first froze the objects (nothing else had)


@contextlib.contextmanager
def collecting_less() -> Iterator[None]:
    """Python's cyclic garbage collector run less often while an import reads and writes its rows.

    An import allocates a few dozen containers a row (lists, dicts, model instances) and keeps chunks of them
    alive: at the default threshold (a collection every 700 net allocations) the collector ran every ~30 rows, and
    its oldest generation (Django's and every module's objects, which an import never frees) was scanned again and
    again: 10-15 % of a 50,000-row import's CPU (#19). Inside, the objects that exist on entry are frozen (moved
    out of the collector's reach, gc.freeze) and the youngest generation is collected every GC_FIRST_THRESHOLD
    allocations; cycles made inside are still collected, so memory stays flat in rows. On leaving (the last of
    concurrent imports), the thresholds are restored and the objects it froze unfrozen."""
    with _Collector.lock:
        if _Collector.users == 0:
            before = _Collector.thresholds = gc.get_threshold()
            _Collector.froze = gc.get_freeze_count() == 0  # else the process froze its own (a server's preload)
            if _Collector.froze:
                gc.freeze()
            gc.set_threshold(max(before[0], GC_FIRST_THRESHOLD), before[1], before[2])
        _Collector.users += 1
    try:
        yield
    finally:
        with _Collector.lock:
            _Collector.users -= 1
            if _Collector.users == 0:
                gc.set_threshold(*_Collector.thresholds)
                if _Collector.froze:
                    gc.unfreeze()


# ---------------------------------------------------------------------------
# Reading


# ---------------------------------------------------------------------------
# Limits. A file within the upload limit is refused or read within IMPORT_MAX_SECONDS and
# IMPORT_MAX_MEMORY_MB more memory (bench/bench_import_bombs.py feeds it the known bombs):
# - an .xlsx is a zip: every part's unpacked size (and its packing ratio) is checked before
#   anything is parsed, so a small file cannot unpack into gigabytes of shared strings;
# - rows are counted from the content, never from the size a sheet declares (a lie either way:
#   a tiny file can declare a million rows, and a sheet can declare fewer rows than it has);
# - at most IMPORT_MAX_ISSUES errors and warnings are kept (the totals are counted);
# - reading stops when it takes longer or needs more memory than allowed (the single
#   background worker must stay free for everyone else).


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 100_000))


XLSX_MAX_COLUMNS = 200  # the imports have at most a few dozen columns
XLSX_MAX_PART_BYTES = 128 * 1024 * 1024
XLSX_MAX_SHARED_STRINGS_BYTES = 16 * 1024 * 1024
XLSX_MAX_UNPACKED_BYTES = 256 * 1024 * 1024
XLSX_MAX_RATIO = 100  # a real sheet packs 5-20 times; a bomb thousands of times
_RATIO_FROM_BYTES = 1024 * 1024  # tiny parts pack well for no harm


class Budget:
    """The time and memory one file may take to read; checked as rows are read."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.started = time.monotonic()
        self.seconds = int(getattr(settings, "IMPORT_MAX_SECONDS", 60))
        self.memory_mb = int(getattr(settings, "IMPORT_MAX_MEMORY_MB", 300))
        self.rss_at_start = _rss_mb()

    def check(self) -> None:
        if time.monotonic() - self.started > self.seconds:
            raise UnreadableFile.because("too_slow", name=self.name, seconds=self.seconds)
        rss = _rss_mb()
        if rss is not None and self.rss_at_start is not None and rss - self.rss_at_start > self.memory_mb:
            raise UnreadableFile.because("too_much_memory", name=self.name, limit=self.memory_mb)


def _rss_mb() -> float | None:
    """This process's resident memory in MB (Linux /proc), or None where it cannot be read."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / (1024 * 1024)


@dataclass
class Table:
    """A sheet being read: its header, its data rows (lazily) and roughly how many there are."""

    header: list[str]
    header_row: int
    rows: Iterator[tuple[int, list[Any]]]
    total: int | None = None  # an estimate of the data rows, for progress; None when unknown
    budget: Budget | None = None


def read_table(file_obj: Any, filename: str) -> tuple[list[str], list[tuple[int, list[Any]]]]:
    """The header and every non-empty data row as (spreadsheet row number, cleaned values).

    The header row is the first non-empty row (row 1 in a normal file); wholly empty
    rows are skipped but still counted in the numbering. Raises UnreadableFile.
    """
    table = open_table(file_obj, filename)
    return table.header, list(table.rows)


def open_table(file_obj: Any, filename: str, *, sheet: str | None = None) -> Table:
    """Like read_table, but the rows are read lazily (large files need not fit in memory twice).

    `sheet` names the workbook's sheet to read (its name in any case; default: the first sheet). A workbook
    without it, or a CSV file (which has no sheets), raises UnreadableFile "no_sheet".
    """
    name = _basename(filename)
    data = _read_bytes(file_obj, name)
    if data.startswith(b"PK\x03\x04"):
        raw_rows, total = _xlsx_rows(data, name, sheet)
    elif sheet is not None:
        raise UnreadableFile.because("no_sheet", name=name, sheet=sheet)
    elif data.startswith(_OLE_MAGIC):
        raise UnreadableFile.because("old_excel", name=name)
    elif _extension(name) in {"xlsx", "xlsm"}:
        raise UnreadableFile.because("not_spreadsheet", name=name)
    elif _extension(name) in {"csv", "txt", ""} or _looks_like_text(data):
        raw_rows, total = _csv_rows(data, name)
    else:
        raise UnreadableFile.because("not_spreadsheet", name=name)

    numbered = _non_empty(raw_rows)
    try:
        header_row, header_values = next(numbered)
    except StopIteration:
        raise UnreadableFile.because("empty", name=name) from None
    header = [header_text(v) for v in header_values]
    while header and not header[-1]:
        header.pop()
    if total is not None:
        total = max(total - header_row, 0)
    return Table(header=header, header_row=header_row, rows=numbered, total=total, budget=Budget(name))


def _basename(filename: str) -> str:
    return re.split(r"[\\/]", str(filename or ""))[-1] or "file"


def open_import(file_obj: Any, filename: str, columns: Sequence[Column]) -> tuple[Table, HeaderMap]:
    """open_table plus the header mapped to the columns, for an import that needs data rows.

    Raises UnreadableFile "no_header" when no column name is recognised (the example
    lists the required columns) and "no_rows" when the file has a header but no data.
    """
    table = open_table(file_obj, filename)
    header = map_header(table.header, columns)
    name = _basename(filename)
    if not header.positions:
        raise UnreadableFile.because("no_header", name=name, example=", ".join(c.name for c in columns if c.required))
    first = next(table.rows, None)
    if first is None:
        raise UnreadableFile.because("no_rows", name=name)
    table.rows = itertools.chain([first], table.rows)
    return table, header


def _extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def _read_bytes(file_obj: Any, name: str) -> bytes:
    limit = settings.IMPORT_MAX_BYTES
    size = getattr(file_obj, "size", None)
    if size is None and hasattr(file_obj, "seek") and hasattr(file_obj, "tell"):
        try:
            here = file_obj.tell()
            file_obj.seek(0, io.SEEK_END)
            size = file_obj.tell()
            file_obj.seek(here)
        except (OSError, ValueError):
            size = None
    if size is not None and size > limit:
        raise _too_large(size, limit)
    if hasattr(file_obj, "seek"):
        try:
            file_obj.seek(0)
        except (OSError, ValueError):
            pass
    data = file_obj.read(limit + 1)
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > limit:
        raise _too_large(max(len(data), size or 0), limit)
    if not data.strip(b" \t\r\n"):
        raise UnreadableFile.because("empty", name=name)
    return data


def _too_large(size: int, limit: int) -> UnreadableFile:
    mb = 1024 * 1024
    return UnreadableFile.because("too_large", size=round(size / mb, 1), limit=round(limit / mb, 1))


def _looks_like_text(data: bytes) -> bool:
    return b"\x00" not in data[:4096]


def _check_xlsx_parts(data: bytes, name: str) -> None:
    """Refuse a workbook whose parts unpack to too much, before openpyxl reads any of them.

    zipfile never unpacks more than a part's declared size, so the declared sizes bound the work.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise UnreadableFile.because("not_spreadsheet", name=name) from exc
    mb = 1024 * 1024
    unpacked = 0
    for part in archive.infolist():
        unpacked += part.file_size
        limit = XLSX_MAX_SHARED_STRINGS_BYTES if part.filename.endswith("sharedStrings.xml") else XLSX_MAX_PART_BYTES
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > limit or (part.file_size > _RATIO_FROM_BYTES and ratio > XLSX_MAX_RATIO):
            size = round(part.file_size / mb, 1)
            cap = round(min(limit, part.compress_size * XLSX_MAX_RATIO) / mb, 1)
            raise UnreadableFile.because("unpacks_too_large", name=name, size=size, limit=cap)
    if unpacked > XLSX_MAX_UNPACKED_BYTES:
        raise UnreadableFile.because(
            "unpacks_too_large", name=name, size=round(unpacked / mb, 1), limit=round(XLSX_MAX_UNPACKED_BYTES / mb, 1)
        )


def _xlsx_rows(
    data: bytes, name: str, sheet_name: str | None = None
) -> tuple[Iterator[tuple[int, list[Any]]], int | None]:
    """The rows of the first sheet (or of the sheet named `sheet_name`) that exist in the file, with their
    row numbers.

    openpyxl's iter_rows stops at the sheet's declared last row (rows below it would be lost
    without a word) and fills every gap up to it (a cell at row 1,000,000 means a million empty
    rows): its sheet parser is read directly instead, and only rows that are there come out.
    """
    _check_xlsx_parts(data, name)
    try:
        # Any: the read-only sheet's and workbook's private parser inputs are used below (no stubs).
        workbook: Any = _load_read_only(data)
        sheet: Any = workbook.worksheets[0] if sheet_name is None else _named_sheet(workbook, sheet_name)
        declared = sheet.max_row if sheet is not None else 0  # only an estimate for the progress bar
    except Exception as exc:  # openpyxl raises many kinds on a broken file: all mean "cannot read"
        raise UnreadableFile.because("not_spreadsheet", name=name) from exc
    if sheet is None:
        workbook.close()
        raise UnreadableFile.because("no_sheet", name=name, sheet=sheet_name)
    limit = max_rows()

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            with sheet._get_source() as source:
                parser = _sheet_parser()(
                    source,
                    sheet._shared_strings,
                    data_only=workbook.data_only,
                    epoch=workbook.epoch,
                    date_formats=workbook._date_formats,
                    timedelta_formats=workbook._timedelta_formats,
                )
                for number, values in parser.rows():
                    if number > limit + 1:  # + the header row
                        raise UnreadableFile.because("too_many_rows", name=name, rows=number, limit=limit)
                    yield number, values
        except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:  # SyntaxError: bad XML
            raise UnreadableFile.because("not_spreadsheet", name=name) from exc
        finally:
            workbook.close()

    return rows(), (min(declared, limit + 1) if declared else None)


_SIZE_LOCK = threading.Lock()
_DATES_MEMO = 20_000  # distinct date cells remembered while a sheet is read (55 years of days; ~3 MB at most)


def _load_read_only(data: bytes) -> Any:
    """openpyxl's load_workbook(read_only=True), without reading a whole sheet twice, its shared strings read by
    `_shared_strings`.

    Opening a read-only workbook looks for each sheet's <dimension> (its declared size) and, when a sheet has none
    (openpyxl's own write-only files, and others), parses the whole sheet to its end looking for it: a fifth of a
    50,000-row file's reading (#19). The dimension precedes <sheetData> (the schema's order, and openpyxl's
    search never finds one after it), so `_declared_size` stops at <sheetData>'s start: the same size, or None,
    without the pass. The replacement is the same function made faster: the lock only keeps two imports from
    restoring each other's."""
    from openpyxl import load_workbook
    from openpyxl.reader import excel
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    sheet_class: Any = ReadOnlyWorksheet
    reader: Any = excel
    with _SIZE_LOCK:
        original = sheet_class.__dict__["_get_size"]
        original_strings = reader.read_string_table
        sheet_class._get_size = _declared_size
        reader.read_string_table = _shared_strings
        try:
            return load_workbook(io.BytesIO(data), read_only=True, data_only=False)
        finally:
            sheet_class._get_size = original
            reader.read_string_table = original_strings


def _declared_size(sheet: Any) -> None:
    """ReadOnlyWorksheet._get_size, ending at <sheetData>'s start rather than at its end."""
    from openpyxl.worksheet._reader import DATA_TAG, DIMENSION_TAG
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.functions import iterparse

    source = sheet._get_source()
    try:
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                if element.tag == DATA_TAG:
                    return
                continue
            if element.tag == DIMENSION_TAG:
                boundaries = SheetDimension.from_tree(element).boundaries  # type: ignore[union-attr]  # as openpyxl
                if boundaries is not None:
                    sheet._min_column, sheet._min_row, sheet._max_column, sheet._max_row = boundaries
                return
            element.clear()
    finally:
        source.close()


def _iterparse(source: Any, tag: str) -> Any:
    """lxml's iterparse of `source`'s `tag` elements (their end), hardened as openpyxl's own parsing of a workbook:
    entities are never resolved (a "billion laughs" stays one unexpanded reference), nothing is fetched from the
    network or a file, no DTD is loaded, libxml2's limits on a node's size and the tree's depth stay on
    (huge_tree=False); comments and processing instructions are dropped (no cell is one). lxml's events come from C,
    filtered by tag, where ElementTree's iterparse yielded every element of the sheet through Python (#19)."""
    from lxml import etree

    return etree.iterparse(
        source,
        events=("end",),
        tag=tag,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def _forget_previous(element: Any) -> None:
    """Drop `element` and its read siblings from the tree lxml builds, so memory stays flat in rows."""
    element.clear()
    while element.getprevious() is not None:
        del element.getparent()[0]


def _shared_strings(source: Any) -> list[str]:
    """openpyxl's read_string_table (each <si>'s text without formatting, "x005F_" dropped), on lxml: an <si>
    whose only child is its plain <t> is that text, any other (rich text runs, phonetic hints) openpyxl's Text's
    content. openpyxl built a Text object for every string: a 50,000-row file's 100,000 strings were a third of its
    reading (#19)."""
    from openpyxl.cell.text import Text
    from openpyxl.xml.constants import SHEET_MAIN_NS

    text_tag = f"{{{SHEET_MAIN_NS}}}t"
    strings: list[str] = []
    add = strings.append
    for _event, item in _iterparse(source, f"{{{SHEET_MAIN_NS}}}si"):
        if len(item) == 1 and (plain := item[0]).tag == text_tag and not len(plain):
            text = plain.text or ""
        else:
            text = Text.from_tree(item).content  # type: ignore[union-attr]  # as openpyxl reads it
        add(text.replace("x005F_", "") if "x005F_" in text else text)
        _forget_previous(item)
    return strings


@functools.cache
def _sheet_parser() -> type:
    """openpyxl's sheet parser, with the commonest cells read directly, as openpyxl reads them:
    - a plain inline string (<is><t>text</t></is>, what openpyxl and other writers put in a cell) as its text:
      openpyxl builds a rich-text object for each such cell to take its text back (a sixth of the reading of an
      openpyxl-written file, #19);
    - a cell whose only child is its value (<v>), a shared string (Excel's text cells) or a number, a date when its
      style is a date format: openpyxl's parse_cell looks for a formula and its value's text again, and goes through
      every type's branch (#19).
    Any other cell (formulas, booleans, errors, rich text, a date out of range), openpyxl's way.

    `rows()` is what the import reads: each <row>'s number and its values by column, without the cell dicts of
    `parse()` (which stays openpyxl's, for the tests to compare) and without the sheet's other parts."""
    from openpyxl.utils import coordinate_to_tuple
    from openpyxl.utils.cell import column_index_from_string
    from openpyxl.utils.datetime import from_excel
    from openpyxl.worksheet._reader import (  # type: ignore[attr-defined]  # _cast_number: not in the stubs
        FORMULA_TAG,
        INLINE_STRING,
        ROW_TAG,
        VALUE_TAG,
        WorkSheetParser,
        _cast_number,
    )
    from openpyxl.xml.constants import SHEET_MAIN_NS

    text_tag = f"{{{SHEET_MAIN_NS}}}t"
    other = object()  # a cell left to openpyxl

    class SheetParser(WorkSheetParser):
        def cell_value(self, element: Any) -> tuple[Any, str, int]:
            """The cell's value, data type and style, or `other` for a cell openpyxl reads itself."""
            kind = element.get("t", "n")
            if kind == "s" or kind == "n":
                if len(element) != 1 or element[0].tag != VALUE_TAG or not element[0].text:
                    return other, kind, 0
                text = element[0].text
                style_id = element.get("s", 0)
                if style_id:
                    style_id = int(style_id)
                if kind == "s":
                    return self.shared_strings[int(text)], kind, style_id
                value = _cast_number(text)
                if style_id in self.date_formats:
                    try:
                        value = from_excel(value, self.epoch, timedelta=style_id in self.timedelta_formats)
                    except (OverflowError, ValueError):  # openpyxl warns and makes it an error cell
                        return other, kind, 0
                    return value, "d", style_id
                return value, kind, style_id
            if kind == "inlineStr" and not self.rich_text:
                child = element.find(INLINE_STRING)
                if (
                    child is None
                    or len(child) != 1
                    or child[0].tag != text_tag
                    or (not self.data_only and element.find(FORMULA_TAG) is not None)
                ):
                    return other, kind, 0
                style_id = element.get("s", 0)
                if style_id:
                    style_id = int(style_id)
                return child[0].text or "", "s", style_id
            return other, kind, 0

        def position(self, element: Any) -> tuple[int, int]:
            coordinate = element.get("r")
            if coordinate:
                row, column = coordinate_to_tuple(coordinate)
                self.col_counter = column
                return row, column
            self.col_counter += 1
            return self.row_counter, self.col_counter

        def parse_cell(self, element: Any) -> dict[str, Any]:
            value, kind, style_id = self.cell_value(element)
            if value is other:
                return super().parse_cell(element)
            row, column = self.position(element)
            return {"row": row, "column": column, "value": value, "data_type": kind, "style_id": style_id}

        def rows(self) -> Iterator[tuple[int, list[Any]]]:
            """Each row's number and values (column n at n - 1; None where no cell; past XLSX_MAX_COLUMNS
            dropped), the values as _xlsx_value gives them: what parse()'s rows and cells say.

            Read on lxml, <row> elements only (`_iterparse`); the commonest cells (`cell_value`'s) read inline,
            a cell's column from its reference's letters (its row number, repeated in every cell, is not parsed:
            openpyxl's coordinate_to_tuple was a tenth of the reading, #19); any other cell openpyxl's way."""
            base_cell = super().parse_cell
            shared, date_formats, epoch = self.shared_strings, self.date_formats, self.epoch
            timedelta_formats, rich_text = self.timedelta_formats, self.rich_text
            dates: dict[tuple[str, int], Any] = {}  # a date column repeats its days: from_excel once a day
            column_of: dict[str, int] = {}
            for _event, element in _iterparse(self.source, ROW_TAG):
                number = element.get("r")
                if number is not None:
                    try:
                        self.row_counter = int(number)
                    except ValueError:
                        real = float(number)
                        if not real.is_integer():
                            raise ValueError(f"{number} is not a valid row number") from None
                        self.row_counter = int(real)
                else:
                    self.row_counter += 1
                column = 0
                values: list[Any] = []
                for cell in element:
                    value: Any = other
                    kind = cell.get("t")
                    if kind is None or kind == "s" or kind == "n":
                        if len(cell) == 1 and (child := cell[0]).tag == VALUE_TAG and (text := child.text):
                            if kind == "s":
                                value = shared[int(text)]
                            else:
                                value = float(text) if "." in text or "E" in text or "e" in text else int(text)
                                style = cell.get("s")
                                style_id = int(style) if style else 0
                                if style_id in date_formats:
                                    try:
                                        value = dates[text, style_id]
                                    except KeyError:
                                        try:
                                            value = from_excel(value, epoch, timedelta=style_id in timedelta_formats)
                                        except (OverflowError, ValueError):  # openpyxl warns; an error cell
                                            value = other
                                        else:
                                            if len(dates) < _DATES_MEMO:
                                                dates[text, style_id] = value
                    elif kind == "inlineStr" and not rich_text:
                        # its only child its <is>, whose only child its plain <t> (no formula: a formula is a child)
                        if (
                            len(cell) == 1
                            and (child := cell[0]).tag == INLINE_STRING
                            and len(child) == 1
                            and (plain := child[0]).tag == text_tag
                            and not len(plain)
                        ):
                            value = plain.text or ""
                    if value is other:
                        self.col_counter = column
                        parsed = base_cell(cell)
                        column, value = parsed["column"], parsed["value"]
                        if value.__class__ not in _CELL_TYPES:
                            value = _xlsx_value(value)
                    else:
                        coordinate = cell.get("r")
                        if coordinate:
                            letters = coordinate.rstrip("0123456789")
                            if len(letters) == len(coordinate):
                                raise ValueError(f"{coordinate} is not a cell reference")
                            try:
                                column = column_of[letters]
                            except KeyError:  # openpyxl's reading of the letters, once per sheet
                                column = column_of[letters] = column_index_from_string(letters)
                        else:
                            column += 1
                    if column > XLSX_MAX_COLUMNS:
                        continue
                    width = len(values)
                    if column == width + 1:
                        values.append(value)
                    elif column > width:
                        values.extend([None] * (column - 1 - width))
                        values.append(value)
                    else:
                        values[column - 1] = value
                self.col_counter = column
                _forget_previous(element)
                yield self.row_counter, values

    return SheetParser


def _named_sheet(workbook: Any, sheet_name: str) -> Any:
    """The worksheet whose name is `sheet_name` (case and surrounding spaces do not matter), or None."""
    wanted = sheet_name.strip().casefold()
    for candidate in workbook.worksheets:
        if candidate.title.strip().casefold() == wanted:
            return candidate
    return None


def _xlsx_value(value: Any) -> Any:
    text = getattr(value, "text", None)  # an ArrayFormula: keep its formula text
    if isinstance(text, str):
        return text
    return value


def _csv_rows(data: bytes, name: str) -> tuple[Iterator[tuple[int, list[Any]]], int | None]:
    if not _looks_like_text(data) and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise UnreadableFile.because("not_spreadsheet", name=name)
    text = _decode(data, name)
    # Count the rows with content before reading any (a 2 MB file can hold a million one-letter rows).
    lines = text.splitlines()
    last = max((n for n, line in enumerate(lines, start=1) if line.strip(_STRIP + ",;")), default=0)
    limit = max_rows()
    if last > limit + 1:
        raise UnreadableFile.because("too_many_rows", name=name, rows=last, limit=limit)
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            yield from enumerate(reader, start=1)
        except csv.Error as exc:
            raise UnreadableFile.because("not_spreadsheet", name=name) from exc

    return rows(), len(lines)


# Encodings a CSV from a Kazakh or Russian office comes in, other than UTF-8: Excel's "CSV" on a
# Russian Windows writes Windows-1251; KOI8-R and DOS 866 come from old systems and would read as
# Windows-1251 without an error, garbling every name. charset-normalizer tells them apart.
_CYRILLIC_ENCODINGS = ["cp1251", "koi8_r", "cp866"]
_ENCODING_NAMES = {"koi8_r": "KOI8-R", "cp866": "DOS 866"}


def _decode(data: bytes, name: str) -> str:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise UnreadableFile.because("bad_encoding", name=name) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CYRILLIC_ENCODINGS).best()
    if best is not None and best.encoding == "cp1251":
        return data.decode("cp1251")
    if best is not None and best.encoding in _ENCODING_NAMES:
        raise UnreadableFile.because(
            "bad_encoding", name=name, variant="detected", encoding=_ENCODING_NAMES[best.encoding]
        )
    raise UnreadableFile.because("bad_encoding", name=name)


def sniff_delimiter(text: str) -> str:
    """Comma, semicolon or tab: whichever splits the first non-empty line into most fields."""
    for line in text.splitlines():
        if line.strip(_STRIP):
            best, best_count = ",", 0
            for candidate in _DELIMITERS:
                count = len(next(csv.reader([line], delimiter=candidate))) - 1
                if count > best_count:
                    best, best_count = candidate, count
            return best
    return ","


_CELL_TYPES = frozenset({str, int, float, bool, dt.datetime, dt.date, type(None)})


def _non_empty(raw_rows: Iterator[tuple[int, Sequence[Any]]]) -> Iterator[tuple[int, list[Any]]]:
    for number, values in raw_rows:
        cleaned = [(v.strip(_STRIP) or None) if isinstance(v, str) else v for v in values]  # clean_value, inline
        if any(v is not None for v in cleaned):
            yield number, cleaned


def clean_value(value: Any) -> Any:
    """Trim spaces (also non-breaking ones) from text; empty text becomes None.

    Text beginning with =, +, - or @ is kept verbatim: it is data, never a formula.
    Other types (numbers, dates, booleans from spreadsheet cells) are kept as they are.
    """
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip(_STRIP)
        return value or None
    return value


def header_text(value: Any) -> str:
    return "" if value is None else str(value).strip(_STRIP)


def normalize_header(value: Any) -> str:
    """Case, spacing, underscores, dots and a trailing * do not matter; ё is е."""
    text = header_text(value).casefold().replace("ё", "е")
    return _HEADER_JUNK.sub(" ", text).strip()


# ---------------------------------------------------------------------------
# Columns, issues and the report


class CellError(Exception):
    """A parse function's complaint about one cell: an error code and message params."""

    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Column:
    """One accepted column: canonical name, header aliases (en/ru/kk), required?, parse(value).

    parse receives a cleaned, non-empty cell value (str, int, float, date, datetime or
    bool) and returns the parsed value or raises CellError / ValidationError(code=...).
    """

    name: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    parse: Callable[[Any], Any] | None = None
    label: Any = ""
    help: Any = ""

    def matches(self) -> set[str]:
        return {normalize_header(self.name), *(normalize_header(a) for a in self.aliases)}


@dataclass
class RowIssue:
    """A problem found in a row (row = spreadsheet row number, header = 1); `sheet` names the workbook's sheet
    when an import reads several (it then leads the issue's dict)."""

    row: int
    column: str
    code: str
    params: dict[str, Any] = field(default_factory=dict)
    sheet: str = ""

    def to_dict(self, *, messages: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """With messages: the public shape (row, column, code, message); without: code and params."""
        where: dict[str, Any] = {"sheet": self.sheet} if self.sheet else {}
        if messages is not None:
            return {
                **where,
                "row": self.row,
                "column": self.column,
                "code": self.code,
                "message": render_message(self.code, self.params, column=self.column, messages=messages),
            }
        return {**where, "row": self.row, "column": self.column, "code": self.code, "params": self.params}


BASE_MESSAGES: dict[str, Any] = {
    "missing_field": _("The required column {column} is empty."),
    "missing_field.header": _("The file has no column {column}, which is required."),
    "bad_date": _("{value} is not a date: write it as dd.mm.yyyy (e.g. 25.06.2024) or yyyy-mm-dd."),
    "bad_date.future": _("The date {value} is in the future."),
    "bad_date.range": _("The date {value} is not a plausible date."),
    "bad_date.order": _("The date {value} must be after {after}."),
    "bad_number": _("{value} is not a whole number between {min} and {max}."),
    "bad_choice": _("{value} is not one of the accepted values: {choices}."),
    "bad_email": _("{value} is not an e-mail address."),
    "bad_phone": _("{value} is not a phone number: expected +7 7XX XXX XX XX."),
    "bad_decimal": _("{value} is not a number between {min} and {max}."),
    "too_long": _("The value {value} is too long: at most {max} characters."),
}


def render_message(
    code: str, params: Mapping[str, Any] | None, *, column: str = "", messages: Mapping[str, Any] | None = None
) -> str:
    """The issue's text in the active language (looked up as code.variant, then code)."""
    params = dict(params or {})
    table = messages if messages is not None else BASE_MESSAGES
    variant = params.get("variant")
    template = (variant and table.get(f"{code}.{variant}")) or table.get(code) or BASE_MESSAGES.get(code)
    if template is None:
        return str(code)
    params.setdefault("column", column)
    params.setdefault("value", "")
    return _safe_format(str(template), params)


def _safe_format(template: str, params: Mapping[str, Any]) -> str:
    class _Missing(dict):
        def __missing__(self, key: str) -> str:
            return "{" + key + "}"

    try:
        return template.format_map(_Missing(params))
    except (ValueError, IndexError, AttributeError):
        return template


def with_messages(report: Mapping[str, Any] | None, messages: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A copy of a stored report whose errors and warnings carry a "message" in the active language."""
    out = dict(report or {})
    for key in ("errors", "warnings"):
        items = []
        for item in out.get(key) or []:
            item = dict(item)
            item["message"] = render_message(
                item.get("code", ""), item.get("params"), column=item.get("column", ""), messages=messages
            )
            items.append(item)
        out[key] = items
    if out.get("error_code"):
        out["error"] = unreadable_message(out["error_code"], out.get("error_params"))
    return out


class IssueList(list[RowIssue]):
    """The issues of a run, at most `limit` of them kept; `total` counts them all.

    A file with a million bad rows must not hold a million issues in the worker's memory:
    the report lists the first ones (by row) and says how many more there were.
    """

    def __init__(self, limit: int | None = None) -> None:
        super().__init__()
        self.limit = limit if limit is not None else int(getattr(settings, "IMPORT_MAX_ISSUES", 1000))
        self.total = 0

    def append(self, issue: RowIssue) -> None:
        self.total += 1
        if len(self) < self.limit:
            super().append(issue)

    def extend(self, issues: Iterable[RowIssue]) -> None:
        for issue in issues:
            self.append(issue)


@dataclass
class ImportReport:
    """Counts and issues of one run; to_dict() is the JSON contract of the import commands.

    errors_total / warnings_total count every issue; errors / warnings list at most
    IMPORT_MAX_ISSUES of each.
    """

    rows: int = 0
    valid: int = 0
    invalid: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: IssueList = field(default_factory=IssueList)
    warnings: IssueList = field(default_factory=IssueList)
    ignored_columns: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    messages: Mapping[str, Any] = field(default_factory=lambda: BASE_MESSAGES, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors.total

    def error(self, row: int, column: str, code: str, **params: Any) -> RowIssue:
        issue = RowIssue(row, column, code, params)
        self.errors.append(issue)
        return issue

    def warn(self, row: int, column: str, code: str, **params: Any) -> RowIssue:
        issue = RowIssue(row, column, code, params)
        self.warnings.append(issue)
        return issue

    def sort(self) -> None:
        self.errors.sort(key=lambda i: i.row)
        self.warnings.sort(key=lambda i: i.row)

    def refused(self) -> bool:
        """Sort the issues; True when there is an error: then nothing is written, so the report counts nothing
        created, updated or unchanged (all or nothing)."""
        self.sort()
        if not self.errors.total:
            return False
        self.created = self.updated = self.unchanged = 0
        return True

    def to_dict(self, *, messages: bool = True) -> dict[str, Any]:
        """messages=True: exactly the public JSON (messages in the active language).

        messages=False: the stored form — issues keep code and params instead of a
        message, and the extra keys (e.g. a preview) are included.
        """
        table = self.messages if messages else None
        out: dict[str, Any] = {
            "rows": self.rows,
            "valid": self.valid,
            "invalid": self.invalid,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "errors": [i.to_dict(messages=table) for i in self.errors],
            "warnings": [i.to_dict(messages=table) for i in self.warnings],
            "ignored_columns": list(self.ignored_columns),
        }
        # The totals join the public JSON only when issues were left out of the lists (the keys of an
        # ordinary report stay the contract's); the stored form always has them.
        for key, issues in (("errors", self.errors), ("warnings", self.warnings)):
            if not messages or issues.total > len(issues):
                out[f"{key}_total"] = issues.total
        if not messages:
            out.update(self.extra)
        return out


# ---------------------------------------------------------------------------
# Headers and rows


@dataclass
class HeaderMap:
    positions: dict[str, int]  # canonical column name -> index in the row
    ignored: list[str]
    missing: list[str]  # required columns with no header


def map_header(header: Sequence[str], columns: Sequence[Column]) -> HeaderMap:
    lookup: dict[str, str] = {}
    for column in columns:
        for alias in column.matches():
            lookup.setdefault(alias, column.name)
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, title in enumerate(header):
        if not title:
            continue
        name = lookup.get(normalize_header(title))
        if name is None or name in positions:
            ignored.append(title)
        else:
            positions[name] = index
    missing = [c.name for c in columns if c.required and c.name not in positions]
    return HeaderMap(positions, ignored, missing)


class ParsedRow:
    """One data row parsed: `data` the parsed values of the non-empty cells only ("not given" = absent), `shown`
    the cells as the user wrote them (for messages and previews), `issues` its problems.

    `shown` is made from the row's cleaned cells when first read (#19: most rows of a large file are never shown,
    and turning 8 cells a row into text cost a tenth of the parse)."""

    __slots__ = ("_cells", "_shown", "data", "issues", "row")

    def __init__(
        self,
        row: int,
        data: dict[str, Any],
        shown: dict[str, str] | None = None,
        issues: list[RowIssue] | None = None,
        *,
        cells: dict[str, Any] | None = None,
    ) -> None:
        self.row = row
        self.data = data
        self.issues = issues if issues is not None else []
        self._shown = shown
        self._cells = cells if cells is not None else {}

    @property
    def shown(self) -> dict[str, str]:
        if self._shown is None:
            self._shown = {name: shown_value(value) for name, value in self._cells.items()}
        return self._shown

    @property
    def ok(self) -> bool:
        return not self.issues

    def add_issue(self, column: str, code: str, **params: Any) -> None:
        """A problem of this row found after parsing; its value is the cell as written unless params say."""
        params.setdefault("value", self.shown.get(column, ""))
        self.issues.append(RowIssue(self.row, column, code, params))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ParsedRow):
            return NotImplemented
        return (self.row, self.data, self.shown, self.issues) == (other.row, other.data, other.shown, other.issues)

    __hash__ = None  # type: ignore[assignment]  # mutable, as the dataclass it was

    def __repr__(self) -> str:
        return f"ParsedRow(row={self.row!r}, data={self.data!r}, shown={self.shown!r}, issues={self.issues!r})"


def shown_value(value: Any) -> str:
    """A cell value as text for messages and reports."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time(0) else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)[:200]


def row_parser(header: HeaderMap, columns: Sequence[Column]) -> Callable[[int, Sequence[Any]], ParsedRow]:
    """parse_row for rows under this header: the columns present, their positions and parse functions are looked
    up once, not once a cell (#19)."""
    plan = [
        (column.name, index, column.required, column.parse or parse_text)
        for column in columns
        if (index := header.positions.get(column.name)) is not None
    ]

    def parse(number: int, values: Sequence[Any]) -> ParsedRow:
        data: dict[str, Any] = {}
        cells: dict[str, Any] = {}
        issues: list[RowIssue] = []
        width = len(values)
        for name, index, required, parse_cell in plan:
            value = values[index] if index < width else None
            if isinstance(value, str):  # clean_value, inline
                value = value.strip(_STRIP) or None
            if value is None:
                if required:
                    issues.append(RowIssue(number, name, "missing_field", {}))
                continue
            cells[name] = value
            try:
                data[name] = parse_cell(value)
            except CellError as exc:
                issues.append(RowIssue(number, name, exc.code, {"value": shown_value(value), **exc.params}))
            except ValidationError as exc:
                code = exc.code or "invalid"
                params = dict(exc.params or {}) if hasattr(exc, "params") and exc.params else {}
                issues.append(RowIssue(number, name, code, {"value": shown_value(value), **params}))
        return ParsedRow(number, data, issues=issues, cells=cells)

    return parse


def parse_row(number: int, values: Sequence[Any], header: HeaderMap, columns: Sequence[Column]) -> ParsedRow:
    return row_parser(header, columns)(number, values)


def parse_rows(
    table: Table,
    columns: Sequence[Column],
    header: HeaderMap,
    *,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    progress: ProgressCallback | None = None,
    progress_span: tuple[float, float] = (0.0, 1.0),
) -> Iterator[list[ParsedRow]]:
    """Parse the table's rows, yielding them in chunks; progress(fraction) every 500 rows."""
    start, end = progress_span
    chunk: list[ParsedRow] = []
    seen = 0
    parse = row_parser(header, columns)
    for number, values in table.rows:
        chunk.append(parse(number, values))
        seen += 1
        if seen % PROGRESS_EVERY == 0 and table.budget is not None:
            table.budget.check()
        if progress and seen % PROGRESS_EVERY == 0:
            fraction = min(seen / table.total, 1.0) if table.total else 0.5
            progress(start + (end - start) * fraction)
        if len(chunk) >= chunk_size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
    if progress:
        progress(end)


class RowCheck:
    """The base of an import's row checks over one report: `row` (the import's own) checks a parsed row and counts
    it; `fail` counts a row invalid with its issues; `check_table` feeds every row of the table to them."""

    report: ImportReport

    def row(self, row: ParsedRow) -> None:
        raise NotImplementedError

    def fail(self, row: ParsedRow) -> None:
        self.report.invalid += 1
        self.report.errors.extend(row.issues)

    def check_table(
        self,
        table: Table,
        columns: Sequence[Column],
        header: HeaderMap,
        *,
        progress: ProgressCallback | None = None,
        progress_span: tuple[float, float] = (0.0, 1.0),
    ) -> None:
        """Every row through `row`, chunk by chunk; a row whose cells did not parse fails as it is; with a required
        column missing from the header (its error is in the report) every row counts invalid and none is checked."""
        for chunk in parse_rows(table, columns, header, progress=progress, progress_span=progress_span):
            if header.missing:
                self.report.rows += len(chunk)
                self.report.invalid += len(chunk)
                continue
            for row in chunk:
                if row.issues:
                    self.report.rows += 1
                    self.fail(row)
                    continue
                self.row(row)


# ---------------------------------------------------------------------------
# One import's declaration


@dataclass(frozen=True)
class ImportSpec:
    """What one import declares: its columns and the messages of its codes (BASE_MESSAGES included).

    The import's own rules (which rows are valid, what a row writes) stay in its app: they start
    from `open` (the file read, its header mapped, the report begun); `column_help` describes the
    columns to the pages.
    """

    columns: Sequence[Column]
    messages: Mapping[str, Any]

    def open(self, file_obj: Any, filename: str) -> tuple[Table, HeaderMap, ImportReport]:
        """The table, its header and a report with an error for each required column the header lacks.

        Raises UnreadableFile (see open_import).
        """
        table, header = open_import(file_obj, filename, self.columns)
        report = ImportReport(ignored_columns=header.ignored, messages=self.messages)
        for name in header.missing:
            report.error(table.header_row, name, "missing_field", variant="header")
        return table, header, report

    def column_help(self) -> list[dict[str, Any]]:
        """The accepted columns: name, label, aliases, required? and what each accepts."""
        return [
            {
                "name": c.name,
                "label": str(c.label),
                "aliases": list(c.aliases),
                "required": c.required,
                "accepts": str(c.help),
            }
            for c in self.columns
        ]


# ---------------------------------------------------------------------------
# Parsers shared by imports (each raises CellError with a code from BASE_MESSAGES)

_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


def parse_text(value: Any, *, max_length: int | None = None) -> str:
    text = shown_value(value)
    if max_length is not None and len(text) > max_length:
        raise CellError("too_long", max=max_length)
    return text


def text_parser(max_length: int) -> Callable[[Any], str]:
    def parse(value: Any) -> str:
        if value.__class__ is str:  # a text cell (most are): shown_value's text, without its type checks
            text = value[:200]
            if len(text) > max_length:
                raise CellError("too_long", max=max_length)
            return text
        return parse_text(value, max_length=max_length)

    return parse


def identifier_text(value: Any) -> str:
    """An IIN or BIN cell as text: spaces and a trailing ".0" dropped, a number cell's lost leading zeros back."""
    text = clean_identifier(shown_value(value))
    if isinstance(value, int | float) and not isinstance(value, bool) and text.isdigit() and 10 <= len(text) < 12:
        text = text.zfill(12)
    return text


def parse_date(value: Any, *, not_after: dt.date | None = None, earliest: dt.date = dt.date(1900, 1, 1)) -> dt.date:
    """dd.mm.yyyy, yyyy-mm-dd or a native spreadsheet date; impossible dates are bad_date."""
    if isinstance(value, dt.datetime):
        parsed = value.date()
    elif isinstance(value, dt.date):
        parsed = value
    elif isinstance(value, str):
        text = value.strip(_STRIP)
        if " " in text:  # "25.06.2024 00:00:00" as some exports write it
            head, _sep, tail = text.partition(" ")
            text = head if re.fullmatch(r"[\d:.]+", tail) else text
        for fmt in _DATE_FORMATS:
            try:
                parsed = dt.datetime.strptime(text, fmt).date()
                break
            except ValueError:
                continue
        else:
            raise CellError("bad_date")
    else:
        raise CellError("bad_date")
    if parsed < earliest:
        raise CellError("bad_date", variant="range")
    if not_after is not None and parsed > not_after:
        raise CellError("bad_date", variant="future")
    return parsed


def parse_int(value: Any, *, minimum: int, maximum: int, code: str = "bad_number") -> int:
    """A whole number; "2021.0" (a number cell read as text) is fine."""
    if isinstance(value, bool):
        raise CellError(code, min=minimum, max=maximum)
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\d+(\.0+)?", value.strip(_STRIP)):
        number = int(value.strip(_STRIP).split(".")[0])
    else:
        raise CellError(code, min=minimum, max=maximum)
    if not minimum <= number <= maximum:
        raise CellError(code, min=minimum, max=maximum)
    return number


def parse_decimal(
    value: Any, *, minimum: Decimal, maximum: Decimal, places: int = 2, code: str = "bad_decimal"
) -> Decimal:
    """A decimal with a comma or dot; rounded half up to `places`."""
    if isinstance(value, bool):
        raise CellError(code, min=minimum, max=maximum)
    text = repr(value) if isinstance(value, float) else str(value).strip(_STRIP).replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise CellError(code, min=minimum, max=maximum) from None
    if not number.is_finite():
        raise CellError(code, min=minimum, max=maximum)
    number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not minimum <= number <= maximum:
        raise CellError(code, min=minimum, max=maximum)
    return number


def choice_parser(
    mapping: Mapping[str, Any], *, shown: Sequence[str] | None = None, code: str = "bad_choice"
) -> Callable[[Any], Any]:
    """Case-insensitive choice from a mapping of accepted spellings to stored values (else `code`)."""
    table = {normalize_choice(k): v for k, v in mapping.items()}
    listed = ", ".join(shown if shown is not None else list(mapping))
    # A file writes a column's few spellings over and over: each accepted cell's answer is remembered (by type
    # too: True, 1 and 1.0 are equal keys), up to CHOICE_MEMO of them (#19: normalize_choice was 2 µs a cell).
    memo: dict[tuple[type, Any], Any] = {}

    def parse(value: Any) -> Any:
        key = (value.__class__, value)
        try:
            return memo[key]
        except KeyError:
            hashable = True
        except TypeError:  # not hashable
            hashable = False
        normal = normalize_choice(value)
        if normal not in table:
            raise CellError(code, choices=listed)
        if hashable and len(memo) < CHOICE_MEMO:
            memo[key] = table[normal]
        return table[normal]

    return parse


def choice_spellings(enum: Any, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """A choices enum's accepted spellings: each value and its label in Kazakh, Russian and English, plus `extra`
    (a file's own words for a value, e.g. "отчисление")."""
    spellings: dict[str, Any] = {}
    for choice in enum:
        spellings[choice.value] = choice.value
        for lang in ("kk", "ru", "en"):
            with translation.override(lang):
                spellings[str(choice.label)] = choice.value
    spellings.update(extra or {})
    return spellings


def enum_parser(enum: Any, extra: Mapping[str, Any] | None = None, *, code: str = "bad_choice") -> Callable[[Any], Any]:
    """choice_parser over a choices enum's values and labels in the three languages (plus `extra`)."""
    return choice_parser(choice_spellings(enum, extra), shown=[c.value for c in enum], code=code)


def normalize_choice(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    text = shown_value(value).casefold().replace("ё", "е")
    return re.sub(r"\s+", " ", text).strip(" .")


def parse_email(value: Any, *, max_length: int = 254) -> str:
    text = parse_text(value, max_length=max_length)
    try:
        validate_email(text)
    except ValidationError:
        raise CellError("bad_email") from None
    return text


def parse_phone(value: Any) -> str:
    text = shown_value(value)
    try:
        return normalize_phone(text)
    except ValidationError:
        raise CellError("bad_phone") from None
