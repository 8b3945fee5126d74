"""The check of individual curricula against the model curriculum, and the gaps list of the SSC (issue #14; R-093).

An individual curriculum passes when it holds every required course of its year of study in the model curriculum
of the student's program and admission year, its credits for the year are within the institution's range
(CurriculumSettings), and each elective group of that year has at least its credits chosen. The gaps are said in
words (`Gap.text`), with a stable code for tests and exports.

The gaps list reads a whole selection of students in a fixed number of queries: the students, their individual
curricula of the year with their courses, the model curricula with their rows and groups, and the settings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.academics.choices import (
    DEFAULT_MAX_CREDITS,
    DEFAULT_MIN_CREDITS,
    Component,
    CurriculumStatus,
)
from mansap.academics.models import (
    CurriculumSettings,
    IndividualCurriculum,
    IndividualCurriculumItem,
    ModelCurriculum,
    ModelCurriculumRow,
)
from mansap.core.models import AcademicYear

if TYPE_CHECKING:
    from mansap.core.models import Institution, Student


@dataclass(frozen=True)
class CreditRange:
    minimum: int
    maximum: int


@dataclass(frozen=True)
class Gap:
    code: str  # no_model, missing_required, too_few_credits, too_many_credits, elective_group_short, ...
    text: str


@dataclass
class CheckResult:
    gaps: list[Gap] = field(default_factory=list)
    credits: int = 0

    @property
    def passed(self) -> bool:
        return not self.gaps


def current_academic_year() -> str:
    """The academic year under way: the one marked current in core, else September's year onwards."""
    marked = AcademicYear.objects.filter(is_current=True).order_by("-start_year").first()
    if marked is not None:
        return marked.name
    today = timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    return f"{start}-{start + 1}"


def credit_range(institution: Institution | int) -> CreditRange:
    """The institution's credits per year: its CurriculumSettings, else the defaults (50–70)."""
    institution_id = institution if isinstance(institution, int) else institution.pk
    stored = CurriculumSettings.objects.filter(institution_id=institution_id).first()
    if stored is None:
        return CreditRange(DEFAULT_MIN_CREDITS, DEFAULT_MAX_CREDITS)
    return CreditRange(stored.min_credits, stored.max_credits)


def model_with_rows() -> QuerySet[ModelCurriculum]:
    """Model curricula with their rows (and courses) and elective groups, in three queries."""
    return ModelCurriculum.objects.select_related("program").prefetch_related(
        Prefetch("rows", ModelCurriculumRow.objects.select_related("course", "elective_group")),
        "elective_groups",
    )


def model_for(student: Student) -> ModelCurriculum | None:
    if student.admission_year is None:
        return None
    return model_with_rows().filter(program_id=student.program_id, admission_year=student.admission_year).first()


def _label(row: ModelCurriculumRow) -> str:
    return f"{row.course.code} {row.course.name}"


def check(
    items: Sequence[IndividualCurriculumItem], year_of_study: int, model: ModelCurriculum | None, credits: CreditRange
) -> CheckResult:
    """The gaps of an individual curriculum's courses (`items`, with their course) of a year of study against the
    model curriculum (prefetched rows and groups) and the credit range; no model curriculum is a gap too."""
    result = CheckResult(credits=sum(item.course.credits for item in items))
    chosen = {item.course_id for item in items}
    if model is None:
        result.gaps.append(
            Gap("no_model", _("There is no model curriculum for the student's program and admission year."))
        )
    else:
        rows = [row for row in model.rows.all() if row.year_of_study == year_of_study]
        for row in rows:
            if row.component == Component.REQUIRED and row.course_id not in chosen:
                result.gaps.append(
                    Gap(
                        "missing_required",
                        _("The required course {course} ({term}) is missing.").format(
                            course=_label(row), term=row.get_term_display()
                        ),
                    )
                )
        group_credits: dict[int, int] = defaultdict(int)
        for row in rows:
            if row.elective_group_id is not None and row.course_id in chosen:
                group_credits[row.elective_group_id] += row.course.credits
        for group in model.elective_groups.all():
            if group.year_of_study != year_of_study:
                continue
            have = group_credits[group.pk]
            if have < group.credits:
                result.gaps.append(
                    Gap(
                        "elective_group_short",
                        _("Elective group “{group}”: {have} of {need} credits chosen.").format(
                            group=group.name, have=have, need=group.credits
                        ),
                    )
                )
    if result.credits < credits.minimum:
        result.gaps.append(
            Gap(
                "too_few_credits",
                _("{credits} credits for the year, fewer than the minimum of {minimum}.").format(
                    credits=result.credits, minimum=credits.minimum
                ),
            )
        )
    elif result.credits > credits.maximum:
        result.gaps.append(
            Gap(
                "too_many_credits",
                _("{credits} credits for the year, more than the maximum of {maximum}.").format(
                    credits=result.credits, maximum=credits.maximum
                ),
            )
        )
    return result


def items_of(curriculum: IndividualCurriculum) -> list[IndividualCurriculumItem]:
    return list(curriculum.items.select_related("course").order_by("term", "course__code"))


def check_curriculum(curriculum: IndividualCurriculum) -> CheckResult:
    """One individual curriculum's check (its page, the approval)."""
    student = curriculum.student
    return check(
        items_of(curriculum), curriculum.year_of_study, model_for(student), credit_range(student.institution_id)
    )


def year_of_study_in(student: Student, academic_year: str) -> int | None:
    """The student's year of study in an academic year: from the admission year, else their current course."""
    if student.admission_year is not None:
        return int(academic_year[:4]) - student.admission_year + 1
    return student.course


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
