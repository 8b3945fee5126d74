"""The home page's surveys card: campaigns open today in the user's scope and their submitted answers."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests
from mansap.surveys.choices import ResponseStatus
from mansap.surveys.models import Response
from mansap.surveys.tests.factories import make_campaign, make_questionnaire


class HomeSurveysCardTests(ScopedCRUDTests):
    def test_open_campaigns_and_answers_in_scope(self) -> None:
        today = timezone.localdate()
        questionnaire = make_questionnaire(self.institution)
        open_a = make_campaign(questionnaire, department=self.dept_a)
        closed = make_campaign(
            questionnaire, opens_on=today - dt.timedelta(days=30), closes_on=today - dt.timedelta(days=1)
        )
        make_campaign(questionnaire)  # a draft: never launched
        for campaign in (open_a, closed):
            campaign.launched_at = timezone.now() - dt.timedelta(days=40)
            campaign.save()
        for status in (ResponseStatus.SUBMITTED, ResponseStatus.SUBMITTED, ResponseStatus.DRAFT):
            Response.objects.create(campaign=open_a, status=status, language="kk")
        Response.objects.create(campaign=closed, status=ResponseStatus.SUBMITTED, language="kk")

        def counts(user: object) -> dict[str, int]:
            return self.assert_status(user, reverse("home"), 200).context["survey_counts"]

        self.assertEqual(counts(self.cc), {"campaigns": 1, "answers": 2})
        self.assertEqual(counts(self.aigerim), {"campaigns": 1, "answers": 2})
        self.assertEqual(counts(self.dana), {"campaigns": 0, "answers": 0})  # another department's campaign
