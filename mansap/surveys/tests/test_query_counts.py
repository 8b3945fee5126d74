"""Bounded queries: survey lists, API lists, the campaign page, the results page and the respondent's page
cost the same with 2 or 20 rows (questionnaires, campaigns, invitations or answers)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.common.testing import make_student
from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.surveys.choices import SurveyKind
from mansap.surveys.models import Campaign
from mansap.surveys.services import campaigns as services
from mansap.surveys.services import links, responses
from mansap.surveys.tests.factories import full_answer, make_campaign, make_questionnaire, questions_by_text


class SurveyQueryCountTests(QueryCountTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.questionnaire = make_questionnaire(cls.institution)

    def add_questionnaires(self, n: int) -> None:
        for _ in range(n):
            make_questionnaire(self.institution, SurveyKind.EMPLOYERS)

    def add_campaigns(self, n: int) -> None:
        for _ in range(n):
            campaign = make_campaign(self.questionnaire, department=self.dept_a, programs=[self.program_a])
            services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=services.audience_count(campaign))

    def test_questionnaire_list(self) -> None:
        # session, user, memberships, COUNT, the page of rows (question and campaign counts annotated)
        self.check_bounded(self.cc, reverse("surveys:questionnaire_list"), self.add_questionnaires, pinned=5)

    def test_campaign_list(self) -> None:
        # session, user, memberships, COUNT, the page of rows (questionnaire, department, counts annotated)
        self.check_bounded(self.aigerim, reverse("surveys:campaign_list"), self.add_campaigns, pinned=5)

    def test_campaign_export(self) -> None:
        url = reverse("surveys:campaign_list") + "?export=xlsx"
        # session, user, memberships, COUNT (the filterset), the rows
        self.check_bounded(self.cc, url, self.add_campaigns, pinned=5)

    def test_api_questionnaires(self) -> None:
        # token with its user, memberships, COUNT, the page
        self.check_bounded(self.cc, "/api/v1/survey-questionnaires/", self.add_questionnaires, pinned=4, api=True)

    def test_api_campaigns(self) -> None:
        # token with its user, memberships, COUNT, the page, its programs, its organizations
        self.check_bounded(self.cc, "/api/v1/survey-campaigns/", self.add_campaigns, pinned=6, api=True)


class SurveyPageQueryCountTests(QueryCountTestCase):
    """Pages whose size grows with invitations and answers rather than with table rows."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.questionnaire = make_questionnaire(cls.institution)

    def measure(self, user: Any, url: str) -> int:
        self.client.force_login(user)
        self.client.get(url)  # warm caches
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(captured.captured_queries)

    def campaign_with_answers(self, n: int) -> Campaign:
        for _ in range(n):
            make_student(self.program_a, graduation_date=dt.date(2025, 6, 30), email="x@example.kz")
        q = questions_by_text(self.questionnaire)
        campaign = make_campaign(self.questionnaire, cohort=2025, min_slice=1, headline_question=q["Satisfaction"])
        services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=services.audience_count(campaign))
        for invitation in campaign.invitations.all():
            responses.save_response(campaign, full_answer(self.questionnaire), submit=True, language="kk",
                                   invitation=invitation)  # fmt: skip
        return campaign

    def test_results_campaign_page_and_exports(self) -> None:
        small = self.campaign_with_answers(self.few)
        large = self.campaign_with_answers(self.many - self.few)  # a second cohort of students... same year
        self.assertGreater(large.responses.count(), small.responses.count())
        for name, args, extra in (
            ("surveys:campaign_results", [], ""),
            ("surveys:campaign_detail", [], ""),
            ("surveys:campaign_results_export", ["xlsx"], ""),
            ("surveys:campaign_interview", [], ""),
        ):
            counts = [self.measure(self.cc, reverse(name, args=[c.pk, *args]) + extra) for c in (small, large)]
            self.assertEqual(counts[0], counts[1], f"{name}: {counts}")

    def test_respondent_page(self) -> None:
        small = self.campaign_with_answers(0)
        for _ in range(self.many):
            make_student(self.program_a, graduation_date=dt.date(2025, 6, 30))
        large = make_campaign(self.questionnaire, cohort=2025)
        services.launch_campaign(large, acting_user=self.cc, confirmed_count=services.audience_count(large))
        self.assertEqual(small.invitations.count(), 0)
        url = reverse("surveys:respond", args=[links.survey_link.make(large.invitations.first())])
        self.client.get(url)
        with CaptureQueriesContext(connection) as captured:
            self.assertEqual(self.client.get(url).status_code, 200)
        # the invitation (with its campaign), the draft, the questions, their choices, the institution
        self.assertLessEqual(len(captured.captured_queries), 6, [q["sql"] for q in captured.captured_queries])
