"""A student's transcript (issue #14, R-134): the courses per term with credits, letter, numeric equivalent and
percent, each term's GPA, the cumulative GPA at the end of each term, and the credits earned.

Every number comes from `reports.gpa.gpa_of`, the one place that holds the GPA rules: a term's GPA is `gpa_of`
over the attempts of that term that count (the latest attempt at each course), and the cumulative GPA at the end
of a term is `gpa_of` over the attempts that count taken up to that term. Superseded attempts are listed, marked,
and counted nowhere: not in their term's GPA, not in any cumulative GPA (a course failed in term 1 and retaken in
the summer weighs in no figure before the summer, and with its retake from then on), so the figures of a term
always agree with each other and the last cumulative is the student's GPA. The service desk's issued
transcript, the student's unofficial page, the XLSX and the API all read `student_transcript`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import translation

from mansap.academics.choices import TERM_ORDER, GradeKind, Term
from mansap.academics.models import Grade
from mansap.academics.reports.gpa import GpaResult, gpa_of, numeric_of
from mansap.academics.services.catalogue import current_scale
from mansap.core.models import Student
from mansap.core.models.base import translated


@dataclass(frozen=True)
class TranscriptRow:
    code: str
    name: str
    credits: int
    letter: str  # empty for a pass or exempted row
    kind: str
    kind_label: str
    attempt: str
    attempt_label: str
    numeric: Decimal | None
    percent: Decimal | None
    counted: bool  # False: a later attempt at the course superseded it

    @property
    def failed(self) -> bool:
        return self.letter in ("FX", "F")


@dataclass
class TranscriptTerm:
    academic_year: str
    term: str
    label: str
    rows: list[TranscriptRow] = field(default_factory=list)
    gpa: Decimal | None = None  # the term's GPA (its counted graded attempts)
    cumulative: Decimal | None = None  # the cumulative GPA at the end of the term
    credits: int = 0  # credits of the term's counted rows
    credits_earned: int = 0


@dataclass
class Transcript:
    student: Student
    language: str
    terms: list[TranscriptTerm]
    gpa: GpaResult

    @property
    def cumulative(self) -> Decimal | None:
        return self.gpa.cumulative

    @property
    def credits_earned(self) -> int:
        return self.gpa.credits_earned

    @property
    def credits_attempted(self) -> int:
        return self.gpa.credits_attempted

    def as_json(self) -> dict[str, Any]:
        """The API's shape: the terms with their rows and the GPA's figures (numbers as numbers)."""

        def number(value: Decimal | None) -> float | None:
            return None if value is None else float(value)

        return {
            "student": self.student.pk,
            "iin": self.student.iin,
            "language": self.language,
            **self.gpa.as_json(),
            "terms": [
                {
                    "academic_year": term.academic_year,
                    "term": term.term,
                    "gpa": number(term.gpa),
                    "cumulative_gpa": number(term.cumulative),
                    "credits_earned": term.credits_earned,
                    "courses": [
                        {
                            "code": row.code,
                            "name": row.name,
                            "credits": row.credits,
                            "letter": row.letter,
                            "numeric": number(row.numeric),
                            "percent": number(row.percent),
                            "kind": row.kind,
                            "attempt": row.attempt,
                            "counted": row.counted,
                        }
                        for row in term.rows
                    ],
                }
                for term in self.terms
            ],
        }


def _term_key(grade: Any) -> tuple[str, int]:
    return (grade.academic_year, TERM_ORDER[Term(grade.term)])


def student_transcript(student: Student, language: str | None = None) -> Transcript:
    """The student's transcript with course names and labels in `language` (the active one by default)."""
    language = (language or translation.get_language() or "kk")[:2]
    grades = sorted(
        Grade.objects.filter(student=student).select_related("course"), key=lambda g: (g.order_key, g.course.code)
    )
    scale = current_scale(student.institution)
    by_letter = {band.letter: band for band in scale}
    result = gpa_of(grades, scale)
    counted = {g.pk for g in result.counted}
    keys = sorted({_term_key(g) for g in grades})
    terms: list[TranscriptTerm] = []
    with translation.override(language):
        for key in keys:
            year, order = key
            term_value = next(t for t, o in TERM_ORDER.items() if o == order)
            in_term = [g for g in grades if _term_key(g) == key]
            counted_in_term = [g for g in in_term if g.pk in counted]
            term_result = gpa_of(counted_in_term, scale)
            terms.append(
                TranscriptTerm(
                    academic_year=year,
                    term=str(term_value),
                    label=str(Term(term_value).label),
                    rows=[_row(g, g.pk in counted, by_letter, language) for g in in_term],
                    gpa=term_result.cumulative,
                    cumulative=gpa_of([g for g in grades if _term_key(g) <= key and g.pk in counted], scale).cumulative,
                    credits=sum(g.course.credits for g in counted_in_term),
                    credits_earned=term_result.credits_earned,
                )
            )
    return Transcript(student, language, terms, result)


def _row(grade: Grade, counted: bool, by_letter: dict[str, Any], language: str) -> TranscriptRow:
    graded = grade.kind == GradeKind.GRADED
    return TranscriptRow(
        code=grade.course.code,
        name=translated(grade.course, "name", language),
        credits=grade.course.credits,
        letter=grade.letter if graded else "",
        kind=grade.kind,
        kind_label=str(grade.get_kind_display()),
        attempt=grade.attempt,
        attempt_label=str(grade.get_attempt_display()),
        numeric=numeric_of(grade, by_letter) if graded else None,
        percent=grade.percent,
        counted=counted,
    )
