"""Benchmark (#18): many institutions on one deployment, on PostgreSQL.

    scripts/with-postgres.sh sh -c '.venv/bin/python bench/bench_consortium.py --database-url "$DATABASE_URL"' \\
        [--institutions 100] [--graduates 10000] [--repeat 5]

The database is flushed and gets the schema from the models (not the migrations: see seed()), then N
institutions (one faculty, department and program each, made with the ORM: 4 rows an institution) and M graduates
per institution, written with ONE INSERT … SELECT over generate_series (not the ORM per row): a quarter of them in
each of the cohorts 2022–2025, and for 85 % an employment record (statuses and salaries spread by id), each row
carrying its institution (#18). Then ANALYZE.

Measured, median of --repeat after one warm-up run:

1. One institution's main pages and KPIs, as its Career Center (django.test.Client): the graduates list, the
   students list, the employment analytics page, the journal, and compute_kpis() of its latest cohort, with all N
   institutions present; then every other institution's rows are deleted (ANALYZE again) and the same is measured
   with that institution alone. Target: ≤ 1.2× (the scoped lists and indexes lead with the institution).
2. The consortium's aggregate over all N institutions (graduates.reports.consortium.build: the page's table, with
   the partnership counts) against ONE hand-written SQL statement that computes the same employment figures (the
   status of each graduate as of the date from their latest valid record, grouped by institution and status).
   The bench checks that both give the same counts. Target: ≤ 2×. Measured before the deletion of step 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections import Counter
from typing import Any

from benchlib import measure, setup_django

COHORTS = (2022, 2023, 2024, 2025)
AS_OF = dt.date(2026, 6, 30)
PASSWORD = "bench-pw"

# status by id % 20: 8 by specialty, 3 other, 1 own business, 2 continuing education, 1 military service,
# 1 parental leave, 1 unemployed, 3 with no record (unknown)
STATUS_SQL = """CASE (s.id % 20)
    WHEN 0 THEN 'employed_specialty' WHEN 1 THEN 'employed_specialty' WHEN 2 THEN 'employed_specialty'
    WHEN 3 THEN 'employed_specialty' WHEN 4 THEN 'employed_specialty' WHEN 5 THEN 'employed_specialty'
    WHEN 6 THEN 'employed_specialty' WHEN 7 THEN 'employed_specialty'
    WHEN 8 THEN 'employed_other' WHEN 9 THEN 'employed_other' WHEN 10 THEN 'employed_other'
    WHEN 11 THEN 'own_business' WHEN 12 THEN 'continuing_education' WHEN 13 THEN 'continuing_education'
    WHEN 14 THEN 'military_service' WHEN 15 THEN 'parental_leave' ELSE 'unemployed' END"""


def seed(institutions: int, graduates: int) -> list[Any]:
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from mansap.core.choices import Access, Role
    from mansap.core.models import Department, EducationalProgram, Faculty, Institution, Membership, User

    # The schema straight from the models (as pytest --nomigrations): one CREATE TABLE each, not the ~150 migrations
    # (minutes on a loaded machine); the bench needs the tables and indexes, not the migration history.
    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("createcachetable", verbosity=0)
    print("schema ready", flush=True)
    made = []
    for n in range(1, institutions + 1):
        inst = Institution.objects.create(
            code=f"u{n:03d}", short_name=f"U{n:03d}", name_kk=f"У{n}", name_ru=f"У{n}", name_en=f"U{n}"
        )
        faculty = Faculty.objects.create(institution=inst, code="F", name_kk="Ф", name_ru="Ф", name_en="F")
        department = Department.objects.create(faculty=faculty, code="D", name_kk="К", name_ru="К", name_en="D")
        EducationalProgram.objects.create(
            code="6B06101", level="bachelor", name_kk="П", name_ru="П", name_en="P", department=department
        )
        made.append(inst)
    cc = User.objects.create_user("bench-cc", password=PASSWORD)
    Membership.objects.create(user=cc, institution=made[0], role=Role.CAREER_CENTER, access=Access.EDIT)
    with connection.cursor() as cursor:
        # IINs: unique per institution (a constraint), 12 digits from the serial.
        cursor.execute(
            f"""
            INSERT INTO core_student (created_at, updated_at, last_name, first_name, middle_name, institution_id,
                iin, last_name_latin, first_name_latin, birth_date, sex, email, phone, program_id, study_form,
                citizenship, study_language, funding, admission_year, course, "group", status, graduation_date,
                diploma_number, with_honours)
            SELECT now(), now(), 'Student' || g, 'Name', '', f.institution_id,
                lpad(g::text, 12, '0'), 'Student', 'Name', DATE '2001-01-01', CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END,
                '', '', p.id, 'full_time', 'KZ', 'kk', CASE WHEN g % 3 = 0 THEN 'grant' ELSE 'paid' END,
                2018 + g % 4, NULL, 'G-' || (g % 40), 'graduated',
                make_date(2022 + g % 4, 6, 25), 'D' || g, false
            FROM core_educationalprogram p
            JOIN core_department d ON d.id = p.department_id
            JOIN core_faculty f ON f.id = d.faculty_id
            CROSS JOIN generate_series(1, {int(graduates)}) g
            """
        )
        cursor.execute(
            f"""
            INSERT INTO graduates_employmentrecord (created_at, updated_at, institution_id, graduate_id, status,
                employer_name, employer_bin, position, region, region_text, sector, salary, study_level, started_on,
                channel, evidence, note, import_key, void_reason)
            SELECT now(), now(), s.institution_id, s.id, {STATUS_SQL}, '', '', '', '', '', '',
                CASE WHEN s.id % 20 < 11 AND s.id % 5 <> 0 THEN 150000 + (s.id % 7) * 50000 END, '',
                s.graduation_date + (30 + s.id % 200)::int, 'telephone', '', '', '', ''
            FROM core_student s WHERE s.id % 20 < 17
            """
        )
        cursor.execute("ANALYZE")
    return made


def hand_written_sql(institution_ids: list[int], cohort: int, as_of: dt.date) -> dict[int, Counter[str]]:
    """The employment status counts per institution in ONE statement: each graduate's latest valid record started
    on or before the date (ties: the one recorded last), unknown without one or when it ended before the date."""
    from django.db import connection

    sql = """
        SELECT s.institution_id, COALESCE(CASE WHEN r.ended_on < %s THEN NULL ELSE r.status END, 'unknown'),
               count(*)
        FROM core_student s
        LEFT JOIN LATERAL (
            SELECT e.status, e.ended_on FROM graduates_employmentrecord e
            WHERE e.graduate_id = s.id AND e.voided_at IS NULL AND e.started_on <= %s
            ORDER BY e.started_on DESC, e.created_at DESC, e.id DESC LIMIT 1
        ) r ON true
        WHERE s.institution_id = ANY(%s) AND s.graduation_date >= %s AND s.graduation_date < %s
        GROUP BY 1, 2
    """
    counts: dict[int, Counter[str]] = {pk: Counter() for pk in institution_ids}
    with connection.cursor() as cursor:
        cursor.execute(sql, [as_of, as_of, institution_ids, dt.date(cohort, 1, 1), dt.date(cohort + 1, 1, 1)])
        for institution_id, status, n in cursor.fetchall():
            counts[institution_id][status] = n
    return counts


def per_institution(institutions: list[Any], cohort: int) -> list[Any]:
    """The consortium's figures read one institution at a time (compute_kpis, then the partnership indicators)."""
    from mansap.employers.indicators import JointUnits, PartnershipAgreements, TargetedStudents
    from mansap.graduates.reports import analytics, consortium

    return [
        (
            analytics.compute_kpis(consortium.cohort_graduates(institution, cohort), AS_OF),
            [
                indicator().measure_on(institution, AS_OF).value
                for indicator in (PartnershipAgreements, JointUnits, TargetedStudents)
            ],
        )
        for institution in institutions
    ]


