"""Benchmark: the graduates import writing an N-row XLSX, against openpyxl's bare read of the same file (issue #19).

    .venv/bin/python bench/bench_import.py [--rows 50000 10000] [--repeat 3] [--template migrated.sqlite3]
                                           [--as-excel]

For each size: a workbook of N new graduates (valid IINs, five programs) is written once; then, each in a fresh
process (so peak memory is the process's own), the import (mansap.core.services.imports.run_import, dry_run
False: every row validated, written with its history row, in one transaction) into a copy of a freshly migrated
SQLite database, and the floor: openpyxl's read-only iteration of the same file in a process that has set up
Django as well. Wall time (median and range of --repeat runs) and peak resident memory (VmHWM); the ratio of the
medians, and the CPU time of each process (median import, floor, ratio): on a machine shared with other runs, the
figure waiting for a core does not inflate. Targets (#19): at most 1.8x the floor's time, memory flat in rows
(compare the sizes). `--template FILE`: copy this migrated SQLite file instead of migrating one (minutes under load).
`--as-excel`: write the workbook as Excel saves one: the sheet's <dimension> first (an ordinary openpyxl Workbook)
and every text in the shared strings table (openpyxl writes every text inline, t="inlineStr", in both its forms:
the file is rewritten with `t="s"` cells and an xl/sharedStrings.xml, as Excel and LibreOffice save), instead of
openpyxl's write-only form (no dimension, inline strings).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from benchlib import REPO

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, {repo!r})
sys.path.insert(0, {bench!r})
mode, path, db = sys.argv[1], sys.argv[2], sys.argv[3]
from benchlib import setup_django, sqlite_url
setup_django(sqlite_url(db))
from django.conf import settings
settings.IMPORT_MAX_SECONDS = 3600  # a loaded machine must not turn the timing into a refusal
rows = 0
if mode == "import":
    from mansap.core.models import Department, EducationalProgram, Faculty, Institution
    from mansap.core.services.imports import run_import
    institution = Institution.objects.create(code="BENCH", short_name="Bench", name_kk="B", name_ru="B", name_en="B")
    faculty = Faculty.objects.create(institution=institution, code="F", name_kk="F", name_ru="F", name_en="F")
    department = Department.objects.create(faculty=faculty, code="D", name_kk="D", name_ru="D", name_en="D")
    for i in range(5):
        EducationalProgram.objects.create(
            code=f"6B0610{{i}}", level="bachelor", name_kk="P", name_ru="P", name_en="P", department=department
        )
    started, cpu = time.perf_counter(), time.process_time()
    with open(path, "rb") as handle:
        report = run_import(handle, os.path.basename(path), institution=institution, acting_user=None, dry_run=False)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    assert not report.errors, report.errors[:3]
    rows = report.created
else:
    from openpyxl import load_workbook
    started, cpu = time.perf_counter(), time.process_time()
    workbook = load_workbook(path, read_only=True)
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        rows += 1
    workbook.close()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = 0
with open("/proc/self/status") as status:
    for line in status:
        if line.startswith("VmHWM:"):
            peak = int(line.split()[1]) // 1024
print(json.dumps({{"seconds": seconds, "cpu": cpu, "rows": rows, "peak_mb": peak}}))
"""


