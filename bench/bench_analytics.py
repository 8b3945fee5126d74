"""Benchmark: employment KPIs (compute_kpis) and the analytics page over a seeded database, against one SQL aggregate.

    .venv/bin/python bench/bench_analytics.py [--db /tmp/mansap-bench.sqlite3] [--repeat 5] [--exports]
    scripts/with-postgres.sh sh -c '.venv/bin/python bench/bench_analytics.py --database-url "$DATABASE_URL" \
        --graduates 55000'

Runs against the database bench_seed.py loaded (--db), or any database by URL
(--database-url): migrated first, and when it has no graduates yet, loaded with
`seed_demo --graduates N --cohorts 1` (--graduates, default 55,000: the issue's
cohort size, all in one cohort). When the database has no employment records yet,
it adds synthetic ones for the two latest cohorts with bulk_create (1-3 records per
graduate: a career history whose last record stays open; about 12% of the
graduates are never reached). Then it times, median, fastest and slowest of
--repeat runs after one untimed run:

- the floor: ONE hand-written SQL statement computing the same figures for the
  latest cohort as of today (PostgreSQL: DISTINCT ON for each graduate's latest
  record, COUNT FILTER per status, the mean and percentile_cont median of the
  salaries; SQLite: ROW_NUMBER() instead of DISTINCT ON, no median); the bench
  checks that compute_kpis() gives the same counts and mean;
- compute_kpis() for the latest cohort, whole university (and its SQL queries),
  computed (the figures' cache off) and served from the cache;
- the analytics page `graduates:analytics` (and the cohort trend it loads
  afterwards, `graduates:analytics_trend`) through django.test.Client logged in as
  `cc` (password mansap-demo) and as `aigerim` (one department), default filters and
  broken down by program, and what the page loads after it has shown, as htmx asks for them: the verified cards
  (`graduates:analytics_verified`), the breakdown (`graduates:analytics_breakdown`, default and by program) and
  the rounds' trend (`graduates:analytics_rounds`); with --exports also the XLSX and PDF reports (one run).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from pathlib import Path
from typing import Any

from benchlib import DEFAULT_DB, measure_range, setup_django, sqlite_url

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


def floor_sql(vendor: str) -> str:
    """One statement: the cohort's figures as of a date (params: first day, last day, as-of date, twice each)."""
    from mansap.graduates.choices import EMPLOYED, EmploymentStatus

    employed = ", ".join(f"'{s}'" for s in EMPLOYED)
    per_status = ", ".join(f"COUNT(*) FILTER (WHERE st = '{s}')" for s in EmploymentStatus.values)
    if vendor == "postgresql":
        latest = (
            "SELECT DISTINCT ON (r.graduate_id) r.graduate_id, r.status, r.ended_on, r.salary "
            "FROM graduates_employmentrecord r JOIN core_student g ON g.id = r.graduate_id "
            "WHERE g.graduation_date BETWEEN %s AND %s AND r.voided_at IS NULL AND r.started_on <= %s "
            "ORDER BY r.graduate_id, r.started_on DESC, r.created_at DESC, r.id DESC"
        )
        median = "percentile_cont(0.5) WITHIN GROUP (ORDER BY sal)"
    else:
        latest = (
            "SELECT * FROM (SELECT r.graduate_id, r.status, r.ended_on, r.salary, ROW_NUMBER() OVER ("
            "PARTITION BY r.graduate_id ORDER BY r.started_on DESC, r.created_at DESC, r.id DESC) AS rn "
            "FROM graduates_employmentrecord r JOIN core_student g ON g.id = r.graduate_id "
            "WHERE g.graduation_date BETWEEN %s AND %s AND r.voided_at IS NULL AND r.started_on <= %s) "
            "WHERE rn = 1"
        )
        median = "NULL"
    return (
        f"SELECT COUNT(*), {per_status}, COUNT(sal), AVG(sal), {median} FROM ("
        "SELECT CASE WHEN l.status IS NULL OR l.ended_on < %s THEN 'unknown' ELSE l.status END AS st, "
        f"CASE WHEN l.status IN ({employed}) AND (l.ended_on IS NULL OR l.ended_on >= %s) THEN l.salary END AS sal "
        f"FROM core_student s LEFT JOIN ({latest}) l ON l.graduate_id = s.id "
        "WHERE s.graduation_date BETWEEN %s AND %s) x"
    )


def run_floor(vendor: str, cohort: int, as_of: dt.date) -> tuple[Any, ...]:
    from django.db import connection

    first, last = dt.date(cohort, 1, 1), dt.date(cohort, 12, 31)
    with connection.cursor() as cursor:
        cursor.execute(floor_sql(vendor), [as_of, as_of, first, last, as_of, first, last])
        return tuple(cursor.fetchone())


def same_figures(row: tuple[Any, ...], kpis: dict[str, Any]) -> bool:
    from decimal import ROUND_HALF_UP, Decimal

    from mansap.graduates.choices import EmploymentStatus

    statuses = list(EmploymentStatus.values)
    per_status = dict(zip(statuses, row[1 : 1 + len(statuses)], strict=True))
    with_salary, mean, median = row[1 + len(statuses) :]
    rounded = None if mean is None else int(Decimal(str(mean)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))
    same = (
        row[0] == kpis["counts"]["cohort"]
        and per_status == kpis["status_counts"]
        and with_salary == kpis["counts"]["with_salary"]
        and rounded == kpis["average_salary"]
    )
    if median is not None:
        same = (
            same and int(Decimal(str(median)).quantize(Decimal("1"), rounding=ROUND_HALF_UP)) == kpis["median_salary"]
        )
    return same


