"""The gaps list of the SSC (issue #14; R-093): the students whose individual curriculum of a year is missing, not
approved or fails the check against the model curriculum (services.checks), each gap in words.

It reads a whole selection of students in a fixed number of queries: the students, their individual curricula of
the year with their courses, the model curricula with their rows and groups, and the settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from mansap.academics.choices import DEFAULT_MAX_CREDITS, DEFAULT_MIN_CREDITS, CurriculumStatus
from mansap.academics.models import CurriculumSettings, IndividualCurriculum, IndividualCurriculumItem, ModelCurriculum
from mansap.academics.services.checks import (
    CheckResult,
    CreditRange,
    Gap,
    check,
    check_curriculum,
    credit_range,
    current_academic_year,
    items_of,
    model_for,
    model_with_rows,
    year_of_study_in,
)

if TYPE_CHECKING:
    from mansap.core.models import Student

__all__ = [
    "CheckResult",
    "CreditRange",
    "Gap",
    "GapRow",
    "check",
    "check_curriculum",
    "credit_range",
    "current_academic_year",
    "gaps",
    "items_of",
    "model_for",
    "year_of_study_in",
]


@dataclass
class GapRow:
    student: Student
    curriculum: IndividualCurriculum | None
    gaps: list[Gap]

    @property
    def text(self) -> str:
        return " ".join(gap.text for gap in self.gaps)


def gaps(students: QuerySet[Student], academic_year: str, *, with_passing: bool = False) -> list[GapRow]:
    """The students (a scoped selection) whose individual curriculum of the year is missing, not approved or fails
    the check, each with its gaps in words; in the queryset's order. Students who do not study in that year (admitted
    later, or past the program's duration) are left out."""
    curricula = IndividualCurriculum.objects.filter(academic_year=academic_year).prefetch_related(
        Prefetch("items", IndividualCurriculumItem.objects.select_related("course"))
    )
    selected = list(
        students.select_related("program__department").prefetch_related(
            Prefetch("individual_curricula", curricula, to_attr="year_curricula")
        )
    )
    if not selected:
        return []
    keys = {(s.program_id, s.admission_year) for s in selected if s.admission_year is not None}
    models: dict[tuple[int, int], ModelCurriculum] = {}
    if keys:
        programs = {program for program, _year in keys}
        admission_years = {year for _program, year in keys}
        for found_model in model_with_rows().filter(program_id__in=programs, admission_year__in=admission_years):
            models[(found_model.program_id, found_model.admission_year)] = found_model
    ranges = _ranges({s.institution_id for s in selected})
    rows: list[GapRow] = []
    for student in selected:
        year_of_study = year_of_study_in(student, academic_year)
        if year_of_study is None or not 1 <= year_of_study <= student.program.duration_years:
            continue  # not studying in that year: admitted later, or beyond the program's years
        found: list[IndividualCurriculum] = student.year_curricula
        curriculum = found[0] if found else None
        model = models.get((student.program_id, student.admission_year or 0))
        if curriculum is None:
            row_gaps = [Gap("no_curriculum", _("No individual curriculum for {year}.").format(year=academic_year))]
            if model is None:
                row_gaps.append(
                    Gap("no_model", _("There is no model curriculum for the student's program and admission year."))
                )
        else:
            row_gaps = []
            if curriculum.status != CurriculumStatus.APPROVED:
                row_gaps.append(
                    Gap(
                        "not_approved",
                        _("The individual curriculum is not approved (status: {status}).").format(
                            status=curriculum.get_status_display()
                        ),
                    )
                )
            items = list(curriculum.items.all())
            row_gaps += check(items, curriculum.year_of_study, model, ranges[student.institution_id]).gaps
        if row_gaps or with_passing:
            rows.append(GapRow(student, curriculum, row_gaps))
    return rows


def _ranges(institution_ids: Iterable[int]) -> dict[int, CreditRange]:
    ids = set(institution_ids)
    found: dict[int, Any] = {
        s.institution_id: CreditRange(s.min_credits, s.max_credits)
        for s in CurriculumSettings.objects.filter(institution_id__in=ids)
    }
    return {i: found.get(i, CreditRange(DEFAULT_MIN_CREDITS, DEFAULT_MAX_CREDITS)) for i in ids}
