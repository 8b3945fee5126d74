"""Supporting documents: PDF, JPG or PNG up to 5 MB, judged by their content, not their name."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

EVIDENCE_MAX_BYTES = 5 * 1024 * 1024

# The first bytes of each accepted type, and the content type to serve it with.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def sniff_content_type(head: bytes) -> str | None:
    """The content type the file's first bytes announce, or None for anything else."""
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def read_head(file: Any, size: int = 16) -> bytes:
    """The first bytes of an uploaded or stored file, leaving it rewound."""
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head


def validate_evidence(file: Any) -> None:
    """Reject files over 5 MB and files that are not really PDF, JPG or PNG."""
    if file.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(
            _("The file is too large: {size} MB; the limit is 5 MB.").format(size=round(file.size / 1024 / 1024, 1)),
            code="too_large",
        )
    if sniff_content_type(read_head(file)) is None:
        raise ValidationError(
            _("Wrong file type: upload a PDF, JPG or PNG document (the file's content was checked)."),
            code="wrong_type",
        )
