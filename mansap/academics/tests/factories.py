"""Builders of the academics app's rows for tests (plain functions, like the other apps' factories)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from mansap.academics.models import (
    Course,
    ElectiveGroup,
    Grade,
    IndividualCurriculum,
    IndividualCurriculumItem,
    ModelCurriculum,
    ModelCurriculumRow,
)
from mansap.core.models import Institution, Student

_serial = itertools.count(1)


def make_course(institution: Institution, code: str | None = None, credits: int = 5, **fields: Any) -> Course:
    code = code or f"C{next(_serial):04d}"
    defaults: dict[str, Any] = {"name_kk": f"Пән {code}", "name_ru": f"Дисциплина {code}", "name_en": f"Course {code}"}
    defaults.update(fields)
    return Course.objects.create(institution=institution, code=code, credits=credits, **defaults)


def make_grade(
    student: Student, course: Course, year: str = "2024-2025", term: str = "1", letter: str = "B", **fields: Any
) -> Grade:
    defaults: dict[str, Any] = {"attestation": "exam", "kind": "graded", "attempt": "regular"}
    defaults.update(fields)
    if "percent" in defaults and defaults["percent"] is not None:
        defaults["percent"] = Decimal(str(defaults["percent"]))
    return Grade.objects.create(
        student=student, course=course, academic_year=year, term=term, letter=letter, **defaults
    )


def make_model_curriculum(program: Any, admission_year: int = 2024, **fields: Any) -> ModelCurriculum:
    return ModelCurriculum.objects.create(program=program, admission_year=admission_year, **fields)


def make_row(
    curriculum: ModelCurriculum,
    course: Course,
    year_of_study: int = 1,
    term: str = "1",
    component: str = "required",
    group: ElectiveGroup | None = None,
) -> ModelCurriculumRow:
    return ModelCurriculumRow.objects.create(
        curriculum=curriculum, course=course, year_of_study=year_of_study, term=term, component=component,
        elective_group=group,
    )  # fmt: skip


def make_individual(
    student: Student, year: str = "2024-2025", courses: list[Course] | None = None, **fields: Any
) -> IndividualCurriculum:
    fields.setdefault("year_of_study", 1)
    curriculum = IndividualCurriculum.objects.create(student=student, academic_year=year, **fields)
    for course in courses or []:
        IndividualCurriculumItem.objects.create(curriculum=curriculum, course=course, term="1")
    return curriculum
