"""Demo data of the practice app (assessment part); called by mansap.practice.demo."""

from __future__ import annotations

import datetime as dt
import random

from mansap.core.models import Institution


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    return {}
