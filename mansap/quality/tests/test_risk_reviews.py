"""Risk reviews (confirm or change, with the reason, reviewer, dates), retirement (out of the heat map and the
register's default view, history kept; process 3's KPIs), and the reminders (due / overdue, once per due date)."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests
from mansap.quality.models import Reminder, Risk
from mansap.quality.reports.risks import heat_map, risk_kpis
from mansap.quality.services import reminders
from mansap.quality.services import risks as services
from mansap.quality.tests.factories import assess, make_action, make_process, make_risk

D = dt.date


class RiskReviewTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.p17 = make_process(cls.institution, 17)
        cls.risk = make_risk(cls.p17, cls.aigerim, "P17-R1", title_en="Economic crisis")
        assess(cls.risk, D(2025, 1, 10), 4, 4)

    def test_a_confirming_review_records_reason_reviewer_and_next_date(self) -> None:
        review = services.review_risk(
            self.risk, outcome="confirmed", reason="Nothing changed in the labour market.",
            reviewed_on=D(2025, 6, 1), next_review_on=D(2025, 12, 1), acting_user=self.aigerim,
        )  # fmt: skip
        self.risk.refresh_from_db()
        self.assertEqual(
            (review.reviewer, review.outcome, review.reason, review.assessment, self.risk.next_review_on),
            (self.aigerim, "confirmed", "Nothing changed in the labour market.", None, D(2025, 12, 1)),
        )
        self.assertEqual(self.risk.assessments.count(), 1)
        self.assertEqual(self.risk.history.first().history_change_reason, "Nothing changed in the labour market.")

    def test_a_changing_review_records_a_new_assessment_with_the_reason(self) -> None:
        review = services.review_risk(
            self.risk, outcome="changed", reason="New partners.", reviewed_on=D(2025, 6, 1),
            next_review_on=D(2026, 6, 1), likelihood=2, impact=3, acting_user=self.cc,
        )  # fmt: skip
        self.assertEqual((review.assessment.score, review.assessment.note), (6, "New partners."))
        self.assertEqual(self.risk.assessments.first().score, 6)

    def test_a_review_needs_a_reason_and_a_later_next_date(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.review_risk(
                self.risk, outcome="confirmed", reason="  ", reviewed_on=D(2025, 6, 1),
                next_review_on=D(2025, 6, 1), acting_user=self.cc,
            )  # fmt: skip
        self.assertEqual(sorted(caught.exception.message_dict), ["next_review_on", "reason"])
        with self.assertRaises(ValidationError) as caught:
            services.review_risk(
                self.risk, outcome="changed", reason="x", reviewed_on=D(2025, 6, 1), next_review_on=D(2025, 7, 1),
                acting_user=self.cc,
            )  # fmt: skip
        self.assertEqual(list(caught.exception.message_dict), ["likelihood"])
        self.assertEqual(self.risk.reviews.count(), 0)

    def test_only_the_owner_and_the_quality_editors_review(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.review_risk(
                self.risk, outcome="confirmed", reason="x", reviewed_on=D(2025, 6, 1), next_review_on=D(2025, 7, 1),
                acting_user=self.dana,
            )  # fmt: skip

    def test_the_register_lists_risks_due_for_review(self) -> None:
        other = make_risk(self.p17, self.cc, "P17-R2")
        Risk.objects.filter(pk=self.risk.pk).update(next_review_on=D(2025, 1, 1))
        Risk.objects.filter(pk=other.pk).update(next_review_on=D(2999, 1, 1))
        response = self.get_as(self.rector, reverse("quality:risk_list") + "?review_due=true")
        self.assertEqual([r.key for r in response.context["table"].data], ["P17-R1"])


class RetirementTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.p3 = make_process(cls.institution, 3)
        cls.p17 = make_process(cls.institution, 17)
        cls.kept = make_risk(cls.p17, cls.cc, "P17-R1")
        assess(cls.kept, D(2025, 1, 10), 4, 4)
        cls.gone = make_risk(cls.p3, cls.cc, "P03-R1")
        assess(cls.gone, D(2025, 1, 10), 5, 5)
        make_action(cls.gone, D(2025, 3, 1))

    def test_retiring_needs_a_reason_and_a_quality_editor(self) -> None:
        with self.assertRaises(ValidationError):
            services.retire_risk(self.gone, reason=" ", acting_user=self.cc)
        with self.assertRaises(PermissionDenied):
            services.retire_risk(self.gone, reason="Closed", acting_user=self.aigerim)

    def test_a_retired_risk_leaves_the_heat_map_and_the_default_register_but_keeps_its_history(self) -> None:
        services.retire_risk(self.gone, reason="The process was merged.", retired_on=D(2025, 6, 1), acting_user=self.cc)
        risks = Risk.objects.filter(institution=self.institution)
        self.assertEqual(heat_map(risks, D(2025, 7, 1)).rows[0][4].count, 0)  # 5×5 is empty after retirement
        self.assertEqual(heat_map(risks, D(2025, 5, 31)).rows[0][4].count, 1)  # and there before it
        listed = self.get_as(self.rector, reverse("quality:risk_list")).context["table"].data
        self.assertEqual([r.key for r in listed], ["P17-R1"])
        retired = self.get_as(self.rector, reverse("quality:risk_list") + "?state=retired").context["table"].data
        self.assertEqual([r.key for r in retired], ["P03-R1"])
        page = self.get_as(self.rector, reverse("quality:risk_detail", args=[self.gone.pk]))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "The process was merged.")
        self.assertEqual(self.gone.assessments.count(), 1)
        with self.assertRaises(ValidationError):
            services.record_assessment(
                self.gone, assessed_on=D(2025, 7, 1), likelihood=1, impact=1, acting_user=self.cc
            )
        self.gone.refresh_from_db()
        self.gone.title_en = "Renamed"
        with self.assertRaises(ValidationError):  # nor is it edited
            services.save_risk(self.gone, acting_user=self.cc)
        self.assertNotContains(page, reverse("quality:risk_edit", args=[self.gone.pk]))

    def test_process_3_kpis_leave_out_risks_retired_before_the_period_and_keep_those_retired_within(self) -> None:
        # Retired within the period: still red at its end (retiring is not treating), its action still due.
        services.retire_risk(self.gone, reason="Merged", retired_on=D(2025, 6, 1), acting_user=self.cc)
        within = risk_kpis(self.institution, D(2025, 2, 1), D(2025, 12, 31)).as_json()["counts"]
        self.assertEqual(
            within,
            {"red_at_start": 2, "left_red": 0, "processes_covered": 2, "actions_due": 1, "actions_done": 0,
             "actions_on_time": 0},
        )  # fmt: skip
        # A later period (starting after the retirement): the retired risk is out of every figure.
        after = risk_kpis(self.institution, D(2025, 6, 1), D(2025, 12, 31)).as_json()["counts"]
        self.assertEqual(
            after,
            {"red_at_start": 1, "left_red": 0, "processes_covered": 1, "actions_due": 0, "actions_done": 0,
             "actions_on_time": 0},
        )  # fmt: skip


class ReminderTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.aigerim.email, cls.aigerim.language = "aigerim@example.kz", "kk"
        cls.aigerim.save()
        cls.cc.email, cls.cc.language = "cc@example.kz", "en"
        cls.cc.save()
        p17 = make_process(cls.institution, 17)
        cls.risk = make_risk(p17, cls.aigerim, "P17-R1", title_kk="Экономикалық дағдарыс")
        Risk.objects.filter(pk=cls.risk.pk).update(next_review_on=D(2025, 6, 10))
        cls.action = make_action(cls.risk, D(2025, 6, 1), owner=cls.cc, action="Sign two agreements")
        make_action(cls.risk, D(2025, 5, 1), D(2025, 4, 1))  # done: never reminded
        make_action(cls.risk, D(2025, 9, 1))  # far: not yet

    def run_job(self, today: dt.date) -> list[Reminder]:
        with self.captureOnCommitCallbacks(execute=True):
            return reminders.send_due_reminders(today=today, lead_days=7)

    def test_due_then_overdue_each_once_per_due_date_in_the_owner_language(self) -> None:
        sent = self.run_job(D(2025, 6, 5))
        self.assertEqual(sorted((r.kind, r.stage) for r in sent), [("risk_action", "overdue"), ("risk_review", "due")])
        subjects = sorted((m.to[0], m.subject) for m in mail.outbox)
        self.assertEqual(
            subjects,
            [
                ("aigerim@example.kz", "10.06.2025 мерзімі: P17-R1 «Экономикалық дағдарыс» тәуекелін қайта қарау"),
                ("cc@example.kz", "Overdue since 01.06.2025: the action “Sign two agreements” of the risk P17-R1"),
            ],
        )
        self.assertEqual(self.run_job(D(2025, 6, 6)), [])  # the next day: nothing new
        self.assertEqual(len(mail.outbox), 2)
        overdue = self.run_job(D(2025, 6, 11))  # the review date passes: one more, "overdue"
        self.assertEqual([(r.kind, r.stage) for r in overdue], [("risk_review", "overdue")])
        self.assertEqual(self.run_job(D(2025, 6, 30)), [])
        self.assertEqual(len(mail.outbox), 3)

    def test_a_new_due_date_reminds_again_and_a_retired_risk_reminds_nobody(self) -> None:
        self.run_job(D(2025, 6, 5))
        Risk.objects.filter(pk=self.risk.pk).update(next_review_on=D(2025, 12, 1))
        again = self.run_job(D(2025, 11, 28))  # the new review date, and the action due on 1 September, overdue
        self.assertEqual(
            sorted((r.kind, r.due_on, r.stage) for r in again),
            [("risk_action", D(2025, 9, 1), "overdue"), ("risk_review", D(2025, 12, 1), "due")],
        )
        Risk.objects.filter(pk=self.risk.pk).update(next_review_on=D(2026, 6, 1), retired_on=D(2025, 12, 2))
        self.assertEqual(self.run_job(D(2026, 6, 2)), [])

    def test_the_command_runs_the_same_job(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_quality_reminders", "--today", "2025-06-05", stdout=open("/dev/null", "w"))
        self.assertEqual(Reminder.objects.count(), 2)
        self.assertEqual(len(mail.outbox), 2)
