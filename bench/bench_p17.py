"""Benchmark: the process 17 dashboard (KPI-17.1…17.8, #13) against one hand-written SQL aggregate of the same
figures, in the same run, on PostgreSQL (or SQLite for the reader alone).

    .venv/bin/python bench/bench_p17.py --database-url postgres://bench@/mansap_bench?host=/tmp/pg&port=5432 \\
        [--graduates 200000] [--reuse] [--repeat 3]

Without --reuse the database is migrated and loaded with `seed_demo --graduates N` first (its time is printed,
not counted; seed_demo gives the two newest cohorts their career histories). The bench then sets KPI-17.4's
criteria for the newest cohort (employed by specialty within 6 months at 300,000 KZT or more; or a master's
abroad, which it writes on every third record of continuing education), and times, median of --repeat:

- quality.reports.p17.read(): the dashboard's one reader, whole institution, the current academic year (the
  cohort that graduated last, as of today), 17.5–17.7 as of the year's end;
- the dashboard page through django.test.Client as `cc`;
- ONE SQL statement (PostgreSQL only) computing the same eight figures with their numerators and denominators:
  DISTINCT ON for "the latest valid record started on or before the date", the as-of and the 6-months
  situations, the partnership counts and the survey's mean; the bench checks that both give the same numbers.

The ratio reader / SQL is what bench/README.md records.
"""

from __future__ import annotations

import argparse
import sys
import time
from decimal import Decimal
from typing import Any

from benchlib import measure, setup_django

SQL = """
WITH cohort AS (
    SELECT s.id, s.graduation_date, LEAST((s.graduation_date + INTERVAL '6 months')::date, %(as_of)s) AS six
    FROM core_student s
    WHERE s.institution_id = %(institution)s AND s.graduation_date BETWEEN %(first)s AND %(last)s
),
now_rec AS (
    SELECT DISTINCT ON (r.graduate_id) r.graduate_id, r.status, r.ended_on, r.salary, r.region, r.study_level
    FROM graduates_employmentrecord r JOIN cohort c ON c.id = r.graduate_id
    WHERE r.voided_at IS NULL AND r.started_on <= %(as_of)s
    ORDER BY r.graduate_id, r.started_on DESC, r.created_at DESC, r.id DESC
),
six_rec AS (
    SELECT DISTINCT ON (r.graduate_id) r.graduate_id, r.status, r.ended_on, r.salary, c.six
    FROM graduates_employmentrecord r JOIN cohort c ON c.id = r.graduate_id
    WHERE r.voided_at IS NULL AND r.started_on <= c.six
    ORDER BY r.graduate_id, r.started_on DESC, r.created_at DESC, r.id DESC
),
g AS (
    SELECT c.id,
        CASE WHEN n.graduate_id IS NULL OR n.ended_on < %(as_of)s THEN 'unknown' ELSE n.status END AS status,
        n.salary, n.region, n.study_level,
        CASE WHEN x.graduate_id IS NULL OR x.ended_on < x.six THEN 'unknown' ELSE x.status END AS six_status,
        x.salary AS six_salary
    FROM cohort c LEFT JOIN now_rec n ON n.graduate_id = c.id LEFT JOIN six_rec x ON x.graduate_id = c.id
),
employment AS (
    SELECT
        COUNT(*) AS cohort,
        COUNT(*) FILTER (WHERE status IN ('continuing_education', 'military_service', 'parental_leave')) AS outside,
        COUNT(*) FILTER (WHERE status = 'employed_specialty') AS specialty,
        COUNT(*) FILTER (WHERE status = 'own_business') AS business,
        COUNT(salary) FILTER (WHERE status IN ('employed_specialty', 'employed_other', 'own_business')) AS salaries,
        SUM(salary) FILTER (WHERE status IN ('employed_specialty', 'employed_other', 'own_business')) AS salary_sum,
        ROUND(AVG(salary) FILTER (WHERE status IN ('employed_specialty', 'employed_other', 'own_business'))) AS salary,
        COUNT(*) FILTER (
            WHERE (six_status = 'employed_specialty' AND six_salary >= %(min_salary)s)
               OR (status = 'continuing_education' AND region = 'abroad' AND study_level = 'master')
        ) AS successful
    FROM g
),
campaign AS (
    SELECT c.id, c.headline_question_id, c.min_slice FROM surveys_campaign c
    WHERE c.institution_id = %(institution)s AND c.kind = 'employers' AND c.launched_at IS NOT NULL
      AND c.closes_on <= %(end)s AND c.closes_on > %(end)s - 365
    ORDER BY c.closes_on DESC, c.id DESC LIMIT 1
),
survey AS (
    SELECT COUNT(DISTINCT a.response_id) AS respondents, AVG(a.number) AS mean
    FROM surveys_answer a JOIN surveys_response r ON r.id = a.response_id JOIN campaign c ON c.id = r.campaign_id
    WHERE a.question_id = c.headline_question_id AND r.status = 'submitted' AND r.channel <> 'public'
)
SELECT e.cohort, e.outside, e.specialty, e.business, e.salaries, e.salary_sum, e.salary, e.successful,
    (SELECT COUNT(*) FROM employers_partnershipagreement a JOIN employers_organization o ON o.id = a.organization_id
      WHERE o.institution_id = %(institution)s AND a.kind = 'social_partnership' AND a.valid_from <= %(end)s
        AND (a.valid_until IS NULL OR a.valid_until >= %(end)s)) AS agreements,
    (SELECT COUNT(*) FROM employers_jointunit u JOIN core_department d ON d.id = u.department_id
      JOIN core_faculty f ON f.id = d.faculty_id
      WHERE f.institution_id = %(institution)s AND u.opened_on <= %(end)s
        AND (u.closed_on IS NULL OR u.closed_on > %(end)s)) AS units,
    (SELECT COUNT(*) FROM core_student s
      WHERE s.institution_id = %(institution)s AND s.sponsor_id IS NOT NULL
        AND (s.admission_year IS NULL OR s.admission_year <= %(end_year)s)
        AND (s.graduation_date IS NULL OR s.graduation_date >= %(end)s)
        AND NOT (s.status = 'expelled' AND COALESCE((
            SELECT (MIN(h.history_date) AT TIME ZONE %(tz)s)::date FROM core_historicalstudent h
            WHERE h.id = s.id AND h.status = 'expelled') <= %(end)s, TRUE))) AS targeted,
    (SELECT respondents FROM survey) AS respondents,
    (SELECT CASE WHEN respondents = 0 OR respondents < c.min_slice THEN NULL ELSE ROUND(mean, 2) END
       FROM survey, campaign c) AS score
FROM employment e
"""


