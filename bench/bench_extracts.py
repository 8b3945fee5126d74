"""Benchmark: the official extract import (#20) against its floor in the same run: reading the same CSV with the
csv module and INSERTing the same rows with common.bulk.insert_rows (no checks, no matching).

    .venv/bin/python bench/bench_extracts.py [--database-url URL] [--rows 90000] [--graduates 20000]

A throwaway SQLite database (/tmp/mansap-bench-extracts.sqlite3, deleted first) unless --database-url names one
(scripts/with-postgres.sh gives a PostgreSQL one). One institution, --graduates graduates (IINs of people born in
2000-2003: every one begins with a zero, and the file drops it for every 4th row, as Excel does), and a pension
contribution extract of --rows rows (a graduate's months one after another; every 50th IIN is no graduate).
IMPORT_MAX_ROWS and IMPORT_MAX_SECONDS are raised for the run so the file is read whole. Prints the times, rows per
second, the ratio import ÷ floor and the import's peak memory growth.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import resource
import time
from pathlib import Path

from benchlib import setup_django, sqlite_url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default="")
    parser.add_argument("--rows", type=int, default=90_000)
    parser.add_argument("--graduates", type=int, default=20_000)
    args = parser.parse_args()
    os.environ["IMPORT_MAX_ROWS"] = str(args.rows + 10)
    os.environ["IMPORT_MAX_SECONDS"] = "3600"
    os.environ["IMPORT_MAX_MEMORY_MB"] = "4000"
    if not args.database_url:
        path = Path("/tmp/mansap-bench-extracts.sqlite3")
        path.unlink(missing_ok=True)
    setup_django(args.database_url or sqlite_url("/tmp/mansap-bench-extracts.sqlite3"))

    from django.core.management import call_command
    from django.db import transaction

    call_command("migrate", verbosity=0)

    from mansap.common.bulk import insert_rows
    from mansap.common.identifiers import make_bin, make_iin
    from mansap.core.models import Department, EducationalProgram, Faculty, Institution, Student
    from mansap.graduates.models import OfficialContribution, OfficialExtract
    from mansap.graduates.services import extracts

    institution = Institution.objects.create(code="BENCH", short_name="B", name_kk="B", name_ru="B", name_en="B")
    faculty = Faculty.objects.create(institution=institution, code="F", name_kk="F", name_ru="F", name_en="F")
    department = Department.objects.create(faculty=faculty, code="D", name_kk="D", name_ru="D", name_en="D")
    program = EducationalProgram.objects.create(
        code="6B00001", level="bachelor", department=department, name_kk="P", name_ru="P", name_en="P"
    )
    iins = [
        make_iin(dt.date(2000 + n % 4, 1 + n % 12, 1 + n % 28), "MF"[n % 2], n % 10000) for n in range(args.graduates)
    ]
    iins = list(dict.fromkeys(iins))
    Student.objects.bulk_create(
        [
            Student(institution=institution, iin=iin, last_name="Б", first_name="А", program=program,
                    admission_year=2019, graduation_date=dt.date(2023, 6, 30), status="graduated")
            for iin in iins
        ],
        batch_size=2000,
    )  # fmt: skip
    payer = make_bin(2010, 5, "4", "0", 4242)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["ИИН", "Период", "БИН", "Плательщик", "Сумма"])
    for n in range(args.rows):
        iin = make_iin(dt.date(1990, 1, 1), "M", n % 9000) if n % 50 == 49 else iins[n % len(iins)]
        shown = iin[1:] if n % 4 == 0 and iin.startswith("0") else iin
        month = dt.date(2023 + (n // len(iins)) // 12 % 3, 1 + (n // len(iins)) % 12, 1)
        writer.writerow([shown, month.strftime("%Y-%m"), payer, "ТОО «Бенч»", "150000,00"])
    data = out.getvalue().encode("utf-8")
    print(f"{args.rows:,} rows, {len(data) / 1e6:.1f} MB; {len(iins):,} graduates")

    extract = OfficialExtract.objects.create(
        institution=institution, kind="contributions", source="floor", period_start=dt.date(2023, 1, 1),
        period_end=dt.date(2025, 12, 31), consent_basis="-", original_name="floor.csv", sha256="0" * 64,
    )  # fmt: skip
    names = ("institution", "extract", "row_number", "iin", "graduate", "month", "payer_bin", "payer_name", "amount")
    fields = [OfficialContribution._meta.get_field(n) for n in names]
    started = time.perf_counter()
    with transaction.atomic():
        rows = csv.reader(io.StringIO(data.decode("utf-8")), delimiter=";")
        next(rows)
        insert_rows(
            OfficialContribution,
            fields,
            (
                (institution.pk, extract.pk, n, r[0].zfill(12), None, r[1] + "-01", r[2], r[3], r[4].replace(",", "."))
                for n, r in enumerate(rows, start=2)
            ),
        )
    floor = time.perf_counter() - started
    extract.delete()

    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started = time.perf_counter()
    report, made = extracts.run_extract(
        io.BytesIO(data),
        "bench.csv",
        institution=institution,
        acting_user=None,
        dry_run=False,
        params=extracts.ExtractParams(kind="contributions", cohorts=[2023], source="bench"),
    )
    took = time.perf_counter() - started
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    assert made is not None and report.errors.total == 0, report.to_dict()["errors"][:3]
    assert OfficialContribution.objects.filter(extract=made).count() == args.rows
    print(f"floor (csv + insert_rows): {floor:.2f} s ({args.rows / floor:,.0f} rows/s)")
    print(f"run_extract:               {took:.2f} s ({args.rows / took:,.0f} rows/s); "
          f"matched {report.extra['matched']:,}, unknown {report.extra['unknown']:,}, "
          f"warnings {report.warnings.total:,}")  # fmt: skip
    growth = rss_after - rss_before
    print(f"ratio import / floor: {took / floor:.2f}; peak memory growth during the import: {growth:.0f} MB")


if __name__ == "__main__":
    main()
