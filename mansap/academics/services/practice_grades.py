"""Practice grades in the academic record (issue #14; Q21): a grade given in Mansap's practice module appears as a
grade row from the source "practice", unless AIS Platonus has the same course, which wins.

The rules, decided here:

- A practice maps to a course of the catalogue through its `course_code` (and its `grade_term`: 1, 2 or summer;
  the academic year is the practice's). A practice without a code keeps its grades to itself. A code not yet in
  the catalogue is added from the practice (its type as the name, its credits) on its first grade.
- A graded placement that is not cancelled gives one row: (student, course, the practice's academic year and
  term, attempt "regular"), attestation "practice", kind "graded", the letter of the practice's table and its
  score as the percent. A re-grade updates the row; a cleared grade removes it.
- A practice row is never written over a Platonus row of the same student, course, academic year and term (any
  attempt): the practice's grade is then left out.
- When a Platonus row of the same student, course, academic year and term arrives (import_grades), it wins: the
  practice row is REMOVED (its history keeps it), so the GPA and every report count the course once, by Platonus.
  When the letters differ, the import's report lists the warning `practice_grade_differs` (not an error: the row
  is imported), and the student's record page shows the practice's letter beside Platonus's
  (`practice_conflicts`, computed from the placements whenever the page is read, nothing stored).
- Nobody types a grade: the rows are written here (from the practice's grading) and by the import only.

The practice app does not import this one (it is below): it sends `practice_grade_changed` after the commit of a
grading, which AcademicsConfig.ready connects to `on_practice_grade_changed` (the student's practice rows are
brought in line). `sync_practice_grades` (the command of the same name) brings every student's in line, and is
idempotent: a second run changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import translation

from mansap.academics.choices import Attempt, Attestation, GradeKind, GradeSource
from mansap.academics.models import Course, Grade
from mansap.academics.models.catalogue import MAX_CREDITS, MIN_CREDITS
from mansap.academics.services.catalogue import normalize_letter
from mansap.common.history import attributed
from mansap.practice.choices import PlacementStatus
from mansap.practice.models import Placement, Practice

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution

logger = logging.getLogger(__name__)

# (student id, course id, academic year, term): the place of a practice row, and of the Platonus rows that win.
Place = tuple[int, int, str, str]
FIELDS = ("attestation", "kind", "percent", "letter", "source")


@dataclass
class SyncReport:
    created: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    left_to_platonus: int = 0  # graded placements whose course AIS Platonus already has (the practice's left out)
    courses_added: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "updated": self.updated,
            "removed": self.removed,
            "unchanged": self.unchanged,
            "left_to_platonus": self.left_to_platonus,
            "courses_added": self.courses_added,
        }


def graded_placements() -> Any:
    """The placements whose grade belongs in the academic record: graded, not cancelled, of a mapped practice."""
    return (
        Placement.objects.exclude(status=PlacementStatus.CANCELLED)
        .exclude(letter_grade="")
        .exclude(practice__course_code="")
        .select_related("practice__academic_year")
    )


def practice_values(placement: Placement) -> dict[str, Any]:
    """The grade row's values from a graded placement."""
    return {
        "attestation": Attestation.PRACTICE,
        "kind": GradeKind.GRADED,
        "percent": Decimal(placement.score) if placement.score is not None else None,
        "letter": normalize_letter(placement.letter_grade),
        "source": GradeSource.PRACTICE,
    }


def place_of(placement: Placement, course: Course) -> Place:
    practice = placement.practice
    return (placement.student_id, course.pk, practice.academic_year.name, practice.grade_term)


class _Courses:
    """The catalogue's courses by (institution, code); a practice's code not yet in it is added from the practice."""

    def __init__(self, acting_user: MaybeUser, report: SyncReport) -> None:
        self.by_code: dict[tuple[int, str], Course] = {}
        self.acting_user = acting_user
        self.report = report

    def of(self, practice: Practice) -> Course:
        code = practice.course_code.strip()
        key = (practice.institution_id, code)
        course = self.by_code.get(key)
        if course is None:
            course = Course.objects.filter(institution_id=practice.institution_id, code=code).first()
            if course is None:
                course = self.add(practice, code)
            self.by_code[key] = course
        return course

    def add(self, practice: Practice, code: str) -> Course:
        names = {}
        for lang in ("kk", "ru", "en"):
            with translation.override(lang):
                names[f"name_{lang}"] = str(practice.get_kind_display()).capitalize()
        course = Course(
            institution_id=practice.institution_id, code=code, department_id=practice.department_id,
            credits=min(max(practice.credits, MIN_CREDITS), MAX_CREDITS), **names,
        )  # fmt: skip
        course.full_clean()
        attributed(course, self.acting_user, reason="practice").save()
        self.report.courses_added.append(code)
        return course


