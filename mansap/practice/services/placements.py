"""The year's plan, preferences, manual and automatic placement, the rector's order, the company
package and compliance (R-017…R-026, R-035…R-040, 001 §7, §10).

Hard rules of a placement (`check_placement`), for the forms, the API and the allocation alike:
- the base is APPROVED (the vetting gate) and approved for the student's **Major** (`student.program`,
  never the Minor, R-037), and the student's Major is the practice's program;
- production practice: the student has completed the special disciplines cycle (not in
  `practice.students_with_cycle_debt`);
- capacity: the base's non-cancelled placements for the practice never exceed `base.capacity`;
- one non-cancelled placement per student per practice;
- the department supervisor belongs to the practice's department; a supervisor who is not a
  professor, associate professor or senior lecturer needs a written reason;
- a confirmed pre-graduate placement has a thesis topic.
A base without a contract signed a month before the start gives a warning, not a block; the
order submission blocks on it from the deadline on (R-040).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from collections.abc import Collection, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from typing_extensions import Unpack

from mansap.common.history import attributed
from mansap.common.links import site_url
from mansap.common.mail import Text, send_localized
from mansap.core import contingent
from mansap.core.access import is_career_center_editor, require_change
from mansap.core.choices import CalendarEventKind, ProgramLevel, Role
from mansap.core.models import AcademicYear, CalendarEvent, EducationalProgram, Employee, Membership, Student, User
from mansap.core.models.people import SENIOR_POSITIONS
from mansap.practice.choices import (
    BaseStatus,
    PlacementSource,
    PlacementStatus,
    PracticeKind,
    PracticeStatus,
)
from mansap.practice.models import (
    CompanyPackage,
    Placement,
    PlacementPreference,
    Practice,
    PracticeBase,
    PracticeContract,
    PracticeOrder,
)
from mansap.practice.reports import deadlines

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

logger = logging.getLogger(__name__)
ACTIVE = ~Q(status=PlacementStatus.CANCELLED)
MAX_PREFERENCES = 10


# ---- The plan -------------------------------------------------------------------------------------------------
def _kinds_for(program: EducationalProgram) -> list[tuple[str, int]]:
    """(kind, course) of the practices a program has in a year: educational in the 1st year,
    production in the 3rd (bachelor) or 1st (master), pre-graduate in the final year."""
    final = max(program.duration_years or 1, 1)
    if program.level == ProgramLevel.BACHELOR:
        found = [
            (PracticeKind.EDUCATIONAL, 1),
            (PracticeKind.PRODUCTION, min(3, final)),
            (PracticeKind.PRE_GRADUATE, final),
        ]
    else:
        found = [(PracticeKind.PRODUCTION, 1), (PracticeKind.PRE_GRADUATE, final)]
    seen: set[int] = set()
    out = []
    for kind, course in found:
        if course in seen:
            continue
        seen.add(course)
        out.append((str(kind), course))
    return out


CREDITS: dict[str, int] = {PracticeKind.EDUCATIONAL: 2, PracticeKind.PRODUCTION: 6, PracticeKind.PRE_GRADUATE: 8}
PRE_GRADUATE_WEEKS = 6


def _periods(year: AcademicYear) -> tuple[CalendarEvent | None, CalendarEvent | None, CalendarEvent | None]:
    events = list(year.events.order_by("starts_on", "pk"))
    practice = next((e for e in events if e.kind == CalendarEventKind.PRACTICE), None)
    final = next((e for e in events if e.kind == CalendarEventKind.FINAL_ATTESTATION), None)
    semesters = [e for e in events if e.kind == CalendarEventKind.SEMESTER]
    return practice, final, semesters[-1] if semesters else None


def plan_dates(year: AcademicYear, kind: str) -> tuple[dt.date, dt.date, dt.date | None] | None:
    """(starts_on, ends_on, special_cycle_ends_on) of a kind of practice from the academic calendar.

    Educational and production practice take the calendar's practice period; pre-graduate practice
    takes the weeks before the final attestation (or, without one, the practice period too).
    Production practice follows the cycle of special disciplines, which ends with the last semester
    before it (the day before the practice at the latest).
    """
    practice, final, semester = _periods(year)
    if kind == PracticeKind.PRE_GRADUATE and final is not None:
        ends = final.starts_on - dt.timedelta(days=1)
        return ends - dt.timedelta(weeks=PRE_GRADUATE_WEEKS) + dt.timedelta(days=1), ends, None
    if practice is None:
        return None
    cycle = None
    if kind == PracticeKind.PRODUCTION:
        cycle = semester.ends_on if semester and semester.ends_on < practice.starts_on else None
        cycle = cycle or practice.starts_on - dt.timedelta(days=1)
    return practice.starts_on, practice.ends_on, cycle


@transaction.atomic
def build_plan(academic_year: AcademicYear, *, acting_user: MaybeUser) -> list[Practice]:
    """Draft the year's practices for every active program of the institution from the academic
    calendar (R-020). Practices already in the plan are left alone; returns the new ones."""
    if acting_user is not None and not is_career_center_editor(acting_user):
        raise PermissionDenied
    institution = academic_year.institution
    programs = (
        EducationalProgram.objects.filter(department__faculty__institution=institution, is_active=True)
        .select_related("department")
        .order_by("code")
    )
    existing = set(Practice.objects.filter(academic_year=academic_year).values_list("program_id", "kind", "course"))
    created: list[Practice] = []
    for program in programs:
        for kind, course in _kinds_for(program):
            if (program.pk, kind, course) in existing:
                continue
            dates = plan_dates(academic_year, kind)
            if dates is None:  # no practice period in the calendar yet: nothing to draft from
                continue
            starts_on, ends_on, cycle = dates
            practice = Practice(
                institution=institution,
                academic_year=academic_year,
                program=program,
                department=program.department,
                kind=kind,
                course=course,
                credits=CREDITS[kind],
                starts_on=starts_on,
                ends_on=ends_on,
                special_cycle_ends_on=cycle,
                status=PracticeStatus.DRAFT,
            )
            practice.full_clean()
            attributed(practice, acting_user).save()
            created.append(practice)
    return created


# What the graduating department keeps on a practice of the plan (PracticeDepartmentForm); the rest of the
# practice is the Career Center's.
DEPARTMENT_PRACTICE_FIELDS = frozenset({"special_cycle_ends_on", "students_with_cycle_debt", "report_due_on",
                                        "programme_file"})  # fmt: skip


def may_change_practice_fields(user: MaybeUser, practice: Practice, fields: Collection[str]) -> bool:
    """Whether the user may set these fields of a practice (new or existing), scope aside.

    The Career Center (its read-write members) plans: it creates practices and sets any field. The
    department receives a practice and keeps only DEPARTMENT_PRACTICE_FIELDS on it; it creates none.
    """
    if is_career_center_editor(user):
        return True
    return practice.pk is not None and set(fields) <= DEPARTMENT_PRACTICE_FIELDS


@transaction.atomic
def save_practice(
    practice: Practice,
    *,
    acting_user: MaybeUser,
    fields: Collection[str],
    students_with_cycle_debt: Iterable[Student] | None = None,
) -> Practice:
    """Create or change a practice of the plan: the page's and the API's one rule.

    `fields` names the fields the caller set on `practice` (`may_change_practice_fields` decides who may set
    which: PermissionDenied otherwise). A new practice starts as a DRAFT whatever it was given: the plan is
    sent to the departments by `send_plan`. `students_with_cycle_debt`, when given, replaces that list.
    """
    if acting_user is not None and not may_change_practice_fields(acting_user, practice, fields):
        raise PermissionDenied
    require_change(acting_user, practice)
    if practice.pk is None:
        practice.status = PracticeStatus.DRAFT
    practice.full_clean()
    attributed(practice, acting_user).save()
    if students_with_cycle_debt is not None:
        practice.students_with_cycle_debt.set(students_with_cycle_debt)
    return practice


@transaction.atomic
def send_plan(practices: Iterable[Practice], *, acting_user: MaybeUser) -> int:
    """Send draft practices to their departments: status SENT, `sent_at`, one e-mail per department
    (after the commit: a plan rolled back announces nothing)."""
    if acting_user is not None and not is_career_center_editor(acting_user):
        raise PermissionDenied
    now = timezone.now()
    by_department: dict[int, list[Practice]] = defaultdict(list)
    for practice in practices:
        if practice.status != PracticeStatus.DRAFT:
            continue
        practice.status = PracticeStatus.SENT
        practice.sent_at = now
        attributed(practice, acting_user).save(update_fields=["status", "sent_at", "updated_at"])
        by_department[practice.department_id].append(practice)
    for department_id, sent in by_department.items():  # after the commit: a plan rolled back announces nothing
        transaction.on_commit(partial(_mail_department, department_id, sent))
    return sum(len(v) for v in by_department.values())


def _department_recipients(department_id: int) -> list[tuple[str, str]]:
    """(e-mail, language) of the department's staff accounts."""
    found = (
        Membership.objects.filter(role=Role.DEPARTMENT, department_id=department_id, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", "user__language")
    )
    return sorted(set(found))


def _mail_department(department_id: int, practices: Sequence[Practice]) -> None:
    """Tell the department's staff which practices of the plan it received (with their addresses)."""

    def body() -> str:
        lines = [
            f"- {p}: {p.starts_on:%d.%m.%Y}–{p.ends_on:%d.%m.%Y}, {site_url(p.get_absolute_url())}" for p in practices
        ]
        return "\n".join([_("The Career Center has sent your department the practice plan:"), "", *lines])

    _mail_department_staff(
        department_id,
        subject=lambda: _("Practice plan for your department"),
        body=body,
        failure="practice plan e-mail to %s failed",
    )


def _mail_department_staff(department_id: int, *, subject: Text, body: Text, failure: str) -> int:
    """One e-mail per staff account of the department, each in its language; returns how many were sent.

    Sent one by one and at once (on_commit=False): a mail server failure for one recipient is logged (`failure`,
    with the address) and the others still get theirs. Callers that wrote something call this after the commit.
    """
    sent = 0
    for email, language in _department_recipients(department_id):
        try:
            send_localized(email, language or settings.LANGUAGE_CODE, subject=subject, body=body, on_commit=False)
            sent += 1
        except Exception:  # a mail server failure must not undo what was decided, nor stop the other e-mails
            logger.exception(failure, email)
    return sent


def deadline_warnings(today: dt.date) -> dict[int, list[tuple[Practice, int, list[PracticeBase]]]]:
    """Per department: practices exactly 45 or 35 days away with bases lacking a timely contract."""
    out: dict[int, list[tuple[Practice, int, list[PracticeBase]]]] = defaultdict(list)
    for days in (deadlines.WARN_FIRST_DAYS, deadlines.WARN_SECOND_DAYS):
        for practice in Practice.objects.filter(starts_on=today + dt.timedelta(days=days)).select_related(
            "program", "department"
        ):
            missing = bases_without_timely_contract(practice)
            if missing:
                out[practice.department_id].append((practice, days, missing))
    return out


def mail_deadline_warnings(today: dt.date) -> int:
    """The contract deadline warnings of `deadline_warnings`, one e-mail per department staff member in their
    language; returns how many were sent. Run by the daily `practice_deadlines` command (it writes nothing)."""
    sent = 0
    for department_id, rows in deadline_warnings(today).items():

        def body(rows: list[tuple[Practice, int, list[PracticeBase]]] = rows) -> str:
            return "\n".join(
                _("{practice} starts in {days} days; no contract signed in time with: {bases}").format(
                    practice=practice, days=days, bases=", ".join(str(b) for b in missing)
                )
                for practice, days, missing in rows
            )

        sent += _mail_department_staff(
            department_id,
            subject=lambda: _("Practice contracts: deadline warning"),
            body=body,
            failure="deadline warning to %s failed",
        )
    return sent


# ---- Placement rules ------------------------------------------------------------------------------------------
def check_placement(
    practice: Practice,
    student: Student,
    base: PracticeBase,
    *,
    status: str = PlacementStatus.CONFIRMED,
    supervisor: Employee | None = None,
    supervisor_exception: str = "",
    thesis_topic: str = "",
    exclude_pk: int | None = None,
    lock: bool = False,
) -> None:
    """Raise ValidationError (by field) when a placement would break a hard rule (see the module docstring).

    Every rule is checked and every broken one reported, so a form shows all its problems at once.
    `exclude_pk` leaves out the placement being changed; `lock` (inside a transaction) locks the base's row
    before counting its places, so that two placements made at the same time cannot both take the last one.
    """
    errors: dict[str, list[str]] = defaultdict(list)
    if student.institution_id != practice.institution_id:
        errors["student"].append(_("The student belongs to another institution."))
    if student.program_id != practice.program_id:
        errors["student"].append(
            _("The student's Major is not the program of this practice (the Minor does not count).")
        )
    if practice.kind == PracticeKind.PRODUCTION and practice.students_with_cycle_debt.filter(pk=student.pk).exists():
        errors["student"].append(
            _("The student has not completed the special disciplines cycle: no production practice yet.")
        )
    # Cancelled placements take no place and do not count as the student's placement.
    others = Placement.objects.filter(ACTIVE, practice=practice)
    if exclude_pk:
        others = others.exclude(pk=exclude_pk)
    if others.filter(student=student).exists():
        errors["student"].append(_("The student is already placed for this practice."))
    if base.institution_id != practice.institution_id:
        errors["base"].append(_("The base belongs to another institution."))
    elif base.status != BaseStatus.APPROVED:
        errors["base"].append(_("The base has not been vetted and approved: it cannot receive students."))
    elif not base.programs.filter(pk=student.program_id).exists():
        errors["base"].append(_("The base is not approved for the student's Major."))
    if lock:  # serializes the capacity check per base until the caller's transaction ends
        PracticeBase.objects.select_for_update().filter(pk=base.pk).first()
    taken = others.filter(base=base).count()
    if taken >= base.capacity:
        errors["base"].append(
            _("The base has no free places for this practice ({taken} of {capacity} taken).").format(
                taken=taken, capacity=base.capacity
            )
        )
    if supervisor is not None:  # the department's head of practice: senior staff, or a written reason
        if supervisor.department_id != practice.department_id:
            errors["supervisor"].append(_("The head of practice must be a teacher of the practice's department."))
        elif not supervisor.is_senior and not supervisor_exception.strip():
            errors["supervisor_exception"].append(
                _(
                    "Explain why a teacher who is not a professor, associate professor or senior lecturer "
                    "leads this practice."
                )
            )
    if status == PlacementStatus.CONFIRMED and practice.kind == PracticeKind.PRE_GRADUATE and not thesis_topic.strip():
        errors["thesis_topic"].append(_("Pre-graduate practice needs the thesis topic."))
    if errors:
        raise ValidationError(dict(errors))


def contract_warning(practice: Practice, base: PracticeBase) -> str:
    """A warning (not a block) when the base has no contract signed a month before the start."""
    if has_timely_contract(practice, base.contracts.all()):
        return ""
    return _(
        "{base} has no signed contract covering the practice and concluded by {deadline} (one month before the start)."
    ).format(base=base, deadline=f"{deadlines.contract_deadline(practice.starts_on):%d.%m.%Y}")


def has_timely_contract(practice: Practice, contracts: Iterable[PracticeContract]) -> bool:
    return any(
        deadlines.contract_on_time(c.signed_on, c.valid_from, c.valid_until, practice.starts_on, practice.ends_on)
        for c in contracts
    )


PLACEMENT_FIELDS = (
    "supervisor",
    "supervisor_exception",
    "company_supervisor_name",
    "company_supervisor_position",
    "company_supervisor_email",
    "company_supervisor_phone",
    "thesis_topic",
)


class PlacementChanges(TypedDict, total=False):
    """What `update_placement` may change: the base, the status and PLACEMENT_FIELDS."""

    base: PracticeBase
    status: str
    supervisor: Employee | None
    supervisor_exception: str
    company_supervisor_name: str
    company_supervisor_position: str
    company_supervisor_email: str
    company_supervisor_phone: str
    thesis_topic: str


@transaction.atomic
def place_student(
    practice: Practice,
    student: Student,
    base: PracticeBase,
    *,
    acting_user: MaybeUser,
    supervisor: Employee | None = None,
    supervisor_exception: str = "",
    company_supervisor_name: str = "",
    company_supervisor_position: str = "",
    company_supervisor_email: str = "",
    company_supervisor_phone: str = "",
    thesis_topic: str = "",
    status: str = PlacementStatus.CONFIRMED,
    source: str = PlacementSource.MANUAL,
) -> Placement:
    """Place a student (all hard rules); `contract_warning()` tells whether to warn about the contract."""
    require_change(acting_user, practice)
    # lock=True: the base's row is locked until the commit, so two placements made at once cannot both
    # take its last free place.
    check_placement(
        practice,
        student,
        base,
        status=status,
        supervisor=supervisor,
        supervisor_exception=supervisor_exception,
        thesis_topic=thesis_topic,
        lock=True,
    )
    placement = Placement(
        practice=practice,
        student=student,
        base=base,
        status=status,
        source=source,
        supervisor=supervisor,
        supervisor_exception=supervisor_exception,
        company_supervisor_name=company_supervisor_name,
        company_supervisor_position=company_supervisor_position,
        company_supervisor_email=company_supervisor_email,
        company_supervisor_phone=company_supervisor_phone,
        thesis_topic=thesis_topic,
    )
    placement.full_clean(exclude=["order"])
    attributed(placement, acting_user).save()
    return placement


@transaction.atomic
def update_placement(placement: Placement, *, acting_user: MaybeUser, **changes: Unpack[PlacementChanges]) -> Placement:
    """Change base, supervisors, topic or status of a placement; the hard rules are checked again
    (a cancelled placement is only saved: it takes no place any more)."""
    require_change(acting_user, placement)
    return _change_placement(placement, acting_user, changes)


def _change_placement(placement: Placement, acting_user: MaybeUser, changes: PlacementChanges) -> Placement:
    allowed = {"base", "status", *PLACEMENT_FIELDS}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"cannot change {sorted(unknown)} here")
    for name, value in changes.items():
        setattr(placement, name, value)
    if placement.status != PlacementStatus.CANCELLED:
        check_placement(
            placement.practice,
            placement.student,
            placement.base,
            status=placement.status,
            supervisor=placement.supervisor,
            supervisor_exception=placement.supervisor_exception,
            thesis_topic=placement.thesis_topic,
            exclude_pk=placement.pk,
            lock=True,
        )
        placement.full_clean(exclude=["order"])
    attributed(placement, acting_user).save()
    return placement


