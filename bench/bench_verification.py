"""Benchmark (#20): reconciling a cohort with a contribution extract, on PostgreSQL.

    scripts/with-postgres.sh sh -c '.venv/bin/python bench/bench_verification.py --database-url "$DATABASE_URL"' \\
        [--graduates 200000] [--repeat 3]

The database is flushed and gets the schema from the models (as bench_consortium.py), then one institution with
--graduates graduates of the cohort 2025 written with ONE INSERT … SELECT over generate_series; for 85 % an
employment record (statuses spread by id, as bench_consortium's, with "unemployed and seeking"); a refused consent
for 1 in 50; two extracts listing the cohort: a labour-contract extract (a running or ended contract for 1 in 7)
and a contribution extract of about five contribution rows per graduate (four in five graduates, the months
August 2025 to March 2026 with gaps spread by id): 1,000,000 rows for 200,000 graduates. Then ANALYZE.

Measured, median of --repeat after one warm-up run, as of 15 March 2026:
1. `services.reconcile.compute()` (what `manage.py reconcile --json` runs: the states' counts and the rates, no row
   kept), without and with sustained employment (5 of 6 months, October to March);
2. ONE hand-written SQL statement computing the same counts (DISTINCT ON for each graduate's latest valid record,
   a UNION of the IINs with a trace, joined to the graduates and grouped by state). The bench checks that both
   give the same counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from typing import Any

from benchlib import measure, setup_django

COHORT = 2025
AS_OF = dt.date(2026, 3, 15)

# status by id % 20: 8 by specialty, 3 other, 1 own business, 2 continuing education, 1 military service,
# 1 parental leave, 1 unemployed and seeking, 3 with no record (unknown)
STATUS_SQL = """CASE (s.id % 20)
    WHEN 0 THEN 'employed_specialty' WHEN 1 THEN 'employed_specialty' WHEN 2 THEN 'employed_specialty'
    WHEN 3 THEN 'employed_specialty' WHEN 4 THEN 'employed_specialty' WHEN 5 THEN 'employed_specialty'
    WHEN 6 THEN 'employed_specialty' WHEN 7 THEN 'employed_specialty'
    WHEN 8 THEN 'employed_other' WHEN 9 THEN 'employed_other' WHEN 10 THEN 'employed_other'
    WHEN 11 THEN 'own_business' WHEN 12 THEN 'continuing_education' WHEN 13 THEN 'continuing_education'
    WHEN 14 THEN 'military_service' WHEN 15 THEN 'parental_leave' ELSE 'unemployed_seeking' END"""


def seed(graduates: int) -> tuple[Any, int]:
    from django.apps import apps
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from mansap.core.models import Department, EducationalProgram, Faculty, Institution
    from mansap.graduates.models import ExtractCohort, OfficialExtract

    settings.MIGRATION_MODULES = {config.label: None for config in apps.get_app_configs()}
    call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", run_syncdb=True, verbosity=0)
    call_command("createcachetable", verbosity=0)
    print("schema ready", flush=True)
    inst = Institution.objects.create(code="u001", short_name="U1", name_kk="У", name_ru="У", name_en="U")
    faculty = Faculty.objects.create(institution=inst, code="F", name_kk="Ф", name_ru="Ф", name_en="F")
    department = Department.objects.create(faculty=faculty, code="D", name_kk="К", name_ru="К", name_en="D")
    EducationalProgram.objects.create(
        code="6B06101", level="bachelor", name_kk="П", name_ru="П", name_en="P", department=department
    )
    extracts = {}
    for kind in ("contracts", "contributions"):
        extracts[kind] = OfficialExtract.objects.create(
            institution=inst, kind=kind, source="bench", period_start=dt.date(2025, 7, 1),
            period_end=dt.date(2026, 6, 30), consent_basis="bench", file=f"extracts/{kind}.xlsx",
            original_name=f"{kind}.xlsx", sha256=kind.ljust(64, "0"),
        )  # fmt: skip
        ExtractCohort.objects.create(extract=extracts[kind], year=COHORT)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO core_student (created_at, updated_at, last_name, first_name, middle_name, institution_id,
                iin, last_name_latin, first_name_latin, birth_date, sex, email, phone, program_id, study_form,
                citizenship, study_language, funding, admission_year, course, "group", status, graduation_date,
                diploma_number, with_honours)
            SELECT now(), now(), 'Student' || g, 'Name', '', {inst.pk}, lpad(g::text, 12, '0'), 'Student', 'Name',
                DATE '2001-01-01', CASE WHEN g % 2 = 0 THEN 'F' ELSE 'M' END, '', '', p.id, 'full_time', 'KZ', 'kk',
                'paid', 2021, NULL, 'G-' || (g % 40), 'graduated', DATE '{COHORT}-06-25', 'D' || g, false
            FROM core_educationalprogram p CROSS JOIN generate_series(1, {int(graduates)}) g
            """
        )
        cursor.execute(
            f"""
            INSERT INTO graduates_employmentrecord (created_at, updated_at, institution_id, graduate_id, status,
                employer_name, employer_bin, position, region, region_text, sector, salary, study_level, started_on,
                channel, evidence, note, import_key, void_reason)
            SELECT now(), now(), s.institution_id, s.id, {STATUS_SQL}, '', '', '', '', '', '', NULL, '',
                s.graduation_date + (30 + s.id % 200)::int, 'telephone', '', '', '', ''
            FROM core_student s WHERE s.id % 20 < 17
            """
        )
        cursor.execute(
            """
            INSERT INTO graduates_officialcheckconsent (created_at, updated_at, institution_id, graduate_id, status,
                note)
            SELECT now(), now(), s.institution_id, s.id, 'refused', '' FROM core_student s WHERE s.id % 50 = 7
            """
        )
        cursor.execute(
            f"""
            INSERT INTO graduates_officialcontract (institution_id, extract_id, row_number, iin, graduate_id,
                employer_bin, employer_name, position, started_on, ended_on)
            SELECT s.institution_id, {extracts["contracts"].pk}, s.id, s.iin, s.id, '', 'Employer', '',
                DATE '2025-08-01' + (s.id % 120)::int,
                CASE WHEN s.id % 3 = 0 THEN DATE '2026-01-01' + (s.id % 120)::int END
            FROM core_student s WHERE s.id % 7 = 0
            """
        )
        # Months August 2025 (m = 0) to March 2026 (m = 7); graduates with id % 5 = 0 have none; a month is
        # skipped where (id + m) % 5 = 0 (so some reach 5 of the 6 window months and some do not).
        cursor.execute(
            f"""
            INSERT INTO graduates_officialcontribution (institution_id, extract_id, row_number, iin, graduate_id,
                month, payer_bin, payer_name, amount)
            SELECT s.institution_id, {extracts["contributions"].pk}, s.id * 10 + m, s.iin, s.id,
                (DATE '2025-08-01' + make_interval(months => m))::date, '', 'Payer', 85000
            FROM core_student s CROSS JOIN generate_series(0, 7) m
            WHERE s.id % 5 <> 0 AND (s.id + m) % 5 <> 0
            """
        )
        cursor.execute("SELECT count(*) FROM graduates_officialcontribution")
        contributions = cursor.fetchone()[0]
        cursor.execute("ANALYZE")
    return inst, contributions