def line(label: str, status: Any, median: float, fastest: float, slowest: float, queries: Any, extra: str = "") -> str:
    return f"{label:<52} {status!s:>6} {median:>9.0f} {f'{fastest:.0f}-{slowest:.0f}':>13} {queries!s:>7} {extra:>12}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=DEFAULT_DB, help="SQLite file loaded by bench_seed.py (default %(default)s)")
    parser.add_argument("--database-url", help="any database by URL instead of --db (seeded when empty)")
    parser.add_argument("--graduates", type=int, default=55_000, help="seed size of an empty --database-url")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--cohorts", type=int, default=2, help="cohorts that get synthetic records (default 2)")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--exports", action="store_true", help="also time the XLSX and PDF reports (one run each)")
    args = parser.parse_args()
    if args.database_url:
        setup_django(args.database_url)
        label_db = args.database_url.split("@")[-1]
    else:
        if not Path(args.db).exists():
            sys.exit(f"{args.db} does not exist: run bench/bench_seed.py first")
        setup_django(sqlite_url(args.db))
        label_db = args.db

    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse
    from django.utils import timezone

    call_command("migrate", verbosity=0)

    from mansap.core.models import Student, User
    from mansap.graduates.models import EmploymentRecord
    from mansap.graduates.reports.analytics import compute_kpis

    if not Student.objects.graduates().exists():
        if not args.database_url:
            sys.exit(f"no graduates in {args.db}: run bench/bench_seed.py first")
        started = time.perf_counter()
        call_command("seed_demo", graduates=args.graduates, cohorts=1, verbosity=0)
        print(f"seed_demo --graduates {args.graduates} --cohorts 1: {time.perf_counter() - started:.1f} s")
    if not EmploymentRecord.objects.exists():
        started = time.perf_counter()
        created = add_records(args.seed, args.cohorts)
        print(f"added {created:,} synthetic employment records in {time.perf_counter() - started:.1f} s")

    cohort = Student.objects.graduates().latest("graduation_date").graduation_date.year
    graduates = Student.objects.graduates().filter(graduation_date__year=cohort)
    print(
        f"{connection.vendor} {label_db}: {Student.objects.graduates().count():,} graduates, "
        f"{EmploymentRecord.objects.count():,} employment records; cohort {cohort}: {graduates.count():,} graduates; "
        f"median (fastest-slowest) ms of {args.repeat} runs after one untimed"
    )
    header = f"{'what':<52} {'status':>6} {'median':>9} {'range':>13} {'queries':>7} {'vs floor':>12}"
    print(header)
    print("-" * len(header))

    today = timezone.localdate()
    floor, f_low, f_high, _q, row = measure_range(args.repeat, lambda: run_floor(connection.vendor, cohort, today))
    print(line("floor: one SQL aggregate (same figures)", "", floor, f_low, f_high, 1, "1.00x"))
    with override_settings(MANSAP_KPI_CACHE=False):
        median, fastest, slowest, queries, kpis = measure_range(args.repeat, lambda: compute_kpis(graduates, today))
    same = same_figures(row, kpis)
    if not same:
        print(f"   floor row: {row}\n   compute_kpis: {kpis}")
    label = f"compute_kpis(cohort {cohort}), computed"
    print(line(label, "same" if same else "DIFF", median, fastest, slowest, queries, f"{median / floor:.2f}x"))
    with override_settings(MANSAP_KPI_CACHE=True):  # the default cache (Redis in production)
        median, fastest, slowest, queries, _k = measure_range(args.repeat, lambda: compute_kpis(graduates, today))
    print(
        line(
            f"compute_kpis(cohort {cohort}), from the cache",
            "",
            median,
            fastest,
            slowest,
            queries,
            f"{median / floor:.2f}x",
        )
    )
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
        # #20's verified cards, loaded by the page after it has shown (htmx, as the browser asks for them).
        ("verified cards (htmx, loaded by the page)", reverse("graduates:analytics_verified"), args.repeat),
        # The breakdown and the rounds' trend, loaded by the page after it has shown as well (second round of #19).
        ("breakdown (htmx, loaded by the page)", reverse("graduates:analytics_breakdown"), args.repeat),
        (
            "breakdown by program (htmx)",
            f"{reverse('graduates:analytics_breakdown')}?cohort={cohort}&by=program",
            args.repeat,
        ),
        ("rounds' trend (htmx, loaded by the page)", reverse("graduates:analytics_rounds"), args.repeat),
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
    # The pages are timed with the figures' cache off: what a request costs after a record changed.
    with override_settings(STORAGES=storages, LANGUAGE_CODE="kk", MANSAP_KPI_CACHE=False):
        for username in ("cc", "aigerim"):
            client = Client()
            if not client.login(username=username, password="mansap-demo"):
                client.force_login(User.objects.get(username=username))
            for label, target, repeat in cases:
                if username != "cc" and "report" in label:
                    continue
                headers = {"HTTP_HX_REQUEST": "true"} if "htmx" in label else {}
                get = lambda client=client, target=target, headers=headers: client.get(target, **headers)  # noqa: E731
                median, fastest, slowest, queries, response = measure_range(repeat, get)
                print(
                    line(
                        f"{username}: {label}",
                        response.status_code,
                        median,
                        fastest,
                        slowest,
                        queries,
                        f"{median / floor:.2f}x {len(response.content) / 1024:.0f}K",
                    )
                )
    cache.clear()


if __name__ == "__main__":
    main()
