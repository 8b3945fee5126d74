"""Benchmark: the graduates list XLSX and form No. 10, each against openpyxl writing the same cells (issue #19).

    .venv/bin/python bench/bench_exports.py [--db /tmp/mansap-bench.sqlite3] [--repeat 5]

Runs against the database bench_seed.py loaded (run that first). Each export goes through
django.test.Client logged in as `cc` (whole university), in Kazakh. Its floor, measured in the same
run: the cells the export wrote (read back from its own workbook, untimed) appended to a bare
write-only openpyxl workbook and saved. The table shows median and range of --repeat runs and the
ratio of the medians; the target (#19) is at most 1.3x. The CPU columns are the process's CPU time (the
client and the view run in it): on a shared machine, what waiting for a core does not inflate.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from io import BytesIO
from typing import Any

from benchlib import PLAIN_STORAGES, seeded_demo

CPU: dict[str, list[float]] = {}  # label -> CPU ms of each timed run (time.process_time)


def timed(repeat: int, call: Callable[[], Any], label: str = "") -> tuple[list[float], Any]:
    call()  # warm-up, untimed
    times, result = [], None
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
        CPU.setdefault(label, []).append((time.process_time() - cpu) * 1000)
    return times, result


def cells_of(content: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    wb = load_workbook(BytesIO(content), read_only=True)
    rows = [list(row) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)]
    wb.close()
    return rows


def bare_write(rows: list[list[Any]]) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Sheet")
    for row in rows:
        ws.append(row)
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def main() -> None:
    args, institution = seeded_demo(__doc__.splitlines()[0])

    from django.test import Client, override_settings
    from django.urls import reverse

    from mansap.core.models import User
    from mansap.graduates.models import CollectionRound

    round_ = CollectionRound.objects.filter(institution=institution).order_by("-cohort", "number").first()
    cases = [("graduates list XLSX", reverse("core:graduate_list") + "?export=xlsx")]
    if round_ is not None:
        cases.append((f"form No. 10, round {round_.number}", reverse("graduates:form10_export", args=[round_.pk])))
    header = (
        f"{'export':<26} {'rows x cols':>12} {'median ms':>10} {'range ms':>14} {'floor ms':>9} {'ratio':>6}"
        f" {'CPU ms':>7} {'floor CPU':>9} {'ratio':>6}"
    )
    print(f"{args.db}; median of {args.repeat}")
    print(header)
    print("-" * len(header))
    with override_settings(STORAGES=PLAIN_STORAGES, LANGUAGE_CODE="kk"):
        client = Client()
        client.force_login(User.objects.get(username="cc"))
        for label, url in cases:

            def export(url: str = url) -> bytes:
                response = client.get(url, HTTP_ACCEPT_LANGUAGE="kk")
                assert response.status_code == 200, response.status_code
                return b"".join(response) if response.streaming else response.content

            times, content = timed(args.repeat, export, label)
            rows = cells_of(content)
            floor, _ = timed(args.repeat, lambda rows=rows: bare_write(rows), f"{label} floor")
            median, base = statistics.median(times), statistics.median(floor)
            shape = f"{len(rows) - 1}x{max((len(r) for r in rows), default=0)}"
            print(
                f"{label:<26} {shape:>12} {median:>10.0f} {min(times):>6.0f}-{max(times):<7.0f} {base:>9.0f} "
                f"{median / base:>6.2f} {statistics.median(CPU[label]):>7.0f} "
                f"{statistics.median(CPU[label + ' floor']):>9.0f} "
                f"{statistics.median(CPU[label]) / statistics.median(CPU[label + ' floor']):>6.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
