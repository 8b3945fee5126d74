"""Familiarization status and the register's reminders (issue #17, R-141, R-145): overdue acknowledgements per
assignment and unit, e-mails in each person's language, idempotent per day, the review reminder 3 months before
the next review date (the one next_review_date rule), and the command's JSON."""

from __future__ import annotations

import datetime as dt
import io
import json

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests
from mansap.core.choices import Role
from mansap.regulations.models import Assignment, DocumentReminder
from mansap.regulations.reports.familiarization import unit_rows
from mansap.regulations.services.familiarization import acknowledge, assign
from mansap.regulations.services.reminders import months_before, send_reminders
from mansap.regulations.services.reviews import record_review
from mansap.regulations.tests.factories import document, in_force

D = dt.date


def aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 10, 0))


class FamiliarizationStatusTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for user, language in ((cls.aigerim, "kk"), (cls.bolat, "ru"), (cls.dean, "en"), (cls.cc, "ru")):
            user.email, user.language = f"{user.username}@kazutb.kz", language
            user.save()
        cls.doc = document(cls.institution, code="KazUTB-CC-RPA-7.2-2025-02", title_ru="Правила практики",
                           title_kk="Практика қағидалары", title_en="Practice rules", owner=cls.cc)  # fmt: skip
        cls.v1 = in_force(cls.doc, D(2025, 6, 18))
        assign(cls.doc, acting_user=cls.cc, department=cls.dept_a, days_to_acknowledge=10)
        assign(cls.doc, acting_user=cls.cc, role=Role.DEAN)  # 14 days
        Assignment.objects.update(created_at=aware(D(2026, 1, 5)))

    def summary(self, as_of: dt.date) -> list[tuple[str, str, str, int, int, list[str]]]:
        return [
            (str(r.assignment), r.unit, f"{r.due_on:%d.%m.%Y}", r.assigned, r.acknowledged,
             [p.user.username for p in r.overdue])
            for r in unit_rows([self.doc], as_of)
        ]  # fmt: skip

    def test_assigned_acknowledged_and_overdue_per_assignment_and_unit(self) -> None:
        acknowledge(self.v1, acting_user=self.aigerim)
        self.assertEqual(self.summary(D(2026, 1, 15)), [
            ("Information Systems", "Information Systems", "15.01.2026", 2, 1, []),
            ("Dean's office", "IT", "19.01.2026", 1, 0, []),
        ])  # fmt: skip
        self.assertEqual(self.summary(D(2026, 1, 16)), [
            ("Information Systems", "Information Systems", "15.01.2026", 2, 1, ["bolat"]),
            ("Dean's office", "IT", "19.01.2026", 1, 0, []),
        ])  # fmt: skip

    def test_a_new_major_version_asks_again_from_its_effective_date(self) -> None:
        acknowledge(self.v1, acting_user=self.aigerim)
        in_force(self.doc, D(2026, 3, 2))  # 2.0
        rows = unit_rows([self.doc], D(2026, 3, 13))
        found = (rows[0].version.number, f"{rows[0].due_on:%d.%m.%Y}", rows[0].acknowledged,
                 [p.user.username for p in rows[0].overdue])  # fmt: skip
        self.assertEqual(found, ("2.0", "12.03.2026", 0, ["aigerim", "bolat"]))

    def test_reminders_in_each_language_once_a_day_then_weekly(self) -> None:
        acknowledge(self.v1, acting_user=self.aigerim)
        with self.captureOnCommitCallbacks(execute=True):
            result = send_reminders(as_of=D(2026, 1, 20))
        self.assertEqual([(a["user"], a["due_on"]) for a in result["acknowledgements"]],
                         [("bolat", "2026-01-15"), ("dean", "2026-01-19")])  # fmt: skip
        self.assertEqual(result["sent"], 2)
        subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
        self.assertEqual(subjects, [
            ("bolat@kazutb.kz", "Ознакомьтесь с KazUTB-CC-RPA-7.2-2025-02: Правила практики"),
            ("dean@kazutb.kz", "Please read KazUTB-CC-RPA-7.2-2025-02: Practice rules"),
        ])  # fmt: skip
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(send_reminders(as_of=D(2026, 1, 20))["sent"], 0)
            self.assertEqual(send_reminders(as_of=D(2026, 1, 26))["sent"], 0)
            self.assertEqual(send_reminders(as_of=D(2026, 1, 27))["sent"], 2)
        self.assertEqual(len(mail.outbox), 4)

    def test_the_kazakh_reminder(self) -> None:
        Assignment.objects.filter(role=Role.DEAN).delete()
        with self.captureOnCommitCallbacks(execute=True):
            send_reminders(as_of=D(2026, 1, 20))
        kazakh = next(m for m in mail.outbox if m.to == ["aigerim@kazutb.kz"])
        self.assertEqual(kazakh.subject, "KazUTB-CC-RPA-7.2-2025-02 құжатымен танысыңыз: Практика қағидалары")

    def test_review_reminder_three_months_before_then_overdue_once(self) -> None:
        Assignment.objects.all().delete()
        # next review: 18.06.2028 (in force 18.06.2025 + 3 years); reminded from 18.03.2028
        self.assertEqual(send_reminders(as_of=D(2028, 3, 17), dry_run=True)["reviews"], [])
        with self.captureOnCommitCallbacks(execute=True):
            result = send_reminders(as_of=D(2028, 3, 18))
        self.assertEqual(result["reviews"], [{"kind": "review_due", "document": "KazUTB-CC-RPA-7.2-2025-02",
                                              "version": "1.0", "user": "cc", "due_on": "2028-06-18"}])  # fmt: skip
        self.assertEqual(mail.outbox[0].subject, "Срок проверки 18.06.2028: KazUTB-CC-RPA-7.2-2025-02")
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(send_reminders(as_of=D(2028, 4, 1))["reviews"], [])
            self.assertEqual([r["kind"] for r in send_reminders(as_of=D(2028, 6, 19))["reviews"]], ["review_overdue"])
            self.assertEqual(send_reminders(as_of=D(2028, 6, 26))["reviews"], [])
        self.assertEqual(len(mail.outbox), 2)

    def test_a_review_moves_the_reminder(self) -> None:
        Assignment.objects.all().delete()
        record_review(self.doc, acting_user=None, reviewed_on=D(2027, 1, 10), reviewer="Head", result="no_change")
        self.assertEqual(send_reminders(as_of=D(2028, 3, 18), dry_run=True)["reviews"], [])
        self.assertEqual([r["due_on"] for r in send_reminders(as_of=D(2029, 10, 10), dry_run=True)["reviews"]],
                         ["2030-01-10"])  # fmt: skip

    def test_months_before(self) -> None:
        self.assertEqual(months_before(D(2028, 6, 18), 3), D(2028, 3, 18))
        self.assertEqual(months_before(D(2028, 5, 31), 3), D(2028, 2, 29))
        self.assertEqual(months_before(D(2027, 2, 28), 3), D(2026, 11, 28))

    def test_the_command_dry_run_and_json(self) -> None:
        out = io.StringIO()
        call_command("regulations_reminders", "--as-of", "2026-01-20", "--dry-run", "--json", stdout=out)
        result = json.loads(out.getvalue())
        self.assertEqual((result["as_of"], result["dry_run"], result["sent"], len(result["acknowledgements"])),
                         ("2026-01-20", True, 0, 3))  # fmt: skip
        self.assertEqual(DocumentReminder.objects.count(), 0)
        self.assertEqual(len(mail.outbox), 0)
        out = io.StringIO()
        call_command("regulations_reminders", "--as-of", "2026-01-20", "--json", stdout=out)
        self.assertEqual(json.loads(out.getvalue())["sent"], 3)
        self.assertEqual(DocumentReminder.objects.count(), 3)

    def test_the_status_page(self) -> None:
        url = reverse("regulations:familiarization_status")
        acknowledge(self.v1, acting_user=self.aigerim)
        response = self.assert_page_shows(self.cc, url + "?overdue=1", "KazUTB-CC-RPA-7.2-2025-02")
        self.assertEqual(response.context["totals"], {"assigned": 3, "acknowledged": 1, "overdue": 2})
        rows = response.context["rows"]  # the page is in cc's language (Russian); both due dates are past
        self.assertEqual([(r.unit, r.assigned, r.acknowledged) for r in rows],
                         [("Информационные системы", 2, 1), ("Факультет ИТ", 1, 0)])  # fmt: skip
        self.assertIn("Bolat", response.content.decode())
        # a reader who owns nothing sees no row; a student is refused
        self.assertEqual(self.assert_status(self.aigerim, url, 200).context["rows"], [])
        self.assert_status(self.student_user, url, 403)
