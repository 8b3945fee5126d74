"""A student's academic record as the record page shows it: grades per year and term, GPA, credits, rating."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from mansap.academics.choices import TERM_ORDER, Term
from mansap.academics.models import Grade
from mansap.academics.reports.gpa import GpaResult, Rating, academic_rating, gpa_of, numeric_of
from mansap.academics.services.catalogue import current_scale
from mansap.academics.services.practice_grades import PracticeConflict, practice_conflicts
from mansap.core.models import Student


@dataclass
class TermRows:
    term: str
    label: str
    grades: list[Any] = field(default_factory=list)


@dataclass
class YearRows:
    year: str
    gpa: Decimal | None
    terms: list[TermRows] = field(default_factory=list)


@dataclass
class Record:
    student: Student
    gpa: GpaResult
    years: list[YearRows]
    rating: Rating | None
    rank: Any = None
    # Practice grades AIS Platonus replaced with another letter (a warning on the page; Platonus's counts).
    practice_conflicts: list[PracticeConflict] = field(default_factory=list)


def student_record(student: Student) -> Record:
    """Every grade row of the student (superseded attempts marked `counted = False`), grouped by year and term,
    with the GPA and the rank in the latest year's rating of the student's program and admission year."""
    grades = list(Grade.objects.filter(student=student).select_related("course"))
    scale = current_scale(student.institution)
    by_letter = {band.letter: band for band in scale}
    result = gpa_of(grades, scale)
    counted = {g.pk for g in result.counted}
    tree: dict[str, dict[str, list[Grade]]] = defaultdict(lambda: defaultdict(list))
    for grade in sorted(grades, key=lambda g: (g.order_key, g.course.code)):
        grade.counted = grade.pk in counted  # type: ignore[attr-defined]
        grade.numeric = numeric_of(grade, by_letter)  # type: ignore[attr-defined]
        tree[grade.academic_year][grade.term].append(grade)
    years = [
        YearRows(
            year,
            result.years.get(year),
            [
                TermRows(term, str(Term(term).label), rows)
                for term, rows in sorted(terms.items(), key=lambda t: TERM_ORDER[Term(t[0])])
            ],
        )
        for year, terms in sorted(tree.items())
    ]
    rating = None
    rank = None
    graded_years = [year for year, value in result.years.items() if value is not None]
    if graded_years:
        group = Student.objects.filter(program_id=student.program_id, admission_year=student.admission_year)
        rating = academic_rating(group, student.institution, graded_years[-1])
        rank = rating.rank_of(student.pk)
    conflicts = practice_conflicts(student.pk, grades)
    return Record(student, result, years, rating, rank, conflicts)