@transaction.atomic
def cancel_placement(placement: Placement, *, acting_user: MaybeUser) -> Placement:
    """Cancel a placement: it stays on record (history, documents) but takes no place at its base."""
    require_change(acting_user, placement)
    if placement.status == PlacementStatus.CANCELLED:
        return placement
    placement.status = PlacementStatus.CANCELLED
    attributed(placement, acting_user).save(update_fields=["status", "updated_at"])
    return placement


@transaction.atomic
def confirm_placements(
    practice: Practice, *, acting_user: MaybeUser, placements: Iterable[Placement] | None = None
) -> tuple[int, dict[int, list[str]]]:
    """Confirm proposed placements that pass every rule; returns (confirmed, {placement pk: messages}).

    Each placement is confirmed on its own (a savepoint each): one that breaks a rule stays proposed and
    its messages are returned, the others are confirmed.
    """
    require_change(acting_user, practice)
    rows = (
        list(placements)
        if placements is not None
        else list(
            practice.placements.filter(status=PlacementStatus.PROPOSED).select_related("student", "base", "supervisor")
        )
    )
    confirmed, problems = 0, {}
    for placement in rows:
        if placement.status != PlacementStatus.PROPOSED or placement.practice_id != practice.pk:
            continue
        try:
            # The practice's scope was checked above and its placements share it: no check per row.
            with transaction.atomic():
                _change_placement(placement, acting_user, {"status": PlacementStatus.CONFIRMED})
            confirmed += 1
        except ValidationError as exc:
            placement.status = PlacementStatus.PROPOSED
            problems[placement.pk] = exc.messages
    return confirmed, problems


