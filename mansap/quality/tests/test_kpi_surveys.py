"""Survey campaigns attached to a process's KPI (R-065): the headline score becomes the KPI's value for the period
the campaign closes in, through the KPI services; the process page shows the campaigns and their scores."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests, ScopedMatrixTestCase
from mansap.quality.models import KPISurvey, KPIValue
from mansap.quality.services import surveys as services
from mansap.quality.tests.factories import make_process
from mansap.quality.tests.kpi_fixtures import make_kpi
from mansap.surveys.choices import SurveyKind
from mansap.surveys.services import responses
from mansap.surveys.tests.factories import full_answer, make_campaign, make_questionnaire, questions_by_text


class _Campaign(ScopedCRUDTests):
    """A students' survey campaign with five answers (satisfaction 4, 4, 5, 3, 5) and a KPI of process 11."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.process = make_process(cls.institution, 11)
        cls.kpi = make_kpi(cls.process, "11.7", unit="score", name_en="Student satisfaction")
        cls.questionnaire = make_questionnaire(cls.institution, kind=SurveyKind.STUDENTS)
        headline = questions_by_text(cls.questionnaire)["Satisfaction"]
        today = timezone.localdate()
        cls.campaign = make_campaign(
            cls.questionnaire, headline_question=headline, launched_at=timezone.now(),
            opens_on=today - dt.timedelta(days=10), closes_on=today + dt.timedelta(days=10),
        )  # fmt: skip
        for satisfaction in (4, 4, 5, 3, 5):
            responses.save_response(
                cls.campaign, full_answer(cls.questionnaire, satisfaction=satisfaction), submit=True, language="kk"
            )

    def close(self, on: dt.date = dt.date(2026, 2, 15)) -> None:
        self.campaign.closes_on = on
        self.campaign.opens_on = on - dt.timedelta(days=20)
        self.campaign.save()


