"""The summary record sheet of a group (R-121): its students × the courses they took, each cell the letter of the
latest attempt (the one the GPA counts), with each student's cumulative GPA and credits earned.

The figures are reports.gpa.gpa_of's, the exact GPA rules: a cell is one of GpaResult.counted, so a retaken FX
shows the retake's letter and the sheet's GPA is the record page's.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Count

from mansap.academics.choices import GradeKind
from mansap.academics.models import Course, Grade
from mansap.academics.reports.gpa import GpaResult, gpa_of
from mansap.academics.services.catalogue import current_scale

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from mansap.core.models import EducationalProgram, Institution, Student


@dataclass
class SheetRow:
    student: Student
    gpa: GpaResult
    cells: dict[int, Grade] = field(default_factory=dict)  # course id → the counted attempt

    def cell(self, course: Course) -> Grade | None:
        return self.cells.get(course.pk)


@dataclass
class SummarySheet:
    program: EducationalProgram
    admission_year: int
    group: str
    columns: list[Course]
    rows: list[SheetRow]


def cell_text(grade: Grade | None) -> str:
    """The text of a cell: the letter, or the kind of an ungraded row (pass, exempted); empty when not taken."""
    if grade is None:
        return ""
    if grade.kind != GradeKind.GRADED:
        return str(GradeKind(grade.kind).label)
    return grade.letter


def summary_sheet(
    students: QuerySet[Student], institution: Institution, program: EducationalProgram, admission_year: int, group: str
) -> SummarySheet:
    """The sheet of `students` (already narrowed to the group), from two queries and the grading scale."""
    people = list(students.order_by("last_name", "first_name", "iin"))
    grades: dict[int, list[Grade]] = defaultdict(list)
    for grade in Grade.objects.filter(student__in=[s.pk for s in people]).select_related("course"):
        grades[grade.student_id].append(grade)
    scale = current_scale(institution)
    rows: list[SheetRow] = []
    first_taken: dict[int, tuple[Any, ...]] = {}
    courses: dict[int, Course] = {}
    for student in people:
        result = gpa_of(grades.get(student.pk, []), scale)
        row = SheetRow(student, result)
        for grade in result.counted:
            row.cells[grade.course_id] = grade
            courses[grade.course_id] = grade.course
            when = grade.order_key[:2]
            if grade.course_id not in first_taken or when < first_taken[grade.course_id]:
                first_taken[grade.course_id] = when
        rows.append(row)
    columns = sorted(courses.values(), key=lambda c: (first_taken[c.pk], c.code))
    return SummarySheet(program, admission_year, group, columns, rows)


@dataclass(frozen=True)
class GroupLine:
    program: EducationalProgram
    admission_year: int
    group: str
    students: int


def groups_of(students: QuerySet[Student]) -> list[GroupLine]:
    """The groups among `students` (program, admission year, group) with their sizes: two queries."""
    from mansap.core.models import EducationalProgram

    lines: list[Any] = list(
        students.exclude(admission_year__isnull=True)
        .values("program_id", "admission_year", "group")
        .annotate(n=Count("pk"))
        .order_by("-admission_year", "group", "program_id")
    )
    programs = EducationalProgram.objects.in_bulk({line["program_id"] for line in lines})
    return [
        GroupLine(programs[line["program_id"]], line["admission_year"], line["group"], line["n"])
        for line in lines
        if line["program_id"] in programs
    ]
