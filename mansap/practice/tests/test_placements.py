"""Placements: the hard rules of place_student (vetting gate, Major, cycle, capacity, supervisor)."""

from __future__ import annotations

from mansap.common.testing import BaseTestCase, make_student
from mansap.practice.tests.factories import make_base, make_contract, make_placement, make_practice


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