def pages(client: Any, institution: Any, cohort: int) -> dict[str, Any]:
    from django.urls import reverse

    from mansap.graduates.reports import analytics, consortium

    query = {"cohort": cohort, "as_of": AS_OF.isoformat()}
    return {
        "graduates list (first page)": lambda: client.get(reverse("core:graduate_list")),
        "students list (first page)": lambda: client.get(reverse("core:student_list")),
        "employment analytics page": lambda: client.get(reverse("graduates:analytics"), query),
        "journal": lambda: client.get(reverse("graduates:journal")),
        "compute_kpis (latest cohort)": lambda: analytics.compute_kpis(
            consortium.cohort_graduates(institution, cohort), AS_OF
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--institutions", type=int, default=100)
    parser.add_argument("--graduates", type=int, default=10_000, help="graduates per institution")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("--database-url (or DATABASE_URL): a throwaway PostgreSQL database, e.g. scripts/with-postgres.sh")
    setup_django(args.database_url)
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    from mansap.graduates.reports import consortium

    settings.ALLOWED_HOSTS = ["*"]
    total = args.institutions * args.graduates
    started = time.perf_counter()
    institutions = seed(args.institutions, args.graduates)
    print(f"{connection.vendor}: {args.institutions} institutions × {args.graduates:,} graduates = {total:,} "
          f"(+ records): seeded in {time.perf_counter() - started:.1f} s (not counted)")  # fmt: skip
    first, cohort = institutions[0], COHORTS[-1]
    client = Client()
    client.login(username="bench-cc", password=PASSWORD)

    # 2. The consortium's aggregate against one SQL statement (all institutions present).
    ids = [i.pk for i in institutions]
    agg_ms, agg_min, agg_q, table = measure(args.repeat, lambda: consortium.build(institutions, cohort, AS_OF, "en"))
    sql_ms, sql_min, _q, sql_counts = measure(args.repeat, lambda: hand_written_sql(ids, cohort, AS_OF))
    # The same figures read institution by institution (compute_kpis and the three partnership indicators of
    # each: 5 queries an institution), as build() did before its grouped readers: the gain, in the same run.
    each_ms, each_min, each_q, _each = measure(args.repeat, lambda: per_institution(institutions, cohort))
    check = hand_written_sql([first.pk], cohort, AS_OF)[first.pk]
    cohort_cell = next(r for r in table.rows if r.figure.key == "cohort").cells[0]
    assert cohort_cell.value == sum(check.values()), (cohort_cell.value, check)
    assert sum(sum(c.values()) for c in sql_counts.values()) == total // len(COHORTS)

    # 1. One institution's pages with all present, then alone.
    with_all = {}
    for name, call in pages(client, first, cohort).items():
        with_all[name] = measure(args.repeat, call)
    with connection.cursor() as cursor:
        others = [pk for pk in ids if pk != first.pk]
        cursor.execute("DELETE FROM graduates_employmentrecord WHERE institution_id = ANY(%s)", [others])
        cursor.execute("DELETE FROM core_student WHERE institution_id = ANY(%s)", [others])
        cursor.execute("VACUUM ANALYZE") if connection.connection.autocommit else cursor.execute("ANALYZE")
    alone = {}
    for name, call in pages(client, first, cohort).items():
        alone[name] = measure(args.repeat, call)

    print(f"\nmedian (fastest) ms of {args.repeat}; one institution = {args.graduates:,} graduates")
    print("| what | all institutions | alone | queries | ratio |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name in with_all:
        a, b = with_all[name], alone[name]
        status = getattr(a[3], "status_code", None)
        mark = "" if status in (None, 200) else f" (HTTP {status})"
        print(f"| {name}{mark} | {a[0]:,.0f} ({a[1]:,.0f}) | {b[0]:,.0f} ({b[1]:,.0f}) | {a[2]} | {a[0] / b[0]:.2f}× |")
    aggregate = f"consortium aggregate, {args.institutions} institutions, cohort {cohort} (build)"
    print(
        f"| {aggregate} | {agg_ms:,.0f} ({agg_min:,.0f}) | one SQL: {sql_ms:,.0f} ({sql_min:,.0f}) "
        f"| {agg_q} | {agg_ms / sql_ms:.2f}× |"
    )
    print(
        f"| the same, institution by institution (before) | {each_ms:,.0f} ({each_min:,.0f}) "
        f"| one SQL: {sql_ms:,.0f} ({sql_min:,.0f}) | {each_q} | {each_ms / sql_ms:.2f}× |"
    )
    print(f"\nwall time: {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
