"""State changes of curricula (issue #14; R-093, R-109, R-135).

Model curricula: the SSC and a department (its own programs; core.access.CURRICULUM_EDITORS through the queryset)
add and change them, their rows and elective groups, and copy one to another admission year.

Individual curricula: drawn up for a student and an academic year (the required courses of that year of study
filled in from the model curriculum), changed while a draft or returned, by the student, the advisor, the
department or the SSC; submitted by any of them; approved or returned (with a comment) by the student's advisor or
the SSC. Approval needs a curriculum that passes the check (reports.curricula.check_curriculum).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.academics.choices import EDITABLE_STATUSES, Component, CurriculumStatus
from mansap.academics.models import (
    Course,
    CurriculumSettings,
    ElectiveGroup,
    IndividualCurriculum,
    IndividualCurriculumItem,
    ModelCurriculum,
    ModelCurriculumRow,
)
from mansap.academics.services.checks import check_curriculum, model_for, year_of_study_in
from mansap.common.history import attributed
from mansap.core.access import (
    CURRICULUM_EDITORS,
    can_edit_curricula,
    is_academic_records_editor,
    reaches_as,
    require_change,
    user_can_change,
)

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution, Student


def _require_curriculum_editor(acting_user: MaybeUser, curriculum: ModelCurriculum) -> None:
    if acting_user is None:
        return
    if not can_edit_curricula(acting_user):
        raise PermissionDenied
    require_change(acting_user, curriculum)


def _require_program(acting_user: MaybeUser, curriculum: ModelCurriculum) -> None:
    """A new curriculum's program must be one the user changes curricula of (a department: its own)."""
    if acting_user is None:
        return
    from mansap.core.models import EducationalProgram

    if not can_edit_curricula(acting_user) or not (
        EducationalProgram.objects.for_user_as(acting_user, CURRICULUM_EDITORS)
        .filter(pk=curriculum.program_id)
        .exists()
    ):
        raise PermissionDenied


# ---- Model curricula -----------------------------------------------------------------------------------------
@transaction.atomic
def save_model_curriculum(curriculum: ModelCurriculum, *, acting_user: MaybeUser) -> ModelCurriculum:
    if curriculum.pk is None:
        _require_program(acting_user, curriculum)
    else:
        _require_curriculum_editor(acting_user, curriculum)
    curriculum.full_clean()
    attributed(curriculum, acting_user).save()
    return curriculum


@transaction.atomic
def add_row(
    curriculum: ModelCurriculum,
    *,
    course: Course,
    year_of_study: int,
    term: str,
    component: str,
    elective_group: ElectiveGroup | None = None,
    acting_user: MaybeUser,
) -> ModelCurriculumRow:
    _require_curriculum_editor(acting_user, curriculum)
    if course.institution_id != curriculum.program.department.faculty.institution_id:
        raise ValidationError({"course": _("The course belongs to another institution.")})
    row = ModelCurriculumRow(
        curriculum=curriculum, course=course, year_of_study=year_of_study, term=term, component=component,
        elective_group=elective_group,
    )  # fmt: skip
    row.full_clean()
    attributed(row, acting_user).save()
    return row


@transaction.atomic
def delete_row(row: ModelCurriculumRow, *, acting_user: MaybeUser) -> None:
    _require_curriculum_editor(acting_user, row.curriculum)
    attributed(row, acting_user).delete()


@transaction.atomic
def add_elective_group(
    curriculum: ModelCurriculum, *, name: str, year_of_study: int, credits: int, acting_user: MaybeUser
) -> ElectiveGroup:
    _require_curriculum_editor(acting_user, curriculum)
    group = ElectiveGroup(curriculum=curriculum, name=name.strip(), year_of_study=year_of_study, credits=credits)
    group.full_clean()
    attributed(group, acting_user).save()
    return group


@transaction.atomic
def delete_elective_group(group: ElectiveGroup, *, acting_user: MaybeUser) -> None:
    """The group goes; its rows stay as electives outside any group."""
    _require_curriculum_editor(acting_user, group.curriculum)
    attributed(group, acting_user).delete()


