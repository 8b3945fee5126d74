"""common.history.attributed (who made a change) and common.demo (purge, the demo domain, the academic year)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.test import SimpleTestCase

from mansap.common import demo
from mansap.common.history import attributed
from mansap.common.testing import BaseTestCase, make_student
from mansap.core import demo as core_demo
from mansap.core.models import Employee, Student
from mansap.graduates.choices import Channel, EmploymentStatus
from mansap.graduates.models import EmploymentRecord


class AttributedTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.student = make_student(cls.program_a, group="IS-21")

    def test_the_history_row_names_the_acting_user(self) -> None:
        student = Student.objects.get(pk=self.student.pk)
        student.group = "IS-22"
        attributed(student, self.aigerim).save()
        latest = student.history.latest("history_date")
        self.assertEqual((latest.history_user, latest.group), (self.aigerim, "IS-22"))

    def test_nobody_and_anonymous_are_recorded_as_no_user(self) -> None:
        for who in (None, AnonymousUser()):
            student = Student.objects.get(pk=self.student.pk)
            student.group = f"G-{who}"[:16]
            attributed(student, who).save()
            self.assertIsNone(student.history.latest("history_date").history_user)

    def test_a_reason(self) -> None:
        student = attributed(Student.objects.get(pk=self.student.pk), self.cc, reason="imported from Platonus")
        student.save()
        latest = student.history.latest("history_date")
        self.assertEqual((latest.history_user, latest.history_change_reason), (self.cc, "imported from Platonus"))

    def test_as_graduates_with_user_did(self) -> None:
        # graduates' _with_user (now this): the login itself, None for nobody or an anonymous visitor.
        for who, expected in ((self.aigerim, self.aigerim), (None, None), (AnonymousUser(), None)):
            new = Student()
            self.assertIs(attributed(new, who), new)
            self.assertIs(new._history_user, expected)  # type: ignore[attr-defined]


class PurgeTests(BaseTestCase):
    def test_deletes_in_one_statement_after_handling_what_points_at_the_rows(self) -> None:
        advisor = Employee.objects.create(last_name="Жұмабеков", first_name="Ерлан", department=self.dept_c,
                                          position="lecturer")  # fmt: skip
        kept = Employee.objects.create(last_name="Ибрагимов", first_name="Асқар", department=self.dept_a,
                                       position="lecturer")  # fmt: skip
        student = make_student(self.program_c, advisor=advisor, graduation_date=dt.date(2025, 6, 30))
        EmploymentRecord.objects.create(
            graduate=student, status=EmploymentStatus.EMPLOYED_OTHER, started_on=dt.date(2025, 9, 1),
            channel=Channel.TELEPHONE,
        )  # fmt: skip
        history_before = Employee.history.count()
        self.assertEqual(demo.purge(Employee.objects.filter(department=self.dept_c)), 1)
        self.assertEqual(list(Employee.objects.all()), [kept])
        self.assertIsNone(Student.objects.get(pk=student.pk).advisor_id)  # SET_NULL applied
        self.assertEqual(Employee.history.count(), history_before)  # no "deleted" history row
        self.assertEqual(demo.purge(Student.objects.filter(pk=student.pk)), 1)
        self.assertFalse(EmploymentRecord.objects.exists())  # CASCADE applied through the ORM


class DemoConstantsTests(SimpleTestCase):
    def test_same_as_core_demo(self) -> None:
        self.assertEqual(demo.DEMO_EMAIL_DOMAIN, "mansap.example")
        self.assertEqual(demo.DEMO_EMAIL_DOMAIN, core_demo.DEMO_EMAIL_DOMAIN)

    def test_current_start_year(self) -> None:
        cases = {dt.date(2026, 8, 31): 2025, dt.date(2026, 9, 1): 2026, dt.date(2027, 1, 15): 2026}
        for today, expected in cases.items():
            self.assertEqual(demo.current_start_year(today), expected, today)
            self.assertEqual(core_demo.current_start_year(today), expected, today)
