"""common.uploads: the FileValidator engine on real magic bytes, and the three rules with the limits and
messages of the copies they replace (graduates/evidence.py, employers validate_pdf, practice reports)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.migrations.serializer import serializer_factory
from django.test import SimpleTestCase
from django.utils import translation

from mansap.common import uploads

MB = 1024 * 1024
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
HTML = b"<!doctype html><script>alert(1)</script>"
GIF = b"GIF89a\x01\x00\x01\x00\x00\x00\x00;"


def docx() -> bytes:
    """A real zip archive, as DOCX and ODT files are."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def upload(content: bytes, name: str = "file.pdf", size: int | None = None) -> SimpleUploadedFile:
    file = SimpleUploadedFile(name, content)
    if size is not None:
        file.size = size  # a large file without allocating it: the validators read the size first
    return file


def outcome(validator: Callable[[Any], None], file: Any) -> tuple[str, str] | None:
    """(code, message in Russian) of the rejection, or None when the file passes."""
    try:
        validator(file)
    except ValidationError as exc:
        with translation.override("ru"):
            return exc.code or "", " ".join(str(m) for m in exc.messages)
    return None


class SniffTests(SimpleTestCase):
    def test_content_types_by_first_bytes(self) -> None:
        self.assertEqual(uploads.sniff_content_type(PDF), "application/pdf")
        self.assertEqual(uploads.sniff_content_type(PNG), "image/png")
        self.assertEqual(uploads.sniff_content_type(JPEG), "image/jpeg")
        for other in (HTML, GIF, DOC, docx(), b""):
            self.assertIsNone(uploads.sniff_content_type(other))

    def test_read_head_rewinds(self) -> None:
        file = upload(PDF)
        file.read(3)
        self.assertEqual(uploads.read_head(file, 4), b"%PDF")
        self.assertEqual(file.tell(), 0)
        self.assertEqual(uploads.read_head(file), PDF[:16])


