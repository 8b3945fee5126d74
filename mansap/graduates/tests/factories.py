"""Helpers for the journal and record tests: graduates, rounds and small real files."""

from __future__ import annotations

import datetime as dt
import struct
import zlib
from typing import Any

from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from mansap.common.testing import make_student
from mansap.core.models import AcademicYear, EducationalProgram, Institution, Student
from mansap.graduates.models import CollectionRound

GRADUATION = dt.date(2025, 6, 25)


class EmptyCache:
    """Mixed into the tests that switch the figures' cache on (MANSAP_KPI_CACHE=True): the shared cache empty
    before and after each test, so no test reads another's figures."""

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        cache.clear()

    def tearDown(self) -> None:
        cache.clear()
        super().tearDown()  # type: ignore[misc]


def make_graduate(program: EducationalProgram, **fields: Any) -> Student:
    fields.setdefault("graduation_date", GRADUATION)
    return make_student(program, **fields)


def make_round(institution: Institution, *, cohort: int = 2025, opens_on: dt.date, deadline: dt.date, **fields: Any):
    start = opens_on.year if opens_on.month >= 9 else opens_on.year - 1
    year, _ = AcademicYear.objects.get_or_create(
        institution=institution,
        start_year=start,
        defaults={"starts_on": dt.date(start, 9, 1), "ends_on": dt.date(start + 1, 6, 30)},
    )
    number = fields.pop("number", CollectionRound.objects.filter(academic_year=year, cohort=cohort).count() + 1)
    return CollectionRound.objects.create(
        institution=institution,
        academic_year=year,
        number=number,
        cohort=cohort,
        opens_on=opens_on,
        deadline=deadline,
        **fields,
    )


def png_bytes() -> bytes:
    """A real 1×1 PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\xff\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


_extract_serials = iter(range(1, 10**6))


def make_extract(institution: Institution, kind: str, cohorts: tuple[int, ...] = (2025,), **fields: Any):
    """An official extract (#20) listing the cohorts, without a file: its rows are added with the helpers below."""
    from mansap.graduates.models import ExtractCohort, OfficialExtract

    serial = next(_extract_serials)
    fields.setdefault("source", "ESUTD" if kind == "contracts" else "UAPF")
    fields.setdefault("period_start", dt.date(2025, 7, 1))
    fields.setdefault("period_end", dt.date(2026, 6, 30))
    fields.setdefault("consent_basis", "consent forms collected at graduation")
    extract = OfficialExtract.objects.create(
        institution=institution,
        kind=kind,
        file=f"extracts/test-{serial}.xlsx",
        original_name=f"extract-{serial}.xlsx",
        sha256=f"{serial:064x}",
        **fields,
    )
    for year in cohorts:
        ExtractCohort.objects.create(extract=extract, year=year)
    return extract


def add_contract(extract: Any, graduate: Student, started_on: dt.date, ended_on: dt.date | None = None, **fields: Any):
    from mansap.graduates.models import OfficialContract

    fields.setdefault("row_number", extract.contracts.count() + 2)
    return OfficialContract.objects.create(
        extract=extract, iin=graduate.iin, graduate=graduate, started_on=started_on, ended_on=ended_on, **fields
    )


def add_contributions(extract: Any, graduate: Student, *months: dt.date, **fields: Any) -> None:
    from mansap.graduates.models import OfficialContribution

    for month in months:
        OfficialContribution.objects.create(
            extract=extract,
            iin=graduate.iin,
            graduate=graduate,
            month=month.replace(day=1),
            row_number=extract.contributions.count() + 2,
            **fields,
        )