@transaction.atomic
def copy_model_curriculum(source: ModelCurriculum, *, admission_year: int, acting_user: MaybeUser) -> ModelCurriculum:
    """A new model curriculum of the same program for another admission year, with the same groups and rows."""
    target = ModelCurriculum(program=source.program, admission_year=admission_year, note=source.note)
    _require_program(acting_user, target)
    if ModelCurriculum.objects.filter(program=source.program, admission_year=admission_year).exists():
        raise ValidationError(
            {"admission_year": _("The program already has a model curriculum for {year}.").format(year=admission_year)}
        )
    target.full_clean()
    attributed(target, acting_user).save()
    groups: dict[int, ElectiveGroup] = {}
    for group in source.elective_groups.all():
        groups[group.pk] = attributed(
            ElectiveGroup(curriculum=target, name=group.name, year_of_study=group.year_of_study, credits=group.credits),
            acting_user,
        )
        groups[group.pk].save()
    for row in source.rows.all():
        attributed(
            ModelCurriculumRow(
                curriculum=target, course_id=row.course_id, year_of_study=row.year_of_study, term=row.term,
                component=row.component,
                elective_group=groups.get(row.elective_group_id) if row.elective_group_id else None,
            ),
            acting_user,
        ).save()  # fmt: skip
    return target


@transaction.atomic
def save_credit_range(
    institution: Institution, *, min_credits: int, max_credits: int, acting_user: MaybeUser
) -> CurriculumSettings:
    """The institution's range of credits per academic year (the SSC)."""
    if acting_user is not None and not is_academic_records_editor(acting_user):
        raise PermissionDenied
    if min_credits > max_credits:
        raise ValidationError({"min_credits": _("The minimum cannot be above the maximum.")})
    settings, _created = CurriculumSettings.objects.get_or_create(institution=institution)
    settings.min_credits, settings.max_credits = min_credits, max_credits
    attributed(settings, acting_user).save()
    return settings


# ---- Individual curricula ------------------------------------------------------------------------------------
def is_advisor(user: MaybeUser, student: Student) -> bool:
    advisor = student.advisor
    return bool(user is not None and advisor is not None and advisor.user_id and advisor.user_id == user.pk)


def may_draw_up(user: MaybeUser, student: Student) -> bool:
    """The student, their advisor, the department and the SSC draw up a student's curriculum."""
    if user is None:
        return True
    if not user.is_authenticated:
        return False
    if student.user_id == user.pk or is_advisor(user, student):
        return True
    return can_edit_curricula(user) and reaches_as(user, student, CURRICULUM_EDITORS)


def may_approve(user: MaybeUser, curriculum: IndividualCurriculum) -> bool:
    """The student's advisor approves or returns the curriculum, and so does the SSC."""
    if user is None:
        return True
    if is_advisor(user, curriculum.student):
        return True
    return is_academic_records_editor(user) and user_can_change(user, curriculum)


def _require_editable(curriculum: IndividualCurriculum, acting_user: MaybeUser) -> None:
    require_change(acting_user, curriculum)
    if curriculum.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _(
                "The curriculum is {status}: its courses change only while it is a draft or after it is returned."
            ).format(status=curriculum.get_status_display())
        )


@transaction.atomic
def draw_up(student: Student, *, academic_year: str, acting_user: MaybeUser) -> IndividualCurriculum:
    """A draft individual curriculum of the academic year, with the required courses of the student's year of
    study in the model curriculum (their terms as there)."""
    if not may_draw_up(acting_user, student):
        raise PermissionDenied
    curriculum = IndividualCurriculum(student=student, academic_year=academic_year, year_of_study=1)
    curriculum.full_clean(exclude=["year_of_study"], validate_unique=False, validate_constraints=False)
    year_of_study = year_of_study_in(student, academic_year)
    if year_of_study is None or not 1 <= year_of_study <= 7:
        raise ValidationError({"academic_year": _("The student does not study in {year}.").format(year=academic_year)})
    if IndividualCurriculum.objects.filter(student=student, academic_year=academic_year).exists():
        raise ValidationError(
            {
                "academic_year": _("The student already has an individual curriculum for {year}.").format(
                    year=academic_year
                )
            }
        )
    curriculum.year_of_study = year_of_study
    attributed(curriculum, acting_user).save()
    model = model_for(student)
    if model is not None:
        for row in model.rows.all():
            if row.year_of_study == year_of_study and row.component == Component.REQUIRED:
                attributed(
                    IndividualCurriculumItem(curriculum=curriculum, course=row.course, term=row.term), acting_user
                ).save()
    return curriculum


