"""Career events read side: the month calendar grid and .ics files (RFC 5545)."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format

from mansap.core.models.base import translated
from mansap.employers.models import (
    CareerEvent,
)


# ---- The month grid ---------------------------------------------------------------------------------------------
@dataclass
class Day:
    date: dt.date
    in_month: bool
    events: list[CareerEvent] = field(default_factory=list)


def parse_month(value: str | None, today: dt.date) -> tuple[dt.date, bool]:
    """The first day of ?month=YYYY-MM (this month when missing or invalid) and whether the value was valid."""
    if not value:
        return today.replace(day=1), True
    try:
        year, month = (int(part) for part in value.split("-"))
        return dt.date(year, month, 1), True
    except ValueError:
        return today.replace(day=1), False


def shift_month(first: dt.date, months: int) -> dt.date:
    index = first.year * 12 + first.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_bounds(first: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The month's first and the next month's first moments in the current time zone."""
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(first, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(shift_month(first, 1), dt.time.min, tzinfo=tz)
    return start, end


def month_grid(first: dt.date, events: Iterable[CareerEvent]) -> list[list[Day]]:
    """Weeks (Monday first) covering the month; each event appears on every day it spans within the grid."""
    weeks = calendar.Calendar(firstweekday=calendar.MONDAY).monthdatescalendar(first.year, first.month)
    days = {day: Day(day, day.month == first.month) for week in weeks for day in week}
    for event in events:
        day = timezone.localtime(event.starts_at).date()
        last = timezone.localtime(event.ends_at - dt.timedelta(microseconds=1)).date()
        while day <= last:
            if day in days:
                days[day].events.append(event)
            day += dt.timedelta(days=1)
    return [[days[day] for day in week] for week in weeks]


def weekday_names() -> list[str]:
    """Monday…Sunday, abbreviated, in the active language (Django's own translations)."""
    monday = dt.date(2024, 1, 1)  # a Monday
    return [date_format(monday + dt.timedelta(days=i), "D") for i in range(7)]


# ---- iCalendar ----------------------------------------------------------------------------------------------------
ICS_LINE_OCTETS = 75


def ics_escape(text: str) -> str:
    """TEXT value escaping (RFC 5545 3.3.11): backslash, semicolon, comma and newlines."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def ics_fold(line: str) -> str:
    """Folds a content line at 75 octets of UTF-8 (never inside a character); continuations start with a space."""
    parts: list[str] = []
    current, size, limit = "", 0, ICS_LINE_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            parts.append(current)
            current, size, limit = "", 0, ICS_LINE_OCTETS - 1  # the leading space takes one octet
        current += char
        size += width
    parts.append(current)
    return "\r\n ".join(parts)


def ics_datetime(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def event_uid(event: CareerEvent) -> str:
    return f"event-{event.pk}@mansap"


def event_ics(event: CareerEvent, language: str, *, url: str = "", stamp: dt.datetime | None = None) -> str:
    """One event as an iCalendar file (CRLF line endings, folded lines, UTC times)."""
    location = event.location
    if event.online_url:
        location = f"{location} ({event.online_url})" if location else event.online_url
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Mansap//Career events//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{event_uid(event)}",
        f"DTSTAMP:{ics_datetime(stamp or event.updated_at)}",
        f"DTSTART:{ics_datetime(event.starts_at)}",
        f"DTEND:{ics_datetime(event.ends_at)}",
        f"SUMMARY:{ics_escape(translated(event, 'title', language))}",
    ]
    if location:
        lines.append(f"LOCATION:{ics_escape(location)}")
    if event.description:
        lines.append(f"DESCRIPTION:{ics_escape(event.description)}")
    if url:
        lines.append(f"URL:{url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return "".join(ics_fold(line) + "\r\n" for line in lines)
