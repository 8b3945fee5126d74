"""Benchmark: the contingent on a date and the movement of a month and of an academic year (#15) for 30,000 students
and 100,000 orders, each against ONE hand-written SQL query of the same counts, in the same run.

    scripts/with-postgres.sh sh -c '.venv/bin/python bench/bench_contingent.py --database-url "$DATABASE_URL"' \\
        [--students 30000] [--orders 100000] [--repeat 5] [--seed 2026]
    .venv/bin/python bench/bench_contingent.py --database-url sqlite:////tmp/mansap-bench.sqlite3   # the readers only

The database is flushed and migrated, then gets one institution, 2 faculties, 10 programs, the students (admitted
2022-2025) and the orders: each student's random walk of signed orders of one item (academic leave, return,
expulsion, reinstatement, transfer within the university, repeat of a year, scholarship, graduation), effective in
date order from their admission to August 2026, each refused move skipped as the services would refuse it. The
periods the readers read (models.periods) are bulk-written from the same walk (what services.states.rebuild writes
for it), not through the services: building them is not what is measured.

Measured, median (fastest) of --repeat after one untimed run:
- `reports.contingent.contingent(periods, day, "program")`: the `contingent --as-of` command's reader;
- `reports.movement.movement(periods, month)` and `movement_between` over the academic year 2025-2026 (the annual
  report's span): the `movement_report --month` command's reader;
- on PostgreSQL, ONE SQL statement for each that gives the same counts (a window function LAG over the periods
  for the movement); the bench checks both agree and prints the ratio reader / SQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import sys
import time
from typing import Any

from benchlib import measure, setup_django

PROGRAMS = 10
DAY = dt.date(2026, 3, 15)
MONTH = "2026-03"
YEAR_FIRST, YEAR_LAST = dt.date(2025, 9, 1), dt.date(2026, 8, 31)
# the moves each state allows (the services' ACCEPTS, for the types the walk uses)
MOVES = {
    "studying": ["academic_leave", "expulsion", "transfer_internal", "repeat_year", "scholarship", "graduation"],
    "academic_leave": ["leave_return", "expulsion"],
    "expelled": ["reinstatement"],
}
AFTER = {"academic_leave": "academic_leave", "expulsion": "expelled", "leave_return": "studying",
         "reinstatement": "studying", "graduation": "graduated"}  # fmt: skip


def prepare(students: int, orders: int, seed: int) -> tuple[int, int]:
    """Flush, migrate, the institution, students, orders with their items and the periods (bulk; not measured)."""
    from django.core.management import call_command
    from django.db import connection

    from mansap.common.identifiers import make_iin
    from mansap.core.models import Department, EducationalProgram, Faculty, Institution, Student
    from mansap.studentbody.models import Order, OrderItem, StudentPeriod

    if connection.introspection.table_names():
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    rng = random.Random(seed)
    institution = Institution.objects.create(code="bench", short_name="Bench", name_kk="Bench", name_ru="Bench",
                                             name_en="Bench")  # fmt: skip
    programs = []
    for f in range(2):
        faculty = Faculty.objects.create(institution=institution, code=f"F{f}", name_kk="F", name_ru="F", name_en="F")
        department = Department.objects.create(faculty=faculty, code=f"D{f}", name_kk="D", name_ru="D", name_en="D")
        for p in range(PROGRAMS // 2):
            programs.append(EducationalProgram.objects.create(
                code=f"6B0{f}{p:03d}", level="bachelor", name_kk="P", name_ru="P", name_en="P", department=department,
            ))  # fmt: skip
    batch = []
    for n in range(students):
        born = dt.date(1998, 1, 1) + dt.timedelta(days=n // 5000)
        batch.append(Student(
            institution=institution, program=rng.choice(programs), iin=make_iin(born, "F" if n % 2 else "M",
            n % 5000 * 2), last_name=f"Студент{n}", first_name="Бенч", admission_year=2022 + n % 4, course=4 - n % 4,
            status="studying",
        ))  # fmt: skip
    Student.objects.bulk_create(batch, batch_size=5000)
    people = list(Student.objects.filter(institution=institution).order_by("pk"))
    # each student's walk: (effective date, type, state after, program after)
    # up to `attempts` moves each (a walk ends at graduation or in August 2026), until `orders` are made in all
    count = -(-orders // students) + 2
    walks: list[list[tuple[dt.date, str, str, int]]] = []
    made = 0
    for student in people:
        day, state, program, walk = dt.date(student.admission_year, 9, 1), "studying", student.program_id, []
        end = dt.date(2026, 8, 31)
        for _ in range(count):
            day += dt.timedelta(days=rng.randint(20, max(21, (end - day).days // count)))
            if day > end or state not in MOVES or made >= orders:
                break
            made += 1
            kind = rng.choice(MOVES[state])
            if kind == "transfer_internal":
                program = rng.choice([p.pk for p in programs if p.pk != program])
            state = AFTER.get(kind, state)
            walk.append((day, kind, state, program))
        walks.append(walk)
    order_rows = [
        Order(institution=institution, number=f"{i}-С", date=day, type=kind, status="signed", imported=True)
        for i, (day, kind, _s, _p) in enumerate(step for walk in walks for step in walk)
    ]
    Order.objects.bulk_create(order_rows, batch_size=5000)
    orders_iter = iter(Order.objects.filter(institution=institution).order_by("pk").values_list("pk", flat=True))
    item_rows = []
    for student, walk in zip(people, walks, strict=True):
        for day, kind, _state, program in walk:
            item_rows.append(OrderItem(order_id=next(orders_iter), student=student, effective_date=day,
                                       program_id=program if kind == "transfer_internal" else None))  # fmt: skip
    OrderItem.objects.bulk_create(item_rows, batch_size=5000)
    items = iter(OrderItem.objects.filter(order__institution=institution).order_by("pk").values_list("pk", flat=True))
    periods = []
    for student, walk in zip(people, walks, strict=True):
        rows = [(dt.date(student.admission_year, 9, 1), "studying", student.program_id, None)]
        rows += [(day, state, program, next(items)) for day, _kind, state, program in walk]
        for i, (start, state, program, item) in enumerate(rows):
            following = rows[i + 1][0] if i + 1 < len(rows) else None
            if following == start:
                continue
            periods.append(StudentPeriod(
                student=student, valid_from=start, valid_to=following, state=state, program_id=program,
                study_form="full_time", funding="grant", year_of_study=1, item_id=item,
            ))  # fmt: skip
    StudentPeriod.objects.bulk_create(periods, batch_size=5000)
    return made, len(periods)


CONTINGENT_SQL = """
SELECT p.code, COUNT(*) FILTER (WHERE sp.state = 'studying'), COUNT(*) FILTER (WHERE sp.state = 'academic_leave')
  FROM studentbody_studentperiod sp JOIN core_student s ON s.id = sp.student_id
  JOIN core_educationalprogram p ON p.id = sp.program_id
 WHERE s.institution_id = %(institution)s AND sp.state IN ('studying', 'academic_leave')
   AND sp.valid_from <= %(day)s AND (sp.valid_to IS NULL OR sp.valid_to > %(day)s)
 GROUP BY p.code
