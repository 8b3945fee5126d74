"""Input bounds: numbers read from query parameters and form data, and the dates forms and the API accept.

A value the database cannot take is the visitor's mistake, never a server error (issue #11): on SQLite an
integer beyond 64 bits cannot even be sent (OverflowError), and a year outside 1–9999 cannot become a date
(ValueError) on any database. `str.isdigit()` is no check: it accepts "²", which `int()` refuses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

MAX_ID = 2**63 - 1  # the largest value of a 64-bit integer column (BigAutoField)


def parse_int(value: Any, *, minimum: int = -MAX_ID, maximum: int = MAX_ID) -> int | None:
    """The integer the text writes in ASCII digits (a leading minus allowed) within the bounds, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    else:
        text = str(value if value is not None else "")
        digits = text[1:] if text.startswith("-") else text
        if not (digits.isascii() and digits.isdigit()) or len(digits) > len(str(MAX_ID)):
            return None
        number = int(text)
    return number if minimum <= number <= maximum else None


def parse_id(value: Any) -> int | None:
    """A primary key given in a parameter (?practice=12), else None."""
    return parse_int(value, minimum=1)


def parse_year(value: Any) -> int | None:
    """A year a date can have (?cohort=2025), else None."""
    return parse_int(value, minimum=dt.MINYEAR, maximum=dt.MAXYEAR)


def parse_ids(values: Iterable[Any]) -> list[int]:
    """The primary keys among values (a form's checked boxes: request.POST.getlist("student")); the rest dropped."""
    return [pk for pk in map(parse_id, values) if pk is not None]


# Dates a form or the API accepts. A year 1 or 9999 date is a typo, and the arithmetic the services do on dates
# (deadlines, ages, reminders) overflows near date.min and date.max: a 500 instead of a message.
EARLIEST_DATE = dt.date(1900, 1, 1)
LATEST_DATE = dt.date(2999, 12, 31)
# A moment from 1970 on: before 1924 Almaty's UTC offset was +05:07:48, which an ISO 8601 time cannot write.
EARLIEST_DATETIME = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@deconstructible
class DateRangeValidator:
    """Refuses a date (or a moment) outside EARLIEST_DATE (EARLIEST_DATETIME) to LATEST_DATE."""

    def __call__(self, value: dt.date) -> None:
        if isinstance(value, dt.datetime):
            earliest = EARLIEST_DATETIME if value.tzinfo else EARLIEST_DATETIME.replace(tzinfo=None)
            ok = earliest <= value and value.date() <= LATEST_DATE
            first = EARLIEST_DATETIME.date()
        else:
            ok = EARLIEST_DATE <= value <= LATEST_DATE
            first = EARLIEST_DATE
        if not ok:
            raise ValidationError(
                _("Enter a date from %(earliest)s to %(latest)s."),
                code="date_range",
                params={
                    "earliest": date_format(first, "SHORT_DATE_FORMAT"),
                    "latest": date_format(LATEST_DATE, "SHORT_DATE_FORMAT"),
                },
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DateRangeValidator)

    def __hash__(self) -> int:
        return hash(DateRangeValidator)


validate_date_range = DateRangeValidator()
