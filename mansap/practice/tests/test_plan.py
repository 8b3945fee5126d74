"""The year's plan from the academic calendar; sending it to the departments by e-mail."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from mansap.common.testing import BaseTestCase
from mansap.core.models import AcademicYear, CalendarEvent
from mansap.practice.choices import PracticeKind, PracticeStatus
from mansap.practice.models import Practice
from mansap.practice.services import placements as svc
from mansap.practice.tests.factories import make_practice


class PlanTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2025, starts_on=dt.date(2025, 9, 1), ends_on=dt.date(2026, 8, 31)
        )
        for kind, start, end in (("semester", (2026, 1, 25), (2026, 5, 9)), ("practice", (2026, 6, 1), (2026, 6, 27)),
                                 ("final_attestation", (2026, 5, 11), (2026, 6, 24))):  # fmt: skip
            CalendarEvent.objects.create(academic_year=cls.year, kind=kind, title_kk=kind, title_ru=kind, title_en=kind,
                                         starts_on=dt.date(*start), ends_on=dt.date(*end))  # fmt: skip
        cls.aigerim.email = "aigerim@example.kz"
        cls.aigerim.save()

    def test_build_plan_from_the_calendar(self) -> None:
        created = svc.build_plan(self.year, acting_user=self.cc)
        a = {(p.kind, p.course): p for p in created if p.program == self.program_a}
        self.assertEqual(set(a), {("educational", 1), ("production", 3), ("pre_graduate", 4)})
        production = a[("production", 3)]
        self.assertEqual(production.starts_on, dt.date(2026, 6, 1))
        self.assertLess(production.special_cycle_ends_on, production.starts_on)
        self.assertEqual(a[("pre_graduate", 4)].ends_on, dt.date(2026, 5, 10))
        self.assertTrue(all(p.status == PracticeStatus.DRAFT for p in created))
        self.assertEqual(svc.build_plan(self.year, acting_user=self.cc), [])  # idempotent

    def test_only_the_career_center_plans(self) -> None:
        with self.assertRaises(PermissionDenied):
            svc.build_plan(self.year, acting_user=self.aigerim)
        with self.assertRaises(PermissionDenied):
            svc.send_plan([], acting_user=self.aigerim)

    def test_send_plan_mails_the_department(self) -> None:
        created = svc.build_plan(self.year, acting_user=self.cc)
        with self.captureOnCommitCallbacks(execute=True):  # the e-mails leave after the commit
            sent = svc.send_plan([p for p in created if p.department == self.dept_a], acting_user=self.cc)
        self.assertEqual(sent, 3)
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["aigerim@example.kz"])
        practice = Practice.objects.filter(program=self.program_a).first()
        assert practice is not None
        self.assertEqual(practice.status, PracticeStatus.SENT)
        self.assertIsNotNone(practice.sent_at)

    def test_production_practice_after_the_cycle(self) -> None:
        practice = make_practice(self.program_a, kind=PracticeKind.PRODUCTION, starts_on=dt.date(2026, 6, 1))
        practice.special_cycle_ends_on = dt.date(2026, 6, 1)
        with self.assertRaises(ValidationError):
            practice.full_clean()
        practice.special_cycle_ends_on = dt.date(2026, 5, 31)
        practice.full_clean()


class SavePracticeTests(BaseTestCase):
    """save_practice: the Career Center plans (creates, any field); a department keeps a few fields of its own."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a, kind=PracticeKind.EDUCATIONAL)

    def new(self) -> Practice:
        return Practice(
            institution=self.institution, academic_year=self.practice.academic_year, program=self.program_a,
            department=self.dept_a, kind=PracticeKind.PRE_GRADUATE, course=4, credits=8,
            starts_on=dt.date(2026, 4, 1), ends_on=dt.date(2026, 5, 10), status=PracticeStatus.SENT,
        )  # fmt: skip

    def test_a_new_practice_is_a_draft(self) -> None:
        practice = svc.save_practice(self.new(), acting_user=self.cc, fields={"kind", "course", "starts_on"})
        self.assertEqual(Practice.objects.get(pk=practice.pk).status, PracticeStatus.DRAFT)
        self.assertEqual(practice.history.get().history_user, self.cc)

    def test_departments_create_none_and_keep_only_their_fields(self) -> None:
        with self.assertRaises(PermissionDenied):
            svc.save_practice(self.new(), acting_user=self.aigerim, fields={"report_due_on"})
        self.practice.report_due_on = dt.date(2026, 7, 10)
        svc.save_practice(self.practice, acting_user=self.aigerim, fields={"report_due_on", "special_cycle_ends_on"})
        self.assertEqual(Practice.objects.get(pk=self.practice.pk).report_due_on, dt.date(2026, 7, 10))
        self.practice.starts_on = dt.date(2026, 6, 2)
        with self.assertRaises(PermissionDenied):
            svc.save_practice(self.practice, acting_user=self.aigerim, fields={"starts_on"})
        self.assertEqual(Practice.objects.get(pk=self.practice.pk).starts_on, dt.date(2026, 6, 1))
        with self.assertRaises(PermissionDenied):  # out of the change scope
            svc.save_practice(self.practice, acting_user=self.dana, fields={"report_due_on"})
        with self.assertRaises(PermissionDenied):
            svc.save_practice(self.practice, acting_user=self.bolat, fields={"report_due_on"})

    def test_the_rules_of_the_model_apply_and_the_cycle_debt_is_replaced(self) -> None:
        from mansap.common.testing import make_student

        practice = self.new()
        practice.ends_on = dt.date(2026, 3, 1)
        with self.assertRaises(ValidationError):
            svc.save_practice(practice, acting_user=self.cc, fields={"ends_on"})
        student = make_student(self.program_a)
        svc.save_practice(self.practice, acting_user=self.aigerim, fields={"students_with_cycle_debt"},
                          students_with_cycle_debt=[student])  # fmt: skip
        self.assertEqual(list(self.practice.students_with_cycle_debt.all()), [student])
        svc.save_practice(self.practice, acting_user=self.aigerim, fields=set(), students_with_cycle_debt=[])
        self.assertFalse(self.practice.students_with_cycle_debt.exists())