def write_file(path: Path, rows: int, *, as_excel: bool = False) -> None:
    import datetime as dt

    from openpyxl import Workbook

    sys.path.insert(0, str(REPO))
    from mansap.common.identifiers import make_iin

    wb = Workbook(write_only=not as_excel)
    if as_excel:
        ws = wb.active
        ws.title = "graduates"
    else:
        ws = wb.create_sheet("graduates")
    ws.append(["iin", "last_name", "first_name", "middle_name", "program_code", "birth_date", "sex", "graduation_date"])
    for i in range(rows):
        born = dt.date(1990, 1, 1) + dt.timedelta(days=i % 5000)
        sex = "M" if i % 2 else "F"
        ws.append(
            [make_iin(born, sex, (i // 5000) * 50), f"Фамилия{i}", "Айгерім", "", f"6B0610{i % 5}", born, sex,
             dt.date(2025, 6, 25)]
        )  # fmt: skip
    wb.save(path)
    if as_excel:
        _with_shared_strings(path)


_INLINE = re.compile(
    r'<c r="([A-Z]+[0-9]+)"((?: s="[0-9]+")?) t="inlineStr">(?:<is><t(?: xml:space="preserve")?>(.*?)</t></is>)?</c>'
)


def _with_shared_strings(path: Path) -> None:
    """Rewrite an openpyxl workbook's inline strings into a shared strings table, as Excel keeps text: each
    distinct text once in xl/sharedStrings.xml, each cell `t="s"` with its index; an empty text, no cell."""
    ns = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    index: dict[str, int] = {}
    count = 0

    def shared(match: re.Match[str]) -> str:
        nonlocal count
        reference, style, text = match.groups()
        if not text:
            return ""
        count += 1
        number = index.setdefault(text, len(index))
        return f'<c r="{reference}"{style} t="s"><v>{number}</v></c>'

    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = _INLINE.sub(shared, parts[sheet].decode()).encode()
    assert b"inlineStr" not in parts[sheet]
    items = "".join(f'<si><t xml:space="preserve">{text}</t></si>' for text in index)
    parts["xl/sharedStrings.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<sst xmlns="{ns}" count="{count}" uniqueCount="{len(index)}">{items}</sst>'
    ).encode()
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{kind}"/></Types>'.encode()
    )
    relation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        f'<Relationship Id="rIdShared" Type="{relation}" Target="sharedStrings.xml"/></Relationships>'.encode(),
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def run(mode: str, path: Path, db: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(repo=str(REPO), bench=str(REPO / "bench")), mode, str(path), str(db)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        sys.exit(f"{mode} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[50_000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--template", type=Path, help="a migrated SQLite file to copy (default: migrate one here)")
    parser.add_argument("--as-excel", action="store_true", help="shared strings and a <dimension>, as Excel saves")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        template = folder / "migrated.sqlite3"
        if args.template:
            shutil.copy(args.template, template)
        else:
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v0"],
                cwd=REPO,
                env={**__import__("os").environ, "DATABASE_URL": f"sqlite:///{template}"},
                check=True,
            )
        columns = ("rows", 7), ("import s", 9), ("range", 13), ("floor s", 8), ("ratio", 6), ("import MB", 10)
        print(
            " ".join(f"{name:>{width}}" for name, width in columns), f"{'floor MB':>9}", " CPU s: import, floor, ratio"
        )
        for rows in args.rows:
            path = folder / f"graduates-{rows}.xlsx"
            write_file(path, rows, as_excel=args.as_excel)
            imports, floors = [], []
            for _ in range(args.repeat):
                db = folder / "run.sqlite3"
                shutil.copy(template, db)
                imports.append(run("import", path, db))
                floors.append(run("openpyxl", path, db))
            assert all(r["rows"] == rows for r in imports), imports
            took = [r["seconds"] for r in imports]
            floor = statistics.median(r["seconds"] for r in floors)
            cpu_import = statistics.median(r["cpu"] for r in imports)
            cpu_floor = statistics.median(r["cpu"] for r in floors)
            print(
                f"{rows:>7} {statistics.median(took):>9.2f} {min(took):>6.2f}-{max(took):<6.2f} {floor:>8.2f} "
                f"{statistics.median(took) / floor:>6.2f} {max(r['peak_mb'] for r in imports):>10} "
                f"{max(r['peak_mb'] for r in floors):>9}",
                # CPU time of the process: what a loaded machine's waiting for a core does not inflate
                f"  {cpu_import:.2f}, {cpu_floor:.2f}, {cpu_import / cpu_floor:.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