@transaction.atomic
def add_item(
    curriculum: IndividualCurriculum, *, course: Course, term: str, acting_user: MaybeUser
) -> IndividualCurriculumItem:
    _require_editable(curriculum, acting_user)
    if course.institution_id != curriculum.student.institution_id:
        raise ValidationError({"course": _("The course belongs to another institution.")})
    item = IndividualCurriculumItem(curriculum=curriculum, course=course, term=term)
    item.full_clean()
    attributed(item, acting_user).save()
    return item


@transaction.atomic
def remove_item(item: IndividualCurriculumItem, *, acting_user: MaybeUser) -> None:
    _require_editable(item.curriculum, acting_user)
    attributed(item, acting_user).delete()


@transaction.atomic
def submit(curriculum: IndividualCurriculum, *, acting_user: MaybeUser) -> IndividualCurriculum:
    """Draft or returned → submitted to the advisor."""
    require_change(acting_user, curriculum)
    if curriculum.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Only a draft or a returned curriculum is submitted; this one is {status}.").format(
                status=curriculum.get_status_display()
            )
        )
    if not curriculum.items.exists():
        raise ValidationError(_("Add the courses of the year before submitting the curriculum."))
    curriculum.status = CurriculumStatus.SUBMITTED
    curriculum.submitted_at = timezone.now()
    attributed(curriculum, acting_user).save()
    return curriculum


@transaction.atomic
def approve(curriculum: IndividualCurriculum, *, acting_user: MaybeUser) -> IndividualCurriculum:
    """Submitted → approved, by the advisor or the SSC, when the curriculum passes the check."""
    if not may_approve(acting_user, curriculum):
        raise PermissionDenied(_("Only the student's advisor or the Student Service Center approves a curriculum."))
    if curriculum.status != CurriculumStatus.SUBMITTED:
        raise ValidationError(
            _("Only a submitted curriculum is approved; this one is {status}.").format(
                status=curriculum.get_status_display()
            )
        )
    result = check_curriculum(curriculum)
    if not result.passed:
        raise ValidationError(
            _("The curriculum does not pass the check: {gaps}").format(gaps=" ".join(g.text for g in result.gaps))
        )
    curriculum.status = CurriculumStatus.APPROVED
    curriculum.approved_at = timezone.now()
    curriculum.approved_by = acting_user if acting_user is not None and acting_user.is_authenticated else None
    curriculum.comment = ""
    attributed(curriculum, acting_user).save()
    return curriculum


@transaction.atomic
def return_curriculum(
    curriculum: IndividualCurriculum, *, comment: str, acting_user: MaybeUser
) -> IndividualCurriculum:
    """Submitted or approved → returned for changes, with the advisor's (or the SSC's) comment."""
    if not may_approve(acting_user, curriculum):
        raise PermissionDenied(_("Only the student's advisor or the Student Service Center returns a curriculum."))
    if curriculum.status not in (CurriculumStatus.SUBMITTED, CurriculumStatus.APPROVED):
        raise ValidationError(
            _("Only a submitted or approved curriculum is returned; this one is {status}.").format(
                status=curriculum.get_status_display()
            )
        )
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what to change: the comment is required.")})
    curriculum.status = CurriculumStatus.RETURNED
    curriculum.comment = comment
    curriculum.approved_at = None
    curriculum.approved_by = None
    attributed(curriculum, acting_user).save()
    return curriculum
