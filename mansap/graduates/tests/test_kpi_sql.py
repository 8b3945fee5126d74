"""The KPIs computed by the database (#19): a fixed number of queries, the same figures as a Python reference
on random career histories, and the figures' cache that follows every write at once."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import Student
from mansap.core.signals import students_written
from mansap.graduates.choices import EMPLOYED, EmploymentStatus
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.reports import analytics
from mansap.graduates.services.cohorts import record_graduation
from mansap.graduates.services.records import record_employment, void_record
from mansap.graduates.tests.factories import EmptyCache

D = dt.date
GRADUATED = D(2025, 6, 30)
AS_OF = D(2026, 3, 1)


def record(graduate: Student, user: Any, status: str, started_on: dt.date, **fields: Any) -> EmploymentRecord:
    return record_employment(
        graduate, acting_user=user, status=status, started_on=started_on, channel="telephone", **fields
    )


def reference_kpis(graduates: Any, as_of: dt.date) -> dict[str, Any]:
    """The rule in plain Python over every record (what snapshots() did before #19)."""
    ids = set(graduates.values_list("pk", flat=True))
    latest: dict[int, tuple[Any, ...]] = {}
    for row in (
        EmploymentRecord.objects.valid()
        .filter(graduate__in=ids, started_on__lte=as_of)
        .values_list("graduate_id", "started_on", "created_at", "pk", "status", "ended_on", "salary")
    ):
        if row[0] not in latest or row[1:4] > latest[row[0]][1:4]:
            latest[row[0]] = row
    statuses: Counter[str] = Counter()
    salaries = []
    for graduate_id in ids:
        row = latest.get(graduate_id)
        if row is None or (row[5] is not None and row[5] < as_of):
            statuses[EmploymentStatus.UNKNOWN] += 1
            continue
        statuses[row[4]] += 1
        if row[6] is not None and row[4] in EMPLOYED:
            salaries.append(row[6])
    return analytics.kpis_from_counts(statuses, salaries)


class QueryCountTests(BaseTestCase):
    """compute_kpis, analyse and cohort_trend cost the same number of queries for 2 graduates and for 20."""

    def add(self, count: int) -> None:
        for i in range(count):
            graduate = make_student(self.program_a if i % 2 else self.program_b, graduation_date=GRADUATED)
            record(graduate, self.cc, "employed_specialty", D(2025, 8, 1), salary=300_000 + i)
            record(graduate, self.cc, "employed_other", D(2025, 12, 1), salary=200_000 + i)

    def count(self, call: Any) -> int:
        with CaptureQueriesContext(connection) as captured:
            call()
        return len(captured.captured_queries)

    def test_fixed_number_of_queries(self) -> None:
        cohort = Student.objects.graduates().filter(graduation_date__year=2025)
        rounds = [("r1", "Round 1", D(2025, 10, 1)), ("r2", "Round 2", D(2026, 1, 10))]
        calls = {
            "compute_kpis": (lambda: analytics.compute_kpis(cohort, AS_OF), 2),
            "analyse": (lambda: analytics.analyse(cohort, as_of=AS_OF, dimension="faculty", rounds=rounds), 3),
            "cohort_trend": (lambda: analytics.cohort_trend(Student.objects.graduates(), {2025: AS_OF}), 1),
        }
        self.add(2)
        few = {name: self.count(call) for name, (call, _expected) in calls.items()}
        self.add(18)
        for name, (call, expected) in calls.items():
            with self.subTest(name):
                self.assertEqual(few[name], expected)
                self.assertEqual(self.count(call), expected)
        kpis = analytics.compute_kpis(cohort, AS_OF)
        self.assertEqual(kpis["counts"]["cohort"], 20)
        self.assertEqual(kpis["status_counts"]["employed_other"], 20)
        # salaries 200 000, 200 001 (the first two) and 200 000..200 017: mean 200 007.7 -> 200 008; median
        # (200 007 + 200 008) / 2 = 200 007.5 -> 200 008 (half up)
        self.assertEqual((kpis["average_salary"], kpis["median_salary"]), (200_008, 200_008))


class RandomHistoriesTests(BaseTestCase):
    """Random histories (same-day ties broken by created_at then pk, ended records): the database's figures
    equal the Python reference, for compute_kpis, analyse (every round's date and every slice) and snapshot."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        rng = random.Random(19)
        statuses = list(EmploymentStatus.values)
        statuses.remove(EmploymentStatus.UNKNOWN)
        stamp = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
        records = []
        for i in range(60):
            graduate = make_student(cls.program_a if i % 3 else cls.program_b, graduation_date=GRADUATED)
            periods = rng.choice((0, 1, 2, 3, 4))
            for n in range(periods):
                started = rng.choice((D(2025, 9, 1), GRADUATED + dt.timedelta(days=rng.randint(-20, 400))))
                still_open = n == periods - 1 and rng.random() < 0.6
                status = rng.choice(statuses)
                records.append(
                    EmploymentRecord(
                        graduate=graduate,
                        status=status,
                        started_on=started,
                        ended_on=None if still_open else started + dt.timedelta(days=rng.randint(0, 200)),
                        salary=rng.choice((150_000, 200_001, 333_333)) if status in EMPLOYED else None,
                        channel="telephone",
                    )
                )
        EmploymentRecord.objects.bulk_create(records)
        for row in EmploymentRecord.objects.all():
            EmploymentRecord.objects.filter(pk=row.pk).update(
                created_at=stamp if rng.random() < 0.5 else stamp + dt.timedelta(seconds=rng.randint(-900, 900))
            )

    def test_same_figures_as_the_python_reference(self) -> None:
        cohort = Student.objects.graduates().filter(graduation_date__year=2025)
        days = [D(2025, 8, 31), D(2025, 9, 1), D(2025, 12, 31), AS_OF, D(2026, 8, 1)]
        rounds = [(i, f"r{i}", day) for i, day in enumerate(days[1:])]
        for dimension in ("department", "funding"):
            analysis = analytics.analyse(cohort, as_of=days[0], dimension=dimension, rounds=rounds)
            self.assertEqual(analysis.kpis, reference_kpis(cohort, days[0]))
            for point, day in zip(analysis.round_trend, days[1:], strict=True):
                with self.subTest(dimension=dimension, day=day):
                    self.assertEqual(point.kpis, reference_kpis(cohort, day))
            self.assertEqual(analysis.breakdown, analytics.breakdown(analysis.snapshot, dimension))
        for day in days:
            with self.subTest(day=day):
                expected = reference_kpis(cohort, day)
                self.assertEqual(analytics.compute_kpis(cohort, day), expected)
                self.assertEqual(analytics.kpis_from_snapshot(analytics.snapshot(cohort, day)), expected)
        a = cohort.filter(program=self.program_a)
        self.assertEqual(analytics.compute_kpis(a, AS_OF), reference_kpis(a, AS_OF))


@override_settings(MANSAP_KPI_CACHE=True)
class CacheTests(EmptyCache, BaseTestCase):
    """The figures come from the cache until a record or a graduate of the cohort changes, then at once anew."""

    def setUp(self) -> None:
        super().setUp()
        self.graduate = make_student(self.program_a, graduation_date=GRADUATED)
        self.other = make_student(self.program_b, graduation_date=GRADUATED)
        record(self.graduate, self.cc, "employed_specialty", D(2025, 8, 1), salary=300_000)

    def cohort(self) -> Any:
        return Student.objects.graduates().filter(graduation_date__year=2025)

    def employed(self) -> int:
        return analytics.compute_kpis(self.cohort(), AS_OF)["counts"]["employed"]

    def test_served_from_the_cache(self) -> None:
        self.assertEqual(self.employed(), 1)
        with self.assertNumQueries(1):  # the cohort counted (the key); the records are not read
            self.assertEqual(self.employed(), 1)
        trend = analytics.cohort_trend(Student.objects.graduates(), {2025: AS_OF})
        with self.assertNumQueries(0):  # the cohorts are given: nothing to read for the key
            self.assertEqual(analytics.cohort_trend(Student.objects.graduates(), {2025: AS_OF}), trend)

    def test_a_new_record_changes_the_figure_at_once(self) -> None:
        self.assertEqual(self.employed(), 1)
        record(self.other, self.cc, "own_business", D(2025, 9, 1))
        self.assertEqual(self.employed(), 2)
        trend = analytics.cohort_trend(Student.objects.graduates(), {2025: AS_OF})
        self.assertEqual(trend[0].kpis["counts"]["employed"], 2)
        analysis = analytics.analyse(self.cohort(), as_of=AS_OF)
        self.assertEqual(analysis.kpis["counts"]["employed"], 2)
        record(self.other, self.cc, "unemployed_seeking", D(2025, 10, 1))
        self.assertEqual(self.employed(), 1)
        self.assertEqual(analytics.analyse(self.cohort(), as_of=AS_OF).kpis["counts"]["employed"], 1)
        self.assertEqual(
            analytics.cohort_trend(Student.objects.graduates(), {2025: AS_OF})[0].kpis["counts"]["employed"], 1
        )

    def test_voiding_a_record_changes_the_figure(self) -> None:
        self.assertEqual(self.employed(), 1)
        void_record(self.graduate.employment_records.get(), acting_user=self.cc, reason="typed in the wrong row")
        self.assertEqual(self.employed(), 0)

    def test_a_graduation_and_a_bulk_write_change_the_figure(self) -> None:
        self.assertEqual(analytics.compute_kpis(self.cohort(), AS_OF)["counts"]["cohort"], 2)
        student = make_student(self.program_a)
        record_graduation(student, graduation_date=GRADUATED, acting_user=self.cc)
        self.assertEqual(analytics.compute_kpis(self.cohort(), AS_OF)["counts"]["cohort"], 3)
        by_a = self.cohort().filter(program=self.program_a)
        self.assertEqual(analytics.compute_kpis(by_a, AS_OF)["counts"]["cohort"], 2)
        Student.objects.filter(pk=student.pk).update(program=self.program_b)
        self.assertEqual(analytics.compute_kpis(by_a, AS_OF)["counts"]["cohort"], 1)  # another count: another key
        EmploymentRecord.objects.filter(graduate=self.graduate).update(status="employed_other")
        stale = analytics.compute_kpis(self.cohort(), AS_OF)["status_counts"]["employed_specialty"]
        self.assertEqual(stale, 1)  # a bulk update no signal reports is not seen ...
        students_written.send(sender=Student, students=[])
        fresh = analytics.compute_kpis(self.cohort(), AS_OF)["status_counts"]["employed_specialty"]
        self.assertEqual(fresh, 0)  # ... until the bulk writer says so (the people import sends students_written)

    def test_off_with_a_per_process_cache(self) -> None:
        with override_settings(MANSAP_KPI_CACHE=None):
            from mansap.graduates import kpi_cache

            self.assertFalse(kpi_cache.enabled())  # the tests' LocMemCache: each process its own