"""

MOVEMENT_SQL = """
WITH mine AS (
  SELECT sp.* FROM studentbody_studentperiod sp JOIN core_student s ON s.id = sp.student_id
   WHERE s.institution_id = %(institution)s
), walked AS (
  SELECT m.valid_from, COALESCE(o.type, CASE WHEN m.state = 'graduated' THEN 'graduation' ELSE 'enrolment' END) AS kind,
         CASE WHEN m.state = 'studying' THEN m.program_id END AS now,
         LAG(CASE WHEN m.state = 'studying' THEN m.program_id END)
             OVER (PARTITION BY m.student_id ORDER BY m.valid_from) AS was
    FROM mine m LEFT JOIN studentbody_orderitem i ON i.id = m.item_id LEFT JOIN studentbody_order o ON o.id = i.order_id
   WHERE m.valid_from <= %(last)s
), changes AS (
  SELECT kind, was, now FROM walked WHERE valid_from >= %(first)s AND was IS DISTINCT FROM now
)
SELECT 'arrival', kind, COUNT(*) FROM changes WHERE now IS NOT NULL GROUP BY kind
UNION ALL SELECT 'departure', kind, COUNT(*) FROM changes WHERE was IS NOT NULL GROUP BY kind
UNION ALL SELECT 'start', '', COUNT(*) FROM mine WHERE state = 'studying' AND valid_from <= %(before)s
                                             AND (valid_to IS NULL OR valid_to > %(before)s)
