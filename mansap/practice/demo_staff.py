"""Demo data of the practice app (staff part); called by mansap.practice.demo."""

from __future__ import annotations

import datetime as dt
import random

from mansap.core.models import Institution


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    return {}


def flush(institution: Institution) -> None:
    """Delete every practice row of the institution."""