# ---- Preferences ----------------------------------------------------------------------------------------------
@transaction.atomic
def set_preferences(
    practice: Practice, student: Student, bases: Sequence[PracticeBase], *, acting_user: MaybeUser
) -> list[PlacementPreference]:
    """Replace a student's ranked wishes (first = most wanted) for a practice.

    The student ranks their own (the pages check the practice is theirs and open); staff need the practice's
    change scope."""
    if not _is_the_student(acting_user, student):
        require_change(acting_user, practice)
    errors: list[str] = []
    if student.program_id != practice.program_id:
        raise ValidationError({"student": _("The student's Major is not the program of this practice.")})
    if len(bases) > MAX_PREFERENCES:
        errors.append(_("Choose at most {n} bases.").format(n=MAX_PREFERENCES))
    if len({b.pk for b in bases}) != len(bases):
        errors.append(_("Each base can be chosen once."))
    approved = set(
        PracticeBase.objects.approved()
        .filter(programs=student.program_id, pk__in=[b.pk for b in bases])
        .values_list("pk", flat=True)
    )
    for base in bases:
        if base.pk not in approved:
            errors.append(_("{base} is not an approved base for the student's Major.").format(base=base))
    if errors:
        raise ValidationError({"bases": errors})
    PlacementPreference.objects.filter(practice=practice, student=student).delete()
    return [
        PlacementPreference.objects.create(practice=practice, student=student, base=base, rank=rank)
        for rank, base in enumerate(bases, start=1)
    ]


