"""What the desk's record documents print beyond the holder (issue #14 R-134, #16): the transcript, the archive
certificate (periods of study and the orders of admission and expulsion from the student body), the diploma
supplement and the duplicate's data sheet (three languages in one document).

The grades and every GPA come from academics' transcript reader (`student_transcript`, on reports/gpa.py's one
GPA computation); the periods and orders from the student body's projection and its orders in force. Each
function returns the template context of its document kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils import translation

from mansap.academics.reports.transcript import Transcript, student_transcript
from mansap.academics.services.catalogue import current_scale
from mansap.core.choices import StudentStatus
from mansap.core.models import Student
from mansap.core.models.base import translated
from mansap.servicedesk.choices import DocumentKind, Language
from mansap.studentbody.choices import IN_FORCE, OrderType
from mansap.studentbody.models import OrderItem, StudentPeriod

LANGUAGES = tuple(Language.values)  # kk, ru, en: the supplement's and the duplicate's order of columns
# The orders an archive certificate names: how the student came in and how they left.
ARCHIVE_ORDER_TYPES = (
    OrderType.ENROLMENT, OrderType.TRANSFER_IN, OrderType.REINSTATEMENT, OrderType.EXPULSION, OrderType.TRANSFER_OUT,
    OrderType.GRADUATION,
)  # fmt: skip


@dataclass(frozen=True)
class Period:
    valid_from: Any
    valid_to: Any
    state: str
    program: str


@dataclass(frozen=True)
class OrderLine:
    type_label: str
    number: str
    date: Any
    effective_date: Any


def periods_of(student: Student, language: str) -> list[Period]:
    """The student's periods in the contingent (the student body's projection), in time order."""
    rows = StudentPeriod.objects.filter(student=student).select_related("program").order_by("valid_from")
    with translation.override(language):
        return [
            Period(
                p.valid_from,
                p.valid_to,
                str(p.get_state_display()),
                f"{p.program.code} {translated(p.program, 'name', language)}",
            )
            for p in rows
        ]


def orders_of(student: Student, language: str) -> list[OrderLine]:
    """The student's orders of admission, transfer, reinstatement, expulsion and graduation in force."""
    items = (
        OrderItem.objects.filter(student=student, order__status__in=IN_FORCE, order__type__in=ARCHIVE_ORDER_TYPES)
        .select_related("order")
        .order_by("effective_date", "order__date", "pk")
    )
    with translation.override(language):
        return [
            OrderLine(str(i.order.get_type_display()), i.order.number, i.order.date, i.effective_date) for i in items
        ]


def transcript_context(student: Student, language: str) -> dict[str, Any]:
    return {"transcript": student_transcript(student, language)}


def archive_context(student: Student, language: str) -> dict[str, Any]:
    return {
        "transcript": student_transcript(student, language),
        "periods": periods_of(student, language),
        "orders": orders_of(student, language),
        "expelled": student.status == StudentStatus.EXPELLED,
    }


@dataclass(frozen=True)
class SupplementCourse:
    code: str
    names: tuple[str, ...]  # kk, ru, en
    academic_year: str
    term_label: str  # in the document's language
    credits: int
    letter: str
    kind_labels: tuple[str, ...]
    numeric: Any
    percent: Any


def trilingual(obj: Any, field: str) -> tuple[str, ...]:
    return tuple(translated(obj, field, language) for language in LANGUAGES)


def supplement_courses(transcripts: dict[str, Transcript], language: str) -> list[SupplementCourse]:
    """The counted rows of the transcript (the latest attempt at each course), with the names in kk, ru and en."""
    lines = []
    by_language = {code: transcripts[code].terms for code in LANGUAGES}
    for index, term in enumerate(by_language[language]):
        for position, row in enumerate(term.rows):
            if not row.counted:
                continue
            same = [by_language[code][index].rows[position] for code in LANGUAGES]
            lines.append(
                SupplementCourse(
                    row.code, tuple(r.name for r in same), term.academic_year, term.label, row.credits, row.letter,
                    tuple(r.kind_label for r in same), row.numeric, row.percent,
                )
            )  # fmt: skip
    return lines


def supplement_context(student: Student, language: str) -> dict[str, Any]:
    """The Europass Diploma Supplement's data in kk, ru and en (one document, three languages side by side)."""
    transcripts = {code: student_transcript(student, code) for code in LANGUAGES}
    program = student.program
    levels, names = _labels(program.get_level_display), trilingual(program, "name")
    return {
        "transcript": transcripts[language],
        "courses": supplement_courses(transcripts, language),
        "program_names": names,
        "qualifications": tuple(f"{level}: {program.code} {name}" for level, name in zip(levels, names, strict=True)),
        "institution_names": trilingual(student.institution, "name"),
        "level_labels": levels,
        "study_form_labels": _labels(student.get_study_form_display),
        "study_language_labels": _labels(student.get_study_language_display)
        if student.study_language
        else ("", "", ""),
        "orders": orders_of(student, language),
        "scale": current_scale(student.institution),
    }


def duplicate_context(student: Student, language: str) -> dict[str, Any]:
    """The duplicate's data sheet: what the ministry's platform prints on the duplicate, from the graduate's record
    (the duplicate's own number comes from the ministry: the sheet leaves it to be filled in)."""
    return {
        "transcript": student_transcript(student, language),
        "program_names": trilingual(student.program, "name"),
        "institution_names": trilingual(student.institution, "name"),
        "level_labels": _labels(student.program.get_level_display),
        "orders": orders_of(student, language),
    }


def _labels(display: Any) -> tuple[str, ...]:
    labels = []
    for code in LANGUAGES:
        with translation.override(code):
            labels.append(str(display()))
    return tuple(labels)


CONTEXTS = {
    DocumentKind.TRANSCRIPT: transcript_context,
    DocumentKind.ARCHIVE_CERTIFICATE: archive_context,
    DocumentKind.DIPLOMA_SUPPLEMENT: supplement_context,
    DocumentKind.DIPLOMA_DUPLICATE: duplicate_context,
}


def record_context(kind: str, student: Student, language: str) -> dict[str, Any]:
    """The context of a record document's template (empty for a certificate)."""
    reader = CONTEXTS.get(kind)  # type: ignore[call-overload]
    return reader(student, language) if reader else {}
