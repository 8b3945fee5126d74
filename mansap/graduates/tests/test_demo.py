"""The employment demo data: the record invariants hold, KPIs are plausible, the same seed gives the same data."""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import random
from collections import defaultdict

from django.test import TestCase

from mansap import demo
from mansap.core.choices import Funding, Sex
from mansap.core.demo import demo_institution
from mansap.core.models import AcademicYear, Student
from mansap.graduates import demo as graduates_demo
from mansap.graduates.choices import EMPLOYED, EmploymentStatus
from mansap.graduates.models import (
    AssistanceAction,
    CollectionRound,
    ContactAttempt,
    EmploymentRecord,
    GrantObligation,
    RoundSubmission,
    SelfReport,
)
from mansap.graduates.reports import analytics

TODAY = dt.date(2026, 3, 15)  # in academic year 2025-2026: rounds 1 and 2 are past, 3 and 4 ahead
GRADUATES = 400
SEED = 11


def fingerprint() -> list[tuple]:
    return list(
        EmploymentRecord.objects.order_by("graduate__iin", "started_on").values_list(
            "graduate__iin", "status", "started_on", "ended_on", "employer_name", "employer_bin", "position",
            "region", "salary", "channel", "created_at",
        )
    )  # fmt: skip


class EmploymentDemoTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.result = demo.build_demo(graduates=GRADUATES, seed=SEED, today=TODAY)
        cls.institution = cls.result.institution

    def test_counts_are_reported(self) -> None:
        counts = self.result.counts
        self.assertEqual(counts["employment_records"], EmploymentRecord.objects.count())
        self.assertGreater(counts["employment_records"], GRADUATES)
        for name in ("contact_attempts", "assistance_actions", "grant_obligations", "collection_rounds",
                     "round_submissions", "self_reports"):  # fmt: skip
            self.assertGreater(counts[name], 0, name)

    def test_record_invariants(self) -> None:
        by_graduate: dict[int, list[EmploymentRecord]] = defaultdict(list)
        for record in EmploymentRecord.objects.order_by("graduate_id", "started_on").select_related("graduate"):
            by_graduate[record.graduate_id].append(record)
            self.assertLessEqual(record.started_on, TODAY)
            self.assertGreater(record.started_on, record.graduate.graduation_date)
            if record.salary is not None:
                self.assertIn(record.status, EMPLOYED)
                self.assertTrue(180_000 <= record.salary <= 650_000, record.salary)
            if record.organization_id:
                self.assertEqual(record.employer_bin, record.organization.bin)
            record.full_clean(validate_constraints=False)  # what the service would accept
        for records in by_graduate.values():
            self.assertLessEqual(len(records), 3)
            self.assertEqual([r.ended_on for r in records].count(None), 1)  # exactly one open: the last
            self.assertIsNone(records[-1].ended_on)
            for earlier, later in itertools.pairwise(records):
                self.assertLess(earlier.started_on, later.started_on)
                self.assertEqual(earlier.ended_on, later.started_on - dt.timedelta(days=1))
                self.assertGreaterEqual(earlier.ended_on, earlier.started_on)
        without = Student.objects.graduates().filter(employment_records__isnull=True).count()
        self.assertTrue(0.03 * GRADUATES <= without <= 0.2 * GRADUATES, without)

    def test_statuses_are_realistic(self) -> None:
        records = EmploymentRecord.objects.select_related("graduate")
        military = records.filter(status=EmploymentStatus.MILITARY_SERVICE)
        self.assertGreater(
            military.filter(graduate__sex=Sex.MALE).count(), 2 * military.filter(graduate__sex=Sex.FEMALE).count()
        )
        self.assertFalse(records.filter(status=EmploymentStatus.PARENTAL_LEAVE, graduate__sex=Sex.MALE).exists())
        self.assertGreater(
            records.filter(status=EmploymentStatus.UNEMPLOYED_SEEKING, ended_on__isnull=False).count(), 0
        )
        self.assertGreater(len(set(records.values_list("channel", flat=True))), 4)
        self.assertGreater(records.exclude(organization=None).count(), 0)
        self.assertGreater(records.filter(organization=None).exclude(employer_name="").count(), 0)
        regions = list(records.exclude(region="").values_list("region", flat=True))
        self.assertEqual(max(set(regions), key=regions.count), "astana")  # fmt: skip

    def test_kpis_are_plausible(self) -> None:
        newest = TODAY.year - 1 if TODAY.month < 9 else TODAY.year
        for cohort in range(newest - 3, newest + 1):
            kpis = analytics.compute_kpis(Student.objects.graduates().filter(graduation_date__year=cohort), TODAY)
            for name in analytics.RATE_NAMES + analytics.SALARY_NAMES:
                self.assertIsNotNone(kpis[name], (cohort, name))
            self.assertTrue(0.7 <= kpis["knowledge_rate"] <= 0.97, (cohort, kpis["knowledge_rate"]))
            low = 0.25 if cohort == newest else 0.5
            self.assertTrue(low <= kpis["employment_rate"] <= 0.9, (cohort, kpis["employment_rate"]))
            self.assertLess(kpis["employment_by_specialty_rate"], kpis["employment_rate"])
            self.assertTrue(180_000 <= kpis["average_salary"] <= 650_000)

    def test_rounds_follow_the_calendar(self) -> None:
        year = AcademicYear.objects.get(is_current=True)
        self.assertEqual(year.start_year, 2025)
        rounds = list(CollectionRound.objects.filter(academic_year=year).order_by("number"))
        february = dt.date(2026, 2, calendar.monthrange(2026, 2)[1])
        self.assertEqual(
            [(r.number, r.cohort, r.deadline, r.platonus_deadline) for r in rounds],
            [
                (1, 2025, dt.date(2025, 9, 30), dt.date(2025, 10, 1)),
                (2, 2025, dt.date(2025, 11, 30), dt.date(2025, 12, 1)),
                (3, 2025, february, dt.date(2026, 3, 1)),
                (4, 2025, dt.date(2026, 4, 30), None),
            ],
        )
        self.assertEqual([r.is_closed for r in rounds], [True, True, True, False])
        self.assertTrue(all(r.platonus_registered_at for r in rounds[:3]))
        self.assertTrue(RoundSubmission.objects.filter(collection_round__in=rounds[:3]).exists())
        self.assertTrue(EmploymentRecord.objects.filter(collection_round__in=rounds).exists())

    def test_contacts_obligations_and_self_reports(self) -> None:
        for attempt in ContactAttempt.objects.select_related("graduate"):
            self.assertTrue(attempt.graduate.graduation_date < attempt.contacted_on <= TODAY)
        obligations = GrantObligation.objects.select_related("graduate")
        self.assertEqual(
            {(o.graduate.funding, o.graduate.graduation_date.year) for o in obligations}, {(Funding.GRANT, 2025)}
        )
        self.assertEqual(
            obligations.count(),
            Student.objects.graduates().filter(funding=Funding.GRANT, graduation_date__year=2025).count(),
        )
        self.assertTrue(all(o.referral_date <= TODAY for o in obligations))
        reports = SelfReport.objects.all()
        self.assertTrue(0 < reports.count() <= 6)
        self.assertEqual(set(reports.values_list("review_status", flat=True)), {"pending"})
        self.assertTrue(AssistanceAction.objects.exists())

    def test_seeding_again_adds_nothing(self) -> None:
        before = EmploymentRecord.objects.count()
        self.assertEqual(graduates_demo.seed(self.institution, rng=random.Random(1), today=TODAY), {})
        self.assertEqual(EmploymentRecord.objects.count(), before)

    def test_same_seed_same_data_and_flush(self) -> None:
        before = fingerprint()
        demo.flush_demo(self.institution)
        self.assertFalse(EmploymentRecord.objects.exists() or CollectionRound.objects.exists())
        demo.build_demo(graduates=GRADUATES, seed=SEED, today=TODAY)
        self.assertEqual(fingerprint(), before)
        demo.flush_demo(demo_institution())
        demo.build_demo(graduates=GRADUATES, seed=SEED + 1, today=TODAY)
        self.assertNotEqual(fingerprint(), before)
