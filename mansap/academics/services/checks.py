"""The check of an individual curriculum against the model curriculum (issue #14; R-093): a rule the approval
applies (services.curricula) and the pages and the gaps list read (reports.curricula).

An individual curriculum passes when it holds every required course of its year of study in the model curriculum
of the student's program and admission year, its credits for the year are within the institution's range
(CurriculumSettings), and each elective group of that year has at least its credits chosen. The gaps are said in
words (`Gap.text`), with a stable code for tests and exports.

"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.academics.choices import (
    DEFAULT_MAX_CREDITS,
    DEFAULT_MIN_CREDITS,
    Component,
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