def _is_the_student(user: MaybeUser, student: Student) -> bool:
    return user is not None and user.pk is not None and student.user_id == user.pk


def practice_students(practice: Practice) -> QuerySet[Student]:
    """The students a practice is for: studying in its program and year of study on its first day, as the
    contingent says (the student body's orders, read through core.contingent: practice may not import it)."""
    students = Student.objects.filter(institution_id=practice.institution_id)
    found = contingent.reader().studying(
        students, practice.starts_on, program_id=practice.program_id, year_of_study=practice.course
    )
    return found.order_by("last_name", "first_name", "pk")


def candidate_bases(practice: Practice) -> QuerySet[PracticeBase]:
    """Approved bases of the institution approved for the practice's program."""
    return (
        PracticeBase.objects.approved()
        .filter(institution_id=practice.institution_id, programs=practice.program_id)
        .select_related("organization")
        .order_by("organization__name_ru", "pk")
    )


# ---- Automatic allocation -------------------------------------------------------------------------------------
@dataclass
class AllocationReport:
    created: list[Placement] = field(default_factory=list)
    objective: int = 0
    assigned_by_rank: dict[int, int] = field(default_factory=dict)
    unassigned: list[tuple[Student, str]] = field(default_factory=list)
    fixed: int = 0
    fixed_conflicts: list[tuple[Placement, str]] = field(default_factory=list)


