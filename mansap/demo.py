"""The demo university (`manage.py seed_demo`): each app's demo steps, in the order they are seeded.

Like navigation.py, this is the only module that knows every app's demo: each `<app>/demo.py` offers steps
with one signature, `seed(institution, *, rng, today) -> counts` and `flush(institution)`, and imports no
other app's demo to run them; the order lives here. Flushing runs the steps' flushes in reverse.

Each step takes what the steps before it created. Core's tree, the employers' organizations and core's
people draw from the main random stream, `random.Random(seed)`, in this order (students' sponsors are
organizations). Every later step has its own stream, `random.Random(f"{seed}:{stream}")`, so adding or
changing one step leaves the data of the others as it was. The same seed, options and `today` give the
same data.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from dataclasses import dataclass, field
from functools import partial
from typing import Protocol

from django.db import transaction
from django.utils import timezone

from mansap.academics import demo as academics
from mansap.common.demo import Progress, no_progress
from mansap.core import demo as core
from mansap.core.models import Institution
from mansap.employers import demo as employers
from mansap.graduates import demo as graduates
from mansap.practice import demo as practice
from mansap.practice.demo import programmes as practice_programmes
from mansap.quality import demo as quality
from mansap.regulations import demo as regulations
from mansap.servicedesk import demo as servicedesk
from mansap.studentbody import demo as studentbody
from mansap.surveys import demo as surveys

DEFAULT_SEED = 2026


class Seed(Protocol):
    """Seeds one step's rows into the institution; returns how many of each it made ("vacancies": 12)."""

    def __call__(self, institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]: ...


class Flush(Protocol):
    """Deletes the rows its seed made (the later steps' rows are gone by then)."""

    def __call__(self, institution: Institution) -> None: ...


@dataclass(frozen=True)
class DemoStep:
    """One app's part of the demo, at its place in the order."""

    name: str
    seed: Seed
    flush: Flush
    stream: str = ""  # "": the main stream; otherwise its own, random.Random(f"{seed}:{stream}")


@dataclass(frozen=True)
class DemoOptions:
    """seed_demo's options, for the steps that take them."""

    graduates: int = core.DEFAULT_GRADUATES
    cohorts: int = core.DEFAULT_COHORTS
    batch_size: int = core.DEFAULT_BATCH_SIZE
    progress: Progress = no_progress
    # A second, small university and a consortium of both with the "ministry" login (#18; `make run` asks for it).
    consortium: bool = False


def demo_steps(options: DemoOptions | None = None) -> list[DemoStep]:
    """The steps in seeding order (flushed in reverse)."""
    options = options or DemoOptions()

    def people(institution: Institution, *, rng: random.Random, today: dt.date) -> dict[str, int]:
        return core.seed_people(
            institution, rng=rng, today=today, graduates=options.graduates, cohorts=options.cohorts,
            batch_size=options.batch_size, sponsor_ids=employers.sponsor_ids(institution), progress=options.progress,
        )  # fmt: skip

    return [
        DemoStep("institution tree", partial(core.seed, cohorts=options.cohorts), core.flush),
        DemoStep("organizations", employers.seed_organizations, employers.flush_organizations),
        DemoStep("people", people, core.flush_people),
        DemoStep("employment", partial(graduates.seed, progress=options.progress), graduates.flush, "employment"),
        DemoStep("partnerships", employers.seed_partnerships, employers.flush_partnerships, "partnerships"),
        DemoStep(
            "vacancies and events",
            employers.seed_vacancies_and_events,
            employers.flush_vacancies_and_events,
            "vacancies",
        ),
        DemoStep("practice", practice.seed, practice.flush, "practice"),
        DemoStep("surveys", surveys.seed, surveys.flush, "surveys"),
        DemoStep("quality", quality.seed, quality.flush, "quality"),
        DemoStep("academics", academics.seed, academics.flush, "academics"),
        DemoStep("student body", studentbody.seed, studentbody.flush, "studentbody"),
        DemoStep("personal files", studentbody.seed_files, studentbody.flush_files, "studentbody files"),
        DemoStep("service desk", servicedesk.seed, servicedesk.flush, "servicedesk"),
        DemoStep("regulations", regulations.seed, regulations.flush, "regulations"),
        DemoStep("practice programmes", practice_programmes.seed, practice_programmes.flush, "practice programmes"),
        DemoStep("annual report", studentbody.seed_annual, studentbody.flush_annual, "studentbody annual"),
    ] + (
        [DemoStep("consortium", graduates.seed_consortium, graduates.flush_consortium, "consortium")]
        if options.consortium
        else []
    )


@dataclass
class DemoResult:
    institution: Institution
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    logins: list[core.DemoLogin] = field(default_factory=list)
    skipped_users: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def build_demo(
    *,
    graduates: int = core.DEFAULT_GRADUATES,
    seed: int = DEFAULT_SEED,
    cohorts: int = core.DEFAULT_COHORTS,
    batch_size: int = core.DEFAULT_BATCH_SIZE,
    today: dt.date | None = None,
    progress: Progress = no_progress,
    consortium: bool = False,
) -> DemoResult:
    """Create the demo institution and seed every step into it, in one transaction."""
    started = time.perf_counter()
    today = today or timezone.localdate()
    options = DemoOptions(
        graduates=graduates, cohorts=cohorts, batch_size=batch_size, progress=progress, consortium=consortium
    )
    steps = demo_steps(options)
    main = random.Random(seed)
    with transaction.atomic():
        skipped = core.existing_logins()
        institution = core.create_institution()
        counts = {"institutions": 1}
        for step in steps:
            rng = random.Random(f"{seed}:{step.stream}") if step.stream else main
            for name, count in step.seed(institution, rng=rng, today=today).items():
                counts[name] = counts.get(name, 0) + count
        logins = core.seeded_logins(institution, skipped=skipped)
    return DemoResult(
        institution=institution,
        counts=counts,
        seconds=time.perf_counter() - started,
        logins=logins,
        skipped_users=skipped,
    )


def flush_demo(institution: Institution) -> None:
    """Delete the demo institution and everything under it: every step's flush, last step first."""
    with transaction.atomic():
        for step in reversed(demo_steps(DemoOptions(consortium=True))):
            step.flush(institution)
