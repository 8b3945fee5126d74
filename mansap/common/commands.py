"""What the management commands share."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import CommandError


def as_of_date(value: str) -> dt.date:
    """The --as-of option of the KPI commands (argparse type): a YYYY-MM-DD date, else exit status 2."""
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"--as-of: {value!r} is not a date (YYYY-MM-DD)", returncode=2) from exc
