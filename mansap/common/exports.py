"""XLSX exports built from the list's own django-tables2 table (headers arrive translated)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from io import BytesIO
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_START = ("=", "+", "-", "@")
_SHEET_TITLE_BAD = re.compile(r"[\[\]:*?/\\]")


def text_cell(ws: Worksheet, value: Any, bold: bool = False) -> Any:
    """A cell whose text is always text: '=1+1' stays a string, never a formula (no injection)."""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        cell.data_type = "s"
    if bold:
        cell.font = Font(bold=True)
    return cell


def rows_to_xlsx(title: str, header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_SHEET_TITLE_BAD.sub(" ", title)[:31] or "Sheet")
    ws.append([text_cell(ws, str(h), bold=True) for h in header])
    for row in rows:
        ws.append([text_cell(ws, v) for v in row])
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    safe = re.sub(r"[^\w\-. ]", "_", filename, flags=re.UNICODE).strip() or "export"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(safe)}.xlsx"
    return response


def _quote(text: str) -> str:
    from urllib.parse import quote

    return quote(text)


def table_xlsx_response(table: Any, name: str, exclude: Sequence[str] = ()) -> HttpResponse:
    values = table.as_values(exclude_columns=exclude)
    header = next(values)
    stamp = timezone.localdate().isoformat()
    return xlsx_response(rows_to_xlsx(name, header, values), f"{name} {stamp}")