def reason_label(code: str) -> str:
    labels = {
        "ineligible": _("has not completed the special disciplines cycle"),
        "no_compatible_base": _("no approved base for the student's Major"),
        "capacity": _("no free place left at a suitable base"),
        "unknown_base": _("the base is not approved for this program"),
        "unusable_base": _("the base is not approved"),
        "incompatible_base": _("the base is not approved for the student's Major"),
        "over_capacity": _("the base is over capacity"),
    }
    return labels.get(code, code)


@transaction.atomic
def propose_allocation(practice: Practice, *, acting_user: MaybeUser, allow_unlisted: bool = True) -> AllocationReport:
    """Propose placements for the practice's unplaced students (min-cost max-flow over their ranked
    wishes), keeping existing placements fixed. Earlier automatic proposals are replaced."""
    from mansap.practice.services.allocation import BaseSupply, StudentDemand, allocate

    require_change(acting_user, practice)
    report = AllocationReport()
    # Earlier automatic proposals nobody has built on (no order, documents or diary yet) are dropped: the
    # allocation below proposes them again with today's wishes and capacities.
    stale = Placement.objects.filter(
        practice=practice,
        status=PlacementStatus.PROPOSED,
        source=PlacementSource.ALLOCATION,
        order__isnull=True,
        documents__isnull=True,
        diary__isnull=True,
    )
    Placement.objects.filter(pk__in=list(stale.values_list("pk", flat=True))).delete()
    students = list(practice_students(practice))
    fixed = {
        p.student_id: p for p in Placement.objects.filter(ACTIVE, practice=practice).select_related("student", "base")
    }
    for placement in fixed.values():  # placed students outside the course/status filter stay fixed too
        if placement.student not in students:
            students.append(placement.student)
    debt = (
        set(practice.students_with_cycle_debt.values_list("pk", flat=True))
        if practice.kind == PracticeKind.PRODUCTION
        else set()
    )
    prefs: dict[int, list[int]] = defaultdict(list)
    for student_id, base_id in (
        PlacementPreference.objects.filter(practice=practice)
        .order_by("student", "rank")
        .values_list("student_id", "base_id")
    ):
        prefs[student_id].append(base_id)
    bases = {b.pk: b for b in candidate_bases(practice).prefetch_related("programs")}
    for placement in fixed.values():
        bases.setdefault(placement.base_id, placement.base)
    supplies = [
        BaseSupply(
            key=b.pk,
            capacity=b.capacity,
            programs=frozenset(p.pk for p in b.programs.all()),
            usable=b.status == BaseStatus.APPROVED,
        )
        for b in bases.values()
    ]
    demands = [
        StudentDemand(
            key=s.pk,
            program=s.program_id,
            preferences=tuple(prefs.get(s.pk, ())),
            eligible=s.pk not in debt,
            fixed_base=fixed[s.pk].base_id if s.pk in fixed else None,
        )
        for s in students
    ]
    # The algorithm is pure (services/allocation.py); the hard rules are checked again on each proposal below.
    result = allocate(demands, supplies, allow_unlisted=allow_unlisted)
    by_pk: dict[Hashable, Student] = {s.pk: s for s in students}
    supervisors = _default_supervisors(practice)
    for student_key, base_key in result.assignment.items():
        student_id, base_id = int(student_key), int(base_key)  # type: ignore[call-overload]
        if student_id in fixed:
            continue
        student, base = by_pk[student_id], bases[base_id]
        supervisor = supervisors[len(report.created) % len(supervisors)] if supervisors else None
        check_placement(practice, student, base, status=PlacementStatus.PROPOSED, supervisor=supervisor)
        placement = Placement(
            practice=practice,
            student=student,
            base=base,
            status=PlacementStatus.PROPOSED,
            source=PlacementSource.ALLOCATION,
            supervisor=supervisor,
        )
        attributed(placement, acting_user).save()
        report.created.append(placement)
    report.objective = result.objective
    report.assigned_by_rank = dict(sorted(result.assigned_by_rank.items()))
    report.unassigned = [(by_pk[k], reason_label(v)) for k, v in result.unassigned.items()]
    report.fixed = len(fixed)
    report.fixed_conflicts = [(fixed[k], reason_label(v)) for k, v in result.fixed_conflicts.items() if k in fixed]
    return report


