"""Placements: the hard rules of place_student (vetting gate, Major not Minor, cycle, capacity,
one per student, supervisor, thesis topic) and the contract warning."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.choices import Position
from mansap.practice.choices import BaseStatus, PlacementStatus, PracticeKind
from mansap.practice.services import placements as svc
from mansap.practice.tests.factories import make_base, make_contract, make_employee, make_placement, make_practice


class PlacementRuleTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a)
        cls.base = make_base(cls.institution, programs=[cls.program_a], capacity=2)
        cls.teacher = make_employee(cls.dept_a, Position.ASSOCIATE_PROFESSOR)

    def place(self, student, base=None, **kwargs):  # type: ignore[no-untyped-def]
        kwargs.setdefault("supervisor", self.teacher)
        return svc.place_student(self.practice, student, base or self.base, acting_user=self.aigerim, **kwargs)

    def assert_refused(self, field: str, student, base=None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        with self.assertRaises(ValidationError) as caught:
            self.place(student, base, **kwargs)
        self.assertIn(field, caught.exception.message_dict)

    def test_valid_placement(self) -> None:
        placement = self.place(make_student(self.program_a))
        self.assertEqual(placement.status, PlacementStatus.CONFIRMED)
        self.assertEqual(placement.supervisor, self.teacher)

    def test_vetting_gate(self) -> None:
        for status in (BaseStatus.CANDIDATE, BaseStatus.REJECTED, BaseStatus.SUSPENDED):
            base = make_base(self.institution, programs=[self.program_a], status=status)
            self.assert_refused("base", make_student(self.program_a), base)

    def test_major_decides_not_minor(self) -> None:
        # Major B with Minor A: not placed on A's practice even at a base approved for A.
        minor_a = make_student(self.program_b, minor_program=self.program_a)
        self.assert_refused("student", minor_a)
        # Major A, Minor B, base approved only for B: refused (the Minor does not count).
        major_a = make_student(self.program_a, minor_program=self.program_b)
        base_b = make_base(self.institution, programs=[self.program_b])
        self.assert_refused("base", major_a, base_b)
        # ... but fine at a base approved for A.
        self.place(major_a)

    def test_capacity_boundary(self) -> None:
        self.place(make_student(self.program_a))
        second = self.place(make_student(self.program_a))  # exactly capacity 2
        self.assert_refused("base", make_student(self.program_a))
        svc.cancel_placement(second, acting_user=self.aigerim)  # a cancelled one frees the place
        self.place(make_student(self.program_a))

    def test_one_placement_per_student(self) -> None:
        student = make_student(self.program_a)
        self.place(student)
        other = make_base(self.institution, programs=[self.program_a])
        self.assert_refused("student", student, other)

    def test_cycle_debt_blocks_production_practice(self) -> None:
        student = make_student(self.program_a)
        self.practice.students_with_cycle_debt.add(student)
        self.assert_refused("student", student)
        self.practice.students_with_cycle_debt.remove(student)
        self.place(student)

    def test_supervisor_rules(self) -> None:
        lecturer = make_employee(self.dept_a, Position.LECTURER)
        self.assert_refused("supervisor_exception", make_student(self.program_a), supervisor=lecturer)
        placed = self.place(make_student(self.program_a), supervisor=lecturer, supervisor_exception="PhD, 10 years")
        self.assertEqual(placed.supervisor, lecturer)
        foreign = make_employee(self.dept_b, Position.PROFESSOR)
        self.assert_refused("supervisor", make_student(self.program_a), supervisor=foreign)
        for senior in (Position.PROFESSOR, Position.SENIOR_LECTURER):
            base = make_base(self.institution, programs=[self.program_a])
            self.place(make_student(self.program_a), base, supervisor=make_employee(self.dept_a, senior))

    def test_pre_graduate_needs_thesis_topic(self) -> None:
        practice = make_practice(self.program_a, kind=PracticeKind.PRE_GRADUATE, course=4)
        student = make_student(self.program_a)
        with self.assertRaises(ValidationError) as caught:
            svc.place_student(practice, student, self.base, acting_user=self.aigerim, supervisor=self.teacher)
        self.assertIn("thesis_topic", caught.exception.message_dict)
        svc.place_student(practice, student, self.base, acting_user=self.aigerim, supervisor=self.teacher,
                          thesis_topic="Career center information system")  # fmt: skip

    def test_update_rechecks_rules(self) -> None:
        placement = self.place(make_student(self.program_a))
        candidate = make_base(self.institution, programs=[self.program_a], approved=False)
        with self.assertRaises(ValidationError):
            svc.update_placement(placement, acting_user=self.aigerim, base=candidate)

    def test_department_isolation_and_read_only(self) -> None:
        with self.assertRaises(PermissionDenied):
            svc.place_student(self.practice, make_student(self.program_a), self.base, acting_user=self.dana)
        with self.assertRaises(PermissionDenied):
            svc.place_student(self.practice, make_student(self.program_a), self.base, acting_user=self.bolat)

    def test_contract_warning(self) -> None:
        self.assertTrue(svc.contract_warning(self.practice, self.base))
        make_contract(self.base, signed_on=dt.date(2026, 5, 2))  # one day late
        self.assertTrue(svc.contract_warning(self.practice, self.base))
        make_contract(self.base, signed_on=dt.date(2026, 5, 1))  # on the deadline
        self.assertEqual(svc.contract_warning(self.practice, self.base), "")


class FactoryTests(BaseTestCase):
    def test_factories_build_a_placement(self) -> None:
        practice = make_practice(self.program_a)
        practice.full_clean()
        base = make_base(self.institution, programs=[self.program_a], capacity=2)
        contract = make_contract(base)
        placement = make_placement(practice, make_student(self.program_a), base)
        self.assertTrue(base.is_usable)
        self.assertTrue(contract.covers(practice.starts_on))
        self.assertEqual(placement.practice.department, self.dept_a)
