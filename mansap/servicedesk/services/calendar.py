"""The working-day clock of the service desk: Kazakhstan's calendar and the university's working hours.

The interface the rest of the app uses (requests' due dates, the paused clock, enquiries' response times):
- `is_working_day(day)`: Monday to Friday, not a public holiday of Kazakhstan (the `holidays` package);
- `add_working_days(start, days)`: the close of the university's working day on the `days`-th working day
  after `start`'s day (a request received on Friday with a 2-day SLA is due on Tuesday at the close);
- `working_time_between(start, end)`: working hours between two instants (a paused clock, a response time);
- `add_working_time(start, delta)`: the instant `delta` of working time after `start`.

Each takes `institution` (an Institution, its pk, or None). With an institution, its calendar exceptions
(models.calendar.CalendarException: the government's moved days off, made extra days off, and the Saturdays they
were moved to, made working days) win over the weekday and the public holidays, and its WorkingHours replace
WORKDAY_START–WORKDAY_END; None: the public holidays and the default hours only. Times are in the project's time
zone (settings.TIME_ZONE, Asia/Almaty).

Speed: a list computes many due dates, so an institution's exceptions are read once per year and process and kept
(`_exceptions`, `_hours`); saving or deleting an exception or the hours clears that institution's entries (the
receivers in models.calendar). Other processes see an edit after at most CACHE_SECONDS.

The calendar page (`year_calendar`) names the public holidays in the reader's language: the package has Kazakh and
English names; the Russian ones are this app's translations of the English names (HOLIDAY_NAMES).
"""

from __future__ import annotations

import calendar as pycalendar
import datetime as dt
import time as clock
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import holidays
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from mansap.common.history import attributed
from mansap.core.access import CHANGE, SERVICE_DESK_STAFF, memberships_for
from mansap.servicedesk.models.calendar import (
    CalendarException,
    ExceptionKind,
    WorkingHours,
    _cache,
    clear_cache,
    institution_id_of,
)

WORKDAY_START = dt.time(9, 0)
WORKDAY_END = dt.time(18, 0)
# No SLA is longer than a year of working days; the loops below stop there rather than run forever.
MAX_DAYS = 400
# How long a process trusts its copy of an institution's calendar when another process may have edited it.
CACHE_SECONDS = 300

# The package's English names, translated here (it has no Russian ones for Kazakhstan).
HOLIDAY_NAMES = {
    "New Year's Day": _("New Year's Day"),
    "Orthodox Christmas": _("Orthodox Christmas"),
    "International Women's Day": _("International Women's Day"),
    "Nowruz Holiday": _("Nauryz"),
    "Kazakhstan's People Solidarity Holiday": _("Kazakhstan's People Unity Day"),
    "Defender of the Fatherland Day": _("Defender of the Fatherland Day"),
    "Victory Day": _("Victory Day"),
    "Eid al-Adha": _("Kurban Ait"),
    "Capital Day": _("Capital Day"),
    "Republic Day": _("Republic Day"),
    "Independence Day": _("Independence Day"),
}
HOLIDAY_SUFFIXES = {" (observed)": _("{name} (moved day off)"), " (estimated)": _("{name} (estimated date)")}
PACKAGE_LANGUAGES = {"kk": "kk", "en": "en_US"}


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("KZ", years=year))


# ---- The institution's exceptions and hours, cached ----------------------------------------------------------
__all__ = ["add_working_days", "add_working_time", "clear_cache", "is_working_day", "working_time_between"]


def _cached(key: tuple[int, int], read: Any) -> Any:
    found = _cache.get(key)
    now = clock.monotonic()
    if found is None or now - found[0] > CACHE_SECONDS:
        found = (now, read())
        _cache[key] = found
    return found[1]


def _exceptions(institution_id: int, year: int) -> dict[dt.date, str]:
    def read() -> dict[dt.date, str]:
        rows = CalendarException.objects.filter(institution_id=institution_id, date__year=year)
        return dict(rows.values_list("date", "kind"))

    result: dict[dt.date, str] = _cached((institution_id, year), read)
    return result


def _hours(institution: Any) -> tuple[dt.time, dt.time]:
    institution_id = institution_id_of(institution)
    if institution_id is None:
        return WORKDAY_START, WORKDAY_END

    def read() -> tuple[dt.time, dt.time]:
        row = WorkingHours.objects.filter(institution_id=institution_id).values_list("opens", "closes").first()
        return (row[0], row[1]) if row else (WORKDAY_START, WORKDAY_END)

    result: tuple[dt.time, dt.time] = _cached((institution_id, 0), read)
    return result


# ---- The clock -------------------------------------------------------------------------------------------------
def is_working_day(day: dt.date, *, institution: Any = None) -> bool:
    institution_id = institution_id_of(institution)
    if institution_id is not None:
        kind = _exceptions(institution_id, day.year).get(day)
        if kind is not None:
            return kind == ExceptionKind.WORKING_DAY
    return day.weekday() < 5 and day not in _public_holidays(day.year)


def _local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else timezone.make_aware(moment)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def add_working_days(start: dt.datetime, days: int, *, institution: Any = None) -> dt.datetime:
    """The close of the `days`-th working day after `start`'s (local) day; 0 days: the close of `start`'s day if
    it is a working day, else of the next working day."""
    closes = _hours(institution)[1]
    day = _local(start).date()
    remaining = days
    if remaining == 0:
        for _step in range(MAX_DAYS * 2):
            if is_working_day(day, institution=institution):
                return _at(day, closes)
            day += dt.timedelta(days=1)
        raise ValueError("no working day within the calendar's range")
    for _step in range(MAX_DAYS * 2):
        day += dt.timedelta(days=1)
        if is_working_day(day, institution=institution):
            remaining -= 1
            if remaining == 0:
                return _at(day, closes)
    raise ValueError(f"{days} working days is beyond the calendar's range")