def _default_supervisors(practice: Practice) -> list[Employee]:
    """Senior active teachers of the department, taken in turn for proposed placements."""
    return list(
        Employee.objects.filter(
            department_id=practice.department_id, is_active=True, position__in=SENIOR_POSITIONS
        ).order_by("last_name", "first_name", "pk")
    )


# ---- The rector's order and the company package ----------------------------------------------------------------
def bases_without_timely_contract(practice: Practice) -> list[PracticeBase]:
    placements = list(Placement.objects.filter(ACTIVE, practice=practice).select_related("base__organization"))
    base_ids = {p.base_id for p in placements}
    contracts: dict[int, list[PracticeContract]] = defaultdict(list)
    for contract in PracticeContract.objects.filter(base_id__in=base_ids):
        contracts[contract.base_id].append(contract)
    seen, missing = set(), []
    for placement in placements:
        if placement.base_id in seen:
            continue
        seen.add(placement.base_id)
        if not has_timely_contract(practice, contracts[placement.base_id]):
            missing.append(placement.base)
    return missing


@transaction.atomic
def submit_order(
    practice: Practice,
    *,
    acting_user: MaybeUser,
    today: dt.date | None = None,
    override_reason: str = "",
    language: str = "kk",
) -> PracticeOrder:
    """The department's submission for the rector's order (R-022).

    Blocked when a base receiving students has no contract signed by the deadline (one month before
    the start) and today is on or after that deadline, unless a Career Center editor overrides it
    with a reason (R-040, Q13). Every active placement must be confirmed and have a supervisor.
    Atomic: the placements and contracts read here are those the order is recorded for. Every reason
    that blocks the submission is reported at once (the page shows each as a message).
    """
    require_change(acting_user, practice)
    today = today or timezone.localdate()
    placements = list(Placement.objects.filter(ACTIVE, practice=practice).select_related("student"))
    errors: dict[str, list[str]] = defaultdict(list)
    if not placements:
        errors["__all__"].append(_("No students are placed for this practice yet."))
    proposed = [p for p in placements if p.status == PlacementStatus.PROPOSED]
    if proposed:
        errors["__all__"].append(_("Confirm or cancel the proposed placements first ({n}).").format(n=len(proposed)))
    without = [p for p in placements if p.supervisor_id is None]
    if without:
        errors["__all__"].append(
            _("Name the head of practice from the department for: {names}.").format(
                names=", ".join(p.student.short_name for p in without[:10])
            )
        )
    override_reason = override_reason.strip()
    missing = bases_without_timely_contract(practice)
    # Before the deadline a missing contract is only a warning (it may still be signed in time); from the
    # deadline on it blocks, and only the Career Center may let the order go with a recorded reason.
    overridden = False
    if missing and deadlines.order_blocked_by_date(practice.starts_on, today):
        if override_reason and is_career_center_editor(acting_user):
            overridden = True
        elif override_reason:
            errors["override_reason"].append(_("Only the Career Center can override the contract deadline."))
        else:
            errors["__all__"].append(
                _(
                    "No contract was signed by {deadline} with: {bases}. "
                    "The Career Center may override this with a reason."
                ).format(
                    deadline=f"{deadlines.contract_deadline(practice.starts_on):%d.%m.%Y}",
                    bases=", ".join(str(b) for b in missing),
                )
            )
    if errors:
        raise ValidationError(dict(errors))
    user = acting_user if isinstance(acting_user, User) else None
    order = PracticeOrder(
        practice=practice,
        submitted_on=today,
        submitted_by=user,
        language=language,
        override_reason=override_reason if overridden else "",
        override_by=user if overridden else None,
    )
    attributed(order, acting_user).save()
    return order


