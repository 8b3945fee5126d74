"""Benchmark: the import engine fed the files that used to stall the worker (issue #11), each in a fresh process.

For every file: the wall time and the peak memory of a child process that opens the file and parses
every row the way the import does (mansap.common.importing.open_import + parse_rows), and whether it
was refused (with its error code) or read. The baseline, measured in the same run, is openpyxl's bare
read-only iteration of an honest 50,000-row workbook (and csv's of the same rows), so each ratio says
how far the engine is from the library floor. Target: every file within the upload limit is refused
or read within 60 s and 300 MB.

    .venv/bin/python bench/bench_import_bombs.py [--rows 50000]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from benchlib import REPO

CHILD = r"""
import json, os, sys, time
sys.path.insert(0, {repo!r})
os.environ["DJANGO_SETTINGS_MODULE"] = "mansap.settings"
os.environ.setdefault("MANSAP_VAR_DIR", "/tmp/mansap-bench-var")
import django
django.setup()
mode, path = sys.argv[1], sys.argv[2]
started = time.perf_counter()
outcome, rows = "read", 0
if mode == "engine":
    from mansap.common.importing import Column, UnreadableFile, open_import, parse_rows
    columns = [Column(name) for name in ("iin", "last_name", "first_name", "program_code", "birth_date")]
    columns[0] = Column("iin", required=True)
    try:
        with open(path, "rb") as handle:
            table, header = open_import(handle, os.path.basename(path), columns)
            for chunk in parse_rows(table, columns, header):
                rows += len(chunk)
    except UnreadableFile as exc:
        outcome = "refused: " + exc.code
elif mode == "openpyxl":
    from openpyxl import load_workbook
    workbook = load_workbook(path, read_only=True)
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        rows += 1
elif mode == "csv":
    import csv
    with open(path, newline="", encoding="utf-8") as handle:
        for _row in csv.reader(handle):
            rows += 1
seconds = time.perf_counter() - started
# VmHWM: this process's peak resident memory (ru_maxrss would include the parent's before exec).
with open("/proc/self/status") as status:
    peak_mb = next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024
print(json.dumps({{"outcome": outcome, "rows": rows, "seconds": seconds, "peak_mb": peak_mb}}))
"""


def honest_rows(count: int) -> list[list[object]]:
    return [[f"99{i:010d}", f"Фамилия{i}", f"Имя{i % 500}", "6B06101", "01.01.2000"] for i in range(count)]


def write_xlsx(path: Path, rows: list[list[object]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(["iin", "last_name", "first_name", "program_code", "birth_date"])
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def rewrite(path: Path, part: str, change: object) -> None:
    source = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == part:
                content = change(content.decode()).encode()  # type: ignore[operator]
            target.writestr(info.filename, content)
        if part not in source.namelist():
            target.writestr(part, change("").encode())  # type: ignore[operator]
    path.write_bytes(out.getvalue())


def make_files(folder: Path, rows: int) -> dict[str, Path]:
    files: dict[str, Path] = {}
    honest = folder / f"honest-{rows}.xlsx"
    write_xlsx(honest, honest_rows(rows))
    files["honest xlsx"] = honest
    csv_path = folder / f"honest-{rows}.csv"
    csv_path.write_text(
        "iin,last_name,first_name,program_code,birth_date\n"
        + "\n".join(",".join(str(v) for v in row) for row in honest_rows(rows)),
        encoding="utf-8",
    )
    files["honest csv"] = csv_path

    strings = folder / "shared-strings-bomb.xlsx"
    write_xlsx(strings, honest_rows(1))
    namespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rewrite(
        strings,
        "xl/sharedStrings.xml",
        lambda _x: f'<sst xmlns="{namespace}">' + "<si><t>a</t></si>" * 10_000_000 + "</sst>",
    )
    files["10M shared strings"] = strings

    far = folder / "one-cell-far-below.xlsx"
    write_xlsx(far, honest_rows(1))
    rewrite(
        far,
        "xl/worksheets/sheet1.xml",
        lambda x: x.replace(
            "</sheetData>", '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'
        ),
    )
    files["a cell at row 1,000,000"] = far

    lying = folder / "understated-dimension.xlsx"
    write_xlsx(lying, honest_rows(10))
    rewrite(lying, "xl/worksheets/sheet1.xml", lambda x: re.sub(r'ref="[^"]+"', 'ref="A1:E4"', x, count=1))
    files["10 rows declaring A1:E4"] = lying

    million = folder / "million-rows.csv"
    million.write_bytes(b"iin\n" + b"a\n" * 1_000_000)
    files["1M one-letter csv rows"] = million
    return files


def run(mode: str, path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD.format(repo=str(REPO)), mode, str(path)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        files = make_files(Path(tmp), args.rows)
        floor_xlsx = run("openpyxl", files["honest xlsx"])
        floor_csv = run("csv", files["honest csv"])
        print(f"{'file':28} {'size':>8} {'outcome':32} {'rows':>8} {'seconds':>8} {'peak MB':>8}")
        for label, floor in (("openpyxl read-only (floor)", floor_xlsx), ("csv.reader (floor)", floor_csv)):
            print(
                f"{label:28} {'':>8} {'read':32} {floor['rows']:>8} {floor['seconds']:>8.2f} {floor['peak_mb']:>8.0f}"
            )
        for label, path in files.items():
            result = run("engine", path)
            size = os.path.getsize(path) / 1024
            print(
                f"{label:28} {size:>7.0f}K {result['outcome']:32} {result['rows']:>8} "
                f"{result['seconds']:>8.2f} {result['peak_mb']:>8.0f}"
            )
            if label == "honest xlsx":
                print(f"{'':28} {'':>8} ratio to openpyxl: {result['seconds'] / floor_xlsx['seconds']:.2f}x time")
            if label == "honest csv":
                print(f"{'':28} {'':>8} ratio to csv.reader: {result['seconds'] / floor_csv['seconds']:.2f}x time")


if __name__ == "__main__":
    main()
