"""Builders of the academics app's rows for tests (plain functions, like the other apps' factories)."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

from mansap.academics.models import Course, Grade
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
