"""Demo data of the practice app: its step of the demo, which mansap/demo.py runs after the other apps."""

from __future__ import annotations

import datetime as dt
import random

from mansap.core.models import Institution


def seed(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
    """The year's plan, bases, contracts and placements (demo_staff), then diaries, evaluations,
    defences and grades on them (demo_assessment)."""
    from mansap.practice.demo import assessment as demo_assessment
    from mansap.practice.demo import staff as demo_staff

    counts = demo_staff.seed(institution, rng=rng, today=today)
    counts.update(demo_assessment.seed(institution, rng=random.Random(rng.random()), today=today))
    return counts


def flush(institution: Institution) -> None:
    """Delete the practice rows of the institution (called before the core rows are deleted)."""
    from mansap.practice.demo import staff as demo_staff

    demo_staff.flush(institution)
