"""A student's contingent state over time, replayed from the orders in force (issue #15).

`replay(student, items)` walks the items in effective-date order from the student's baseline and returns the
periods, or raises StateConflict naming the student, the item and why it contradicts the state on its
effective date. `rebuild(student)` writes the periods (models.periods explains the design) and brings the
student's current fields (core.Student status, program, study form, language, funding, year, graduation date,
name) to the state of today. An order effective later is applied on its day by the daily huey task
(tasks.apply_due_orders → `apply_due`), which re-syncs the students whose period begins on or before today.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.bulk import insert_rows
from mansap.common.history import attributed
from mansap.core.choices import Funding, StudentStatus
from mansap.core.models import Student
from mansap.graduates.services.cohorts import record_graduation
from mansap.studentbody.choices import IN_FORCE, OrderType, State
from mansap.studentbody.models import OrderItem, StudentPeriod

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

NOT_ENROLLED = _("not enrolled")
STATE_TO_STATUS = {
    State.STUDYING: StudentStatus.STUDYING,
    State.ACADEMIC_LEAVE: StudentStatus.ACADEMIC_LEAVE,
    State.EXPELLED: StudentStatus.EXPELLED,
    State.TRANSFERRED_OUT: StudentStatus.EXPELLED,
    State.GRADUATED: StudentStatus.GRADUATED,
}
STATUS_TO_STATE = {
    StudentStatus.STUDYING: State.STUDYING,
    StudentStatus.ACADEMIC_LEAVE: State.ACADEMIC_LEAVE,
    StudentStatus.EXPELLED: State.EXPELLED,
    StudentStatus.GRADUATED: State.GRADUATED,
}

# Which states each type accepts on its effective date (None: not enrolled yet), and how to say it.
S, L, E, T, G = State.STUDYING, State.ACADEMIC_LEAVE, State.EXPELLED, State.TRANSFERRED_OUT, State.GRADUATED
ACCEPTS: dict[str, tuple[frozenset[Any], Any]] = {
    OrderType.ENROLMENT: (frozenset({None}), _("not yet enrolled")),
    OrderType.TRANSFER_IN: (frozenset({None, E, T}), _("not studying at the university")),
    OrderType.TRANSFER_OUT: (frozenset({S, L}), _("studying or on academic leave")),
    OrderType.TRANSFER_INTERNAL: (frozenset({S, L}), _("studying or on academic leave")),
    OrderType.REINSTATEMENT: (frozenset({E, T}), _("expelled or transferred out")),
    OrderType.EXPULSION: (frozenset({S, L}), _("studying or on academic leave")),
    OrderType.ACADEMIC_LEAVE: (frozenset({S}), _("studying")),
    OrderType.LEAVE_RETURN: (frozenset({L}), _("on academic leave")),
    OrderType.REPEAT_YEAR: (frozenset({S, L}), _("studying or on academic leave")),
    OrderType.STATE_GRANT: (frozenset({S}), _("studying")),
    OrderType.SCHOLARSHIP: (frozenset({S}), _("studying")),
    OrderType.MOBILITY_OUT: (frozenset({S}), _("studying")),
    OrderType.MOBILITY_IN: (frozenset({None, S}), _("a guest or studying")),
    OrderType.NAME_CHANGE: (frozenset({S, L, E, T, G}), _("enrolled")),
    OrderType.GRADUATION: (frozenset({S}), _("studying")),
}  # fmt: skip


class StateConflict(ValidationError):
    """An item contradicts the student's state on its effective date (the import's `state_conflict`)."""

    def __init__(self, message: str, item: Any = None) -> None:
        super().__init__(message, code="state_conflict")
        self.item = item


@dataclasses.dataclass(frozen=True)
class Snapshot:
    state: str
    program_id: int
    study_form: str
    study_language: str
    funding: str
    year_of_study: int | None


@dataclasses.dataclass
class Period:
    valid_from: dt.date
    snapshot: Snapshot
    item: Any = None  # the OrderItem that began it; None for the baseline


def admission_date(student: Student) -> dt.date:
    """When a student with no order began studying: 1 September of the admission year (else the day the record
    was made)."""
    if student.admission_year:
        return dt.date(student.admission_year, 9, 1)
    created = student.created_at or timezone.now()
    return _local_day(created, timezone.get_current_timezone())


@functools.lru_cache(maxsize=256)
def _local_day(moment: dt.datetime, zone: Any) -> dt.date:
    """timezone.localdate, remembered: an import's students share one creation time (#19)."""
    return timezone.localdate(moment, zone)