def _sync(placements: Iterable[Placement], practice_rows: Iterable[Grade], *, acting_user: MaybeUser) -> SyncReport:
    """Bring `practice_rows` (every practice row of the students concerned) in line with `placements` (every graded
    placement of those students)."""
    report = SyncReport()
    courses = _Courses(acting_user, report)
    wanted: dict[Place, dict[str, Any]] = {}
    for placement in sorted(placements, key=lambda p: (p.graded_on or p.updated_at.date(), p.pk)):
        wanted[place_of(placement, courses.of(placement.practice))] = practice_values(placement)  # the latest wins
    platonus: set[Place] = set()
    if wanted:
        students = {place[0] for place in wanted}
        course_ids = {place[1] for place in wanted}
        platonus = set(
            Grade.objects.filter(student_id__in=students, course_id__in=course_ids)
            .exclude(source=GradeSource.PRACTICE)
            .values_list("student_id", "course_id", "academic_year", "term")
        )
    existing: dict[Place, Grade] = {}
    for row in practice_rows:
        place = (row.student_id, row.course_id, row.academic_year, row.term)
        if place in existing or row.attempt != Attempt.REGULAR:  # not one this service wrote: out
            attributed(row, acting_user, reason="practice").delete()
            report.removed += 1
        else:
            existing[place] = row
    for place, values in wanted.items():
        if place in platonus:
            report.left_to_platonus += 1
            continue
        found = existing.pop(place, None)
        if found is None:
            student_id, course_id, year, term = place
            row = Grade(
                student_id=student_id, course_id=course_id, academic_year=year, term=term, attempt=Attempt.REGULAR,
                **values,
            )  # fmt: skip
            attributed(row, acting_user, reason="practice").save()
            report.created += 1
        elif any(getattr(found, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(found, name, value)
            attributed(found, acting_user, reason="practice").save()
            report.updated += 1
        else:
            report.unchanged += 1
    for row in existing.values():  # no graded placement gives it any more, or Platonus has the course
        attributed(row, acting_user, reason="practice").delete()
        report.removed += 1
    return report


@transaction.atomic
def sync_student(student_id: int, *, acting_user: MaybeUser = None) -> SyncReport:
    """Bring one student's practice rows in line with their graded placements."""
    return _sync(
        graded_placements().filter(student_id=student_id),
        Grade.objects.filter(student_id=student_id, source=GradeSource.PRACTICE).select_for_update(),
        acting_user=acting_user,
    )


@transaction.atomic
def sync_practice_grades(*, institution: Institution | None = None, acting_user: MaybeUser = None) -> SyncReport:
    """Bring every student's practice rows (of the institution, or all) in line; a second run changes nothing."""
    placements = graded_placements()
    rows = Grade.objects.filter(source=GradeSource.PRACTICE)
    if institution is not None:
        placements = placements.filter(practice__institution=institution)
        rows = rows.filter(student__institution=institution)
    return _sync(placements, rows.select_for_update(), acting_user=acting_user)


def on_practice_grade_changed(sender: Any, placement_id: int, acting_user: MaybeUser = None, **kwargs: Any) -> None:
    """The receiver of practice's `practice_grade_changed` (after the grading's commit): the student's rows follow.

    A failure here must not undo nor break the grading (it is committed): it is logged, and the next
    `sync_practice_grades` repairs the rows."""
    student_id = Placement.objects.filter(pk=placement_id).values_list("student_id", flat=True).first()
    if student_id is None:
        return
    try:
        sync_student(student_id, acting_user=acting_user)
    except Exception:
        logger.exception("practice grade of placement %s: the academic record was not updated", placement_id)


# ---- What the Platonus import and the record page read -----------------------------------------------------------


@dataclass(frozen=True)
class PracticeConflict:
    """A course whose practice grade AIS Platonus replaced with another letter (the record page's warning)."""

    course: Course
    academic_year: str
    term: str
    practice_letter: str
    platonus_letter: str


def practice_conflicts(student_id: int, grades: Iterable[Grade]) -> list[PracticeConflict]:
    """The student's graded placements of a mapped practice whose place has a Platonus row with another letter
    (`grades`: the student's rows with their courses; one query for the placements)."""
    platonus: dict[tuple[str, str, str], Grade] = {}
    for grade in sorted(grades, key=lambda g: g.order_key):
        if grade.source != GradeSource.PRACTICE:
            platonus[(grade.course.code, grade.academic_year, grade.term)] = grade  # the latest attempt last
    if not platonus:
        return []
    conflicts = []
    for placement in graded_placements().filter(student_id=student_id).order_by("pk"):
        practice = placement.practice
        found = platonus.get((practice.course_code.strip(), practice.academic_year.name, practice.grade_term))
        letter = normalize_letter(placement.letter_grade)
        if found is not None and found.letter != letter:
            shown = found.letter or str(found.get_kind_display())
            conflicts.append(PracticeConflict(found.course, found.academic_year, found.term, letter, shown))
    return conflicts
