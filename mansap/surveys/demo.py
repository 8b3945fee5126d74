"""Demo data of the surveys app, called by mansap.core.demo.DemoBuilder after the other apps."""

from __future__ import annotations

import datetime as dt
import random

from mansap.core.models import Institution


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    """Create this app's demo rows for the demo institution; return counts for the summary."""
    return {}


def flush(institution: Institution) -> None:
    """Delete this app's rows of the institution (called before the core rows are deleted)."""
