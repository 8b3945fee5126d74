"""How a student becomes a graduate of a cohort (issue #15).

A graduate is a core.Student with a graduation date; their cohort is the date's year (graduates.filtersets,
indicators and rounds all count `graduation_date__year`). The people import makes graduates from a file's
graduation date; a signed graduation order makes them through `record_graduation`, which the student body calls
when the order takes effect. Idempotent: a graduate already recorded with the same date and program is left as is
(no second history row, never a second record).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction

from mansap.common.history import attributed
from mansap.core.choices import StudentStatus
from mansap.core.models import Student

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser


def cohort_of(student: Student) -> int | None:
    """The graduate's cohort (the graduation year); None for a student who has not graduated."""
    return student.graduation_date.year if student.graduation_date else None


@transaction.atomic
def record_graduation(
    student: Student, *, graduation_date: dt.date, program_id: int | None = None, acting_user: MaybeUser,
    reason: str = "graduation order",
) -> bool:  # fmt: skip
    """Make the student a graduate of `program_id` (default: their program) on `graduation_date`; True when
    something changed."""
    values = {"status": StudentStatus.GRADUATED, "graduation_date": graduation_date}
    if program_id:
        values["program_id"] = program_id
    changed = False
    for name, value in values.items():
        if getattr(student, name) != value:
            setattr(student, name, value)
            changed = True
    if changed:
        student.fill_derived()
        attributed(student, acting_user, reason=reason).save()
    return changed