@transaction.atomic
def record_order(order: PracticeOrder, number: str, date: dt.date | None, *, acting_user: MaybeUser) -> PracticeOrder:
    """Record the rector's order number and date; every confirmed placement of the practice without
    an order is linked to it."""
    require_change(acting_user, order)
    errors = {}
    if not number or not number.strip():
        errors["order_number"] = _("Give the order number.")
    if date is None:
        errors["order_date"] = _("Give the order date.")
    elif order.submitted_on and date < order.submitted_on:
        errors["order_date"] = _("The order cannot be dated before the submission.")
    if errors:
        raise ValidationError(errors)
    order.order_number = number.strip()
    order.order_date = date
    attributed(order, acting_user).save(update_fields=["order_number", "order_date", "updated_at"])
    for placement in order.practice.placements.filter(status=PlacementStatus.CONFIRMED, order__isnull=True):
        placement.order = order
        attributed(placement, acting_user).save(update_fields=["order", "updated_at"])
    return order


@transaction.atomic
def record_package(
    practice: Practice,
    base: PracticeBase,
    *,
    acting_user: MaybeUser,
    sent_on: dt.date | None,
    approved_on: dt.date | None = None,
    language: str | None = None,
) -> CompanyPackage:
    """When the package went to the company (R-025) and when the company approved it."""
    require_change(acting_user, practice)
    if not Placement.objects.filter(ACTIVE, practice=practice, base=base).exists():
        raise ValidationError({"base": _("No students of this practice are placed at this base.")})
    if approved_on and not sent_on:
        raise ValidationError({"sent_on": _("A package is approved after it is sent.")})
    if approved_on and sent_on and approved_on < sent_on:
        raise ValidationError({"approved_on": _("A package is approved after it is sent.")})
    package, _created = CompanyPackage.objects.get_or_create(practice=practice, base=base)
    package.sent_on = sent_on
    package.approved_on = approved_on
    if language:
        package.language = language
    attributed(package, acting_user).save()
    return package


