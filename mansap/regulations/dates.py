"""The review date rule of the register (issue #17, R-141): one pure function every page, command, report,
reminder and KPI uses (services.reviews keeps the document's next review date with it; reports.due and the
reminders compute it for a given day).

The next review date is the later of the effective date of the version in force and the last review, plus the
document's review interval in years; 29 February falls on 28 February in a year without one.
"""

from __future__ import annotations

import datetime as dt


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def next_review_date(
    effective_on: dt.date | None, last_review_on: dt.date | None, interval_years: int
) -> dt.date | None:
    """The later of the effective date and the last review, plus the interval; None without either date."""
    base = max((day for day in (effective_on, last_review_on) if day is not None), default=None)
    return None if base is None else add_years(base, interval_years)


__all__ = ["add_years", "next_review_date"]
