"""Demo data of the servicedesk app, its step of the demo (mansap/demo.py runs it after the student body)."""

from __future__ import annotations

import datetime as dt
import random

from mansap.core.models import Institution


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    return {}


def flush(institution: Institution) -> None:
    return None
