"""The management review: prepare (live figures), issue (snapshot and files frozen: later data changes reach
neither), versions, decisions (tracked actions, reminders) and the close guard; its pages."""

from __future__ import annotations

import copy
import datetime as dt
from decimal import Decimal

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from mansap.common.testing import ScopedCRUDTests
from mansap.quality.models import ManagementReview, ReviewDecision, WorkPlan
from mansap.quality.reports import reviews as reports
from mansap.quality.services import reminders
from mansap.quality.services import reviews as services
from mansap.quality.services import workplans as plans
from mansap.quality.tests.factories import assess, make_action, make_process, make_risk
from mansap.quality.tests.kpi_fixtures import make_kpi, make_target, make_value

D = dt.date


class ReviewTestData(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.p17 = make_process(cls.institution, 17, name_en="Career guidance and employment")
        cls.red = make_risk(cls.p17, cls.cc, "P17-R1", title_en="Economic crisis", title_ru="Экономический кризис")
        assess(cls.red, D(2025, 1, 10), 4, 4)
        cls.green = make_risk(cls.p17, cls.aigerim, "P17-R2", title_en="Skills gap")
        assess(cls.green, D(2025, 1, 10), 1, 2)
        cls.late = make_action(cls.red, D(2025, 3, 1), action="Sign two agreements")
        make_action(cls.red, D(2025, 3, 1), D(2025, 2, 20))
        plan = WorkPlan.objects.create(
            institution=cls.institution, office="career_center", year=2024, goals="Employment"
        )
        measure = plans.add_measure(plan, text="Job fair", due_on=D(2025, 2, 15), responsible=cls.cc, goal="Employment",
                                    acting_user=cls.cc)  # fmt: skip
        plans.submit_report(plan, half=1, lines={measure.pk: ("done", "120 employers")}, acting_user=cls.cc)
        cls.kpi = make_kpi(cls.p17, "17.9", name_en="Share of graduates employed")
        make_target(cls.kpi, "2024-2025", "0.8000", "0.7000", "0.6000")
        make_value(cls.kpi, "2024-2025", "0.6500", numerator=Decimal(65), denominator=Decimal(100))
        make_value(cls.kpi, "2023-2024", "0.5000")


class GatherTests(ReviewTestData):
    def test_the_sections_with_literal_values(self) -> None:
        data = reports.gather(self.institution, D(2025, 1, 1), D(2025, 6, 30))
        self.assertEqual(data["heat_map"]["rows"][1][3], 1)  # likelihood 4 (second row from the top), impact 4
        self.assertEqual((data["heat_map"]["assessed"], data["heat_map"]["not_assessed"]), (2, 0))
        self.assertEqual(
            data["red_risks"],
            [{"key": "P17-R1", "title": {"kk": data["red_risks"][0]["title"]["kk"], "ru": "Экономический кризис",
              "en": "Economic crisis"}, "process": 17, "score": 16, "likelihood": 4, "impact": 4,
              "assessed_on": "2025-01-10", "owner": "Cc"}],
        )  # fmt: skip
        self.assertEqual(
            data["overdue_actions"],
            [
                {
                    "risk": "P17-R1",
                    "action": "Sign two agreements",
                    "owner": "Cc",
                    "due_on": "2025-03-01",
                    "done_on": None,
                }
            ],
        )
        self.assertEqual(data["risk_kpis"]["counts"]["actions_due"], 2)
        self.assertEqual(len(data["work_plans"]), 1)
        report = data["work_plans"][0]
        self.assertEqual((report["year"], report["half"], report["period_end"]), (2024, 1, "2025-02-28"))
        self.assertEqual(report["counts"], {"done": 1, "in_progress": 0, "not_done": 0})
        self.assertEqual(report["items"][0]["comment"], "120 employers")
        self.assertEqual(data["surveys"], [])
        kpi = data["kpis"][0]
        self.assertEqual(
            {k: kpi[k] for k in ("process", "code", "period", "value", "numerator", "denominator", "target", "status")},
            {"process": 17, "code": "17.9", "period": "2024-2025", "value": 0.65, "numerator": 65, "denominator": 100,
             "target": 0.8, "status": "amber"},
        )  # fmt: skip
        self.assertEqual(
            kpi["trend"],
            [{"period": "2020-2021", "value": None}, {"period": "2021-2022", "value": None},
             {"period": "2022-2023", "value": None}, {"period": "2023-2024", "value": 0.5},
             {"period": "2024-2025", "value": 0.65}],
        )  # fmt: skip
        self.assertNotIn("documents", data)  # the document register's hook (issue #17) gives nothing yet

    def test_reports_of_a_half_year_ending_outside_the_period_are_not_shown(self) -> None:
        self.assertEqual(reports.gather(self.institution, D(2025, 3, 1), D(2025, 12, 31))["work_plans"], [])

    def test_shares_follow_the_language_in_the_files(self) -> None:
        data = reports.gather(self.institution, D(2025, 1, 1), D(2025, 6, 30))
        shown = {}
        for language in ("kk", "ru", "en"):
            with translation.override(language):
                page = reports.presented(data, language, {})
            kpi = page["kpis"][0]
            shown[language] = (kpi["value_text"], kpi["target_text"], page["risk_kpis"][2][1])
        self.assertEqual(shown["kk"], ("65,0 %", "80,0 %", "50,0 %"))
        self.assertEqual(shown["ru"], ("65,0 %", "80,0 %", "50,0 %"))
        self.assertEqual(shown["en"], ("65.0 %", "80.0 %", "50.0 %"))

    def test_scores_and_other_figures_follow_the_language_in_the_document(self) -> None:
        """A survey's headline score and a KPI that is no share print a decimal comma in kk and ru (#15)."""
        data = reports.gather(self.institution, D(2025, 1, 1), D(2025, 6, 30))
        data["surveys"] = [{"kind": "graduates", "title": {"kk": "Түлектер", "ru": "Выпускники", "en": "Graduates"},
                            "closes_on": "2025-06-01", "invited": 40, "respondents": 12, "headline": 4.25,
                            "min_slice": 5}]  # fmt: skip
        data["kpis"][0].update(unit="score", value=4.25, target=4.5, numerator=25.5, denominator=6)
        shown = {}
        for language in ("kk", "ru", "en"):
            text = reports.render_html(data, language, {})
            with translation.override(language):
                page = reports.presented(data, language, {})
            kpi = page["kpis"][0]
            shown[language] = (page["surveys"][0]["headline"], kpi["value_text"], kpi["target_text"], kpi["basis"])
            for figure in shown[language]:
                self.assertIn(f"{figure}<", text)  # each ends a cell (the basis ends its line)
        self.assertEqual(shown["kk"], ("4,25", "4,25", "4,5", "25,5 / 6"))
        self.assertEqual(shown["ru"], ("4,25", "4,25", "4,5", "25,5 / 6"))
        self.assertEqual(shown["en"], ("4.25", "4.25", "4.5", "25.5 / 6"))


class IssueTests(ReviewTestData):
    def test_issue_freezes_the_snapshot_and_the_files(self) -> None:
        review = services.prepare_review(
            self.institution, period_start=D(2025, 1, 1), period_end=D(2025, 6, 30), acting_user=self.cc
        )
        self.assertEqual((review.version, review.status, review.snapshot), (1, "draft", None))
        services.issue_review(review, acting_user=self.cc)
        review.refresh_from_db()
        self.assertEqual(review.status, "issued")
        self.assertEqual(
            sorted(review.documents.values_list("language", "kind")),
            [("en", "pdf"), ("en", "xlsx"), ("kk", "pdf"), ("kk", "xlsx"), ("ru", "pdf"), ("ru", "xlsx")],
        )
        snapshot = copy.deepcopy(review.snapshot)
        url = reverse("quality:review_download", args=[review.pk, "ru", "pdf"])
        before = self.get_as(self.rector, url).content
        xlsx_before = self.get_as(
            self.rector, reverse("quality:review_download", args=[review.pk, "kk", "xlsx"])
        ).content
        self.assertTrue(before.startswith(b"%PDF"))
        # The data change after the issue: a new red risk, the overdue action done, a title renamed.
        assess(self.green, D(2025, 2, 1), 5, 5)
        self.late.status, self.late.done_on = "done", D(2025, 4, 1)
        self.late.save()
        self.red.title_ru = "Другое название"
        self.red.save()
        review.refresh_from_db()
        self.assertEqual(review.snapshot, snapshot)
        self.assertEqual(self.get_as(self.rector, url).content, before)
        self.assertEqual(
            self.get_as(self.rector, reverse("quality:review_download", args=[review.pk, "kk", "xlsx"])).content,
            xlsx_before,
        )
        self.assertEqual([r["key"] for r in review.snapshot["red_risks"]], ["P17-R1"])
        # A draft of the same period sees the change; it is version 2 and supersedes version 1.
        second = services.new_version(review, acting_user=self.cc)
        self.assertEqual((second.version, second.supersedes_id, second.status), (2, review.pk, "draft"))
        live = reports.gather(self.institution, second.period_start, second.period_end)
        self.assertEqual([r["key"] for r in live["red_risks"]], ["P17-R2", "P17-R1"])
        with self.assertRaises(ValidationError):  # one draft per period at a time
            services.new_version(review, acting_user=self.cc)
        with self.assertRaises(ValidationError):
            services.issue_review(review, acting_user=self.cc)

    def test_only_the_quality_editors_prepare_and_issue(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.prepare_review(self.institution, period_start=D(2025, 1, 1), period_end=D(2025, 6, 30),
                                    acting_user=self.aigerim)  # fmt: skip


class DecisionTests(ReviewTestData):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.review = ManagementReview.objects.create(
            institution=cls.institution, period_start=D(2025, 1, 1), period_end=D(2025, 6, 30), status="issued",
            snapshot=reports.gather(cls.institution, D(2025, 1, 1), D(2025, 6, 30)),
        )  # fmt: skip

    def record(self, **fields: object) -> ReviewDecision:
        values = {"body": "academic_council", "protocol_number": "7", "protocol_date": D(2025, 9, 1),
                  "text": "Open two new partnerships", "owner": self.aigerim, "due_on": D(2025, 12, 1)}  # fmt: skip
        values.update(fields)
        return services.record_decision(self.review, acting_user=self.cc, **values)

    def test_a_review_does_not_close_while_a_decision_lacks_an_owner_or_a_due_date(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.close_review(self.review, acting_user=self.cc)
        self.assertEqual(caught.exception.messages, ["Record the decisions taken on the review before closing it."])
        self.record()
        second = self.record(text="Update the employer survey", owner=None, due_on=None)
        with self.assertRaises(ValidationError) as caught:
            services.close_review(self.review, acting_user=self.cc)
        self.assertEqual(
            caught.exception.messages,
            ["Decision 2 (“Update the employer survey”) lacks an owner, a due date."],
        )
        self.review.refresh_from_db()
        self.assertEqual(self.review.status, "issued")
        services.update_decision(second, {"owner": self.cc, "due_on": D(2026, 1, 15)}, acting_user=self.cc)
        services.close_review(self.review, acting_user=self.cc)
        self.review.refresh_from_db()
        self.assertEqual(self.review.status, "closed")
        with self.assertRaises(ValidationError):
            self.record()

    def test_the_close_button_shows_the_error_naming_the_decision(self) -> None:
        self.record(owner=None)
        response = self.post_as(self.cc, reverse("quality:review_close", args=[self.review.pk]))
        self.assertEqual(response.status_code, 302)
        page = self.client.get(response["Location"])  # the same session: the message is there
        self.assertContains(page, "Decision 1 (“Open two new partnerships”) lacks an owner.")

    def test_the_done_button(self) -> None:
        decision = self.record()
        url = reverse("quality:decision_done", args=[decision.pk])
        self.assert_status(self.dana, url, 403, method="post")
        response = self.post_as(self.aigerim, url)
        self.assertRedirects(response, decision.get_absolute_url(), fetch_redirect_response=False)
        self.assertContains(self.client.get(response["Location"]), "The action is marked done.")
        decision.refresh_from_db()
        self.assertEqual(decision.status, "done")
        response = self.post_as(self.aigerim, url)  # again: the service's error, as a message
        self.assertContains(self.client.get(response["Location"]), "The action is already done.")

    def test_decisions_are_tracked_actions_overdue_listed_and_reminded(self) -> None:
        late = self.record(due_on=D(2025, 10, 1))
        self.record(text="Done already", due_on=D(2025, 10, 1))
        services.complete_decision(ReviewDecision.objects.get(text="Done already"), done_on=D(2025, 9, 20),
                                   acting_user=self.aigerim)  # fmt: skip
        response = self.get_as(self.rector, reverse("quality:decision_list") + "?overdue=true")
        self.assertEqual([d.text for d in response.context["table"].data], ["Open two new partnerships"])
        self.aigerim.email = "aigerim@example.kz"
        self.aigerim.save()
        with self.captureOnCommitCallbacks(execute=True):
            sent = reminders.send_due_reminders(today=D(2025, 10, 2), lead_days=7)
        self.assertEqual([(r.kind, r.object_id, r.stage) for r in sent if r.kind == "decision"],
                         [("decision", late.pk, "overdue")])  # fmt: skip
        self.assertIn("Open two new partnerships", mail.outbox[-1].body if mail.outbox else "")
        with self.assertRaises(PermissionDenied):
            services.complete_decision(late, acting_user=self.dana)
