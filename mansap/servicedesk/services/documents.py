"""Issued documents: the outgoing register's numbers, the PDF with its QR code, the SHA-256, revocation.

`issue_document` checks eligibility, takes the next number of the institution's register for the year
("СД-2026-000123"), draws a random verification code, renders the PDF in the chosen language, stores it
through the platform's storage and records the SHA-256 of the stored bytes. `revoke_document` revokes with a
reason (a re-issue is a new document with a new number). `verification` finds a document by its code for the
public page.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.common.links import site_url
from mansap.core.access import is_service_desk_staff
from mansap.core.models import Institution, Student
from mansap.core.models.base import translated
from mansap.graduates.services.selfservice import qr_image
from mansap.servicedesk.choices import DocumentKind, DocumentStatus, Language
from mansap.servicedesk.models import IssuedDocument, Service, ServiceRequest
from mansap.servicedesk.services import certificates
from mansap.servicedesk.services.catalogue import check_eligible
from mansap.servicedesk.services.document_data import record_context

# No 0/O, 1/I/L: a code read off paper and typed again is typed right.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 12
NUMBER_PREFIX = "СД"


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(text: str) -> str:
    return "".join(ch for ch in (text or "").upper() if ch.isalnum())


def grouped_code(code: str) -> str:
    """The code as printed: XXXX-XXXX-XXXX."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def mask_name(student: Student) -> str:
    """The holder's name as the public page shows it: the surname's first two letters, then initials.

    "Ахметова Айгерим Бауыржановна" → "Ах*** А. Б.": enough for someone holding the paper to see it is the same
    person, too little to learn a name from a guessed code.
    """
    parts = [student.last_name, student.first_name, getattr(student, "middle_name", "")]
    surname = (parts[0] or "").strip()
    shown = [f"{surname[:2]}***"] if surname else []
    shown += [f"{p.strip()[0]}." for p in parts[1:] if p and p.strip()]
    return " ".join(shown)


def _lock(institution: Institution) -> None:
    Institution.objects.select_for_update().filter(pk=institution.pk).exists()


def _next_sequence(institution: Institution, year: int) -> int:
    top = IssuedDocument.objects.filter(institution=institution, year=year).aggregate(top=Max("sequence"))["top"]
    return (top or 0) + 1


def verify_url(document: IssuedDocument) -> str:
    return site_url(document.get_verify_path())


def qr_data_uri(text: str) -> str:
    content, content_type = qr_image(text, "png")
    return f"data:{content_type};base64,{base64.b64encode(content).decode()}"


# A document kind's template per language: servicedesk/pdf/<kind>_<language>.html (the diploma supplement's and
# the duplicate's hold all three languages; the chosen one leads).
TEMPLATE_KINDS = {
    DocumentKind.STUDY_CERTIFICATE, DocumentKind.TRANSCRIPT, DocumentKind.ARCHIVE_CERTIFICATE,
    DocumentKind.DIPLOMA_SUPPLEMENT, DocumentKind.DIPLOMA_DUPLICATE,
}  # fmt: skip


def _template_names(service: Service, language: str) -> list[str]:
    kind = service.document_kind if service.document_kind in TEMPLATE_KINDS else "certificate"
    return [f"servicedesk/pdf/{kind}_{language}.html", f"servicedesk/pdf/{kind}.html"]


def document_context(document: IssuedDocument) -> dict[str, Any]:
    student, language = document.student, document.language
    program = student.program
    request = document.request
    return {
        "document": document,
        "language": language,
        "student": student,
        "institution_name": translated(student.institution, "name", language),
        "program_name": translated(program, "name", language),
        "program_code": program.code,
        "service_name": translated(document.service, "name", language),
        "code": grouped_code(document.verification_code),
        "verify_url": verify_url(document),
        "qr": qr_data_uri(verify_url(document)),
        "answers": (request.answers if request else {}) or {},
        "study_form": student.get_study_form_display(),
        "funding": student.get_funding_display(),
        "issuer": (document.issued_by.display_name if document.issued_by else "") or "",
        **_body_context(document),
        **record_context(document.service.document_kind, student, language),
    }


def _body_context(document: IssuedDocument) -> dict[str, Any]:
    """The certificate's text from the register (services.certificates): its first paragraph precedes the table of
    facts, the others follow; the form's code and version are printed under the verification code."""
    key = certificates.template_key(document.service)
    if key is None:
        return {}
    paragraphs = certificates.body(document)
    version = document.template_version if document.template_version_id else None
    return {
        "body_lead": paragraphs[:1],
        "body_rest": paragraphs[1:],
        "template_code": version.document.code if version is not None else certificates.SPECS[key].code,
        "template_number": version.number if version is not None else "",
    }


