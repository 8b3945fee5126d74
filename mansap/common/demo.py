"""Helpers every app's demo data (`<app>/demo.py`) shares: the demo e-mail domain, the academic year, purging,
made-up phone numbers and Latin slugs.

The apps' demo modules take these from here, not from each other: mansap/demo.py (beside urls.py) is the only
module that knows every app's demo and their order.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import TypeAlias, TypeVar

from django.db import connection, models

from mansap.common.translit import to_latin

DEMO_EMAIL_DOMAIN = "mansap.example"  # demo users are recognised (and flushed) by this domain
MOBILE_CODES = ("700", "701", "702", "705", "707", "708", "747", "771", "775", "776", "777", "778")

# Receives a line of progress ("  students: 5000") of a long seed; seed_demo prints them at -v 2.
Progress: TypeAlias = Callable[[str], None]

_M = TypeVar("_M", bound=models.Model)


def current_start_year(today: dt.date) -> int:
    """The academic year running on `today` starts in September of this calendar year."""
    return today.year if today.month >= 9 else today.year - 1


def latin_slug(text: str) -> str:
    """Lower-case ASCII letters and digits of the Latin spelling: "Астана Софт" -> "astanasoft"."""
    return "".join(ch for ch in to_latin(text).lower() if ch.isascii() and ch.isalnum())


def random_phone(rng: random.Random) -> str:
    """A made-up Kazakh mobile number, "+7 701 234 56 78"."""
    n = rng.randrange(10_000_000)
    return f"+7 {rng.choice(MOBILE_CODES)} {n // 10000:03d} {n // 100 % 100:02d} {n % 100:02d}"


def purge(queryset: models.QuerySet[_M]) -> int:
    """Delete rows with one SQL statement: no per-row signals, so no 'deleted' history row each.

    Rows of other models that point at them are deleted (or set to NULL) through the ORM
    first, so their own cascades and PROTECTs still apply. Returns the number of rows deleted.
    """
    model = queryset.model
    for relation in model._meta.related_objects:
        if relation.on_delete is models.DO_NOTHING or relation.many_to_many:
            continue
        pointing = relation.related_model._base_manager.filter(**{f"{relation.field.name}__in": queryset})
        if relation.on_delete is models.SET_NULL:
            pointing.update(**{relation.field.name: None})
        else:
            pointing.delete()
    return queryset._raw_delete(queryset.db)


def no_progress(message: str) -> None:
    """The default Progress: say nothing."""


__all__ = [
    "DEMO_EMAIL_DOMAIN",
    "Progress",
    "current_start_year",
    "latin_slug",
    "no_progress",
    "purge",
    "random_phone",
    "tiny_pdf",
]


def tiny_pdf(text: str) -> bytes:
    """A minimal valid one-page PDF (correct xref offsets) showing `text` (ASCII)."""
    safe = text.encode("ascii", "replace").decode().replace("\\", "").replace("(", "").replace(")", "")
    stream = f"BT /F1 14 Tf 72 760 Td ({safe}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def refresh_statistics() -> None:
    """Tell PostgreSQL's planner what the demo has just loaded (ANALYZE; nothing to do on SQLite).

    The demo is loaded in one transaction and its reports read it back at once, before autovacuum could look:
    the planner then judges the tables by stale statistics, and on a test database bloated by earlier tests it
    once chose a plan that kept the annual report's movement query running for minutes. ANALYZE counts the rows
    the current transaction inserted, and its statistics roll back with it.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
