"""Practice documents (R-021, R-022, R-025, R-026): content builders → one neutral structure → DOCX and PDF.

    document = build_for_practice(practice, "referral", Placement.objects.filter(practice=practice), "kk")
    response = file_response(document, "pdf")

- `content`: what each document says (in the chosen language, independent of the screen's);
- `structure`: the neutral pages/blocks both writers read;
- `docx`: python-docx writer (editable); `pdf`: WeasyPrint writer (Kazakh letters render).

Loading is bounded: one query for the practice, one for its placements (with students, bases,
supervisors and orders), one for the diary entries when a diary is made, one for a contract.
"""

from __future__ import annotations

import re
from urllib.parse import quote

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone

from mansap.practice.models import Placement, Practice, PracticeBase, PracticeContract, PracticeOrder
from mansap.practice.reports.documents import content
from mansap.practice.reports.documents.structure import Document

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
PER_STUDENT = tuple(content.PER_STUDENT)  # referral, notice, diary, report
PRACTICE_DOCUMENTS = ("submission", *PER_STUDENT)


def render(document: Document, fmt: str) -> bytes:
    if fmt == "docx":
        from mansap.practice.reports.documents.docx import write_docx

        return write_docx(document)
    if fmt == "pdf":
        from mansap.practice.reports.documents.pdf import write_pdf

        return write_pdf(document)
    raise ValueError(f"unknown format {fmt!r}")


def safe_filename(name: str) -> str:
    """Letters (any script), digits, spaces, dots and dashes; quotes dropped, anything else "_"."""
    cleaned = re.sub(r"[«»\"'“”„]", "", name)
    cleaned = re.sub(r"[^\w\-. ]", "_", cleaned, flags=re.UNICODE)
    return re.sub(r"\s+", " ", cleaned).strip(" ._") or "document"


def file_response(document: Document, fmt: str) -> HttpResponse:
    """The file as a download; personal data, so never kept in a cache."""
    response = HttpResponse(render(document, fmt), content_type=FORMATS[fmt])
    name = f"{safe_filename(document.filename)}.{fmt}"
    ascii_stem = re.sub(r"\s+", " ", safe_filename(document.filename).encode("ascii", "ignore").decode()).strip()
    ascii_name = f"{ascii_stem or 'document'}.{fmt}"
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def build_for_practice(practice: Practice, doc: str, placements: QuerySet[Placement], language: str) -> Document:
    """A document for all students of a practice (the submission, or the per-student forms, one per page)."""
    practice = content.load_practice(practice)
    rows = content.load_placements(placements.filter(practice=practice), with_diary=doc == "diary")
    if doc == "submission":
        return content.submission(practice, rows, language)
    return content.PER_STUDENT[doc](practice, rows, language)


def build_for_placement(placement: Placement, doc: str, language: str) -> Document:
    practice = content.load_practice(placement.practice)
    rows = content.load_placements(Placement.objects.filter(pk=placement.pk), with_diary=doc == "diary")
    return content.PER_STUDENT[doc](practice, rows, language)


def build_submission(order: PracticeOrder, placements: QuerySet[Placement], language: str) -> Document:
    """The submission of one order: its placements, or all active placements of the practice before any
    were linked to it."""
    practice = content.load_practice(order.practice)
    linked = placements.filter(practice=practice, order=order)
    rows = content.load_placements(linked if linked.exists() else placements.filter(practice=practice))
    return content.submission(practice, rows, language, order=order)


def build_package(practice: Practice, base: PracticeBase, placements: QuerySet[Placement], language: str) -> Document:
    practice = content.load_practice(practice)
    base = PracticeBase.objects.select_related("organization").get(pk=base.pk)
    rows = content.load_placements(placements.filter(practice=practice, base=base))
    contract = (
        PracticeContract.objects.filter(base=base).valid_on(practice.starts_on).order_by("-signed_on", "-pk").first()
    )
    return content.company_package(practice, base, rows, language, contract=contract, today=timezone.localdate())
