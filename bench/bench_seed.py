"""Benchmark: seed_demo into a throwaway SQLite database; prints wall time and rows per second.

    .venv/bin/python bench/bench_seed.py [--graduates 200000] [--seed 2026] [--db /tmp/mansap-bench.sqlite3]

The database file is deleted and migrated first (migration time is reported but not
counted). With --flush, a second run times `seed_demo --flush` over the loaded data.
The database is kept for bench_lists.py.
"""

from __future__ import annotations

import argparse
import time
from io import StringIO
from pathlib import Path

from benchlib import DEFAULT_DB, setup_django, sqlite_url


def count_rows() -> dict[str, int]:
    from mansap.core.models import (
        AcademicYear,
        CalendarEvent,
        Department,
        EducationalProgram,
        Employee,
        Faculty,
        Institution,
        Membership,
        Student,
        User,
    )
    from mansap.employers.models import Organization

    models = (Institution, Faculty, Department, EducationalProgram, AcademicYear, CalendarEvent, Employee,
              Organization, Student, User, Membership)  # fmt: skip
    return {model.__name__: model.objects.count() for model in models}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--graduates", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--db", default=DEFAULT_DB, help="SQLite file, deleted first (default %(default)s)")
    parser.add_argument("--flush", action="store_true", help="also time seed_demo --flush over the loaded data")
    args = parser.parse_args()

    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(args.db + suffix).unlink(missing_ok=True)
    setup_django(sqlite_url(args.db))
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    print(f"migrate: {time.perf_counter() - started:.1f} s ({args.db})")

    def run(*flags: str) -> float:
        started = time.perf_counter()
        call_command("seed_demo", *flags, graduates=args.graduates, seed=args.seed, verbosity=1, stdout=StringIO())
        return time.perf_counter() - started

    seconds = run()
    rows = count_rows()
    total = sum(rows.values())
    print(
        f"seed_demo --graduates {args.graduates}: {seconds:.1f} s wall, {total:,} rows, {total / seconds:,.0f} rows/s"
    )
    print("  " + ", ".join(f"{name} {count:,}" for name, count in rows.items()))
    if args.flush:
        seconds = run("--flush")
        print(f"seed_demo --flush --graduates {args.graduates}: {seconds:.1f} s wall (delete + load again)")
    size = sum(Path(args.db + s).stat().st_size for s in ("", "-wal") if Path(args.db + s).exists())
    print(f"database size: {size / 2**20:.0f} MiB")


if __name__ == "__main__":
    main()