def baseline(student: Student) -> list[Period]:
    """The periods of a student before any order: from the stored baseline, else from the student's fields."""
    snapshot = Snapshot(
        state=State.STUDYING, program_id=student.program_id, study_form=student.study_form,
        study_language=student.study_language, funding=student.funding, year_of_study=student.course,
    )  # fmt: skip
    start = admission_date(student)
    state = STATUS_TO_STATE.get(StudentStatus(student.status), State.STUDYING)
    if state == State.GRADUATED and student.graduation_date and student.graduation_date > start:
        return [Period(start, snapshot), Period(student.graduation_date, dataclasses.replace(snapshot, state=G))]
    return [Period(start, dataclasses.replace(snapshot, state=state))]


def sort_key(item: Any) -> tuple[Any, ...]:
    """Effective-date order; on one date the items already saved first (an import's rows come after the orders
    already in the platform), then by order date and order."""
    return (item.effective_date, item.pk is None, item.order.date, item.order.pk or 0, item.pk or 0)


def _date(day: dt.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


def state_label(state: str | None) -> str:
    return str(State(state).label) if state else str(NOT_ENROLLED)


def apply_item(student: Student, current: Snapshot | None, item: Any) -> Snapshot | None:
    """The state after the item, or StateConflict (the message names the student and says why)."""
    order_type = OrderType(item.order.type)
    accepted, needed = ACCEPTS[order_type]
    state = current.state if current else None
    if state not in accepted:
        raise StateConflict(
            _("{student}: an order of {type} needs a student who is {needed}; on {date} they are {state}.").format(
                student=student.full_name, type=order_type.label, needed=needed, date=_date(item.effective_date),
                state=state_label(state),
            ),
            item,
        )  # fmt: skip
    if order_type == OrderType.STATE_GRANT and current and current.funding == Funding.GRANT:
        raise StateConflict(
            _("{student} already studies on a state grant on {date}.").format(
                student=student.full_name, date=_date(item.effective_date)
            ),
            item,
        )
    if order_type == OrderType.TRANSFER_INTERNAL and current:
        unchanged = (item.program_id in (None, current.program_id)) and not (
            (item.study_form and item.study_form != current.study_form)
            or (item.study_language and item.study_language != current.study_language)
            or (item.funding and item.funding != current.funding)
        )
        if unchanged:
            raise StateConflict(
                _("{student}: the transfer changes neither the program, nor the study form, nor the language.").format(
                    student=student.full_name
                ),
                item,
            )
    if current is None:
        current = Snapshot(
            state=S, program_id=item.program_id or student.program_id, study_form=student.study_form,
            study_language=student.study_language, funding=student.funding, year_of_study=1,
        )  # fmt: skip
    changes: dict[str, Any] = {}
    for name in ("study_form", "study_language", "funding"):
        if getattr(item, name):
            changes[name] = getattr(item, name)
    if item.program_id:
        changes["program_id"] = item.program_id
    if item.year_of_study:
        changes["year_of_study"] = item.year_of_study
    new_state = {
        OrderType.ENROLMENT: S, OrderType.TRANSFER_IN: S, OrderType.REINSTATEMENT: S, OrderType.LEAVE_RETURN: S,
        OrderType.TRANSFER_OUT: T, OrderType.EXPULSION: E, OrderType.ACADEMIC_LEAVE: L, OrderType.GRADUATION: G,
    }.get(order_type)  # fmt: skip
    if new_state:
        changes["state"] = new_state
    if order_type == OrderType.STATE_GRANT:
        changes["funding"] = Funding.GRANT
    if order_type == OrderType.ENROLMENT and "year_of_study" not in changes:
        changes["year_of_study"] = 1
    return dataclasses.replace(current, **changes)


def replay(student: Student, items: Iterable[Any]) -> list[Period]:
    """The student's periods from the baseline and the items (orders in force, and those being signed).

    A student whose first item admits them (an enrolment, a transfer in or an incoming mobility in or before
    their admission year) has no baseline: before it they are not in the contingent. Anyone else studied from
    their admission before their first order (the baseline stored at the first order, else their fields)."""
    ordered = sorted(items, key=sort_key)
    arrivals = (OrderType.ENROLMENT, OrderType.TRANSFER_IN, OrderType.MOBILITY_IN)
    periods: list[Period] = []
    first = ordered[0] if ordered else None
    admitting = (
        first is not None and first.order.type in arrivals
        and (not student.admission_year or first.effective_date.year <= student.admission_year)
    )  # fmt: skip
    if not admitting:  # the student studied before any order (the people import): from their admission
        periods = stored_baseline(student) or baseline(student)
    for item in ordered:
        current = None
        for period in periods:
            if period.valid_from <= item.effective_date:
                current = period.snapshot
        after = apply_item(student, current, item)
        if after is not None and after != current:
            # Items come in date order, so only a baseline period (a graduation known before any order) can
            # start later; the order supersedes it.
            periods = [p for p in periods if p.valid_from < item.effective_date]
            periods.append(Period(item.effective_date, after, item))
    return sorted(periods, key=lambda p: p.valid_from)


def stored_baseline(student: Student) -> list[Period]:
    if not student.pk:
        return []
    rows = StudentPeriod.objects.filter(student=student, item__isnull=True).order_by("valid_from")
    return [Period(row.valid_from, snapshot_of(row)) for row in rows]


def snapshot_of(row: StudentPeriod) -> Snapshot:
    return Snapshot(
        state=row.state, program_id=row.program_id, study_form=row.study_form, study_language=row.study_language,
        funding=row.funding, year_of_study=row.year_of_study,
    )  # fmt: skip


def items_in_force(student: Student, extra: Sequence[Any] = ()) -> list[Any]:
    items = list(OrderItem.objects.filter(student=student, order__status__in=IN_FORCE).select_related("order"))
    ids = {item.pk for item in items}
    return items + [item for item in extra if item.pk not in ids]


def check(student: Student, extra: Sequence[Any] = ()) -> list[Period]:
    """The periods the student would have with `extra` items in force too, or StateConflict."""
    return replay(student, items_in_force(student, extra))


@transaction.atomic
def rebuild(student: Student, *, acting_user: MaybeUser, periods: list[Period] | None = None) -> list[StudentPeriod]:
    """Write the student's periods (from the orders in force) and bring their current fields to today's state."""
    if periods is None:
        periods = check(student)
    StudentPeriod.objects.filter(student=student).delete()
    rows = _rows(student, periods)
    StudentPeriod.objects.bulk_create(rows)
    sync_current(student, acting_user=acting_user, periods=periods)
    return rows


def sync_current(
    student: Student, *, acting_user: MaybeUser, periods: list[Period] | None = None, today: dt.date | None = None
) -> bool:
    """Set the student's current fields to the state of today; True when something changed (a history row)."""
    today = today or timezone.localdate()
    if periods is None:
        periods = [
            Period(row.valid_from, snapshot_of(row), row.item)
            for row in StudentPeriod.objects.filter(student=student).select_related("item__order")
        ]
    current = None
    for period in sorted(periods, key=lambda p: p.valid_from):
        if period.valid_from <= today:
            current = period
    changed = False
    by_order, graduation = False, today
    if current is not None:
        snap = current.snapshot
        values: dict[str, Any] = {
            "status": STATE_TO_STATUS[State(snap.state)], "program_id": snap.program_id,
            "study_form": snap.study_form, "study_language": snap.study_language, "funding": snap.funding,
        }  # fmt: skip
        if snap.year_of_study:
            values["course"] = snap.year_of_study
        by_order = current.item is not None and current.item.order.type == OrderType.GRADUATION
        if snap.state == State.GRADUATED and by_order:
            graduation = current.valid_from  # the order's effective date: recorded by the graduates app below
            del values["status"], values["program_id"]
        elif snap.state == State.GRADUATED:
            values["graduation_date"] = student.graduation_date or current.valid_from
        for name, value in values.items():
            if getattr(student, name) != value:
                setattr(student, name, value)
                changed = True
    renames = sorted(
        (i for i in OrderItem.objects.filter(student=student, order__status__in=IN_FORCE,
                                             order__type=OrderType.NAME_CHANGE, effective_date__lte=today)
         .select_related("order")),
        key=sort_key,
    )  # fmt: skip
    if renames:
        last = renames[-1]
        for name, value in (
            ("last_name", last.new_last_name), ("first_name", last.new_first_name),
            ("middle_name", last.new_middle_name),
        ):  # fmt: skip
            if getattr(student, name) != value:
                setattr(student, name, value)
                changed = True
                if name in ("last_name", "first_name"):
                    setattr(student, f"{name}_latin", "")
    if changed:
        student.fill_derived()
        attributed(student, acting_user, reason="contingent order").save()
    if current is not None and by_order and current.snapshot.state == State.GRADUATED:
        changed |= record_graduation(
            student, graduation_date=graduation, program_id=current.snapshot.program_id, acting_user=acting_user
        )
    return changed


def apply_due(today: dt.date | None = None, *, days: int = 7) -> int:
    """Bring to today the students whose state changed within the last `days` days (orders signed in advance);
    the daily task runs it, and a missed day is caught up the next. Returns how many students changed."""
    today = today or timezone.localdate()
    ids = (
        StudentPeriod.objects.filter(valid_from__gt=today - dt.timedelta(days=days), valid_from__lte=today)
        .values_list("student_id", flat=True)
        .distinct()
    )
    changed = 0
    for student in Student.objects.filter(pk__in=list(ids)):
        with transaction.atomic():
            changed += sync_current(student, acting_user=None, today=today)
    return changed


def _rows(student: Student, periods: list[Period]) -> list[StudentPeriod]:
    rows = []
    for index, period in enumerate(periods):
        following = periods[index + 1].valid_from if index + 1 < len(periods) else None
        snap = period.snapshot
        rows.append(
            StudentPeriod(
                student=student, valid_from=period.valid_from, valid_to=following, state=snap.state,
                program_id=snap.program_id, study_form=snap.study_form, study_language=snap.study_language,
                funding=snap.funding, year_of_study=snap.year_of_study,
                item=period.item if period.item is not None and period.item.pk else None,
            )
        )  # fmt: skip
    return rows


def refresh_baseline(student: Student) -> None:
    """A student with no order in force: their periods follow their fields (a record edited by hand or by the
    people import). A student with orders keeps the baseline stored at their first order."""
    if OrderItem.objects.filter(student=student, order__status__in=IN_FORCE).exists():
        return
    StudentPeriod.objects.filter(student=student).delete()
    StudentPeriod.objects.bulk_create(_rows(student, baseline(student)))


def refresh_baselines(students: Any, *, created: Sequence[Student] = ()) -> int:
    """refresh_baseline in bulk (the people import's bulk writes, through core.signals.students_written): the
    students without an order in force get their baseline from their fields again; three queries and the writes.

    `students` is a queryset (read here), or the students themselves as just written (saved, with their fields as
    stored): then nothing is read back, and their periods are written as values, not objects (#19: the import's
    tens of thousands). `created`: those of the given students just inserted (no order, no period yet: neither is
    looked for)."""
    if isinstance(students, QuerySet):
        with_orders = OrderItem.objects.filter(student__in=students, order__status__in=IN_FORCE).values("student_id")
        targets = list(students.exclude(pk__in=with_orders).only(*BASELINE_FIELDS))
    else:
        given = list(students)
        fresh = {s.pk for s in created}
        known = [s.pk for s in given if s.pk not in fresh]
        ordered = set(
            OrderItem.objects.filter(student_id__in=known, order__status__in=IN_FORCE).values_list(
                "student_id", flat=True
            )
            if known
            else ()
        )
        targets = [s for s in given if s.pk not in ordered]
        stored = [pk for pk in known if pk not in ordered]
        if stored:
            StudentPeriod.objects.filter(student__in=stored).delete()
        return _insert_baselines(targets)
    StudentPeriod.objects.filter(student__in=[s.pk for s in targets]).delete()
    return _insert_baselines(targets)


def _insert_baselines(targets: Sequence[Student]) -> int:
    """Write the students' baseline periods as rows of values (one INSERT a batch): what _rows builds as objects,
    with the period's institution, when the table has one, from the student's."""
    names = ("student_id", "valid_from", "valid_to", "state", "program_id", "study_form", "study_language",
             "funding", "year_of_study", "item_id")  # fmt: skip
    own = {f.attname: f for f in StudentPeriod._meta.concrete_fields}
    with_institution = "institution_id" in own
    fields = [own[name] for name in names] + ([own["institution_id"]] if with_institution else [])
    rows: list[tuple[Any, ...]] = []
    # baseline() depends on these fields only: students alike in them (an import's cohort: one program, form and
    # graduation day) share their periods' values, computed once (#19: baseline() was 8 µs a student).
    alike: dict[tuple[Any, ...], list[tuple[Any, ...]]] = {}
    for student in targets:
        key = (student.program_id, student.study_form, student.study_language, student.funding, student.course,
               student.status, student.graduation_date, student.admission_year,
               None if student.admission_year else student.created_at)  # fmt: skip
        tails = alike.get(key)
        if tails is None:
            periods = baseline(student)
            tails = alike[key] = [
                (period.valid_from, periods[index + 1].valid_from if index + 1 < len(periods) else None,
                 period.snapshot.state, period.snapshot.program_id, period.snapshot.study_form,
                 period.snapshot.study_language, period.snapshot.funding, period.snapshot.year_of_study, None)
                for index, period in enumerate(periods)
            ]  # fmt: skip
            if len(alike) > 4096:
                alike.clear()
        if with_institution:
            rows.extend((student.pk, *tail, student.institution_id) for tail in tails)
        else:
            rows.extend((student.pk, *tail) for tail in tails)
    insert_rows(StudentPeriod, fields, rows)
    return len(rows)


BASELINE_FIELDS = ("pk", "program_id", "study_form", "study_language", "funding", "course", "status",
                   "graduation_date", "admission_year", "created_at", "institution_id")  # fmt: skip


def ensure_baselines(students: Any = None) -> int:
    """Baseline periods for the students who have none (made in bulk by the demo, or before baselines were kept
    on every write). Writers call it (the demo step, the `contingent_baselines` command); readers never do.
    One query when none is missing."""
    queryset = (students if students is not None else Student.objects.all()).filter(contingent_periods__isnull=True)
    rows: list[StudentPeriod] = []
    for student in queryset.only(*BASELINE_FIELDS).iterator(chunk_size=2000):
        rows.extend(_rows(student, baseline(student)))
    StudentPeriod.objects.bulk_create(rows, batch_size=2000)
    return len(rows)