def render_pdf(document: IssuedDocument) -> bytes:
    from weasyprint import HTML

    with translation.override(document.language):
        html = render_to_string(_template_names(document.service, document.language), document_context(document))
    return bytes(HTML(string=html).write_pdf())


@transaction.atomic
def issue_document(
    service: Service,
    student: Student,
    *,
    language: str,
    acting_user: Any,
    request: ServiceRequest | None = None,
) -> IssuedDocument:
    """Issue the service's document to the student: a new number, code, PDF and SHA-256 (nothing written when a
    rule refuses: ValidationError with code not_eligible, unknown_service, no_document or bad_language)."""
    if language not in Language.values:
        raise ValidationError(_("Choose Kazakh, Russian or English."), code="bad_language")
    check_eligible(service, student)
    if not service.issues_document:
        raise ValidationError(_("This service issues no document."), code="no_document")
    own_request = request is not None and request.student_id == student.pk
    if acting_user is not None and not is_service_desk_staff(acting_user):
        # A student issues their own instant certificate, through a request of theirs; nobody else but the desk.
        if not (service.instant and own_request and getattr(student, "user_id", None) == acting_user.pk):
            raise PermissionDenied
    institution = student.institution
    _lock(institution)
    now = timezone.now()
    year = timezone.localdate(now).year
    sequence = _next_sequence(institution, year)
    code = new_verification_code()
    while IssuedDocument.objects.filter(verification_code=code).exists():  # 31^12: practically never
        code = new_verification_code()
    # A clerk signs what the desk issues; a certificate a student downloads at once is issued electronically.
    issued_by = acting_user if is_service_desk_staff(acting_user) else None
    document = IssuedDocument(
        institution=institution, year=year, sequence=sequence, number=f"{NUMBER_PREFIX}-{year}-{sequence:06d}",
        issued_on=timezone.localdate(now), issued_at=now, issued_by=issued_by, language=language,
        service=service, student=student, request=request, verification_code=code,
    )  # fmt: skip
    # The certificate's text in force on the issue date in its language, and the version it came from (None: the
    # code's default): recorded, so that rendering the document again reproduces the same words.
    text, document.template_version = certificates.text_in_force(document)
    document.__dict__["_certificate_text"] = text
    content = render_pdf(document)
    document.sha256 = hashlib.sha256(content).hexdigest()
    document.file.save(f"{document.number}-{language}.pdf", ContentFile(content), save=False)
    attributed(document, acting_user).save()
    return document


@transaction.atomic
def revoke_document(document: IssuedDocument, *, reason: str, acting_user: Any) -> IssuedDocument:
    if acting_user is not None and not is_service_desk_staff(acting_user):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        # The code on the field's error itself: a dict's own code= is dropped by Django.
        refusal = ValidationError(_("Give the reason of the revocation."), code="reason_required")
        raise ValidationError({"reason": refusal})
    document = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if document.status == DocumentStatus.REVOKED:
        raise ValidationError(_("Document {number} is already revoked.").format(number=document.number), code="revoked")
    document.status = DocumentStatus.REVOKED
    document.revoked_at = timezone.now()
    document.revoked_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    document.revocation_reason = reason
    attributed(document, acting_user, reason=reason).save()
    return document


def error_code(exc: ValidationError) -> str:
    """The code of a service's refusal (the first one's, for an error naming fields)."""
    if hasattr(exc, "error_dict"):
        for errors in exc.error_dict.values():
            for error in errors:
                if error.code:
                    return str(error.code)
    return str(getattr(exc, "code", None) or "invalid")


def verification(code: str) -> IssuedDocument | None:
    """The document with this verification code, or None (the public page answers 404 alike for every miss)."""
    code = normalize_code(code)
    if len(code) != CODE_LENGTH:
        return None
    return (
        IssuedDocument.objects.select_related("service", "student", "institution", "template_version__document")
        .filter(verification_code=code)
        .first()
    )


def stored_sha256(document: IssuedDocument) -> str:
    """The SHA-256 of the stored file's bytes, read back from storage."""
    digest = hashlib.sha256()
    with document.file.open("rb") as handle:
        for chunk in iter(lambda: handle.read(65536), b""):
            digest.update(chunk)
    return digest.hexdigest()


def hash_matches(document: IssuedDocument, *, sha256: str = "", content: bytes | None = None) -> bool:
    given = hashlib.sha256(content).hexdigest() if content is not None else (sha256 or "").strip().lower()
    return secrets.compare_digest(given, document.sha256)
