"""What every benchmark script shares: a throwaway database for Django, and timing with query counts.

The scripts run as `python bench/<script>.py`, so this folder is on sys.path and they
`from benchlib import ...`.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
DEFAULT_DB = "/tmp/mansap-bench.sqlite3"


def setup_django(database_url: str) -> None:
    """Point Django at database_url (never the developer's own database) and set it up."""
    sys.path.insert(0, str(REPO))
    os.environ["DJANGO_SETTINGS_MODULE"] = "mansap.settings"
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("MANSAP_VAR_DIR", "/tmp/mansap-bench-var")
    import django

    django.setup()


def sqlite_url(path: str) -> str:
    return f"sqlite:///{path}"


def measure(repeat: int, call: Callable[[], Any], *, warm_up: bool = True) -> tuple[float, float, int, Any]:
    """Median and fastest milliseconds of `repeat` runs (after one untimed run), the last run's queries and result."""
    median, fastest, _slowest, queries, result = measure_range(repeat, call, warm_up=warm_up)
    return median, fastest, queries, result


def measure_range(
    repeat: int, call: Callable[[], Any], *, warm_up: bool = True
) -> tuple[float, float, float, int, Any]:
    """Median, fastest and slowest milliseconds of `repeat` runs (after one untimed run), the last run's queries
    and result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    if warm_up:
        call()
    times: list[float] = []
    queries, result = 0, None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            result = call()
            times.append(time.perf_counter() - started)
        queries = len(captured.captured_queries)
    return statistics.median(times) * 1000, min(times) * 1000, max(times) * 1000, queries, result


# Pages rendered by the test client in a benchmark: plain static storage (no collectstatic manifest needed).
PLAIN_STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


def seeded_demo(description: str) -> tuple[Any, Any]:
    """The arguments --db (a database bench_seed.py loaded) and --repeat, Django set up on that database, and its
    demo institution; exits with a clear message when the database or its demo data is missing."""
    import argparse

    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--db", default=DEFAULT_DB, help="SQLite file loaded by bench_seed.py (default %(default)s)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not Path(args.db).exists():
        sys.exit(f"{args.db} does not exist: run bench/bench_seed.py first")
    setup_django(sqlite_url(args.db))
    from mansap.core import demo

    institution = demo.demo_institution()
    if institution is None:
        sys.exit(f"no demo data in {args.db}: run bench/bench_seed.py first")
    return args, institution
