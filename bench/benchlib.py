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
