"""Deadline rules at their boundaries (R-025, R-026, R-032, R-040) and the compliance page."""

from __future__ import annotations

import datetime as dt
import itertools
from io import StringIO
from types import SimpleNamespace

from django.core import mail
from django.core.management import call_command
from django.test import SimpleTestCase
from django.urls import reverse

from mansap.common.testing import BaseTestCase, make_student
from mansap.practice.reports import deadlines as dl
from mansap.practice.tests.factories import make_base, make_contract, make_placement, make_practice

D = dt.date
_codes = itertools.count(100)


class MonthBeforeTests(SimpleTestCase):
    def test_same_day_of_previous_month(self) -> None:
        self.assertEqual(dl.months_before(D(2026, 6, 1)), D(2026, 5, 1))
        self.assertEqual(dl.months_before(D(2026, 1, 15)), D(2025, 12, 15))

    def test_end_of_month_is_clamped(self) -> None:
        self.assertEqual(dl.months_before(D(2026, 3, 31)), D(2026, 2, 28))
        self.assertEqual(dl.months_before(D(2028, 3, 31)), D(2028, 2, 29))  # leap year
        self.assertEqual(dl.months_before(D(2026, 3, 29)), D(2026, 2, 28))
        self.assertEqual(dl.months_before(D(2026, 5, 31)), D(2026, 4, 30))
        self.assertEqual(dl.months_before(D(2026, 7, 31)), D(2026, 6, 30))

    def test_deadlines(self) -> None:
        self.assertEqual(dl.contract_deadline(D(2026, 3, 31)), D(2026, 2, 28))
        self.assertEqual(dl.package_deadline(D(2026, 6, 1)), D(2026, 5, 1))
        self.assertEqual(dl.referral_deadline(D(2026, 6, 1)), D(2026, 5, 25))


class WarningWindowTests(SimpleTestCase):
    start = D(2026, 6, 1)

    def test_46_days_no_warning(self) -> None:
        self.assertIsNone(dl.contract_warning_level(self.start, self.start - dt.timedelta(days=46)))

    def test_exactly_45_days_first_warning(self) -> None:
        self.assertEqual(dl.contract_warning_level(self.start, self.start - dt.timedelta(days=45)), 45)
        self.assertEqual(dl.contract_warning_level(self.start, self.start - dt.timedelta(days=36)), 45)

    def test_exactly_35_days_second_warning(self) -> None:
        self.assertEqual(dl.contract_warning_level(self.start, self.start - dt.timedelta(days=35)), 35)

    def test_block_from_the_deadline_on(self) -> None:
        deadline = dl.contract_deadline(self.start)  # 1 May: 31 days before 1 June
        self.assertFalse(dl.order_blocked_by_date(self.start, deadline - dt.timedelta(days=1)))
        self.assertTrue(dl.order_blocked_by_date(self.start, deadline))

    def test_block_after_end_of_month_deadline(self) -> None:
        start = D(2026, 3, 31)
        self.assertFalse(dl.order_blocked_by_date(start, D(2026, 2, 27)))
        self.assertTrue(dl.order_blocked_by_date(start, D(2026, 2, 28)))


class ContractOnTimeTests(SimpleTestCase):
    def test_signed_on_the_deadline_counts(self) -> None:
        self.assertTrue(
            dl.contract_on_time(D(2026, 5, 1), D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1), D(2026, 6, 27))
        )

    def test_signed_a_day_late_does_not(self) -> None:
        self.assertFalse(
            dl.contract_on_time(D(2026, 5, 2), D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1), D(2026, 6, 27))
        )

    def test_end_of_month(self) -> None:
        args = (D(2026, 1, 1), D(2026, 12, 31), D(2026, 3, 31), D(2026, 4, 20))
        self.assertTrue(dl.contract_on_time(D(2026, 2, 28), *args))
        self.assertFalse(dl.contract_on_time(D(2026, 3, 1), *args))

    def test_must_cover_the_whole_practice(self) -> None:
        self.assertFalse(
            dl.contract_on_time(D(2026, 1, 5), D(2026, 1, 1), D(2026, 6, 20), D(2026, 6, 1), D(2026, 6, 27))
        )
        self.assertFalse(
            dl.contract_on_time(D(2026, 1, 5), D(2026, 6, 2), D(2026, 12, 1), D(2026, 6, 1), D(2026, 6, 27))
        )

    def test_unsigned_never_counts(self) -> None:
        self.assertFalse(dl.contract_on_time(None, D(2026, 1, 1), D(2026, 12, 31), D(2026, 6, 1), D(2026, 6, 27)))


class ItemStatusTests(SimpleTestCase):
    due = D(2026, 5, 25)

    def test_done_on_the_due_day_is_ok(self) -> None:
        self.assertEqual(dl.item_status(self.due, self.due, D(2026, 6, 10)), dl.OK)

    def test_done_a_day_late_is_late(self) -> None:
        self.assertEqual(dl.item_status(self.due, self.due + dt.timedelta(days=1), D(2026, 6, 10)), dl.LATE)

    def test_not_done_on_due_day_is_warning_then_overdue(self) -> None:
        self.assertEqual(dl.item_status(self.due, None, self.due), dl.WARNING)
        self.assertEqual(dl.item_status(self.due, None, self.due + dt.timedelta(days=1)), dl.OVERDUE)

    def test_pending_until_a_week_before(self) -> None:
        self.assertEqual(dl.item_status(self.due, None, self.due - dt.timedelta(days=8)), dl.PENDING)
        self.assertEqual(dl.item_status(self.due, None, self.due - dt.timedelta(days=7)), dl.WARNING)


