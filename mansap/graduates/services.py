"""State changes of employment monitoring. Views, the API, commands and tests all call these."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from mansap.core.models import Student
from mansap.graduates.models import ContactAttempt, EmploymentRecord


def _with_user(obj: Any, acting_user: Any) -> Any:
    obj._history_user = acting_user if getattr(acting_user, "is_authenticated", False) else None
    return obj


@transaction.atomic
def record_employment(graduate: Student, *, acting_user: Any, **fields: Any) -> EmploymentRecord:
    """Add a record to the graduate's career history; an open record closes the one before it.

    Records are never overwritten (R-007): the open record ends the day before
    the new one starts (or on the day itself, when both start the same day). A
    record that starts before the open one must come with its own end date: it
    is a period of the past, entered after the fact.
    """
    # Lock the graduate so two people recording at once cannot both leave an open record.
    Student.objects.select_for_update().filter(pk=graduate.pk).first()
    record = EmploymentRecord(graduate=graduate, recorded_by=_recorded_by(acting_user), **fields)
    if record.organization_id and not record.employer_name:
        record.employer_name = str(record.organization)
    if record.organization_id and not record.employer_bin:
        record.employer_bin = record.organization.bin
    record.full_clean(exclude=["graduate"], validate_constraints=False)
    current = graduate.employment_records.filter(ended_on__isnull=True).first()
    if record.ended_on is None and current is not None:
        if record.started_on < current.started_on:
            raise ValidationError(
                {
                    "started_on": _(
                        "The current record started on {date}: a new one cannot start earlier. "
                        "Enter an earlier period with its end date."
                    ).format(date=current.started_on.strftime("%d.%m.%Y"))
                }
            )
        current.ended_on = max(current.started_on, record.started_on - dt.timedelta(days=1))
        _with_user(current, acting_user).save(update_fields=["ended_on", "updated_at"])
    _with_user(record, acting_user).save()
    return record


@transaction.atomic
def log_contact(graduate: Student, *, acting_user: Any, **fields: Any) -> ContactAttempt:
    attempt = ContactAttempt(graduate=graduate, recorded_by=_recorded_by(acting_user), **fields)
    attempt.full_clean(exclude=["graduate"])
    _with_user(attempt, acting_user).save()
    return attempt


def _recorded_by(acting_user: Any) -> Any:
    return acting_user if getattr(acting_user, "is_authenticated", False) else None