def sql_figures(institution: Any, cohort: int, as_of: Any, end: Any, min_salary: int) -> dict[str, Any]:
    """The eight figures from the one statement above, in the reader's terms."""
    import datetime as dt

    from django.conf import settings
    from django.db import connection

    params = {
        "institution": institution.pk, "first": dt.date(cohort, 1, 1), "last": dt.date(cohort, 12, 31),
        "as_of": as_of, "end": end, "end_year": end.year, "min_salary": min_salary, "tz": settings.TIME_ZONE,
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(SQL, params)
        row = cursor.fetchone()
    (cohort_n, outside, specialty, business, salaries, salary_sum, salary, successful,
     agreements, units, targeted, respondents, score) = row  # fmt: skip
    labour = cohort_n - outside

    def share(n: int, d: int) -> Decimal | None:
        return (Decimal(n) / Decimal(d)).quantize(Decimal("0.0001")) if d else None

    return {
        "17.1": (share(specialty, labour), specialty, labour),
        "17.2": (int(salary) if salary is not None else None, int(salary_sum or 0), salaries),
        "17.3": (share(business, labour), business, labour),
        "17.4": (share(successful, cohort_n), successful, cohort_n),
        "17.5": (agreements, agreements, None),
        "17.6": (units, units, None),
        "17.7": (targeted, targeted, None),
        "17.8": (score, respondents if score is not None else None),
    }


def reader_figures(dashboard: Any) -> dict[str, Any]:
    figures = {f.number: (f.value, f.numerator, f.denominator) for f in dashboard.figures}
    value, respondents, _invited = figures["17.8"]
    figures["17.8"] = (value, respondents if value is not None else None)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="postgres://... (a throwaway database) or sqlite:///...")
    parser.add_argument("--graduates", type=int, default=200_000, help="seed_demo's size (default %(default)s)")
    parser.add_argument("--reuse", action="store_true", help="the database is already seeded: do not seed again")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--min-salary", type=int, default=300_000)
    args = parser.parse_args()
    setup_django(args.database_url)

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client, override_settings
    from django.urls import reverse

    if not args.reuse:
        started = time.perf_counter()
        call_command("flush", interactive=False, verbosity=0) if connection.introspection.table_names() else None
        call_command("migrate", verbosity=0)
        print(f"migrate: {time.perf_counter() - started:.1f} s (not counted)")
        started = time.perf_counter()
        call_command("seed_demo", graduates=args.graduates, verbosity=0)
        print(f"seed_demo --graduates {args.graduates:,}: {time.perf_counter() - started:.1f} s (not counted)")
    else:
        call_command("migrate", verbosity=0)

    from mansap.common.indicators import WHOLE
    from mansap.core.models import Institution, Student, User
    from mansap.graduates import indicators as gi
    from mansap.graduates.models import EmploymentRecord, SuccessOutcome
    from mansap.graduates.services.success import set_success_criteria
    from mansap.quality.reports import p17

    institution = Institution.objects.order_by("pk").first()
    if institution is None:
        sys.exit("no institution: run without --reuse to seed the database")
    period = p17.current_period()
    cohort = gi.cohort_of(period)
    cc = User.objects.get(username="cc")
    set_success_criteria(
        institution, cohort, acting_user=cc,
        rules=[
            {"outcome": SuccessOutcome.EMPLOYED_SPECIALTY, "within_months": 6, "min_salary": args.min_salary},
            {"outcome": SuccessOutcome.CONTINUING_EDUCATION, "study_level": "master", "abroad": True},
        ],
    )  # fmt: skip
    studying = EmploymentRecord.objects.filter(status="continuing_education", graduate__graduation_date__year=cohort)
    ids = list(studying.order_by("pk").values_list("pk", flat=True)[::3])
    EmploymentRecord.objects.filter(pk__in=ids).update(study_level="master", region="abroad")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    graduates = Student.objects.graduates().count()
    in_cohort = Student.objects.filter(graduation_date__year=cohort).count()
    print(
        f"{connection.vendor}: {graduates:,} graduates, {EmploymentRecord.objects.count():,} employment records; "
        f"year {period.label} = cohort {cohort} ({in_cohort:,} graduates); median of {args.repeat}"
    )
    scope = p17.Scope(institution, WHOLE, None, str(institution))
    header = f"{'what':<58} {'median ms':>10} {'min ms':>8} {'queries':>8}"

    def row(label: str, median: float, fastest: float, queries: int) -> None:
        print(f"{label:<58} {median:>10.0f} {fastest:>8.0f} {queries:>8}")

    print(header)
    print("-" * len(header))
    r_median, r_min, r_queries, dashboard = measure(args.repeat, lambda: p17.read(scope, period))
    row("quality.reports.p17.read() (page, XLSX, PDF, API reader)", r_median, r_min, r_queries)
    as_of = dashboard.figure("17.1").as_of
    if connection.vendor == "postgresql":
        s_median, s_min, s_queries, by_sql = measure(
            args.repeat, lambda: sql_figures(institution, cohort, as_of, period.end, args.min_salary)
        )
        print(
            f"{'one hand-written SQL aggregate of the same figures':<58} {s_median:>10.0f} {s_min:>8.0f} {s_queries:>8}"
        )
        by_reader = reader_figures(dashboard)
        different = {k: (by_reader[k], by_sql[k]) for k in by_sql if by_reader[k] != by_sql[k]}
        print(f"ratio reader / SQL (median): {r_median / s_median:.1f}×")
        print("same figures: yes" if not different else f"DIFFERENT: {different}")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages, LANGUAGE_CODE="kk"):
        client = Client()
        client.force_login(cc)
        url = reverse("quality:p17_dashboard")
        p_median, p_min, p_queries, response = measure(args.repeat, lambda: client.get(url))
        row(f"the dashboard page as cc ({response.status_code})", p_median, p_min, p_queries)
    for f in dashboard.figures:
        print(f"   KPI-{f.number}: {f.value} ({f.numerator} / {f.denominator}) as of {f.as_of}")


if __name__ == "__main__":
    main()