class PracticeComplianceTests(SimpleTestCase):
    start, end = D(2026, 6, 1), D(2026, 6, 27)

    def compute(self, today: dt.date, *, signed: dt.date | None, sent: dt.date | None, referral: dt.date | None,
                report: dt.date | None = None) -> dl.Compliance:  # fmt: skip
        base = SimpleNamespace(pk=1)
        placement = SimpleNamespace(referral_issued_on=referral, report_submitted_on=report)
        contracts = {1: [dl.ContractFact(signed, D(2026, 1, 1), D(2027, 1, 1))]} if signed else {}
        return dl.practice_compliance(
            starts_on=self.start, ends_on=self.end, reports_due=self.end + dt.timedelta(days=7), today=today,
            bases=[base], contracts_by_base=contracts, package_sent_by_base={1: sent}, placements=[placement],
        )  # fmt: skip

    def test_everything_on_time(self) -> None:
        result = self.compute(D(2026, 5, 28), signed=D(2026, 5, 1), sent=D(2026, 5, 1), referral=D(2026, 5, 25))
        self.assertEqual([i.status for i in result.items], [dl.OK, dl.OK, dl.OK])
        self.assertIsNone(result.warning_level)
        self.assertEqual(result.red, 0)

    def test_everything_late_is_red(self) -> None:
        result = self.compute(
            D(2026, 7, 10), signed=D(2026, 5, 2), sent=D(2026, 5, 2), referral=D(2026, 5, 26), report=D(2026, 7, 5)
        )
        self.assertEqual([i.status for i in result.items], [dl.LATE, dl.LATE, dl.LATE, dl.LATE])
        self.assertEqual(result.red, 4)

    def test_report_on_the_due_day_is_on_time(self) -> None:
        result = self.compute(D(2026, 7, 10), signed=D(2026, 5, 1), sent=D(2026, 5, 1), referral=D(2026, 5, 25),
                              report=D(2026, 7, 4))  # fmt: skip
        self.assertEqual(result.by_kind("report")[0].status, dl.OK)

    def test_missing_contract_warns_at_45_and_35_days(self) -> None:
        self.assertIsNone(
            self.compute(self.start - dt.timedelta(days=46), signed=None, sent=None, referral=None).warning_level
        )
        at45 = self.compute(self.start - dt.timedelta(days=45), signed=None, sent=None, referral=None)
        self.assertEqual(at45.warning_level, 45)
        self.assertEqual(at45.by_kind("contract")[0].status, dl.WARNING)
        at35 = self.compute(self.start - dt.timedelta(days=35), signed=None, sent=None, referral=None)
        self.assertEqual(at35.warning_level, 35)

    def test_missing_contract_overdue_after_deadline(self) -> None:
        result = self.compute(D(2026, 5, 2), signed=None, sent=None, referral=None)
        self.assertEqual(result.by_kind("contract")[0].status, dl.OVERDUE)
        self.assertEqual(result.by_kind("package")[0].status, dl.OVERDUE)
        self.assertEqual(result.by_kind("referral")[0].status, dl.PENDING)


class DeadlineMailTests(BaseTestCase):
    """The daily command mails a department exactly at T−45 and T−35 when a base lacks a timely contract."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.aigerim.email = "aigerim@example.kz"
        cls.aigerim.save()
        cls.practice = make_practice(cls.program_a, starts_on=D(2026, 6, 1))
        cls.base = make_base(cls.institution, programs=[cls.program_a])
        make_placement(cls.practice, make_student(cls.program_a), cls.base)

    def run_on(self, day: dt.date) -> int:
        mail.outbox.clear()
        call_command("practice_deadlines", date=day.isoformat(), stdout=StringIO())
        return len(mail.outbox)

    def test_mails_at_45_and_35_days_only(self) -> None:
        start = self.practice.starts_on
        self.assertEqual(self.run_on(start - dt.timedelta(days=46)), 0)
        self.assertEqual(self.run_on(start - dt.timedelta(days=45)), 1)
        self.assertEqual(self.run_on(start - dt.timedelta(days=44)), 0)
        self.assertEqual(self.run_on(start - dt.timedelta(days=35)), 1)
        self.assertIn(str(self.base), mail.outbox[0].body)

    def test_no_mail_with_a_timely_contract(self) -> None:
        make_contract(self.base, signed_on=D(2026, 1, 10), valid_from=D(2026, 1, 1))
        self.assertEqual(self.run_on(self.practice.starts_on - dt.timedelta(days=45)), 0)


class CompliancePageQueryTests(BaseTestCase):
    """The compliance page costs the same with 2 or 20 practices."""

    def add(self, n: int) -> None:
        from mansap.core.tests.factories import EducationalProgramFactory

        for _ in range(n):
            program = EducationalProgramFactory(department=self.dept_a, code=f"6B08{next(_codes):03d}")
            practice = make_practice(program, kind="educational")
            base = make_base(self.institution, programs=[program])
            make_contract(base)
            make_placement(practice, make_student(program), base)

    def count(self) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(reverse("practice:compliance") + "?academic_year=")
        self.assertEqual(response.status_code, 200)
        return len(captured.captured_queries)

    def test_bounded(self) -> None:
        self.client.force_login(self.cc)
        self.add(2)
        self.count()
        few = self.count()
        self.add(18)
        self.assertEqual(few, self.count())