HAND_WRITTEN = """
WITH latest AS (
    SELECT DISTINCT ON (e.graduate_id) e.graduate_id, e.status, e.ended_on
    FROM graduates_employmentrecord e
    WHERE e.institution_id = %(inst)s AND e.voided_at IS NULL AND e.started_on <= %(d)s
    ORDER BY e.graduate_id, e.started_on DESC, e.created_at DESC, e.id DESC
), traced AS (
    SELECT oc.iin FROM graduates_officialcontract oc
    WHERE oc.institution_id = %(inst)s AND oc.started_on <= %(d)s AND (oc.ended_on IS NULL OR oc.ended_on >= %(d)s)
    UNION
    SELECT o.iin FROM graduates_officialcontribution o
    WHERE o.institution_id = %(inst)s AND o.month >= %(m0)s AND o.month < %(m1)s
), g AS (
    SELECT CASE WHEN r.status IS NULL OR r.ended_on < %(d)s THEN 'unknown' ELSE r.status END AS status,
        (EXISTS (SELECT 1 FROM graduates_extractcohort ec JOIN graduates_officialextract x ON x.id = ec.extract_id
                 WHERE x.institution_id = s.institution_id AND ec.year = %(cohort)s)
         AND c.id IS NULL) AS covered,
        t.iin IS NOT NULL AS trace
    FROM core_student s
    LEFT JOIN latest r ON r.graduate_id = s.id
    LEFT JOIN traced t ON t.iin = s.iin
    LEFT JOIN graduates_officialcheckconsent c ON c.graduate_id = s.id AND c.status = 'refused'
    WHERE s.institution_id = %(inst)s AND s.graduation_date >= %(y0)s AND s.graduation_date < %(y1)s
)
SELECT CASE
        WHEN NOT covered THEN 'not_covered'
        WHEN status IN ('employed_specialty', 'employed_other', 'own_business')
            THEN CASE WHEN trace THEN 'confirmed' ELSE 'contradicted' END
        WHEN status IN ('unemployed_seeking', 'not_seeking')
            THEN CASE WHEN trace THEN 'contradicted' ELSE 'consistent' END
        WHEN status = 'unknown' AND trace THEN 'official_only'
        ELSE 'consistent' END,
    count(*),
    sum(CASE WHEN status IN ('continuing_education', 'military_service', 'parental_leave') THEN 1 ELSE 0 END)
FROM g GROUP BY 1
"""


