"""cohort_trend() (one aggregated SQL query) against compute_kpis() cohort by cohort, on random career histories."""

from __future__ import annotations

import datetime as dt
import random

from django.db import connection
from django.test.utils import CaptureQueriesContext

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import Student
from mansap.graduates.choices import EmploymentStatus
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.reports import analytics

D = dt.date
YEARS = (2022, 2023, 2024, 2025)


class RandomTrendTests(BaseTestCase):
    """Random histories: same-day ties (broken by created_at, then pk), ended records, salaries, no records."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        rng = random.Random(20261121)
        statuses = list(EmploymentStatus.values)
        stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        records = []
        for i in range(90):
            year = YEARS[i % len(YEARS)]
            graduated = D(year, rng.choice((1, 6, 12)), rng.choice((1, 15, 28)))
            program = cls.program_a if rng.random() < 0.6 else cls.program_b
            graduate = make_student(program, graduation_date=graduated)
            periods = rng.choice((0, 1, 1, 2, 3, 4))
            for n in range(periods):
                status = rng.choice(statuses)
                started = rng.choice(  # many same-day ties
                    (graduated + dt.timedelta(days=rng.randint(-30, 500)), graduated + dt.timedelta(days=100))
                )
                # at most one open record per graduate (a database constraint)
                still_open = n == periods - 1 and rng.random() < 0.6
                ended = None if still_open else started + dt.timedelta(days=rng.randint(0, 300))
                employed = status in analytics.EMPLOYED
                salary = rng.choice((150_000, 200_001, 333_333, 500_000)) if employed and rng.random() < 0.7 else None
                records.append(
                    EmploymentRecord(
                        graduate=graduate,
                        status=status,
                        started_on=started,
                        ended_on=ended,
                        salary=salary,
                        channel="telephone",
                    )
                )
        EmploymentRecord.objects.bulk_create(records)
        # Give many records the same created_at, so pk has to break some ties.
        for record in EmploymentRecord.objects.all():
            same = rng.random() < 0.5
            EmploymentRecord.objects.filter(pk=record.pk).update(
                created_at=stamp if same else stamp + dt.timedelta(seconds=rng.randint(-5000, 5000))
            )

    def assert_trend_matches(self, graduates: object, cohorts: dict[int, dt.date]) -> None:
        trend = analytics.cohort_trend(graduates, cohorts)
        self.assertEqual([(p.key, p.as_of) for p in trend], sorted(cohorts.items()))
        for point in trend:
            with self.subTest(cohort=point.key, as_of=point.as_of):
                old = analytics.compute_kpis(graduates.filter(graduation_date__year=point.key), point.as_of)
                self.assertEqual(point.kpis, old)

    def test_same_figures_as_compute_kpis(self) -> None:
        rng = random.Random(7)
        graduates = Student.objects.graduates()
        checked = 0
        for _ in range(12):
            cohorts = {
                year: D(year, 6, 28) + dt.timedelta(days=rng.randint(-10, 700))
                for year in rng.sample(YEARS, rng.randint(1, len(YEARS)))
            }
            self.assert_trend_matches(graduates, cohorts)
            checked += 1
        self.assertEqual(checked, 12)
        self.assertTrue(EmploymentRecord.objects.filter(salary__isnull=False).exists())

    def test_scoped_and_filtered_graduates(self) -> None:
        cohorts = {year: D(year + 1, 6, 28) for year in YEARS}
        for user in (self.cc, self.aigerim, self.dana):
            with self.subTest(user=user.username):
                self.assert_trend_matches(Student.objects.for_user(user).graduates(), cohorts)
        self.assert_trend_matches(Student.objects.graduates().filter(program=self.program_b), cohorts)

    def test_boundaries_of_a_record(self) -> None:
        """As of the day a record starts it counts; as of the day it ends it still counts; the day after not."""
        record = EmploymentRecord.objects.filter(ended_on__isnull=False).order_by("pk").first()
        assert record is not None
        year = record.graduate.graduation_date.year
        for day in (record.started_on - dt.timedelta(days=1), record.started_on, record.ended_on,
                    record.ended_on + dt.timedelta(days=1)):  # fmt: skip
            self.assert_trend_matches(Student.objects.graduates(), {year: day})

    def test_one_query_whatever_the_number_of_cohorts(self) -> None:
        graduates = Student.objects.graduates()
        for count in (1, len(YEARS)):
            with CaptureQueriesContext(connection) as captured:
                analytics.cohort_trend(graduates, {year: D(2026, 1, 1) for year in YEARS[:count]})
            self.assertEqual(len(captured.captured_queries), 1)
        self.assertEqual(analytics.cohort_trend(graduates, {}), [])

    def test_a_cohort_without_graduates(self) -> None:
        (point,) = analytics.cohort_trend(Student.objects.graduates(), {1999: D(2000, 6, 1)})
        self.assertEqual(point.kpis["counts"]["cohort"], 0)
        self.assertIsNone(point.kpis["employment_rate"])
        self.assertEqual(point.kpis, analytics.compute_kpis(Student.objects.none(), D(2000, 6, 1)))
