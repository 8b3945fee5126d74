"""Uploaded files judged by their content, not their name: a size limit and the first bytes of each type.

One engine, `FileValidator(max_bytes, signatures, messages)`, and the three rules the apps use, as
module-level functions with the exact limits and messages of the copies they replace:

- `validate_evidence`: supporting documents and signed scans, PDF/JPG/PNG up to 5 MB (graduates/evidence.py);
- `validate_pdf`: a CV, PDF up to 5 MB (employers/vacancy_models.py);
- `validate_report_file`: a practice report, PDF/DOCX/ODT/DOC up to 20 MB (practice/services/assessment.py).

They stay functions, not validator instances, because migrations name them: a model field that points at
the same function object (e.g. through a re-export from the old module) needs no new migration. New fields
may use a `FileValidator` directly; it is deconstructible, so migrations can write it down.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
REPORT_MAX_BYTES = 20 * 1024 * 1024

# First bytes of the accepted types.
PDF = b"%PDF"
PNG = b"\x89PNG\r\n\x1a\n"
JPEG = b"\xff\xd8\xff"
ZIP = b"PK\x03\x04"  # DOCX and ODT are zip archives
OLE = b"\xd0\xcf\x11\xe0"  # DOC (an OLE compound file)

# The first bytes of each type served back to the browser, and the content type to serve it with.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (PDF, "application/pdf"),
    (PNG, "image/png"),
    (JPEG, "image/jpeg"),
)
REPORT_SIGNATURES = (PDF, ZIP, OLE)


def sniff_content_type(head: bytes) -> str | None:
    """The content type the file's first bytes announce (PDF, PNG, JPEG), or None for anything else."""
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def read_head(file: Any, size: int = 16) -> bytes:
    """The first bytes of an uploaded or stored file, leaving it rewound."""
    file.seek(0)
    head: bytes = file.read(size)
    file.seek(0)
    return head


@deconstructible
class FileValidator:
    """Rejects a file over `max_bytes` ("too_large") or whose first bytes match none of `signatures`
    ("wrong_type"), in that order.

    `too_large_message` may use {size}: the file's size in MB, one decimal. The messages are lazy, so each
    is shown in the language of the page that shows it; `translate_now=True` translates "wrong_type" when
    it is raised instead (the report rule always did: its copy used gettext, not gettext_lazy).
    """

    def __init__(
        self,
        max_bytes: int,
        signatures: tuple[bytes, ...],
        *,
        too_large_message: Any,
        wrong_type_message: Any,
        translate_now: bool = False,
    ) -> None:
        self.max_bytes = max_bytes
        self.signatures = tuple(signatures)
        self.too_large_message = too_large_message
        self.wrong_type_message = wrong_type_message
        self.translate_now = translate_now

    def __call__(self, file: Any) -> None:
        if file.size > self.max_bytes:
            raise ValidationError(
                self.too_large_message.format(size=round(file.size / 1024 / 1024, 1)), code="too_large"
            )
        head = read_head(file)
        if not any(head.startswith(signature) for signature in self.signatures):
            message = str(self.wrong_type_message) if self.translate_now else self.wrong_type_message
            raise ValidationError(message, code="wrong_type")

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, FileValidator)
            and (self.max_bytes, self.signatures, self.translate_now)
            == (other.max_bytes, other.signatures, other.translate_now)
            and str(self.too_large_message) == str(other.too_large_message)
            and str(self.wrong_type_message) == str(other.wrong_type_message)
        )

    def __hash__(self) -> int:
        return hash((self.max_bytes, self.signatures))


# The messages are the msgids of the copies these replace, so the existing kk/ru translations apply.
EVIDENCE = FileValidator(
    EVIDENCE_MAX_BYTES,
    (PDF, PNG, JPEG),
    too_large_message=_("The file is too large: {size} MB; the limit is 5 MB."),
    wrong_type_message=_("Wrong file type: upload a PDF, JPG or PNG document (the file's content was checked)."),
)
CV_PDF = FileValidator(
    EVIDENCE_MAX_BYTES,
    (PDF,),
    too_large_message=_("The file is too large: {size} MB; the limit is 5 MB."),
    wrong_type_message=_("Upload the CV as a PDF file (the file's content was checked)."),
)
REPORT = FileValidator(
    REPORT_MAX_BYTES,
    REPORT_SIGNATURES,
    too_large_message=_("The file is too large: {size} MB; the limit is 20 MB."),
    wrong_type_message=_(
        "Wrong file type: upload the report as PDF, DOCX, DOC or ODT (the file's content was checked)."
    ),
    translate_now=True,
)


def validate_evidence(file: Any) -> None:
    """Reject files over 5 MB and files that are not really PDF, JPG or PNG."""
    EVIDENCE(file)


def validate_pdf(file: Any) -> None:
    """A CV: a real PDF (content checked, not the name) of at most 5 MB."""
    CV_PDF(file)


def validate_report_file(file: Any) -> None:
    """A practice report: a real PDF, DOCX, ODT or DOC (content checked) of at most 20 MB."""
    REPORT(file)


__all__ = [
    "CV_PDF",
    "EVIDENCE",
    "EVIDENCE_MAX_BYTES",
    "REPORT",
    "REPORT_MAX_BYTES",
    "REPORT_SIGNATURES",
    "SIGNATURES",
    "FileValidator",
    "read_head",
    "sniff_content_type",
    "validate_evidence",
    "validate_pdf",
    "validate_report_file",
]
