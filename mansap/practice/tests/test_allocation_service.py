"""propose_allocation: the database turned into the allocator's input, every hard rule respected,
existing placements kept, earlier proposals replaced, then confirm_placements."""

from __future__ import annotations

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.choices import Position
from mansap.practice.choices import BaseStatus, PlacementSource, PlacementStatus
from mansap.practice.models import Placement
from mansap.practice.services import placements as svc
from mansap.practice.tests.factories import make_base, make_employee, make_placement, make_practice


class ProposeAllocationTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a)
        cls.teacher = make_employee(cls.dept_a, Position.PROFESSOR)
        cls.small = make_base(cls.institution, programs=[cls.program_a], capacity=1)
        cls.large = make_base(cls.institution, programs=[cls.program_a], capacity=2)
        cls.candidate = make_base(cls.institution, programs=[cls.program_a], approved=False, capacity=9)
        cls.other_program = make_base(cls.institution, programs=[cls.program_b], capacity=9)
        cls.students = [make_student(cls.program_a, course=3) for _ in range(4)]
        cls.minor = make_student(cls.program_b, course=3, minor_program=cls.program_a)

    def test_preferences_capacity_and_rules(self) -> None:
        s1, s2, s3, _s4 = self.students
        for student in (s1, s2):
            svc.set_preferences(self.practice, student, [self.small, self.large], acting_user=self.aigerim)
        svc.set_preferences(self.practice, s3, [self.large], acting_user=self.aigerim)
        report = svc.propose_allocation(self.practice, acting_user=self.aigerim)
        placed = {p.student_id: p.base_id for p in report.created}
        # 3 places for 4 students: one unassigned for capacity; the candidate base is never used.
        self.assertEqual(len(placed), 3)
        self.assertNotIn(self.candidate.pk, placed.values())
        self.assertNotIn(self.other_program.pk, placed.values())
        self.assertEqual(sorted(placed.values()).count(self.large.pk), 2)
        self.assertEqual(len(report.unassigned), 1)
        self.assertNotIn(self.minor.pk, placed)  # the Minor never brings a student to the practice
        # optimal: the two who want `small` first: one gets it (rank 1), the other rank 2; s3 rank 1.
        self.assertEqual(report.assigned_by_rank.get(1), 2)
        self.assertTrue(all(p.status == PlacementStatus.PROPOSED for p in report.created))
        self.assertTrue(all(p.source == PlacementSource.ALLOCATION for p in report.created))
        self.assertTrue(all(p.supervisor == self.teacher for p in report.created))

    def test_existing_placements_stay_and_proposals_are_replaced(self) -> None:
        s1, _s2, _s3, _s4 = self.students
        fixed = make_placement(self.practice, s1, self.small, supervisor=self.teacher)
        first = svc.propose_allocation(self.practice, acting_user=self.aigerim)
        self.assertEqual(first.fixed, 1)
        self.assertEqual(len(first.created), 2)  # only `large` has places left
        second = svc.propose_allocation(self.practice, acting_user=self.aigerim)
        self.assertEqual(len(second.created), 2)
        self.assertEqual(Placement.objects.filter(practice=self.practice).count(), 3)
        fixed.refresh_from_db()
        self.assertEqual(fixed.base, self.small)

    def test_cycle_debt_students_are_not_placed(self) -> None:
        self.practice.students_with_cycle_debt.add(self.students[0])
        report = svc.propose_allocation(self.practice, acting_user=self.aigerim)
        self.assertNotIn(self.students[0].pk, {p.student_id for p in report.created})
        reasons = dict((s.pk, r) for s, r in report.unassigned)
        self.assertIn(self.students[0].pk, reasons)

    def test_suspended_base_is_not_used(self) -> None:
        self.large.status = BaseStatus.SUSPENDED
        self.large.save()
        report = svc.propose_allocation(self.practice, acting_user=self.aigerim)
        self.assertEqual({p.base_id for p in report.created}, {self.small.pk})

    def test_confirm(self) -> None:
        svc.propose_allocation(self.practice, acting_user=self.aigerim)
        confirmed, problems = svc.confirm_placements(self.practice, acting_user=self.aigerim)
        self.assertEqual(confirmed, 3)
        self.assertEqual(problems, {})
        self.assertFalse(self.practice.placements.filter(status=PlacementStatus.PROPOSED).exists())

    def test_preferences_only_for_approved_bases_of_the_major(self) -> None:
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            svc.set_preferences(self.practice, self.students[0], [self.candidate], acting_user=self.aigerim)
        with self.assertRaises(ValidationError):
            svc.set_preferences(self.practice, self.minor, [self.small], acting_user=self.aigerim)