UNION ALL SELECT 'end', '', COUNT(*) FROM mine WHERE state = 'studying' AND valid_from <= %(last)s
                                           AND (valid_to IS NULL OR valid_to > %(last)s)
"""


def sql_contingent(institution: int) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(CONTINGENT_SQL, {"institution": institution, "day": DAY})
        rows = cursor.fetchall()
    return {"total": sum(r[1] for r in rows), "on_leave": sum(r[2] for r in rows),
            "by": {code: n for code, n, _l in sorted(rows) if n}}  # fmt: skip


def sql_movement(institution: int, first: dt.date, last: dt.date) -> dict[str, Any]:
    from django.db import connection

    result: dict[str, Any] = {"start": 0, "end": 0, "arrivals": {}, "departures": {}}
    with connection.cursor() as cursor:
        cursor.execute(MOVEMENT_SQL, {"institution": institution, "first": first, "last": last,
                                      "before": first - dt.timedelta(days=1)})  # fmt: skip
        for what, kind, n in cursor.fetchall():
            if what in ("start", "end"):
                result[what] = n
            else:
                result["arrivals" if what == "arrival" else "departures"][kind] = n
    result["arrivals"] = dict(sorted(result["arrivals"].items()))
    result["departures"] = dict(sorted(result["departures"].items()))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--students", type=int, default=30_000)
    parser.add_argument("--orders", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if not args.database_url:
        sys.exit("--database-url (or DATABASE_URL): a throwaway database, e.g. scripts/with-postgres.sh")
    setup_django(args.database_url)
    from django.db import connection

    from mansap.core.models import Institution
    from mansap.studentbody.models import StudentPeriod
    from mansap.studentbody.reports.contingent import contingent
    from mansap.studentbody.reports.movement import month_bounds, movement, movement_between, total

    started = time.perf_counter()
    made, periods = prepare(args.students, args.orders, args.seed)
    print(f"{connection.vendor}: {args.students:,} students, {made:,} orders, {periods:,} periods: "
          f"{time.perf_counter() - started:.1f} s (not counted)")  # fmt: skip
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    institution = Institution.objects.get(code="bench")
    mine = StudentPeriod.objects.filter(student__institution=institution)
    first, last = month_bounds(MONTH)
    label = f"{YEAR_FIRST.year}-{YEAR_LAST.year}"
    cases = [
        (f"contingent on {DAY} by program", lambda: contingent(mine, DAY, "program").as_json(),
         lambda: sql_contingent(institution.pk)),
        (f"movement of {MONTH}", lambda: movement(mine, MONTH).as_json(),
         lambda: sql_movement(institution.pk, first, last)),
        (f"movement of the academic year {label}",
         lambda: total(movement_between(mine, YEAR_FIRST, YEAR_LAST, label).values(), label).as_json(),
         lambda: sql_movement(institution.pk, YEAR_FIRST, YEAR_LAST)),
    ]  # fmt: skip
    print(f"{'what':<44} {'reader ms':>16} {'q':>3} {'SQL ms':>16} {'ratio':>6}")
    for name, reader, sql in cases:
        r_median, r_min, r_queries, by_reader = measure(args.repeat, reader)
        line = f"{name:<44} {r_median:>9,.0f} ({r_min:>4,.0f}) {r_queries:>3}"
        if connection.vendor == "postgresql":
            s_median, s_min, _q, by_sql = measure(args.repeat, sql)
            if name.startswith("contingent"):
                by_reader = {k: by_reader[k] for k in ("total", "on_leave", "by")}
            if by_reader != by_sql:
                sys.exit(f"{name}: the reader and the SQL disagree:\n{by_reader}\n{by_sql}")
            line += f" {s_median:>9,.0f} ({s_min:>4,.0f}) {r_median / s_median:>5.1f}×"
        print(line)
        print(f"    {by_reader}")


if __name__ == "__main__":
    main()
