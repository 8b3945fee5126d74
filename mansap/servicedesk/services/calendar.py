"""The working-day clock of the service desk: Kazakhstan's calendar and the university's working hours.

The interface the rest of the app uses (requests' due dates, the paused clock, enquiries' response times):
- `is_working_day(day)`: Monday to Friday, not a public holiday of Kazakhstan (the `holidays` package);
- `add_working_days(start, days)`: the close of the university's working day on the `days`-th working day
  after `start`'s day (a request received on Friday with a 2-day SLA is due on Tuesday at the close);
- `working_time_between(start, end)`: working hours between two instants (a paused clock, a response time);
- `add_working_time(start, delta)`: the instant `delta` of working time after `start`.

Working hours are WORKDAY_START–WORKDAY_END in the project's time zone (settings.TIME_ZONE, Asia/Almaty).
The government's moved days off (a working Saturday, a day off moved onto a Monday) are edited in the app: a
later change adds them here; `institution` is accepted now so that callers need not change then.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

import holidays
from django.utils import timezone

WORKDAY_START = dt.time(9, 0)
WORKDAY_END = dt.time(18, 0)
# No SLA is longer than a year of working days; the loops below stop there rather than run forever.
MAX_DAYS = 400


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("KZ", years=year))


def is_working_day(day: dt.date, *, institution: Any = None) -> bool:
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else timezone.make_aware(moment)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def add_working_days(start: dt.datetime, days: int, *, institution: Any = None) -> dt.datetime:
    """The close of the `days`-th working day after `start`'s (local) day; 0 days: the close of `start`'s day if
    it is a working day, else of the next working day."""
    day = _local(start).date()
    remaining = days
    if remaining == 0:
        while not is_working_day(day, institution=institution):
            day += dt.timedelta(days=1)
        return _at(day, WORKDAY_END)
    for _ in range(MAX_DAYS * 2):
        day += dt.timedelta(days=1)
        if is_working_day(day, institution=institution):
            remaining -= 1
            if remaining == 0:
                return _at(day, WORKDAY_END)
    raise ValueError(f"{days} working days is beyond the calendar's range")


def working_time_between(start: dt.datetime, end: dt.datetime, *, institution: Any = None) -> dt.timedelta:
    """Working hours between two instants (zero when `end` is not after `start`)."""
    start, end = _local(start), _local(end)
    total = dt.timedelta()
    day = start.date()
    while day <= end.date():
        if is_working_day(day, institution=institution):
            opens, closes = _at(day, WORKDAY_START), _at(day, WORKDAY_END)
            lo, hi = max(opens, start), min(closes, end)
            if hi > lo:
                total += hi - lo
        day += dt.timedelta(days=1)
    return total


def add_working_time(start: dt.datetime, delta: dt.timedelta, *, institution: Any = None) -> dt.datetime:
    """The instant `delta` of working time after `start` (a start outside working hours waits for the next
    opening)."""
    moment = _local(start)
    remaining = delta
    day = moment.date()
    for _ in range(MAX_DAYS * 2):
        if is_working_day(day, institution=institution):
            opens, closes = _at(day, WORKDAY_START), _at(day, WORKDAY_END)
            lo = max(opens, moment)
            if closes > lo:
                if lo + remaining <= closes:
                    return lo + remaining
                remaining -= closes - lo
        day += dt.timedelta(days=1)
    raise ValueError("the working time is beyond the calendar's range")