class FileValidatorTests(SimpleTestCase):
    validator = uploads.FileValidator(
        1000, (uploads.PDF, uploads.PNG), too_large_message="{size} MB is too much.", wrong_type_message="Not PDF/PNG."
    )

    def test_types_by_content_not_name(self) -> None:
        self.assertIsNone(outcome(self.validator, upload(PDF, "scan.png")))
        self.assertIsNone(outcome(self.validator, upload(PNG, "scan.pdf")))
        self.assertEqual(outcome(self.validator, upload(HTML, "scan.pdf")), ("wrong_type", "Not PDF/PNG."))
        self.assertEqual(outcome(self.validator, upload(JPEG, "scan.pdf")), ("wrong_type", "Not PDF/PNG."))
        self.assertEqual(outcome(self.validator, upload(b"", "empty.pdf")), ("wrong_type", "Not PDF/PNG."))

    def test_size_first(self) -> None:
        self.assertIsNone(outcome(self.validator, upload(PDF, size=1000)))
        self.assertEqual(outcome(self.validator, upload(HTML, size=1001)), ("too_large", "0.0 MB is too much."))
        self.assertEqual(
            outcome(self.validator, upload(PDF, size=3 * MB + MB // 4)), ("too_large", "3.2 MB is too much.")
        )

    def test_deconstructible_for_migrations(self) -> None:
        path, args, kwargs = uploads.EVIDENCE.deconstruct()
        self.assertEqual(path, "mansap.common.uploads.FileValidator")
        self.assertEqual(args, (5 * MB, (b"%PDF", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")))
        self.assertEqual(set(kwargs), {"too_large_message", "wrong_type_message"})
        rebuilt = uploads.FileValidator(*args, **kwargs)
        self.assertEqual(rebuilt, uploads.EVIDENCE)
        self.assertNotEqual(rebuilt, uploads.CV_PDF)
        code, imports = serializer_factory(uploads.EVIDENCE).serialize()
        self.assertTrue(code.startswith("mansap.common.uploads.FileValidator(5242880, (b'%PDF'"), code)
        self.assertEqual(imports, {"import mansap.common.uploads"})

    def test_the_rules_are_functions_for_existing_migrations(self) -> None:
        for rule in (uploads.validate_evidence, uploads.validate_pdf, uploads.validate_report_file):
            code, _imports = serializer_factory(rule).serialize()
            self.assertEqual(code, f"mansap.common.uploads.{rule.__name__}")


class RulesTests(SimpleTestCase):
    def test_evidence(self) -> None:
        for content in (PDF, PNG, JPEG):
            self.assertIsNone(outcome(uploads.validate_evidence, upload(content)))
        self.assertIsNone(outcome(uploads.validate_evidence, upload(PDF, size=5 * MB)))
        with translation.override("en"):
            self.assertEqual(
                outcome(uploads.validate_evidence, upload(PDF, size=5 * MB + 1))[0],  # type: ignore[index]
                "too_large",
            )
        for content in (DOC, docx(), HTML, GIF):
            self.assertEqual(outcome(uploads.validate_evidence, upload(content))[0], "wrong_type")  # type: ignore[index]

    def test_cv_pdf(self) -> None:
        self.assertIsNone(outcome(uploads.validate_pdf, upload(PDF, "cv.pdf")))
        for content in (PNG, JPEG, docx(), HTML):
            self.assertEqual(outcome(uploads.validate_pdf, upload(content, "cv.pdf"))[0], "wrong_type")  # type: ignore[index]

    def test_report(self) -> None:
        for content in (PDF, docx(), DOC):
            self.assertIsNone(outcome(uploads.validate_report_file, upload(content, "report.docx")))
        self.assertIsNone(outcome(uploads.validate_report_file, upload(PDF, size=20 * MB)))
        for content in (PNG, JPEG, HTML, b"PK\x05\x06"):  # an empty zip is not a document
            self.assertEqual(outcome(uploads.validate_report_file, upload(content))[0], "wrong_type")  # type: ignore[index]

    def test_english_messages(self) -> None:
        with translation.override("en"):
            self.assertEqual(
                [str(m) for m in _messages(uploads.validate_evidence, upload(PDF, size=6 * MB))],
                ["The file is too large: 6.0 MB; the limit is 5 MB."],
            )
            self.assertEqual(
                [str(m) for m in _messages(uploads.validate_pdf, upload(PNG))],
                ["Upload the CV as a PDF file (the file's content was checked)."],
            )
            self.assertEqual(
                [str(m) for m in _messages(uploads.validate_report_file, upload(PNG))],
                ["Wrong file type: upload the report as PDF, DOCX, DOC or ODT (the file's content was checked)."],
            )
            self.assertEqual(
                [str(m) for m in _messages(uploads.validate_report_file, upload(PDF, size=25 * MB))],
                ["The file is too large: 25.0 MB; the limit is 20 MB."],
            )

    def test_report_answers_as_the_practice_copy_did(self) -> None:
        """practice/services/assessment.py's validate_report_file (now this one) answered these, recorded with
        that code: the code and the message for every kind of file and size (kk/ru: practice's
        tests/test_compatibility.py)."""
        wrong = (
            "wrong_type",
            "Wrong file type: upload the report as PDF, DOCX, DOC or ODT (the file's content was checked).",
        )
        cases = [
            (PDF, None, None), (PNG, None, wrong), (JPEG, None, wrong), (DOC, None, None), (docx(), None, None),
            (HTML, None, wrong), (GIF, None, wrong), (b"", None, wrong), (PDF, 5 * MB, None), (PDF, 5 * MB + 1, None),
            (HTML, 7 * MB, wrong), (PDF, 20 * MB, None),
            (DOC, 20 * MB + 1, ("too_large", "The file is too large: 20.0 MB; the limit is 20 MB.")),
        ]  # fmt: skip
        for content, size, expected in cases:
            with translation.override("en"):
                found = outcome(uploads.validate_report_file, upload(content, size=size))
            self.assertEqual(found, expected, f"{content[:8]!r} of {size}")
        self.assertEqual(uploads.REPORT_MAX_BYTES, 20 * 1024 * 1024)

    def test_evidence_answers_as_the_graduates_copy_did(self) -> None:
        """graduates/evidence.py's validate_evidence (now a re-export of this one) answered these, recorded with
        that code: the code and the Russian message for every kind of file and size."""
        wrong = (
            "wrong_type",
            "Неверный тип файла: загрузите документ PDF, JPG или PNG (проверяется содержимое файла).",
        )
        cases = [
            (PDF, None, None), (PNG, None, None), (JPEG, None, None), (DOC, None, wrong), (docx(), None, wrong),
            (HTML, None, wrong), (GIF, None, wrong), (b"", None, wrong), (PDF, 5 * MB, None),
            (PDF, 5 * MB + 1, ("too_large", "The file is too large: 5.0 MB; the limit is 5 MB.")),
            (HTML, 7 * MB, ("too_large", "The file is too large: 7.0 MB; the limit is 5 MB.")),
            (PDF, 20 * MB, ("too_large", "The file is too large: 20.0 MB; the limit is 5 MB.")),
            (DOC, 20 * MB + 1, ("too_large", "The file is too large: 20.0 MB; the limit is 5 MB.")),
        ]  # fmt: skip
        for content, size, expected in cases:
            with translation.override("en"):
                found = outcome(uploads.validate_evidence, upload(content, size=size))
            self.assertEqual(found, expected, f"{content[:8]!r} of {size}")
        self.assertEqual(uploads.EVIDENCE_MAX_BYTES, 5 * 1024 * 1024)
        self.assertEqual(
            uploads.SIGNATURES,
            ((b"%PDF", "application/pdf"), (b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg")),
        )


def _messages(validator: Callable[[Any], None], file: Any) -> list[str]:
    try:
        validator(file)
    except ValidationError as exc:
        return list(exc.messages)
    return []
