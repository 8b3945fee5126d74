"""Benchmark: the electronic journal (graduates:journal) of one department with ≥ 5,000 graduates in a cohort.

    .venv/bin/python bench/bench_journal.py [--db-url sqlite:////tmp/mansap-bench-journal.sqlite3]
                                            [--graduates 32000] [--repeat 5] [--profile CASE]

Prepares its own throwaway database (never the developer's, whatever DATABASE_URL
says): migrate, then `seed_demo --graduates 32000 --cohorts 1`, which gives the
department of Information Systems (IS, about 17% of the graduates) about 5,500
graduates in the one cohort, all with career histories, contacts and the current
year's rounds. A second run finds the demo loaded and reuses it (only pending
migrations are applied), so it starts timing at once.

Then, through django.test.Client logged in as the department's editor `aigerim`
(or, when IS has fewer than 5,000 graduates in the cohort, as `cc` filtering by the
largest department), it times the journal for that department and cohort, median of
--repeat warm runs (one untimed run first), with the range, against the login page measured in the
same run (the floor of a page): page 1, a deep page (page 100), a name
search, a status filter, the XLSX export and the inline status POST (htmx; each
POST runs in a transaction that is rolled back, so the database stays as it was).
The table shows the median and fastest times, the SQL queries
(CaptureQueriesContext), the rows on the page and the response size.
--profile CASE (e.g. --profile "page 1") prints a cProfile of one run of that case.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import time
from typing import Any

from benchlib import measure_range, setup_django

DEFAULT_DB_URL = "sqlite:////tmp/mansap-bench-journal.sqlite3"
DEFAULT_GRADUATES = 32_000
MIN_GRADUATES = 5_000
DEEP_PAGE = 100


def prepare(graduates: int) -> None:
    """Migrate; load the demo with one cohort unless it is loaded already."""
    from django.core.management import call_command

    from mansap.core import demo

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate: {time.perf_counter() - started:.1f} s")
    if demo.demo_institution() is not None:
        print("demo already loaded: reusing it")
        return
    started = time.perf_counter()
    call_command("seed_demo", graduates=graduates, cohorts=1, verbosity=0)
    print(f"seed_demo --graduates {graduates} --cohorts 1: {time.perf_counter() - started:.1f} s")


def pick_department() -> tuple[str, Any, int, int]:
    """(username, department, cohort, graduates): IS as aigerim, else the largest department as cc."""
    from django.db.models import Count

    from mansap.core import demo
    from mansap.core.models import Department, Student

    institution = demo.demo_institution()
    cohort = Student.objects.graduates().filter(institution=institution).latest("graduation_date").graduation_date.year
    sizes = dict(
        Student.objects.graduates()
        .filter(institution=institution, graduation_date__year=cohort)
        .order_by()
        .values_list("program__department")
        .annotate(n=Count("pk"))
    )
    department = Department.objects.get(faculty__institution=institution, code=demo.DEMO_DEPARTMENT_A)
    if sizes.get(department.pk, 0) >= MIN_GRADUATES:
        return "aigerim", department, cohort, sizes[department.pk]
    largest = max(sizes, key=sizes.__getitem__)
    return "cc", Department.objects.get(pk=largest), cohort, sizes[largest]


def common_last_name(department: Any, cohort: int) -> str:
    from django.db.models import Count

    from mansap.core.models import Student

    row = (
        Student.objects.graduates()
        .filter(program__department=department, graduation_date__year=cohort)
        .order_by()
        .values("last_name")
        .annotate(n=Count("pk"))
        .order_by("-n", "last_name")
        .first()
    )
    return row["last_name"] if row else "а"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db-url", default=DEFAULT_DB_URL, help="throwaway database (default %(default)s)")
    parser.add_argument("--graduates", type=int, default=DEFAULT_GRADUATES, help="seed size (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", metavar="TEXT", help='time only the cases whose label contains TEXT, e.g. "page"')
    parser.add_argument("--profile", metavar="CASE", help='print a cProfile of one run of CASE, e.g. "page 1"')
    args = parser.parse_args()
    setup_django(args.db_url)
    prepare(args.graduates)

    from django.db import transaction
    from django.test import Client, override_settings
    from django.urls import reverse
    from django.utils import timezone

    from mansap.core.models import Student, User
    from mansap.graduates.choices import Channel, EmploymentStatus

    username, department, cohort, size = pick_department()
    journal = reverse("graduates:journal")
    base = f"{journal}?cohort={cohort}&department={department.pk}"
    name = common_last_name(department, cohort)
    searched = Student.objects.graduates().filter(
        program__department=department, graduation_date__year=cohort, last_name=name
    )
    graduate = searched.order_by("pk").first()
    cases: list[tuple[str, str, str]] = [
        ("page 1", "get", base),
        (f"page {DEEP_PAGE}", "get", f"{base}&page={DEEP_PAGE}"),
        (f"search q={name}", "get", f"{base}&q={name}"),
        ("status=employed_specialty", "get", f"{base}&status={EmploymentStatus.EMPLOYED_SPECIALTY}"),
        ("XLSX export", "get", f"{base}&export=xlsx"),
        ("inline status POST (htmx)", "post", reverse("graduates:journal_record", args=[graduate.pk])),
    ]
    today = timezone.localdate().isoformat()  # never before the graduate's open record
    post_data = {"status": EmploymentStatus.EMPLOYED_OTHER, "started_on": today, "channel": Channel.TELEPHONE}

    print(
        f"{args.db_url}: {Student.objects.graduates().count():,} graduates; {department.code} cohort {cohort}: "
        f"{size:,} graduates; as {username}; median of {args.repeat} warm runs"
    )
    header = (
        f"{'request':<34} {'status':>6} {'median ms':>10} {'range ms':>12} {'queries':>8} {'rows':>6} {'KiB':>7} "
        f"{'vs floor':>9}"
    )
    print(header)
    print("-" * len(header))
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, LANGUAGE_CODE="kk"):
        # The floor, in the same run: the login page (no query, one small template), as issue #19 measures pages.
        anonymous = Client()
        login_url = reverse("login")
        floor, low, high, queries, response = measure_range(args.repeat, lambda: anonymous.get(login_url))
        print(
            f"{'floor: login page':<34} {response.status_code:>6} {floor:>10.1f} {f'{low:.0f}-{high:.0f}':>12} "
            f"{queries:>8} {'':>6} {len(response.content) / 1024:>7.0f} {'1.0x':>9}"
        )
        client = Client()
        client.force_login(User.objects.get(username=username))

        def request(method: str, url: str) -> Any:
            if method == "get":
                response = client.get(url)
                body = b"".join(response) if response.streaming else response.content
                return response, body
            with transaction.atomic():  # the status POST writes a record: keep the database as it was
                response = client.post(url, post_data, headers={"HX-Request": "true"})
                transaction.set_rollback(True)
            return response, response.content

        for label, method, url in cases:
            if args.only and args.only not in label:
                continue
            call = lambda method=method, url=url: request(method, url)  # noqa: E731
            median, fastest, slowest, queries, (response, body) = measure_range(args.repeat, call)
            status = str(response.status_code)
            if "export" in url and "spreadsheetml" not in response.get("Content-Type", ""):
                status += "!"  # not a spreadsheet
            rows = body.count(b'id="journal-row-') if method == "get" and "export" not in url else ""
            print(
                f"{label:<34} {status:>6} {median:>10.0f} {f'{fastest:.0f}-{slowest:.0f}':>12} {queries:>8} "
                f"{rows!s:>6} {len(body) / 1024:>7.0f} {f'{median / floor:.0f}x':>9}"
            )
            if args.profile and args.profile == label:
                profiler = cProfile.Profile()
                profiler.enable()
                call()
                profiler.disable()
                out = io.StringIO()
                pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
                print(out.getvalue())


if __name__ == "__main__":
    main()
