"""Benchmark: the graduates and students list pages, the graduates API and an XLSX export.

    .venv/bin/python bench/bench_lists.py [--db /tmp/mansap-bench.sqlite3] [--repeat 5]

Runs against the database bench_seed.py loaded (run that first). Each request goes
through django.test.Client, logged in as `cc` (whole university) and as `aigerim`
(one department); the table shows the median wall time of --repeat runs, the SQL
query count (CaptureQueriesContext) and the response size.
"""

from __future__ import annotations

import statistics
import time

from benchlib import PLAIN_STORAGES, seeded_demo


def main() -> None:
    args, institution = seeded_demo(__doc__.splitlines()[0])

    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from mansap.core import demo
    from mansap.core.models import AcademicYear, Department, Student, User

    department = Department.objects.get(faculty__institution=institution, code=demo.DEMO_DEPARTMENT_A)
    cohort = AcademicYear.objects.get(institution=institution, is_current=True).start_year
    graduates = reverse("core:graduate_list")
    cases = [
        ("graduates page", graduates),
        ("students page", reverse("core:student_list")),
        ("API /api/v1/graduates/", "/api/v1/graduates/"),
        (f"XLSX {department.code} {cohort}", f"{graduates}?department={department.pk}&cohort={cohort}&export=xlsx"),
    ]
    print(
        f"{args.db}: {Student.objects.count():,} students, {Student.objects.graduates().count():,} graduates; "
        f"median of {args.repeat}"
    )
    header = f"{'user':<8} {'request':<28} {'status':>6} {'median ms':>10} {'min ms':>8} {'queries':>8} {'KiB':>8}"
    print(header)
    print("-" * len(header))
    with override_settings(STORAGES=PLAIN_STORAGES, LANGUAGE_CODE="kk"):
        for username in ("cc", "aigerim"):
            client = Client()
            client.force_login(User.objects.get(username=username))
            for label, url in cases:
                times, queries, status, size = [], 0, 0, 0
                for _ in range(args.repeat):
                    with CaptureQueriesContext(connection) as captured:
                        started = time.perf_counter()
                        response = client.get(url)
                        body = b"".join(response) if response.streaming else response.content
                        times.append(time.perf_counter() - started)
                    queries, status, size = len(captured.captured_queries), response.status_code, len(body)
                if "export=xlsx" in url and "spreadsheetml" not in response.get("Content-Type", ""):
                    status = f"{status}!"  # not a spreadsheet: the export is broken
                median, fastest = statistics.median(times) * 1000, min(times) * 1000
                print(
                    f"{username:<8} {label:<28} {status!s:>6} {median:>10.0f} {fastest:>8.0f} {queries:>8} "
                    f"{size / 1024:>8.0f}"
                )


if __name__ == "__main__":
    main()
