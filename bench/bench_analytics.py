"""Benchmark: employment KPIs (compute_kpis) and the analytics page over a seeded database.

    .venv/bin/python bench/bench_analytics.py [--db /tmp/mansap-bench.sqlite3] [--repeat 5] [--exports]

Runs against the database bench_seed.py loaded (run that first); applies any
pending migrations. When the database has no employment records yet, it adds
synthetic ones for the two latest cohorts with bulk_create (1-3 records per
graduate: a career history whose last record stays open; about 12% of the
graduates are never reached). Then it times, median of --repeat runs:

- compute_kpis() for the latest cohort, whole university (and its SQL queries);
- the analytics page `graduates:analytics` (and the cohort trend it loads
  afterwards, `graduates:analytics_trend`) through django.test.Client logged in as
  `cc` (password mansap-demo) and as `aigerim` (one department), default filters and
  broken down by program; with --exports also the XLSX and PDF reports (one run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path

from benchlib import DEFAULT_DB, measure, setup_django, sqlite_url

BATCH = 5000


def add_records(seed: int, cohorts: int) -> int:
    """Synthetic career histories for the latest cohorts, bulk-created (no history rows, no full_clean)."""
    from django.db import transaction
    from django.utils import timezone

    from mansap.core.models import Student
    from mansap.graduates.choices import EMPLOYED, EmploymentStatus
    from mansap.graduates.models import EmploymentRecord

    rng = random.Random(seed)
    today = timezone.localdate()
    weights = {
        EmploymentStatus.EMPLOYED_SPECIALTY: 40,
        EmploymentStatus.EMPLOYED_OTHER: 16,
        EmploymentStatus.OWN_BUSINESS: 5,
        EmploymentStatus.CONTINUING_EDUCATION: 10,
        EmploymentStatus.MILITARY_SERVICE: 4,
        EmploymentStatus.PARENTAL_LEAVE: 3,
        EmploymentStatus.UNEMPLOYED_SEEKING: 9,
        EmploymentStatus.NOT_SEEKING: 3,
    }
    statuses, chances = list(weights), list(weights.values())
    employers = ["Kaspi Bank", "Halyk Bank", "ҚазМұнайГаз", "Air Astana", "Beeline Казахстан", "Қазақтелеком"]
    years = sorted({d.year for d in Student.objects.graduates().dates("graduation_date", "year")}, reverse=True)[
        :cohorts
    ]
    graduates = (
        Student.objects.graduates()
        .filter(graduation_date__year__in=years)
        .order_by("pk")
        .values_list("pk", "graduation_date")
    )
    created, batch = 0, []
    with transaction.atomic():
        for pk, graduated in graduates.iterator(chunk_size=BATCH):
            if rng.random() < 0.12:
                continue  # never reached: unknown
            start = graduated + dt.timedelta(days=rng.randint(15, 150))
            periods = rng.choice((1, 1, 2, 2, 3))
            for i in range(periods):
                if start > today:
                    break
                status = rng.choices(statuses, chances)[0]
                last = i == periods - 1
                end = None if last else start + dt.timedelta(days=rng.randint(60, 300))
                if end is not None and end >= today:
                    end = None
                    last = True
                batch.append(
                    EmploymentRecord(
                        graduate_id=pk,
                        status=status,
                        started_on=start,
                        ended_on=end,
                        employer_name=rng.choice(employers) if status in EMPLOYED else "",
                        salary=rng.randrange(150_000, 900_000, 5_000)
                        if status in EMPLOYED and rng.random() < 0.8
                        else None,
                        channel="telephone",
                    )
                )
                if last:
                    break
                start = end + dt.timedelta(days=1)
            if len(batch) >= BATCH:
                EmploymentRecord.objects.bulk_create(batch)
                created += len(batch)
                batch = []
        EmploymentRecord.objects.bulk_create(batch)
        created += len(batch)
    return created


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=DEFAULT_DB, help="SQLite file loaded by bench_seed.py (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cohorts", type=int, default=2, help="cohorts that get synthetic records (default 2)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--exports", action="store_true", help="also time the XLSX and PDF reports (one run each)")
    args = parser.parse_args()
    if not Path(args.db).exists():
        sys.exit(f"{args.db} does not exist: run bench/bench_seed.py first")
    setup_django(sqlite_url(args.db))

    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.urls import reverse
    from django.utils import timezone

    call_command("migrate", verbosity=0)

    from mansap.core.models import Student, User
    from mansap.graduates.models import EmploymentRecord
    from mansap.graduates.reports.analytics import compute_kpis

    if not Student.objects.graduates().exists():
        sys.exit(f"no graduates in {args.db}: run bench/bench_seed.py first")
    if not EmploymentRecord.objects.exists():
        started = time.perf_counter()
        created = add_records(args.seed, args.cohorts)
        print(f"added {created:,} synthetic employment records in {time.perf_counter() - started:.1f} s")

    cohort = Student.objects.graduates().latest("graduation_date").graduation_date.year
    graduates = Student.objects.graduates().filter(graduation_date__year=cohort)
    print(
        f"{args.db}: {Student.objects.graduates().count():,} graduates, "
        f"{EmploymentRecord.objects.count():,} employment records; cohort {cohort}: {graduates.count():,} graduates; "
        f"median of {args.repeat}"
    )
    header = f"{'what':<50} {'status':>6} {'median ms':>10} {'min ms':>8} {'queries':>8} {'KiB':>8}"
    print(header)
    print("-" * len(header))

    today = timezone.localdate()
    median, fastest, queries, kpis = measure(args.repeat, lambda: compute_kpis(graduates, today))
    label = f"compute_kpis(cohort {cohort}, whole university)"
    print(f"{label:<50} {'':>6} {median:>10.0f} {fastest:>8.0f} {queries:>8}")
    counts = kpis["counts"]
    print(
        f"   cohort {counts['cohort']:,}, unknown {counts['unknown']:,}, employed {counts['employed']:,}; "
        f"employment_rate {kpis['employment_rate']}"
    )

    url = reverse("graduates:analytics")
    cases = [
        ("page, default filters", url, args.repeat),
        ("page, by program", f"{url}?cohort={cohort}&by=program", args.repeat),
        ("trend JSON (5 cohorts, loaded by the page)", reverse("graduates:analytics_trend"), args.repeat),
    ]
    if args.exports:
        cases += [
            ("XLSX report", f"{reverse('graduates:analytics_xlsx')}?cohort={cohort}", 1),
            ("PDF report (kk)", f"{reverse('graduates:analytics_pdf')}?cohort={cohort}&lang=kk", 1),
        ]
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, LANGUAGE_CODE="kk"):
        for username in ("cc", "aigerim"):
            client = Client()
            if not client.login(username=username, password="mansap-demo"):
                client.force_login(User.objects.get(username=username))
            for label, target, repeat in cases:
                if username != "cc" and "report" in label:
                    continue
                get = lambda client=client, target=target: client.get(target)  # noqa: E731
                median, fastest, queries, response = measure(repeat, get)
                print(
                    f"{f'{username}: {label}':<50} {response.status_code:>6} {median:>10.0f} {fastest:>8.0f} "
                    f"{queries:>8} {len(response.content) / 1024:>8.0f}"
                )


if __name__ == "__main__":
    main()
