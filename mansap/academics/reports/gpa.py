"""GPA and the academic rating, computed from the grade rows whenever asked (issue #14; R-132, R-133, Q12).

Nothing is stored: a re-import changes the rows and the next reading follows (openSIS stores its GPA run and
overwrites it silently; we keep no copy to go stale). One function, `gpa_of`, holds the rules; pages, the API and
the commands all read it through `student_gpa` / `gpas_for` / `academic_rating`.

The rules, exactly:

- for each student and course only the latest attempt counts (by academic year, then term 1 < 2 < summer), in
  the academic year it was taken; earlier attempts count nowhere;
- rows of kind pass or exempted count for credits earned, not in the GPA;
- annual GPA = Σ(credits × numeric equivalent) ÷ Σ credits over the counted graded attempts of that year (FX and F
  included, as 0.5 and 0); cumulative GPA = the same over all counted graded attempts;
- rounded half up to 2 decimals; no graded attempt: None;
- credits attempted = credits of the counted graded attempts; credits earned = credits of the counted graded
  attempts with a numeric equivalent of at least 1.0, plus the counted pass and exempted rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from mansap.academics.choices import ATTEMPT_ORDER, PASSING_NUMERIC, TERM_ORDER, GradeKind
from mansap.academics.models import Grade
from mansap.academics.services.catalogue import Band, current_scale

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from mansap.core.models import Institution, Student

CENT = Decimal("0.01")


def round_gpa(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class _Sum:
    points: Decimal = Decimal(0)
    credits: int = 0

    def add(self, credits: int, numeric: Decimal) -> None:
        self.points += credits * numeric
        self.credits += credits

    @property
    def gpa(self) -> Decimal | None:
        return round_gpa(self.points / self.credits) if self.credits else None


@dataclass
class GpaResult:
    """A student's GPA: cumulative, per academic year (the years with a counted attempt), and credits."""

    cumulative: Decimal | None = None
    years: dict[str, Decimal | None] = field(default_factory=dict)
    credits_attempted: int = 0
    credits_earned: int = 0
    counted: list[Any] = field(default_factory=list)  # the latest attempts (Grades or GradeRows), in time order

    def as_json(self) -> dict[str, Any]:
        """The contract of `python manage.py gpa --json` and of the API."""
        return {
            "cumulative": _number(self.cumulative),
            "years": {year: _number(value) for year, value in sorted(self.years.items())},
            "credits_attempted": self.credits_attempted,
            "credits_earned": self.credits_earned,
        }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def numeric_of(grade: Grade | GradeRow, scale: dict[str, Band]) -> Decimal | None:
    band = scale.get(grade.letter)
    return band.numeric if band is not None else None


def latest_attempts(grades: Iterable[Any]) -> list[Any]:
    """For each course, the latest attempt (by academic year, then term 1 < 2 < summer), in time order (of Grades
    or GradeRows)."""
    latest: dict[int, Any] = {}
    for grade in grades:
        found = latest.get(grade.course_id)
        if found is None or grade.order_key > found.order_key:
            latest[grade.course_id] = grade
    return sorted(latest.values(), key=lambda g: (g.order_key, g.course.code))


def gpa_of(grades: Iterable[Any], scale: Sequence[Band]) -> GpaResult:
    """The rules above over one student's grade rows (with their courses); see the module's docstring."""
    by_letter = {band.letter: band for band in scale}
    result = GpaResult(counted=latest_attempts(grades))
    total = _Sum()
    per_year: dict[str, _Sum] = defaultdict(_Sum)
    for grade in result.counted:
        credits = grade.course.credits
        per_year[grade.academic_year]  # the year appears even with pass rows only (its GPA is then None)
        if grade.kind != GradeKind.GRADED:
            result.credits_earned += credits
            continue
        numeric = numeric_of(grade, by_letter)
        if numeric is None:  # a letter the scale no longer has: it cannot be weighed
            continue
        total.add(credits, numeric)
        per_year[grade.academic_year].add(credits, numeric)
        result.credits_attempted += credits
        if numeric >= PASSING_NUMERIC:
            result.credits_earned += credits
    result.cumulative = total.gpa
    result.years = {year: sums.gpa for year, sums in sorted(per_year.items())}
    return result


def student_gpa(student: Student) -> GpaResult:
    grades = Grade.objects.filter(student=student).select_related("course")
    return gpa_of(grades, current_scale(student.institution))


@dataclass(frozen=True, slots=True)
class CourseRow:
    code: str
    credits: int


@dataclass(frozen=True, slots=True)
class GradeRow:
    """What `gpa_of` reads of a grade, without a model instance: many students' GPAs at once read plain values
    (building a Grade and its Course per row was 85% of the time: 10,000 students' 1,000,000 rows)."""

    course_id: int
    course: CourseRow
    academic_year: str
    kind: str
    letter: str
    order_key: tuple[str, int, int]


GRADE_ROW_FIELDS = ("student_id", "course_id", "course__code", "course__credits", "academic_year", "term", "attempt",
                    "kind", "letter")  # fmt: skip


def gpas_for(students: QuerySet[Any], institution: Institution) -> dict[int, GpaResult]:
    """Each student's GPA, from one query over their grades (plain values; `counted` holds GradeRows)."""
    rows: dict[int, list[GradeRow]] = defaultdict(list)
    courses: dict[int, CourseRow] = {}
    values = Grade.objects.filter(student__in=students).order_by().values_list(*GRADE_ROW_FIELDS)
    for student_id, course_id, code, credits, year, term, attempt, kind, letter in values.iterator(chunk_size=5000):
        course = courses.get(course_id)
        if course is None:
            course = courses[course_id] = CourseRow(code, credits)
        order_key = (year, TERM_ORDER.get(term, 0), ATTEMPT_ORDER.get(attempt, 0))
        rows[student_id].append(GradeRow(course_id, course, year, kind, letter, order_key))
    scale = current_scale(institution)
    return {student_id: gpa_of(grades, scale) for student_id, grades in rows.items()}


@dataclass(frozen=True)
class RatingRow:
    student: Any
    gpa: Decimal
    rank: int


@dataclass
class Rating:
    year: str
    rows: list[RatingRow]

    @property
    def size(self) -> int:
        return len(self.rows)

    def rank_of(self, student_id: int) -> RatingRow | None:
        return next((row for row in self.rows if row.student.pk == student_id), None)


def rank(items: Sequence[tuple[Any, Decimal]]) -> list[tuple[Any, Decimal, int]]:
    """Competition ranking by GPA, highest first: ties share a rank and the next rank skips (1, 2, 2, 4)."""
    ordered = sorted(items, key=lambda item: -item[1])
    ranked: list[tuple[Any, Decimal, int]] = []
    for position, (who, gpa) in enumerate(ordered, start=1):
        shared = ranked[-1][2] if ranked and ranked[-1][1] == gpa else position
        ranked.append((who, gpa, shared))
    return ranked


def academic_rating(students: QuerySet[Any], institution: Institution, year: str) -> Rating:
    """The rating of a group of students (a program and an admission year) by their annual GPA of `year` as
    rounded; only students with a counted graded attempt that year are ranked (R-112, R-133)."""
    students = students.order_by("last_name", "first_name", "iin")
    gpas = gpas_for(students, institution)
    items = [
        (student, gpas[student.pk].years[year])
        for student in students
        if student.pk in gpas and gpas[student.pk].years.get(year) is not None
    ]
    return Rating(year, [RatingRow(s, g, r) for s, g, r in rank(items)])  # type: ignore[arg-type]
