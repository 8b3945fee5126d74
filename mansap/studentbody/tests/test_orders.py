"""Each order type's effect on the student's state and its refusals (issue #15), with the contingent at the day
before, on and after an effective date."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import Student
from mansap.studentbody.models import StudentPeriod
from mansap.studentbody.reports.contingent import contingent
from mansap.studentbody.services import orders
from mansap.studentbody.tests.factories import draft, signed

D = dt.date


def state_on(student: Student, day: dt.date) -> str | None:
    period = StudentPeriod.objects.filter(student=student).on(day).first()
    return period.state if period else None


class OrderEffectTests(BaseTestCase):
    def setUp(self) -> None:
        translation.activate("en")
        self.student = make_student(self.program_a, admission_year=2024, course=3)

    def refresh(self) -> Student:
        self.student.refresh_from_db()
        return self.student

    def test_a_student_of_the_people_import_studies_from_their_admission(self) -> None:
        self.assertEqual(state_on(self.student, D(2024, 8, 31)), None)
        self.assertEqual(state_on(self.student, D(2024, 9, 1)), "studying")

    def test_expulsion_ends_studies_from_its_effective_date(self) -> None:
        signed(self.student, "expulsion", D(2026, 10, 15), ground="academic_failure")
        self.assertEqual(state_on(self.student, D(2026, 10, 14)), "studying")
        self.assertEqual(state_on(self.student, D(2026, 10, 15)), "expelled")
        self.assertEqual(self.refresh().status, "expelled")

    def test_expelling_an_expelled_student_is_refused_naming_them(self) -> None:
        signed(self.student, "expulsion", D(2026, 10, 15), ground="own_wish")
        order = draft(self.institution, "expulsion")
        with self.assertRaises(ValidationError) as raised:
            orders.add_item(order, student=self.student, acting_user=None, effective_date=D(2026, 11, 1),
                            ground="own_wish")  # fmt: skip
        self.assertEqual(
            raised.exception.messages,
            [f"{self.student.full_name}: an order of expulsion needs a student who is studying or on academic "
             "leave; on 01.11.2026 they are expelled."],
        )  # fmt: skip

    def test_academic_leave_and_return(self) -> None:
        signed(self.student, "academic_leave", D(2026, 9, 10), ground="illness", leave_end_date=D(2027, 6, 30))
        self.assertEqual(self.refresh().status, "academic_leave")
        signed(self.student, "leave_return", D(2026, 12, 1), year_of_study=3)
        self.assertEqual(state_on(self.student, D(2026, 11, 30)), "academic_leave")
        self.assertEqual(state_on(self.student, D(2026, 12, 1)), "studying")

    def test_a_return_without_a_leave_is_refused(self) -> None:
        order = draft(self.institution, "leave_return")
        with self.assertRaisesMessage(ValidationError, "needs a student who is on academic leave"):
            orders.add_item(order, student=self.student, acting_user=None, effective_date=D(2026, 9, 1))

    def test_a_leave_for_a_graduate_is_refused(self) -> None:
        signed(self.student, "graduation", D(2026, 6, 30))
        self.assertEqual(self.refresh().status, "graduated")
        self.assertEqual(self.student.graduation_date, D(2026, 6, 30))
        order = draft(self.institution, "academic_leave")
        with self.assertRaisesMessage(ValidationError, "on 01.09.2026 they are graduated"):
            orders.add_item(order, student=self.student, acting_user=None, effective_date=D(2026, 9, 1),
                            ground="military")  # fmt: skip

    def test_enrolment_of_a_new_student(self) -> None:
        newcomer = make_student(self.program_b, admission_year=2026, status="studying")
        StudentPeriod.objects.filter(student=newcomer).delete()  # as if the people import made no baseline
        order = draft(self.institution, "enrolment", date=D(2026, 8, 20))
        orders.add_item(order, student=newcomer, acting_user=None, effective_date=D(2026, 9, 1),
                        program=self.program_b, funding="grant")  # fmt: skip
        orders.sign_order(order, acting_user=None)
        self.assertEqual(state_on(newcomer, D(2026, 8, 31)), None)
        self.assertEqual(state_on(newcomer, D(2026, 9, 1)), "studying")
        newcomer.refresh_from_db()
        self.assertEqual((newcomer.funding, newcomer.course), ("grant", 1))

    def test_enrolling_a_studying_student_is_refused(self) -> None:
        order = draft(self.institution, "enrolment")
        with self.assertRaisesMessage(ValidationError, "needs a student who is not yet enrolled"):
            orders.add_item(order, student=self.student, acting_user=None, effective_date=D(2026, 9, 1),
                            program=self.program_a)  # fmt: skip

    def test_transfer_within_the_university_changes_the_program(self) -> None:
        signed(self.student, "transfer_internal", D(2026, 9, 15), program=self.program_b, study_form="part_time")
        self.assertEqual((self.refresh().program, self.student.study_form), (self.program_b, "part_time"))
        before = StudentPeriod.objects.filter(student=self.student).on(D(2026, 9, 14)).get()
        self.assertEqual(before.program, self.program_a)

    def test_a_transfer_that_changes_nothing_is_refused(self) -> None:
        order = draft(self.institution, "transfer_internal")
        with self.assertRaisesMessage(ValidationError, "the transfer changes neither the program"):
            orders.add_item(order, student=self.student, acting_user=None, effective_date=D(2026, 9, 1),
                            program=self.program_a)  # fmt: skip

    def test_transfer_out_and_in_again(self) -> None:
        signed(self.student, "transfer_out", D(2026, 2, 1))
        self.assertEqual(
            (state_on(self.student, D(2026, 2, 1)), self.refresh().status), ("transferred_out", "expelled")
        )
        signed(self.student, "transfer_in", D(2026, 9, 1), program=self.program_c, year_of_study=2)
        self.assertEqual(
            (self.refresh().status, self.student.program, self.student.course), ("studying", self.program_c, 2)
        )

    def test_reinstatement_needs_an_expelled_student(self) -> None:
        order = draft(self.institution, "reinstatement")
        with self.assertRaisesMessage(ValidationError, "needs a student who is expelled or transferred out"):
            orders.add_item(order, student=self.student, acting_user=None, effective_date=D(2026, 9, 1))
        signed(self.student, "expulsion", D(2026, 1, 20), ground="non_payment")
        signed(self.student, "reinstatement", D(2026, 9, 1), year_of_study=2)
        self.assertEqual((self.refresh().status, self.student.course), ("studying", 2))

    def test_repeat_of_a_year_sets_the_year(self) -> None:
        signed(self.student, "repeat_year", D(2026, 9, 1), year_of_study=2)
        self.assertEqual(self.refresh().course, 2)

    def test_state_grant_once(self) -> None:
        signed(self.student, "state_grant", D(2026, 9, 1))
        self.assertEqual(self.refresh().funding, "grant")
        order = draft(self.institution, "state_grant")
        with self.assertRaisesMessage(ValidationError, "already studies on a state grant on 01.10.2026"):
            orders.add_item(order, student=self.student, acting_user=None, effective_date=D(2026, 10, 1))

    def test_scholarship_and_mobility_change_no_state(self) -> None:
        signed(self.student, "scholarship", D(2026, 9, 1))
        signed(self.student, "mobility_out", D(2026, 9, 2))
        self.assertEqual(StudentPeriod.objects.filter(student=self.student).count(), 1)
        self.assertEqual(self.student.contingent_items.count(), 2)

    def test_name_change(self) -> None:
        signed(self.student, "name_change", D(2026, 9, 1), new_last_name="Серікова", new_first_name="Айгерім")
        self.assertEqual(self.refresh().last_name, "Серікова")
        self.assertEqual(self.student.last_name_latin, "Serikova")

    def test_a_name_change_without_a_name_is_refused(self) -> None:
        order = draft(self.institution, "name_change")
        with self.assertRaisesMessage(ValidationError, "A change of name gives the new last and first names."):
            orders.add_item(order, student=self.student, acting_user=None, effective_date=D(2026, 9, 1))

    def test_an_expulsion_needs_a_ground_of_its_own(self) -> None:
        order = draft(self.institution, "expulsion")
        with self.assertRaisesMessage(ValidationError, "Choose the ground of the expulsion"):
            orders.add_item(order, student=self.student, acting_user=None, effective_date=D(2026, 9, 1),
                            ground="illness")  # fmt: skip

    def test_a_future_order_changes_the_record_on_its_day(self) -> None:
        from mansap.studentbody.services.states import apply_due

        far = D(2099, 1, 10)
        signed(self.student, "academic_leave", far, ground="childcare")
        self.assertEqual(self.refresh().status, "studying")
        self.assertEqual(apply_due(D(2099, 1, 9)), 0)
        self.assertEqual(apply_due(far), 1)
        self.assertEqual(self.refresh().status, "academic_leave")

    def test_a_backdated_order_is_checked_against_the_later_ones(self) -> None:
        signed(self.student, "expulsion", D(2026, 10, 1), ground="own_wish")
        order = draft(self.institution, "academic_leave")
        orders.add_item(order, student=self.student, acting_user=None, effective_date=D(2026, 9, 1), ground="illness")
        # a leave from 1 September, then an expulsion of a student on leave: both stand
        orders.sign_order(order, acting_user=None)
        self.assertEqual(state_on(self.student, D(2026, 9, 30)), "academic_leave")
        self.assertEqual(state_on(self.student, D(2026, 10, 1)), "expelled")


class SigningTests(BaseTestCase):
    def setUp(self) -> None:
        translation.activate("en")

    def test_signing_refuses_every_student_in_conflict_and_changes_nothing(self) -> None:
        ok = make_student(self.program_a, admission_year=2024)
        gone = make_student(self.program_a, admission_year=2024)
        order = draft(self.institution, "expulsion")
        orders.add_item(order, student=ok, acting_user=None, effective_date=D(2026, 10, 1), ground="own_wish")
        orders.add_item(order, student=gone, acting_user=None, effective_date=D(2026, 10, 1), ground="own_wish")
        signed(gone, "expulsion", D(2026, 9, 15), ground="death")
        with self.assertRaises(ValidationError) as raised:
            orders.sign_order(order, acting_user=None)
        self.assertEqual(len(raised.exception.messages), 1)
        self.assertIn(gone.full_name, raised.exception.messages[0])
        order.refresh_from_db()
        self.assertEqual(order.status, "draft")
        self.assertEqual(state_on(ok, D(2026, 10, 1)), "studying")

    def test_draft_signed_entered_with_who_and_when(self) -> None:
        student = make_student(self.program_a, admission_year=2024)
        order = draft(self.institution, "scholarship")
        orders.add_item(order, student=student, acting_user=self.registrar, effective_date=D(2026, 9, 1))
        orders.sign_order(order, acting_user=self.registrar)
        orders.mark_entered(order, acting_user=self.registrar)
        order.refresh_from_db()
        self.assertEqual((order.status, order.signed_by, order.entered_by), ("entered", self.registrar, self.registrar))
        self.assertIsNotNone(order.entered_at)
        with self.assertRaisesMessage(ValidationError, "Only a draft order can be changed"):
            orders.cancel_order(order, acting_user=self.registrar)

    def test_an_empty_order_or_one_without_signatory_is_not_signed(self) -> None:
        order = draft(self.institution, "scholarship")
        with self.assertRaisesMessage(ValidationError, "An order without students cannot be signed"):
            orders.sign_order(order, acting_user=None)
        orders.update_order(order, acting_user=None, signatory="")
        orders.add_item(order, student=make_student(self.program_a), acting_user=None, effective_date=D(2026, 9, 1))
        with self.assertRaisesMessage(ValidationError, "Name who signs the order"):
            orders.sign_order(order, acting_user=None)

    def test_only_the_ssc_drafts(self) -> None:
        for user in (self.cc, self.aigerim, self.rector):
            with self.subTest(user.username), self.assertRaises(PermissionDenied):
                orders.create_order(institution=self.institution, acting_user=user, number="1", date=D(2026, 9, 1),
                                    type="expulsion")  # fmt: skip

    def test_cancel_a_draft(self) -> None:
        order = draft(self.institution, "expulsion")
        orders.cancel_order(order, acting_user=self.registrar)
        order.refresh_from_db()
        self.assertEqual(order.status, "cancelled")


class ContingentTests(BaseTestCase):
    def test_the_day_before_on_and_after_an_effective_date(self) -> None:
        a = make_student(self.program_a, admission_year=2024)
        make_student(self.program_a, admission_year=2024)
        make_student(self.program_c, admission_year=2025, funding="grant")
        signed(a, "academic_leave", D(2026, 11, 1), ground="military")
        periods = StudentPeriod.objects.all()
        self.assertEqual(contingent(periods, D(2026, 10, 31)).as_json(), {"total": 3, "by": {}, "on_leave": 0})
        self.assertEqual(contingent(periods, D(2026, 11, 1)).as_json(), {"total": 2, "by": {}, "on_leave": 1})
        self.assertEqual(
            contingent(periods, D(2026, 11, 2), "program").as_json(),
            {"total": 2, "by": {"6B04101": 1, "6B06101": 1}, "on_leave": 1},
        )
        self.assertEqual(contingent(periods, D(2025, 8, 31), "funding").as_json(),
                         {"total": 2, "by": {"paid": 2}, "on_leave": 0})  # fmt: skip
        with self.assertNumQueries(1):
            contingent(periods, D(2026, 11, 2), "faculty")