def hand_written_sql(institution_id: int) -> dict[str, Any]:
    from django.db import connection

    params = {
        "d": AS_OF, "cohort": COHORT, "inst": institution_id, "m0": dt.date(2026, 2, 1), "m1": dt.date(2026, 4, 1),
        "y0": dt.date(COHORT, 1, 1), "y1": dt.date(COHORT + 1, 1, 1),
    }  # fmt: skip
    counts = dict.fromkeys(("confirmed", "contradicted", "official_only", "consistent", "not_covered"), 0)
    out_of_labour_force = 0
    with connection.cursor() as cursor:
        cursor.execute(HAND_WRITTEN, params)
        for state, n, olf in cursor.fetchall():
            counts[state] = n
            out_of_labour_force += olf
    cohort = sum(counts.values())
    counts["cohort"] = cohort
    covered = cohort - counts["not_covered"]
    denominator = cohort - out_of_labour_force
    return {
        "counts": counts,
        "verified_employment_rate": (counts["confirmed"] + counts["official_only"]) / denominator
        if denominator
        else None,
        "covered_share": covered / cohort if cohort else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--graduates", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not args.database_url.startswith("postgres"):
        sys.exit("--database-url (or DATABASE_URL): a throwaway PostgreSQL database, e.g. scripts/with-postgres.sh")
    setup_django(args.database_url)
    from mansap.graduates.services import reconcile as services

    started = time.perf_counter()
    inst, contributions = seed(args.graduates)
    print(f"{args.graduates:,} graduates, {contributions:,} contribution rows: seeded in "
          f"{time.perf_counter() - started:.1f} s (not counted)", flush=True)  # fmt: skip
    window = services.Window.after_graduation(COHORT)

    def ours() -> dict[str, Any]:
        return services.compute(inst.pk, COHORT, AS_OF, with_graduates=False).as_json()

    def ours_sustained() -> dict[str, Any]:
        return services.compute(inst.pk, COHORT, AS_OF, window=window, with_graduates=False).as_json(sustained=True)

    rec_ms, rec_min, rec_q, rec = measure(args.repeat, ours)
    sus_ms, sus_min, sus_q, sus = measure(args.repeat, ours_sustained)
    sql_ms, sql_min, _q, sql = measure(args.repeat, lambda: hand_written_sql(inst.pk))
    assert rec["counts"] == sql["counts"], (rec, sql)
    assert abs(rec["verified_employment_rate"] - sql["verified_employment_rate"]) < 1e-12
    assert abs(rec["covered_share"] - sql["covered_share"]) < 1e-12
    print("same counts:", rec["counts"], flush=True)
    print(f"verified_employment_rate {rec['verified_employment_rate']:.4f}, covered_share {rec['covered_share']:.4f}, "
          f"sustained {sus['sustained_employment']:,} ({sus['sustained_employment_rate']:.4f})")  # fmt: skip
    print()
    print("| what | median (fastest) ms | queries | ratio to the SQL |")
    print("| --- | ---: | ---: | ---: |")
    print(f"| compute() (reconcile --json) | {rec_ms:,.0f} ({rec_min:,.0f}) | {rec_q} | {rec_ms / sql_ms:.2f}× |")
    print(f"| compute() with sustained 5 of 6 | {sus_ms:,.0f} ({sus_min:,.0f}) | {sus_q} | {sus_ms / sql_ms:.2f}× |")
    print(f"| one hand-written SQL statement | {sql_ms:,.0f} ({sql_min:,.0f}) | 1 | 1.00× |")


if __name__ == "__main__":
    main()
