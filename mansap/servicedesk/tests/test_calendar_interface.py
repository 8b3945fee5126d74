"""The working-day clock's interface, on hand-picked days of 2026 (Nauryz is 21–25 March 2026, with the
observed days; 1–2 January is New Year)."""

import datetime as dt

from django.utils import timezone

from mansap.servicedesk.services.calendar import (
    add_working_days,
    add_working_time,
    is_working_day,
    working_time_between,
)


def at(y: int, m: int, d: int, h: int = 12, mi: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h, mi))


def test_weekends_and_public_holidays_are_not_working_days() -> None:
    assert is_working_day(dt.date(2026, 3, 20))  # Friday
    assert not is_working_day(dt.date(2026, 3, 21))  # Nauryz, Saturday
    assert not is_working_day(dt.date(2026, 3, 23))  # Nauryz, Monday
    assert not is_working_day(dt.date(2026, 3, 25))  # Nauryz observed
    assert is_working_day(dt.date(2026, 3, 26))


def test_due_date_skips_nauryz() -> None:
    # Received Friday 20 March, 2 working days: Thursday 26 and Friday 27 March; due at the close of the 27th.
    assert add_working_days(at(2026, 3, 20), 2) == at(2026, 3, 27, 18)
    # New Year: received Wednesday 31 December 2025, 1 working day: 1–2 January are holidays, 3–4 a weekend.
    assert add_working_days(at(2025, 12, 31), 1) == at(2026, 1, 5, 18)


def test_working_time_counts_only_open_hours() -> None:
    # Friday 17:00 to Thursday 10:00 across Nauryz: 1 hour on Friday, 1 hour on Thursday.
    assert working_time_between(at(2026, 3, 20, 17), at(2026, 3, 26, 10)) == dt.timedelta(hours=2)
    assert add_working_time(at(2026, 3, 20, 17), dt.timedelta(hours=2)) == at(2026, 3, 26, 10)
