"""State changes of program revisions and advisory boards (002 p10; R-052, R-059, R-060).

Who may: a revision or a board is written within the user's change scope (a department: its programs, a dean:
the faculty's, the quality editors: all; core.access.PROGRAM_REVISION_RECORDERS); a new one only for a program
or faculty in that scope. Commands and tests pass acting_user=None and act for the institution.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import CHANGE, PROGRAM_REVISION_RECORDERS, require_change, scope_q, scoped
from mansap.core.models import EducationalProgram, Faculty, Student
from mansap.employers.models import Organization
from mansap.quality.models import AdvisoryBoard, AdvisoryBoardMeeting, AdvisoryBoardMember, ProgramRevision

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser


def revision_programs(user: MaybeUser) -> Any:
    """The programs whose revisions the user may record (their change scope), active ones first."""
    programs = EducationalProgram.objects.select_related("department").order_by("-is_active", "code")
    if user is None:
        return programs
    if not user.is_authenticated:
        return programs.none()
    q = scope_q(
        user,
        CHANGE,
        institution_path="department__faculty__institution",
        faculty_path="department__faculty",
        department_path="department",
        roles=PROGRAM_REVISION_RECORDERS,
    )
    if q is None:
        return programs
    return programs.filter(q) if q else programs.none()


def board_faculties(user: MaybeUser) -> Any:
    """The faculties whose boards the user may keep (a faculty's own board: deans and the quality editors)."""
    faculties = Faculty.objects.order_by("code")
    if user is None:
        return faculties
    if not user.is_authenticated:
        return faculties.none()
    q = scope_q(user, CHANGE, institution_path="institution", faculty_path="pk", roles=PROGRAM_REVISION_RECORDERS)
    if q is None:
        return faculties
    return faculties.filter(q) if q else faculties.none()


def _check_program(program: EducationalProgram, acting_user: MaybeUser) -> None:
    if acting_user is None:
        return
    if not revision_programs(acting_user).filter(pk=program.pk).exists():
        raise PermissionDenied


def _same_institution(institution_id: int, items: Iterable[Any], path: str, field: str, message: str) -> None:
    for item in items:
        value = item
        for part in path.split("."):
            value = getattr(value, part)
        if value != institution_id:
            raise ValidationError({field: message})


@transaction.atomic
def save_revision(
    revision: ProgramRevision,
    *,
    acting_user: MaybeUser,
    employers: Iterable[Organization] | None = None,
    alumni: Iterable[Student] | None = None,
    students: Iterable[Student] | None = None,
) -> ProgramRevision:
    """Record or change a revision of a program, with the employers, alumni and students who took part."""
    require_change(acting_user, revision)
    if revision.program_id:
        _check_program(revision.program, acting_user)
    revision.full_clean()
    institution_id = revision.program.department.faculty.institution_id
    employers = list(employers) if employers is not None else None
    alumni = list(alumni) if alumni is not None else None
    students = list(students) if students is not None else None
    if employers:
        _same_institution(institution_id, employers, "institution_id", "employers",
                          _("An organization belongs to another institution."))  # fmt: skip
    if alumni:
        _same_institution(institution_id, alumni, "institution_id", "alumni",
                          _("A person belongs to another institution."))  # fmt: skip
        if any(a.graduation_date is None for a in alumni):
            raise ValidationError({"alumni": _("An alumnus has a graduation date: choose graduates only.")})
    if students:
        _same_institution(institution_id, students, "institution_id", "students",
                          _("A person belongs to another institution."))  # fmt: skip
    if revision.pk is None and acting_user is not None and getattr(acting_user, "is_authenticated", False):
        revision.recorded_by = acting_user
    attributed(revision, acting_user).save()
    if employers is not None:
        revision.employers.set(employers)
    if alumni is not None:
        revision.alumni.set(alumni)
    if students is not None:
        revision.students.set(students)
    return revision


@transaction.atomic
def save_board(board: AdvisoryBoard, *, acting_user: MaybeUser) -> AdvisoryBoard:
    """Create or change an advisory board of a program (its faculty follows) or of a faculty."""
    require_change(acting_user, board)
    if board.program is not None:
        board.faculty_id = board.program.department.faculty_id
        if acting_user is not None and not revision_programs(acting_user).filter(pk=board.program_id).exists():
            raise PermissionDenied
    elif not board.faculty_id:
        raise ValidationError({"faculty": _("Choose the faculty or the program whose board it is.")})
    elif acting_user is not None and not board_faculties(acting_user).filter(pk=board.faculty_id).exists():
        raise PermissionDenied
    board.full_clean()
    attributed(board, acting_user).save()
    return board


def _check_board(board: AdvisoryBoard, acting_user: MaybeUser) -> None:
    if acting_user is not None and not scoped(AdvisoryBoard).for_user(acting_user, CHANGE).filter(pk=board.pk).exists():
        raise PermissionDenied


@transaction.atomic
def save_member(member: AdvisoryBoardMember, *, acting_user: MaybeUser) -> AdvisoryBoardMember:
    """Add or change a member of a board: an employer's representative, an alumnus or another person."""
    _check_board(member.board, acting_user)
    institution_id = member.board.faculty.institution_id
    if member.organization_id and member.organization.institution_id != institution_id:  # type: ignore[union-attr]
        raise ValidationError({"organization": _("An organization belongs to another institution.")})
    if member.alumnus_id and member.alumnus.institution_id != institution_id:  # type: ignore[union-attr]
        raise ValidationError({"alumnus": _("A person belongs to another institution.")})
    member.full_clean()
    attributed(member, acting_user).save()
    return member


@transaction.atomic
def save_meeting(meeting: AdvisoryBoardMeeting, *, acting_user: MaybeUser) -> AdvisoryBoardMeeting:
    """Record or change a meeting of a board (agenda, minutes, decisions)."""
    _check_board(meeting.board, acting_user)
    meeting.full_clean()
    attributed(meeting, acting_user).save()
    return meeting
