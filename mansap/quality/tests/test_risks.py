"""The register's pages: filters by zone, process, owner and heat map cell; a risk's page; the assessment and
action forms (services, atomic, by the quality editors and the risk's owner only); the heat map."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests
from mansap.quality.models import RiskAction, RiskAssessment
from mansap.quality.services import risks as services
from mansap.quality.tests.factories import assess, make_action, make_process, make_risk

D = dt.date


class RiskPagesTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.p3 = make_process(cls.institution, 3)
        cls.p17 = make_process(cls.institution, 17)
        cls.red = make_risk(cls.p17, cls.cc, "P17-R1", title_en="Economic crisis")
        assess(cls.red, D(2025, 1, 10), 4, 4)
        cls.amber = make_risk(cls.p17, cls.aigerim, "P17-R2", title_en="Skills gap")
        assess(cls.amber, D(2025, 1, 10), 2, 4)
        cls.green = make_risk(cls.p3, cls.cc, "P03-R1", title_en="Lack of resources")
        assess(cls.green, D(2025, 1, 10), 2, 3)
        cls.unassessed = make_risk(cls.p3, cls.cc, "P03-R2", title_en="External changes")

    def listed(self, query: str) -> list[str]:
        response = self.get_as(self.rector, reverse("quality:risk_list") + query)
        self.assertEqual(response.status_code, 200)
        return sorted(r.key for r in response.context["table"].data)

    def test_the_register_filters_by_zone_process_owner_and_cell(self) -> None:
        self.assertEqual(self.listed("?zone=red"), ["P17-R1"])
        self.assertEqual(self.listed("?zone=amber"), ["P17-R2"])
        self.assertEqual(self.listed("?zone=green"), ["P03-R1"])
        self.assertEqual(self.listed("?zone=none"), ["P03-R2"])
        self.assertEqual(self.listed("?zone=red&on=2025-01-09"), [])  # not assessed yet on that day
        self.assertEqual(self.listed(f"?process={self.p3.pk}"), ["P03-R1", "P03-R2"])
        self.assertEqual(self.listed(f"?owner={self.aigerim.pk}"), ["P17-R2"])
        self.assertEqual(self.listed("?likelihood=4&impact=4"), ["P17-R1"])

    def test_the_register_shows_process_3_kpis(self) -> None:
        response = self.get_as(self.rector, reverse("quality:risk_list") + "?kpi_from=2025-01-10&kpi_to=2025-12-31")
        kpis = response.context["kpis"]
        self.assertEqual((kpis.red_at_start, kpis.processes_covered, kpis.processes_total), (1, 2, 2))
        self.assertContains(response, "Risk management KPIs (process 3)")

    def test_the_heat_map_counts_cells_and_links_them_to_the_register(self) -> None:
        response = self.get_as(self.bolat, reverse("quality:heat_map") + "?on=2025-06-01")
        heat = response.context["heat"]
        counts = {(c.likelihood, c.impact): c.count for row in heat.rows for c in row if c.count}
        self.assertEqual(counts, {(4, 4): 1, (2, 4): 1, (2, 3): 1})
        self.assertEqual(heat.not_assessed, 1)
        self.assertContains(response, "/quality/risks/?on=2025-06-01&amp;likelihood=4&amp;impact=4")
        self.assert_status(self.student_user, reverse("quality:heat_map"), 403)

    def test_a_risk_page_shows_its_zone_assessments_and_actions(self) -> None:
        make_action(self.red, D(2025, 2, 1), action="Monitor the key partners")
        self.assert_page_shows(
            self.bolat, reverse("quality:risk_detail", args=[self.red.pk]),
            "Economic crisis", "16 · red", "Monitor the key partners", "overdue",
        )  # fmt: skip

    def test_an_assessment_through_the_page(self) -> None:
        url = reverse("quality:risk_assess", args=[self.red.pk])
        self.assert_status(self.cc, url, 200)
        response = self.post_as(self.cc, url, {"assessed_on": "2025-03-01", "likelihood": "3", "impact": "2",
                                               "note": "Partners diversified"})  # fmt: skip
        self.assertRedirects(response, self.red.get_absolute_url())
        latest = RiskAssessment.objects.filter(risk=self.red).first()
        self.assertEqual(
            (latest.assessed_on, latest.score, latest.zone, latest.assessed_by), (D(2025, 3, 1), 6, "green", self.cc)
        )
        self.assertEqual(latest.history.first().history_user, self.cc)
        # One per day, never in the future, and the scale is 1–5.
        again = self.post_as(self.cc, url, {"assessed_on": "2025-03-01", "likelihood": "1", "impact": "1"})
        self.assertContains(again, "already has an assessment on this date", status_code=400)
        future = (timezone.localdate() + dt.timedelta(days=1)).isoformat()
        self.assertContains(self.post_as(self.cc, url, {"assessed_on": future, "likelihood": "1", "impact": "1"}),
                            "cannot be dated in the future", status_code=400)  # fmt: skip
        self.assertEqual(
            self.post_as(self.cc, url, {"assessed_on": "2025-03-02", "likelihood": "6", "impact": "1"}).status_code, 400
        )
        self.assertEqual(RiskAssessment.objects.filter(risk=self.red).count(), 2)

    def test_the_owner_acts_on_their_own_risk_only_and_readers_not_at_all(self) -> None:
        own, other = (
            reverse("quality:risk_assess", args=[self.amber.pk]),
            reverse("quality:risk_assess", args=[self.red.pk]),
        )
        self.assert_status(self.aigerim, own, 200)
        self.assert_status(self.aigerim, other, 403)
        self.assert_status(self.rector, own, 403)
        self.assert_status(self.registrar, other, 403)  # the Registrar's Office is not the quality department
        self.assert_status(self.aigerim, reverse("quality:risk_add"), 403)
        self.assert_status(self.cc, reverse("quality:risk_add"), 200)

    def test_an_action_is_planned_and_marked_done(self) -> None:
        url = reverse("quality:riskaction_add", args=[self.amber.pk])
        response = self.post_as(self.aigerim, url, {"action": "Survey employers", "owner": self.aigerim.pk,
                                                     "due_on": "2025-05-01"})  # fmt: skip
        self.assertRedirects(response, self.amber.get_absolute_url())
        item = RiskAction.objects.get(risk=self.amber)
        self.assertEqual((item.status, item.done_on), ("planned", None))
        self.assert_status(self.bolat, reverse("quality:riskaction_done", args=[item.pk]), 403, method="post")
        response = self.post_as(self.aigerim, reverse("quality:riskaction_done", args=[item.pk]))
        self.assertRedirects(response, self.amber.get_absolute_url(), fetch_redirect_response=False)
        self.assertContains(self.client.get(response["Location"]), "The action is marked done.")
        item.refresh_from_db()
        self.assertEqual((item.status, item.done_on), ("done", timezone.localdate()))

    def test_a_new_risk_through_the_page(self) -> None:
        response = self.post_as(self.cc, reverse("quality:risk_add"), {
            "key": "P03-R9", "process": self.p3.pk, "category": "anti_corruption", "owner": self.dana.pk,
            "title_kk": "", "title_ru": "Сговор", "title_en": "", "source": "",
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        risk = self.p3.risks.get(key="P03-R9")
        self.assertEqual((risk.institution, risk.owner, risk.title), (self.institution, self.dana, "Сговор"))
        duplicate = self.post_as(self.cc, reverse("quality:risk_add"), {
            "key": "P03-R9", "process": self.p3.pk, "category": "operational", "owner": self.dana.pk, "title_en": "X",
        })  # fmt: skip
        self.assertContains(duplicate, "already has a risk with this key", status_code=200)

    def test_services_are_atomic(self) -> None:
        with self.assertRaises(ValidationError):
            services.record_assessment(
                self.red, assessed_on=D(2025, 1, 10), likelihood=1, impact=1, acting_user=self.cc
            )
        self.assertEqual(RiskAssessment.objects.filter(risk=self.red).count(), 1)


class RiskAPITests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.p17 = make_process(cls.institution, 17)
        cls.risk = make_risk(cls.p17, cls.aigerim, "P17-R1")

    def test_the_api_writes_through_the_services(self) -> None:
        created = self.api_as(self.cc).post(
            reverse("risk-list"),
            {"key": "P17-R9", "process": self.p17.pk, "title_en": "Sanctions", "category": "compliance",
             "owner": self.cc.pk},
            format="json",
        )  # fmt: skip
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual(created.json()["current_zone"], None)
        owner = self.api_as(self.aigerim)
        assessed = owner.post(reverse("riskassessment-list"),
                              {"risk": self.risk.pk, "assessed_on": "2025-02-01", "likelihood": 3, "impact": 5},
                              format="json")  # fmt: skip
        self.assertEqual((assessed.status_code, assessed.json()["score"], assessed.json()["zone"]), (201, 15, "red"))
        listed = owner.get(reverse("risk-list") + "?zone=red&on=2025-03-01").json()["results"]
        self.assertEqual([r["key"] for r in listed], ["P17-R1"])
        payload = {"risk": self.risk.pk, "action": "Diversify", "owner": self.aigerim.pk, "due_on": "2025-04-01"}
        action = owner.post(reverse("riskaction-list"), payload, format="json")
        self.assertEqual((action.status_code, action.json()["status"]), (201, "planned"))
        done = owner.patch(reverse("riskaction-detail", args=[action.json()["id"]]), {"done_on": "2025-03-30"},
                           format="json")  # fmt: skip
        self.assertEqual((done.status_code, done.json()["status"]), (200, "done"))
        future = owner.post(reverse("riskassessment-list"),
                            {"risk": self.risk.pk, "assessed_on": "2999-01-01", "likelihood": 1, "impact": 1},
                            format="json")  # fmt: skip
        self.assertEqual(future.status_code, 400)
        self.assertIn("assessed_on", future.json())
        self.assertEqual(self.api_as(self.dana).post(reverse("riskassessment-list"),
                         {"risk": self.risk.pk, "assessed_on": "2025-02-02", "likelihood": 1, "impact": 1},
                         format="json").status_code, 403)  # fmt: skip
