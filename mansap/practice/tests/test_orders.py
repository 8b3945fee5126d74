"""The submission for the rector's order: the contract block at the deadline, the Career Center's
override, recording the order; the company package."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.choices import Position
from mansap.practice.choices import PlacementStatus
from mansap.practice.services import placements as svc
from mansap.practice.tests.factories import make_base, make_contract, make_employee, make_placement, make_practice

START = dt.date(2026, 3, 31)  # deadline: 28 February 2026 (end of month)


class SubmitOrderTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a, starts_on=START)
        cls.base = make_base(cls.institution, programs=[cls.program_a])
        cls.teacher = make_employee(cls.dept_a, Position.PROFESSOR)
        cls.placement = make_placement(cls.practice, make_student(cls.program_a), cls.base, supervisor=cls.teacher)

    def submit(self, today: dt.date, user=None, reason: str = ""):  # type: ignore[no-untyped-def]
        return svc.submit_order(self.practice, acting_user=user or self.aigerim, today=today, override_reason=reason)

    def test_without_contract_allowed_before_the_deadline(self) -> None:
        order = self.submit(dt.date(2026, 2, 27))
        self.assertEqual(order.submitted_on, dt.date(2026, 2, 27))
        self.assertEqual(order.override_reason, "")

    def test_without_contract_blocked_on_the_deadline(self) -> None:
        with self.assertRaises(ValidationError):
            self.submit(dt.date(2026, 2, 28))

    def test_contract_signed_on_the_deadline_passes(self) -> None:
        make_contract(self.base, signed_on=dt.date(2026, 2, 28), valid_from=dt.date(2026, 1, 1))
        self.submit(dt.date(2026, 3, 10))

    def test_contract_signed_a_day_late_blocks(self) -> None:
        make_contract(self.base, signed_on=dt.date(2026, 3, 1), valid_from=dt.date(2026, 1, 1))
        with self.assertRaises(ValidationError):
            self.submit(dt.date(2026, 3, 10))

    def test_override_only_by_the_career_center_with_a_reason(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            self.submit(dt.date(2026, 3, 10), self.aigerim, "please")
        self.assertIn("override_reason", caught.exception.message_dict)
        with self.assertRaises(ValidationError):
            self.submit(dt.date(2026, 3, 10), self.cc, "  ")
        order = self.submit(dt.date(2026, 3, 10), self.cc, "The company signs on 12 March")
        self.assertEqual(order.override_by, self.cc)

    def test_proposed_or_unsupervised_placements_block(self) -> None:
        make_contract(self.base, signed_on=dt.date(2026, 1, 5), valid_from=dt.date(2026, 1, 1))
        other = make_placement(self.practice, make_student(self.program_a), self.base, supervisor=None,
                               status=PlacementStatus.PROPOSED)  # fmt: skip
        with self.assertRaises(ValidationError) as caught:
            self.submit(dt.date(2026, 3, 1))
        self.assertEqual(len(caught.exception.messages), 2)
        other.status = PlacementStatus.CANCELLED
        other.save()
        self.submit(dt.date(2026, 3, 1))

    def test_record_order_links_placements(self) -> None:
        order = self.submit(dt.date(2026, 2, 20))
        with self.assertRaises(ValidationError):
            svc.record_order(order, "", dt.date(2026, 2, 21), acting_user=self.aigerim)
        with self.assertRaises(ValidationError):
            svc.record_order(order, "12", dt.date(2026, 2, 19), acting_user=self.aigerim)
        svc.record_order(order, "12-П", dt.date(2026, 2, 25), acting_user=self.aigerim)
        self.placement.refresh_from_db()
        self.assertEqual(self.placement.order, order)

    def test_package(self) -> None:
        package = svc.record_package(self.practice, self.base, acting_user=self.aigerim, sent_on=dt.date(2026, 2, 20))
        self.assertEqual(package.sent_on, dt.date(2026, 2, 20))
        with self.assertRaises(ValidationError):
            svc.record_package(self.practice, self.base, acting_user=self.aigerim, sent_on=dt.date(2026, 2, 20),
                               approved_on=dt.date(2026, 2, 19))  # fmt: skip
        stranger = make_base(self.institution, programs=[self.program_a])
        with self.assertRaises(ValidationError):
            svc.record_package(self.practice, stranger, acting_user=self.aigerim, sent_on=dt.date(2026, 2, 20))

    def test_compliance_for_uses_the_rules(self) -> None:
        make_contract(self.base, signed_on=dt.date(2026, 3, 1), valid_from=dt.date(2026, 1, 1))
        result = svc.compliance_for([self.practice], dt.date(2026, 3, 5))[self.practice.pk]
        self.assertEqual(result.by_kind("contract")[0].status, "late")
        self.assertEqual(result.by_kind("package")[0].status, "overdue")
