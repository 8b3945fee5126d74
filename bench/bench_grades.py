"""Benchmark: the grade import (#14) against openpyxl's read-only iteration of the same file, and the GPA of every
student against one hand-written SQL aggregate of the same figures, in the same run, on PostgreSQL.

    scripts/with-postgres.sh sh -c '.venv/bin/python bench/bench_grades.py --database-url "$DATABASE_URL"' \\
        [--rows 1000000] [--per-student 100] [--repeat 3] [--reimport]

The database is flushed and migrated, then gets one institution with rows ÷ per-student students (10,000 for the
default 1,000,000 rows); an XLSX of the rows (an AIS Platonus export: 100 rows per student over four academic
years, 25 courses a year, every 20th row a summer retake of the course before it, every 25th a pass row) is
written with openpyxl's write-only workbook into a temporary directory (not kept). Each measured phase runs in a
fresh process, so its peak memory (ru_maxrss) is its own:

- the floor: openpyxl's read-only iteration of every row of the file (values only);
- Django alone (settings, apps, a connection): what every Django process costs before reading anything;
- `academics.services.imports.run_import` (what the page's job and `import_grades` run), writing every row;
- with --reimport, the same file again (every row unchanged: the check alone, no write).

Then, median of --repeat in this process: `reports.gpa.gpas_for` for every student (the code path of the pages,
the API and the rating) and ONE SQL statement (PostgreSQL only) computing the same figures (cumulative and
per-year GPA, credits attempted and earned, from the latest attempt of each course); the bench checks that both
give the same numbers. A smaller --rows makes a quick run.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any
from unittest import mock

from benchlib import measure, setup_django

HEADER = ["iin", "course_code", "course_name", "credits", "academic_year", "term", "attestation", "percent",
          "letter", "kind", "attempt"]  # fmt: skip
FIRST_YEAR = 2021


def peak_mb() -> float:
    """This process's peak resident memory (VmHWM: ru_maxrss would include the parent's before the exec)."""
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM")) / 1024


def rows_of(iins: list[str], per_student: int) -> Any:
    """The export's rows, student by student (deterministic)."""
    from mansap.academics.choices import DEFAULT_SCALE

    bands = [(low, letter) for letter, _numeric, low, _high in DEFAULT_SCALE]

    def letter_of(percent: int) -> str:
        return next(letter for low, letter in bands if percent >= low)

    per_year = max(1, per_student // 4)
    for s, iin in enumerate(iins):
        for i in range(per_student):
            year = FIRST_YEAR + min(i // per_year, 3)
            academic_year = f"{year}-{year + 1}"
            course = i
            term, attempt = ("1" if (i % per_year) < per_year // 2 else "2"), "regular"
            if i % 20 == 19:  # a summer retake of the course before
                course, term, attempt = i - 1, "summer", "summer"
            credits = 1 + course % 6
            if i % 25 == 0:
                yield [iin, f"C{course:03d}", f"Course {course}", credits, academic_year, term, "final", None, None,
                       "pass", attempt]  # fmt: skip
                continue
            percent = 40 if (s + i) % 37 == 0 else 50 + (s * 7 + i * 13) % 51
            yield [iin, f"C{course:03d}", f"Course {course}", credits, academic_year, term, "exam", percent,
                   letter_of(percent), "graded", attempt]  # fmt: skip


def write_xlsx(path: Path, iins: list[str], per_student: int) -> int:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("grades")
    sheet.append(HEADER)
    count = 0
    for row in rows_of(iins, per_student):
        sheet.append(row)
        count += 1
    workbook.save(path)
    return count


# ---- Phases, each in a fresh process ---------------------------------------------------------------------------


def phase_openpyxl(path: str) -> dict[str, Any]:
    from openpyxl import load_workbook

    started = time.perf_counter()
    workbook = load_workbook(path, read_only=True, data_only=True)
    rows = 0
    for _row in workbook.worksheets[0].iter_rows(values_only=True):
        rows += 1
    workbook.close()
    return {"seconds": time.perf_counter() - started, "rows": rows - 1}


def phase_django(database_url: str) -> dict[str, Any]:
    setup_django(database_url)
    from django.db import connection

    connection.ensure_connection()
    return {"seconds": 0.0}


def phase_import(database_url: str, path: str) -> dict[str, Any]:
    setup_django(database_url)
    from django.test import override_settings

    from mansap.academics.services import imports
    from mansap.common import importing
    from mansap.core.models import Institution

    institution = Institution.objects.get(code="bench")
    # The platform's limits on one uploaded file (20 MB, 100,000 rows, 60 s, 300 MB: issue #11) are lifted for the
    # bench: a 1,000,000-row XLSX is about 44 MB.
    limits = {
        "IMPORT_MAX_BYTES": 2**31,
        "IMPORT_MAX_ROWS": 10_000_000,
        "IMPORT_MAX_SECONDS": 10**6,
        "IMPORT_MAX_MEMORY_MB": 10**6,
    }
    # So are the caps on what an uploaded workbook may unpack to (a zip bomb's guard): 1,000,000 rows unpack to
    # about 550 MB of sheet XML.
    unpack_caps = {name: 2**40 for name in ("XLSX_MAX_PART_BYTES", "XLSX_MAX_SHARED_STRINGS_BYTES",
                                            "XLSX_MAX_UNPACKED_BYTES", "XLSX_MAX_RATIO")}  # fmt: skip
    with override_settings(**limits), mock.patch.multiple(importing, **unpack_caps), open(path, "rb") as handle:
        started = time.perf_counter()
        report = imports.run_import(handle, Path(path).name, institution=institution, acting_user=None)
        seconds = time.perf_counter() - started
    return {
        "seconds": seconds, "rows": report.rows, "created": report.created, "updated": report.updated,
        "unchanged": report.unchanged, "errors": report.errors.total,
        "first_errors": [str(e.to_dict(messages=None)) for e in list(report.errors)[:3]],
    }  # fmt: skip


def run_phase(name: str, *extra: str) -> dict[str, Any]:
    command = [sys.executable, __file__, "--phase", name, *extra]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode:
        sys.exit(f"phase {name} failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---- GPA: the reader against one SQL statement -----------------------------------------------------------------

SQL = """
WITH scale(letter, numeric) AS (VALUES {scale}),
latest AS (
    SELECT DISTINCT ON (g.student_id, g.course_id) g.student_id, g.academic_year, g.kind, c.credits, sc.numeric
    FROM academics_grade g
    JOIN academics_course c ON c.id = g.course_id
    JOIN core_student s ON s.id = g.student_id
    LEFT JOIN scale sc ON sc.letter = g.letter
    WHERE s.institution_id = %(institution)s
    ORDER BY g.student_id, g.course_id, g.academic_year DESC,
        CASE g.term WHEN '1' THEN 1 WHEN '2' THEN 2 ELSE 3 END DESC,
        CASE g.attempt WHEN 'regular' THEN 1 WHEN 'retake' THEN 2 ELSE 3 END DESC
)
SELECT student_id, academic_year,
    ROUND(SUM(credits * numeric) FILTER (WHERE kind = 'graded')
          / NULLIF(SUM(credits) FILTER (WHERE kind = 'graded' AND numeric IS NOT NULL), 0), 2) AS gpa,
    COALESCE(SUM(credits) FILTER (WHERE kind = 'graded' AND numeric IS NOT NULL), 0) AS attempted,
    COALESCE(SUM(credits) FILTER (WHERE kind <> 'graded' OR numeric >= 1), 0) AS earned
FROM latest
GROUP BY GROUPING SETS ((student_id), (student_id, academic_year))
"""


def sql_gpas(institution: Any) -> dict[int, tuple[Any, ...]]:
    from django.db import connection

    from mansap.academics.services.catalogue import current_scale

    scale = ", ".join(f"('{b.letter}', {b.numeric}::numeric)" for b in current_scale(institution))
    out: dict[int, dict[str, Any]] = {}
    with connection.cursor() as cursor:
        cursor.execute(SQL.format(scale=scale), {"institution": institution.pk})
        for student_id, year, gpa, attempted, earned in cursor.fetchall():
            entry = out.setdefault(student_id, {"years": {}})
            if year is None:
                entry.update(cumulative=gpa, attempted=int(attempted), earned=int(earned))
            else:
                entry["years"][year] = gpa
    return {k: (v["cumulative"], v["years"], v["attempted"], v["earned"]) for k, v in out.items()}


def reader_gpas(institution: Any) -> dict[int, tuple[Any, ...]]:
    from mansap.academics.reports.gpa import gpas_for
    from mansap.core.models import Student

    gpas = gpas_for(Student.objects.filter(institution=institution), institution)
    return {k: (r.cumulative, r.years, r.credits_attempted, r.credits_earned) for k, r in gpas.items()}


# ---- The run -----------------------------------------------------------------------------------------------------


def prepare(students: int) -> list[str]:
    """Flush, migrate, and one institution with `students` students (bulk, no history: not measured)."""
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection

    from mansap.common.identifiers import make_iin
    from mansap.core.models import Department, EducationalProgram, Faculty, Institution, Student

    if connection.introspection.table_names():
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    institution = Institution.objects.create(code="bench", short_name="Bench", name_kk="Bench", name_ru="Bench",
                                             name_en="Bench")  # fmt: skip
    faculty = Faculty.objects.create(institution=institution, code="F", name_kk="F", name_ru="F", name_en="F")
    department = Department.objects.create(faculty=faculty, code="D", name_kk="D", name_ru="D", name_en="D")
    program = EducationalProgram.objects.create(code="6B06101", level="bachelor", name_kk="P", name_ru="P", name_en="P",
                                                department=department)  # fmt: skip
    iins: list[str] = []
    batch: list[Student] = []
    for n in range(students):
        born = dt.date(1998, 1, 1) + dt.timedelta(days=n // 5000)
        iin = make_iin(born, "F" if n % 2 else "M", n % 5000 * 2)  # even serials: a bumped one stays apart
        iins.append(iin)
        batch.append(Student(institution=institution, program=program, iin=iin, last_name=f"Студент{n}",
                             first_name="Бенч", admission_year=FIRST_YEAR, status="studying"))  # fmt: skip
    Student.objects.bulk_create(batch, batch_size=5000)
    return iins


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--per-student", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--reimport", action="store_true", help="also time importing the same file again")
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        result = {
            "openpyxl": lambda: phase_openpyxl(args.file),
            "django": lambda: phase_django(args.database_url),
            "import": lambda: phase_import(args.database_url, args.file),
        }[args.phase]()
        print(json.dumps({**result, "peak_mb": peak_mb()}))
        return
    if not args.database_url:
        sys.exit("--database-url (or DATABASE_URL): a throwaway database, e.g. scripts/with-postgres.sh")
    setup_django(args.database_url)
    from django.db import connection

    students = max(1, args.rows // args.per_student)
    started = time.perf_counter()
    iins = prepare(students)
    print(
        f"{connection.vendor}: migrate and {students:,} students: {time.perf_counter() - started:.1f} s (not counted)"
    )
    with tempfile.TemporaryDirectory(prefix="bench-grades-") as tmp:
        path = Path(tmp) / "grades.xlsx"
        started = time.perf_counter()
        rows = write_xlsx(path, iins, args.per_student)
        print(f"XLSX of {rows:,} rows, {path.stat().st_size / 2**20:.1f} MiB: {time.perf_counter() - started:.1f} s "
              "(not counted)")  # fmt: skip
        floor = run_phase("openpyxl", "--file", str(path))
        base = run_phase("django", "--database-url", args.database_url)
        done = run_phase("import", "--database-url", args.database_url, "--file", str(path))
        again = run_phase("import", "--database-url", args.database_url, "--file", str(path)) if args.reimport else None
    if done["errors"]:
        sys.exit(f"the import found errors: {done}")
    print(f"{'what':<62} {'seconds':>9} {'peak MB':>8}")
    print(f"{'openpyxl read-only iteration (the floor)':<62} {floor['seconds']:>9.1f} {floor['peak_mb']:>8.0f}")
    print(f"{'Django alone (settings, apps, a connection)':<62} {'':>9} {base['peak_mb']:>8.0f}")
    label = f"run_import: {done['created']:,} rows created"
    print(f"{label:<62} {done['seconds']:>9.1f} {done['peak_mb']:>8.0f}")
    if again is not None:
        label = f"run_import again: {again['unchanged']:,} rows unchanged"
        print(f"{label:<62} {again['seconds']:>9.1f} {again['peak_mb']:>8.0f}")
    print(f"ratio import / openpyxl: {done['seconds'] / floor['seconds']:.1f}×; memory over Django alone: "
          f"{done['peak_mb'] - base['peak_mb']:.0f} MB (openpyxl's own peak: {floor['peak_mb']:.0f} MB)")  # fmt: skip

    from mansap.core.models import Institution

    institution = Institution.objects.get(code="bench")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    r_median, r_min, r_queries, by_reader = measure(args.repeat, lambda: reader_gpas(institution))
    print(f"GPA of {len(by_reader):,} students, median (fastest) of {args.repeat}:")
    print(f"   reports.gpa.gpas_for: {r_median:,.0f} ms ({r_min:,.0f}), {r_queries} queries")
    if connection.vendor == "postgresql":
        s_median, s_min, s_queries, by_sql = measure(args.repeat, lambda: sql_gpas(institution))
        print(f"   one SQL aggregate:     {s_median:,.0f} ms ({s_min:,.0f}), {s_queries} queries")
        print(f"   ratio reader / SQL (median): {r_median / s_median:.1f}×")

        def same(a: tuple[Any, ...], b: tuple[Any, ...]) -> bool:
            return (
                a[0] == b[0]
                and a[2:] == b[2:]
                and {k: v for k, v in a[1].items()}
                == {k: (Decimal(v) if v is not None else None) for k, v in b[1].items()}
            )

        different = [k for k in by_reader if k not in by_sql or not same(by_reader[k], by_sql[k])]
        print("   same figures: yes" if not different and len(by_sql) == len(by_reader) else
              f"   DIFFERENT for {len(different)} students, e.g. {different[:3]}")  # fmt: skip


if __name__ == "__main__":
    main()