def working_time_between(start: dt.datetime, end: dt.datetime, *, institution: Any = None) -> dt.timedelta:
    """Working hours between two instants (zero when `end` is not after `start`)."""
    opening, closing = _hours(institution)
    start, end = _local(start), _local(end)
    total = dt.timedelta()
    day = start.date()
    while day <= end.date():
        if is_working_day(day, institution=institution):
            opens, closes = _at(day, opening), _at(day, closing)
            lo, hi = max(opens, start), min(closes, end)
            if hi > lo:
                total += hi - lo
        day += dt.timedelta(days=1)
    return total


def add_working_time(start: dt.datetime, delta: dt.timedelta, *, institution: Any = None) -> dt.datetime:
    """The instant `delta` of working time after `start` (a start outside working hours waits for the next
    opening)."""
    opening, closing = _hours(institution)
    moment = _local(start)
    remaining = delta
    day = moment.date()
    for _step in range(MAX_DAYS * 2):
        if is_working_day(day, institution=institution):
            opens, closes = _at(day, opening), _at(day, closing)
            lo = max(opens, moment)
            if closes > lo:
                if lo + remaining <= closes:
                    return lo + remaining
                remaining -= closes - lo
        day += dt.timedelta(days=1)
    raise ValueError("the working time is beyond the calendar's range")


# ---- Editing the calendar --------------------------------------------------------------------------------------
EXCEPTION_FIELDS = ("date", "kind", "note_kk", "note_ru", "note_en")


def keeps_calendar(user: Any, institution: Any) -> bool:
    """Whether the user edits this institution's calendar: the desk (SERVICE_DESK_STAFF, read-write), a superuser;
    no user (a command) acts for the institution."""
    if user is None or getattr(user, "is_superuser", False):
        return True
    institution_id = institution_id_of(institution)
    return any(
        m.institution_id == institution_id and m.role in SERVICE_DESK_STAFF for m in memberships_for(user, CHANGE)
    )


@transaction.atomic
def save_exception(exception: CalendarException, *, acting_user: Any, **values: Any) -> CalendarException:
    """Add (an unsaved `exception` with its institution) or change an exception of the institution's calendar."""
    if not keeps_calendar(acting_user, exception.institution_id):
        raise PermissionDenied
    for name in EXCEPTION_FIELDS:
        if name in values:
            setattr(exception, name, values[name])
    exception.full_clean()
    attributed(exception, acting_user).save()
    return exception


@transaction.atomic
def delete_exception(exception: CalendarException, *, acting_user: Any) -> None:
    if not keeps_calendar(acting_user, exception.institution_id):
        raise PermissionDenied
    attributed(exception, acting_user).delete()


@transaction.atomic
def save_working_hours(institution: Any, *, acting_user: Any, opens: dt.time, closes: dt.time) -> WorkingHours:
    hours = WorkingHours.objects.filter(institution=institution).first() or WorkingHours(institution=institution)
    if not keeps_calendar(acting_user, institution):
        raise PermissionDenied
    hours.opens, hours.closes = opens, closes
    hours.full_clean()
    attributed(hours, acting_user).save()
    return hours


def working_hours(institution: Any) -> tuple[dt.time, dt.time]:
    """The institution's opening and close (the defaults when none are saved)."""
    return _hours(institution)


# ---- The year's calendar, for the page -------------------------------------------------------------------------
def holiday_name(name: str, language: str) -> str:
    """A public holiday's name (the package's English one) in kk, ru or en."""
    suffix = next((s for s in HOLIDAY_SUFFIXES if name.endswith(s)), "")
    base = name[: -len(suffix)] if suffix else name
    with override(language):
        text = str(HOLIDAY_NAMES.get(base, base))
        return str(HOLIDAY_SUFFIXES[suffix]).format(name=text) if suffix else text


def public_holidays(year: int, language: str) -> dict[dt.date, str]:
    """Kazakhstan's public holidays of a year, named in `language` (several names on one day joined)."""
    if language in ("kk",):
        found = holidays.country_holidays("KZ", years=year, language=PACKAGE_LANGUAGES[language])
        return {day: "; ".join(found.get_list(day)) for day in found}
    found = holidays.country_holidays("KZ", years=year, language="en_US")
    return {day: "; ".join(holiday_name(name, language) for name in found.get_list(day)) for day in found}


@dataclass(frozen=True)
class Day:
    date: dt.date
    working: bool
    weekend: bool
    holiday: str
    exception: CalendarException | None

    @property
    def css(self) -> str:
        if self.exception is not None:
            return "exc-off" if self.exception.kind == ExceptionKind.DAY_OFF else "exc-work"
        if self.holiday and not self.working:
            return "holiday"
        return "weekend" if not self.working else "workday"


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Day | None]]
    working_days: int

    @property
    def name(self) -> str:
        return str(MONTHS[self.number])


def year_calendar(year: int, institution: Any, language: str) -> list[Month]:
    """The twelve months of a year, week by week (Monday first), each day with its status and names."""
    names = public_holidays(year, language)
    exceptions = {row.date: row for row in CalendarException.objects.filter(institution=institution, date__year=year)}
    months = []
    for number in range(1, 13):
        weeks: list[list[Day | None]] = []
        count = 0
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, number):
            row: list[Day | None] = []
            for day in week:
                if day.month != number:
                    row.append(None)
                    continue
                working = is_working_day(day, institution=institution)
                count += working
                row.append(Day(day, working, day.weekday() >= 5, names.get(day, ""), exceptions.get(day)))
            weeks.append(row)
        months.append(Month(number, weeks, count))
    return months