# ---- Compliance -----------------------------------------------------------------------------------------------
def compliance_for(practices: Sequence[Practice], today: dt.date) -> dict[int, deadlines.Compliance]:
    """The deadlines of many practices in four queries (placements, contracts, packages)."""
    ids = [p.pk for p in practices]
    placements: dict[int, list[Placement]] = defaultdict(list)
    bases: dict[int, dict[int, PracticeBase]] = defaultdict(dict)
    for placement in (
        Placement.objects.filter(ACTIVE, practice_id__in=ids)
        .select_related("base__organization", "student")
        .order_by("student__last_name", "pk")
    ):
        placements[placement.practice_id].append(placement)
        bases[placement.practice_id][placement.base_id] = placement.base
    base_ids = {b for per in bases.values() for b in per}
    contracts: dict[int, list[deadlines.ContractFact]] = defaultdict(list)
    for base_id, signed_on, valid_from, valid_until in PracticeContract.objects.filter(
        base_id__in=base_ids
    ).values_list("base_id", "signed_on", "valid_from", "valid_until"):
        contracts[base_id].append(deadlines.ContractFact(signed_on, valid_from, valid_until))
    packages: dict[tuple[int, int], dt.date | None] = {
        (practice_id, base_id): sent_on
        for practice_id, base_id, sent_on in CompanyPackage.objects.filter(practice_id__in=ids).values_list(
            "practice_id", "base_id", "sent_on"
        )
    }
    out = {}
    for practice in practices:
        out[practice.pk] = deadlines.practice_compliance(
            starts_on=practice.starts_on,
            ends_on=practice.ends_on,
            reports_due=practice.reports_due,
            today=today,
            bases=list(bases[practice.pk].values()),
            contracts_by_base=contracts,
            package_sent_by_base={b: packages.get((practice.pk, b)) for b in bases[practice.pk]},
            placements=placements[practice.pk],
        )
    return out


def rank_distribution(practice: Practice) -> Counter[int]:
    """How many active placements went to the student's 1st, 2nd… wish (0: a base not listed)."""
    ranks = {
        (s, b): r
        for s, b, r in PlacementPreference.objects.filter(practice=practice).values_list(
            "student_id", "base_id", "rank"
        )
    }
    counter: Counter[int] = Counter()
    for student_id, base_id in Placement.objects.filter(ACTIVE, practice=practice).values_list("student_id", "base_id"):
        counter[ranks.get((student_id, base_id), 0)] += 1
    return counter
