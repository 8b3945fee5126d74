"""Session results (R-096, R-115): how a set of students did in the examination session of a term.

Over the graded attempts taken in the term (for each student and course the latest attempt of that term):

- absolute performance = share of those attempts without FX or F;
- quality performance = share of them graded A to B- (numeric equivalent of at least B-'s in the scale);
- average numeric grade = their mean numeric equivalent, rounded half up to 2 decimals;
- academic debts = those attempts graded FX or F that no later attempt has replaced (they feed the summer
  semester, R-092, R-114).

Computed from the rows when asked; nothing is stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from mansap.academics.choices import DEBT_LETTERS, GradeKind
from mansap.academics.models import Grade
from mansap.academics.reports.gpa import round_gpa
from mansap.academics.services.catalogue import Band, current_scale

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from mansap.core.models import Institution

QUALITY_FROM = "B-"  # quality performance counts A to B- (Kazakhstan's "on good and excellent")


@dataclass
class SessionResults:
    attempts: list[Grade] = field(default_factory=list)
    passed: int = 0
    quality: int = 0
    average: Decimal | None = None
    debts: list[Grade] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.attempts)

    @property
    def absolute_share(self) -> Decimal | None:
        return _share(self.passed, self.total)

    @property
    def quality_share(self) -> Decimal | None:
        return _share(self.quality, self.total)


def _share(numerator: int, denominator: int) -> Decimal | None:
    return (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001")) if denominator else None


def term_attempts(grades: Iterable[Grade]) -> list[Grade]:
    """For each student, course, academic year and term the latest attempt of that term (graded rows only)."""
    latest: dict[tuple[int, int, str, str], Grade] = {}
    for grade in grades:
        if grade.kind != GradeKind.GRADED:
            continue
        key = (grade.student_id, grade.course_id, grade.academic_year, grade.term)
        found = latest.get(key)
        if found is None or grade.order_key > found.order_key:
            latest[key] = grade
    return list(latest.values())


def results_of(grades: Sequence[Grade], scale: Sequence[Band], *, later: Iterable[Grade] = ()) -> SessionResults:
    """The session results of `grades` (a term's rows); `later` are the same students' rows after the term (an
    FX or F retaken later is no debt)."""
    by_letter = {band.letter: band for band in scale}
    quality_from = by_letter[QUALITY_FROM].numeric if QUALITY_FROM in by_letter else Decimal("2.67")
    last_attempt: dict[tuple[int, int], tuple[str, int, int]] = {}
    for row in later:
        key = (row.student_id, row.course_id)
        if key not in last_attempt or row.order_key > last_attempt[key]:
            last_attempt[key] = row.order_key
    result = SessionResults(attempts=term_attempts(grades))
    total = Decimal(0)
    weighed = 0
    for grade in result.attempts:
        band = by_letter.get(grade.letter)
        if grade.letter not in DEBT_LETTERS:
            result.passed += 1
        elif last_attempt.get((grade.student_id, grade.course_id), grade.order_key) <= grade.order_key:
            result.debts.append(grade)  # no later attempt replaced it
        if band is not None:
            total += band.numeric
            weighed += 1
            if band.numeric >= quality_from:
                result.quality += 1
    result.average = round_gpa(total / weighed) if weighed else None
    result.debts.sort(key=lambda g: (g.student.last_name, g.student.first_name, g.course.code))
    return result


def _taken_and_later(
    grades: QuerySet[Grade], academic_year: str, term: str | None, related: tuple[str, ...] = ("student", "course")
) -> tuple[list[Grade], list[Grade]]:
    """The rows of the term (or of the year's terms) and the same students' rows from that year on (two queries)."""
    rows = grades.filter(academic_year=academic_year)
    if term is not None:
        rows = rows.filter(term=term)
    taken = list(rows.select_related(*related))
    students = {g.student_id for g in taken}
    later = list(Grade.objects.filter(student_id__in=students, academic_year__gte=academic_year))
    return taken, later


def session_results(
    grades: QuerySet[Grade], institution: Institution, academic_year: str, term: str | None = None
) -> SessionResults:
    """The session results of the (scoped, filtered) grades of an academic year, of one term or of all its terms."""
    taken, later = _taken_and_later(grades, academic_year, term)
    return results_of(taken, current_scale(institution), later=later)


# ---- The session results page and its exports (R-096, R-115, R-092, R-114) ------------------------------------
BY_PROGRAM, BY_GROUP = "program", "group"


@dataclass
class UnitRow:
    """One line of the breakdown: a program or a group under the chosen unit, with its results."""

    key: Any
    code: str
    name: str
    results: SessionResults
    students: int


@dataclass
class SessionReport:
    academic_year: str
    term: str | None
    results: SessionResults
    students: int
    by: str
    rows: list[UnitRow]

    @property
    def debt_students(self) -> int:
        return len({g.student_id for g in self.results.debts})

    @property
    def debt_credits(self) -> int:
        return sum(g.course.credits for g in self.results.debts)


def narrowed(
    grades: QuerySet[Grade],
    *,
    faculty: int | None = None,
    department: int | None = None,
    program: int | None = None,
    group: str = "",
) -> QuerySet[Grade]:
    """Grades narrowed to a faculty, department, program and/or student group (the page's filters)."""
    if faculty is not None:
        grades = grades.filter(student__program__department__faculty_id=faculty)
    if department is not None:
        grades = grades.filter(student__program__department_id=department)
    if program is not None:
        grades = grades.filter(student__program_id=program)
    if group:
        grades = grades.filter(student__group=group)
    return grades


def session_report(
    grades: QuerySet[Grade], institution: Institution, academic_year: str, term: str | None, *, by: str = BY_PROGRAM
) -> SessionReport:
    """The results of the grades' students in a term (None: every term of the year), whole and per program or per
    group (`by`), with their debts: the same figures as session_results (and so as the KPI providers), from the
    same two queries and the grading scale."""
    taken, later = _taken_and_later(grades, academic_year, term, ("student__program", "course"))
    scale = current_scale(institution)
    whole = results_of(taken, scale, later=later)
    parts: dict[Any, list[Grade]] = {}
    for grade in taken:
        student = grade.student
        key = student.program_id if by == BY_PROGRAM else (student.program_id, student.group)
        parts.setdefault(key, []).append(grade)
    rows = []
    for key, part in parts.items():
        program = part[0].student.program
        results = results_of(part, scale, later=later)
        if by == BY_PROGRAM:
            code, name = program.code, program.name
        else:
            code, name = part[0].student.group or "—", f"{program.code} {program.name}"
        students = len({g.student_id for g in results.attempts})
        if results.total:
            rows.append(UnitRow(key, code, name, results, students))
    rows.sort(key=lambda row: (row.code, row.name))
    return SessionReport(academic_year, term, whole, len({g.student_id for g in whole.attempts}), by, rows)


def grades_of(institution: Institution, breakdown: Any) -> QuerySet[Grade]:
    """The institution's grades, narrowed to a faculty, department or program (an indicators.Breakdown)."""
    rows = Grade.objects.filter(student__institution=institution)
    if breakdown.program is not None:
        rows = rows.filter(student__program_id=breakdown.program)
    if breakdown.department is not None:
        rows = rows.filter(student__program__department_id=breakdown.department)
    if breakdown.faculty is not None:
        rows = rows.filter(student__program__department__faculty_id=breakdown.faculty)
    return rows
