"""Progress of collection rounds: which graduates were updated, per department, and what is missing.

"Updated this round" (the single definition used by the progress table, the
department's list of what is missing and the reminders): a graduate's status was
updated in a round that opens on D when, on or after D,

- an employment record was entered (created_at on/after D) or starts (started_on ≥ D), or
- a contact attempt reached the graduate (outcome "reached", contacted_on ≥ D).

Attempts that did not reach the graduate, and self-reports not yet confirmed by
the department, do not count: the department still has to act on them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from mansap.core.access import CHANGE, VIEW
from mansap.core.models import AcademicYear, Department, Institution, Student
from mansap.graduates.choices import ContactOutcome
from mansap.graduates.models import (
    CollectionRound,
    ContactAttempt,
    EmploymentRecord,
    RoundReminder,
    RoundSubmission,
)

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


def current_academic_year(institution: Institution, today: dt.date | None = None) -> AcademicYear | None:
    today = today or timezone.localdate()
    years = AcademicYear.objects.filter(institution=institution)
    return (
        years.filter(is_current=True).first()
        or years.filter(starts_on__lte=today, ends_on__gte=today).first()
        or years.order_by("-start_year").first()
    )


# ---- Progress -------------------------------------------------------------------------------------------------
def round_start(round_: CollectionRound) -> dt.datetime:
    """The moment the round opens (midnight of opens_on, local time)."""
    return timezone.make_aware(dt.datetime.combine(round_.opens_on, dt.time.min))


def updated_condition(round_: CollectionRound) -> Q:
    """The filter on graduates (Student rows) that were updated this round (see the module docstring)."""
    records = (
        EmploymentRecord.objects.valid()
        .filter(graduate=OuterRef("pk"))
        .filter(Q(created_at__gte=round_start(round_)) | Q(started_on__gte=round_.opens_on))
    )
    contacts = ContactAttempt.objects.filter(
        graduate=OuterRef("pk"), outcome=ContactOutcome.REACHED, contacted_on__gte=round_.opens_on
    )
    return Q(Exists(records)) | Q(Exists(contacts))


def round_graduates(round_: CollectionRound, user: AnyUser, action: str = VIEW) -> QuerySet[Student]:
    """Graduates of the round's cohort that the user may see (or change)."""
    return (
        Student.objects.for_user(user, action)
        .graduates()
        .filter(institution_id=round_.institution_id, graduation_date__year=round_.cohort)
    )


@dataclass
class DepartmentProgress:
    department: Department
    graduates: int
    updated: int
    submission: RoundSubmission | None
    days_to_deadline: int
    last_reminder: dt.date | None = None  # filled in by the round page (last_reminders)
    can_submit: bool = False  # filled in by the round page: the user may submit it from the table
    locked_links: int = 0  # filled in by the round page: graduates whose self-service link is locked

    @property
    def share(self) -> float | None:
        return None if not self.graduates else self.updated / self.graduates

    @property
    def percent(self) -> int | None:
        return None if self.share is None else round(self.share * 100)

    @property
    def missing(self) -> int:
        return self.graduates - self.updated

    @property
    def submitted(self) -> bool:
        return self.submission is not None

    @property
    def overdue(self) -> bool:
        """The deadline has passed and the department has not submitted."""
        return self.days_to_deadline < 0 and not self.submitted


def department_progress(
    round_: CollectionRound, user: AnyUser, today: dt.date | None = None
) -> list[DepartmentProgress]:
    """Per graduating department with graduates of the cohort in the user's scope: counts and submission.

    Three queries whatever the number of departments and graduates.
    """
    days = round_.days_to_deadline(today)
    counts = (
        round_graduates(round_, user)
        .filter(program__department__is_graduating=True)
        .order_by()
        .values("program__department")
        .annotate(total=Count("pk"), updated=Count("pk", filter=updated_condition(round_)))
    )
    by_department = {row["program__department"]: row for row in counts}
    departments = Department.objects.filter(pk__in=by_department).select_related("faculty").order_by("code")
    submissions = {
        s.department_id: s
        for s in RoundSubmission.objects.filter(
            collection_round=round_, department_id__in=by_department
        ).select_related("submitted_by")
    }
    return [
        DepartmentProgress(
            department=department,
            graduates=by_department[department.pk]["total"],
            updated=by_department[department.pk]["updated"],
            submission=submissions.get(department.pk),
            days_to_deadline=days,
        )
        for department in departments
    ]


def progress_totals(rows: Sequence[DepartmentProgress]) -> dict[str, Any]:
    graduates = sum(r.graduates for r in rows)
    updated = sum(r.updated for r in rows)
    return {
        "graduates": graduates,
        "updated": updated,
        "percent": round(100 * updated / graduates) if graduates else None,
        "submitted": sum(1 for r in rows if r.submitted),
        "departments": len(rows),
        "overdue": sum(1 for r in rows if r.overdue),
    }


def missing_graduates(round_: CollectionRound, department: Department, user: AnyUser) -> QuerySet[Student]:
    """The department's graduates of the cohort (in the user's scope) without an update this round."""
    return (
        round_graduates(round_, user)
        .filter(program__department=department)
        .exclude(updated_condition(round_))
        .select_related("program")
        .order_by("last_name", "first_name", "pk")
    )


def last_reminders(round_: CollectionRound, department_ids: Iterable[int]) -> dict[int, dt.date]:
    """The day each department was last reminded of the round (any kind, any recipient); one query."""
    rows = (
        RoundReminder.objects.filter(collection_round=round_, department_id__in=list(department_ids))
        .order_by()
        .values("department_id")
        .annotate(last=Max("sent_on"))
        .values_list("department_id", "last")
    )
    return dict(rows)


def writable_department_ids(user: AnyUser) -> set[int]:
    """The departments whose graduates' records the user may change (they submit rounds, send links).

    An access rule kept here because core.access has no department lookup: it is core's
    Department.with_people_for(user, CHANGE), the scope of the graduates themselves.
    """
    return set(Department.objects.with_people_for(user, CHANGE).values_list("pk", flat=True))