class KPISurveyTests(_Campaign):
    def test_the_headline_score_becomes_the_kpi_value_of_the_academic_year(self) -> None:
        link = services.attach_campaign(self.kpi, self.campaign, acting_user=self.cc)
        with self.assertRaises(ValidationError):  # still open: the score may change
            services.record_campaign_score(link, acting_user=self.cc)
        self.close()
        value = services.record_campaign_score(link, acting_user=self.cc)
        self.assertEqual((value.period, value.value, value.source), ("2025-2026", Decimal("4.2000"), "entered"))
        self.assertEqual(value.note, "The headline score of the survey campaign “Campaign”: 5 respondents.")
        self.assertTrue(value.evidence_url.endswith(f"/surveys/campaigns/{self.campaign.pk}/results/"))
        self.kpi.refresh_from_db()
        self.assertEqual(self.kpi.status, "formula_agreed")  # no target yet: the lifecycle is the KPI services'
        again = services.record_campaign_score(link, acting_user=self.cc)  # recording again corrects, adds nothing
        self.assertEqual((again.pk, KPIValue.objects.filter(definition=self.kpi).count()), (value.pk, 1))

    def test_a_campaign_closing_in_september_belongs_to_the_next_year(self) -> None:
        link = services.attach_campaign(self.kpi, self.campaign, acting_user=self.cc)
        self.close(dt.date(2026, 9, 1))
        self.assertEqual(services.record_campaign_score(link, acting_user=self.cc).period, "2026-2027")

    def test_too_few_answers_give_no_value(self) -> None:
        self.campaign.min_slice = 6
        self.campaign.save()
        link = services.attach_campaign(self.kpi, self.campaign, acting_user=self.cc)
        self.close()
        with self.assertRaisesMessage(ValidationError, "fewer than 6"):
            services.record_campaign_score(link, acting_user=self.cc)
        self.assertFalse(KPIValue.objects.exists())

    def test_who_may_attach_and_what(self) -> None:
        with self.assertRaises(PermissionDenied):
            services.attach_campaign(self.kpi, self.campaign, acting_user=self.aigerim)
        self.process.owner_user = self.aigerim
        self.process.save()
        link = services.attach_campaign(self.kpi, self.campaign, acting_user=self.aigerim)  # the process owner
        self.assertEqual(link.attached_by, self.aigerim)
        with self.assertRaises(ValidationError):  # once
            services.attach_campaign(self.kpi, self.campaign, acting_user=self.cc)
        without_headline = make_campaign(self.questionnaire)
        with self.assertRaises(ValidationError):
            services.attach_campaign(self.kpi, without_headline, acting_user=self.cc)

    def test_the_process_page_shows_the_campaigns_and_their_scores(self) -> None:
        url = self.process.get_absolute_url()
        self.assert_page_hides(self.cc, url, "4.20")
        response = self.post_as(
            self.cc, reverse("quality:kpisurvey_add", args=[self.process.pk]),
            {"definition": self.kpi.pk, "campaign": self.campaign.pk},
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        link = KPISurvey.objects.get()
        page = self.assert_page_shows(self.rector, url, "Campaign", "4.20", "5 respondents")
        self.assertNotContains(page, reverse("quality:kpisurvey_record", args=[link.pk]))  # reads only
        self.close()
        response = self.post_as(self.cc, reverse("quality:kpisurvey_record", args=[link.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(KPIValue.objects.get(definition=self.kpi).value, Decimal("4.2"))
        self.assert_page_shows(self.cc, url, "2025-2026")
        self.assert_status(self.rector, reverse("quality:kpisurvey_record", args=[link.pk]), 403, method="post")

    def attach(self, n: int, first: int) -> None:
        """n more campaigns on the KPI, each with one answer (satisfaction 1 + its number mod 5)."""
        headline = questions_by_text(self.questionnaire)["Satisfaction"]
        for number in range(first, first + n):
            campaign = make_campaign(self.questionnaire, headline_question=headline, launched_at=timezone.now(),
                                     min_slice=1, title_en=f"Campaign {number}")  # fmt: skip
            responses.save_response(
                campaign, full_answer(self.questionnaire, satisfaction=1 + number % 5), submit=True, language="kk"
            )
            KPISurvey.objects.create(definition=self.kpi, campaign=campaign)

    def test_the_process_page_reads_the_campaigns_in_a_bounded_number_of_queries(self) -> None:
        """The survey card cost 2 queries per attached campaign (its respondents, its headline answers) (#15)."""
        url = self.process.get_absolute_url()
        self.client.force_login(self.rector)
        self.attach(2, first=1)
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            page = self.client.get(url)
        self.assertEqual([(row.link.campaign.title_en, row.score, row.respondents) for row in page.context["surveys"]],
                         [("Campaign 1", Decimal(2), 1), ("Campaign 2", Decimal(3), 1)])  # fmt: skip
        self.attach(18, first=3)
        with CaptureQueriesContext(connection) as many:
            page = self.client.get(url)
        rows = page.context["surveys"]
        self.assertEqual(len(rows), 20)
        self.assertEqual({row.link.campaign.title_en: row.score for row in rows}["Campaign 19"], Decimal(5))
        self.assertEqual(len(few), len(many))


class KPISurveyAPITests(_Campaign, ScopedMatrixTestCase):
    """kpi-surveys (#15): the campaigns attached to KPIs, through the same services as the process page."""

    def test_attach_list_record_and_detach(self) -> None:
        api = self.api_as(self.cc)
        response = api.post(reverse("kpisurvey-list"), {"definition": self.kpi.pk, "campaign": self.campaign.pk})
        self.assertEqual(response.status_code, 201, response.content)
        link = KPISurvey.objects.get()
        self.assertEqual(
            {k: response.json()[k] for k in ("id", "definition", "campaign", "attached_by")},
            {"id": link.pk, "definition": self.kpi.pk, "campaign": self.campaign.pk, "attached_by": self.cc.pk},
        )
        rows = self.api_as(self.rector).get(reverse("kpisurvey-list"), {"definition": self.kpi.pk}).json()["results"]
        self.assertEqual([row["id"] for row in rows], [link.pk])
        record = reverse("kpisurvey-record", args=[link.pk])
        response = api.post(record)
        self.assertEqual(response.status_code, 400)  # still open: the service's error, as on the page
        self.assertEqual(response.json(), {"non_field_errors": ["The campaign is not closed yet: its score may "
                                                                "still change."]})  # fmt: skip
        self.close()
        self.assertEqual(self.api_as(self.rector).post(record).status_code, 403)
        response = api.post(record)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            {k: response.json()[k] for k in ("definition", "period", "value", "source")},
            {"definition": self.kpi.pk, "period": "2025-2026", "value": "4.2000", "source": "entered"},
        )
        detail = reverse("kpisurvey-detail", args=[link.pk])
        self.assertEqual(self.api_as(self.rector).delete(detail).status_code, 403)
        self.assertEqual(api.delete(detail).status_code, 204)
        self.assertFalse(KPISurvey.objects.exists())
        self.assertEqual(KPIValue.objects.get().value, Decimal("4.2"))  # the value it gave stays

    def test_errors_are_400_and_the_owner_may_attach(self) -> None:
        api = self.api_as(self.cc)
        self.assertEqual(
            api.post(reverse("kpisurvey-list"), {"definition": self.kpi.pk, "campaign": self.campaign.pk}).status_code,
            201,
        )
        again = api.post(reverse("kpisurvey-list"), {"definition": self.kpi.pk, "campaign": self.campaign.pk})
        self.assertEqual((again.status_code, again.json()),
                         (400, {"non_field_errors": ["The campaign is already attached to this KPI."]}))  # fmt: skip
        without_headline = make_campaign(self.questionnaire)
        response = api.post(reverse("kpisurvey-list"), {"definition": self.kpi.pk, "campaign": without_headline.pk})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()), ["campaign"])
        other = make_campaign(make_questionnaire(self.other_institution, kind=SurveyKind.STUDENTS))
        response = api.post(reverse("kpisurvey-list"), {"definition": self.kpi.pk, "campaign": other.pk})
        self.assertEqual((response.status_code, list(response.json())), (400, ["campaign"]))  # out of sight
        refused = self.api_as(self.aigerim).post(
            reverse("kpisurvey-list"), {"definition": self.kpi.pk, "campaign": without_headline.pk}
        )
        self.assertEqual(refused.status_code, 403)
        self.process.owner_user = self.aigerim
        self.process.save()
        second = make_campaign(self.questionnaire, headline_question=self.campaign.headline_question)
        owner = self.api_as(self.aigerim).post(
            reverse("kpisurvey-list"), {"definition": self.kpi.pk, "campaign": second.pk}
        )
        self.assertEqual(owner.status_code, 201, owner.content)
