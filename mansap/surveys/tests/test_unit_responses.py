"""The response cycle after a survey's results (R-071): each unit's summary and plan, due four weeks after
the results, presented by the unit, reviewed and published to students by quality assurance."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import make_student
from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.surveys.choices import SurveyKind, UnitResponseStatus
from mansap.surveys.models import ResultsResponse
from mansap.surveys.services import campaigns as services
from mansap.surveys.services import results
from mansap.surveys.tests.factories import make_campaign, make_questionnaire
from mansap.surveys.tests.test_views import SurveyPagesTestCase


class UnitResponseTests(SurveyPagesTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_student(cls.program_a, user=cls.student_user)
        questionnaire = make_questionnaire(cls.institution, SurveyKind.STUDENTS)
        cls.campaign = make_campaign(questionnaire)
        services.launch_campaign(
            cls.campaign, acting_user=cls.cc, confirmed_count=services.audience_count(cls.campaign)
        )

    def results_url(self) -> str:
        return reverse("surveys:campaign_results", args=[self.campaign.pk])

    def add_url(self) -> str:
        return reverse("surveys:resultsresponse_add_for", args=[self.campaign.pk])

    def close(self) -> None:
        services.close_campaign(self.campaign, acting_user=self.cc)
        self.campaign.refresh_from_db()

    def write(self, user=None, department=None) -> ResultsResponse:  # type: ignore[no-untyped-def]
        data = {"department": (department or self.dept_a).pk, "summary": "Library hours too short.",
                "actions": "Open the library until 22:00 from March."}  # fmt: skip
        response = self.post_as(user or self.aigerim, self.add_url(), data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        return ResultsResponse.objects.get(campaign=self.campaign, department=department or self.dept_a)

    def test_only_after_the_results_are_final(self) -> None:
        page = self.assert_page_shows(self.aigerim, self.results_url(), "once the campaign has closed")
        self.assertNotContains(page, "unit-response-form")
        with self.assertRaises(ValidationError):
            results.save_results_response(
                ResultsResponse(campaign=self.campaign, department=self.dept_a, summary="s", actions="a"),
                acting_user=self.aigerim,
            )
        response = self.post_as(
            self.aigerim, self.add_url(), {"department": self.dept_a.pk, "summary": "s", "actions": "a"}
        )
        self.assertContains(response, "once the campaign has closed", status_code=400)
        self.assertFalse(ResultsResponse.objects.exists())

    def test_unit_writes_its_response_due_four_weeks_after_the_results(self) -> None:
        self.close()
        page = self.assert_page_shows(self.aigerim, self.results_url(), "unit-response-form")
        form = page.context["unit_response_form"]
        self.assertEqual(list(form.fields["department"].queryset), [self.dept_a])  # only the unit she answers for
        self.assertContains(page, f'<option value="{self.dept_a.pk}" selected>')  # the only one: chosen already
        self.assertContains(page, 'href="#unit-responses"')
        row = self.write()
        self.assertEqual(row.due_on, timezone.localdate() + dt.timedelta(days=28))
        detail = self.assert_page_shows(self.aigerim, self.campaign.get_absolute_url(), "unit-responses-link")
        self.assertEqual(detail.context["unit_response_count"], 1)
        self.assertEqual((row.status, row.author), (UnitResponseStatus.DRAFT, self.aigerim))
        self.assertFalse(row.is_overdue)
        # Once responded, the unit is no longer offered; another unit cannot be chosen.
        page = self.get_as(self.aigerim, self.results_url())
        self.assertIsNone(page.context["unit_response_form"])
        self.assertContains(page, "Library hours too short.")
        data = {"department": self.dept_b.pk, "summary": "s", "actions": "a"}
        self.assertEqual(self.post_as(self.aigerim, self.add_url(), data).status_code, 400)
        with self.assertRaises(ValidationError) as caught:
            results.save_results_response(
                ResultsResponse(campaign=self.campaign, department=self.dept_b, summary="s", actions="a"),
                acting_user=self.aigerim,
            )
        self.assertIn("department", caught.exception.message_dict)
        self.assertEqual(ResultsResponse.objects.count(), 1)

    def test_isolation_and_read_only(self) -> None:
        self.close()
        row = self.write()
        edit = reverse("surveys:resultsresponse_edit", args=[row.pk])
        submit = reverse("surveys:resultsresponse_action", args=[row.pk, "submit"])
        page = self.get_as(self.dana, self.results_url())
        self.assertNotContains(page, "Library hours too short.")  # another department's response
        self.assert_status(self.dana, edit, 404)
        self.assert_status(self.dana, submit, 404, method="post")
        self.assert_status(self.bolat, edit, 403)  # read-only
        self.assert_status(self.bolat, submit, 403, method="post")
        self.assert_status(self.bolat, self.add_url(), 403)
        self.assert_page_shows(self.rector, self.results_url(), "Library hours too short.")
        self.assert_status(self.rector, reverse("surveys:resultsresponse_action", args=[row.pk, "review"]), 403,
                           method="post")  # fmt: skip
        self.assert_status(self.student_user, self.add_url(), 403)

    def test_cycle_present_review_return_publish(self) -> None:
        self.close()
        row = self.write()
        published = reverse("surveys:published_responses")
        action = lambda name: reverse("surveys:resultsresponse_action", args=[row.pk, name])  # noqa: E731
        self.assert_status(self.aigerim, action("review"), 403, method="post")  # the unit does not review itself
        self.assertEqual(self.post_as(self.aigerim, action("submit")).status_code, 302)
        row.refresh_from_db()
        self.assertEqual((row.status, row.submitted_on), (UnitResponseStatus.SUBMITTED, timezone.localdate()))
        # Presented: no longer changed in place.
        data = {"summary": "changed", "actions": "changed"}
        response = self.post_as(self.aigerim, reverse("surveys:resultsresponse_edit", args=[row.pk]), data)
        self.assertContains(response, "ask quality assurance to return it", status_code=400)
        self.post_as(self.cc, action("return"))
        row.refresh_from_db()
        self.assertEqual((row.status, row.submitted_on), (UnitResponseStatus.DRAFT, None))
        response = self.post_as(self.aigerim, reverse("surveys:resultsresponse_edit", args=[row.pk]), data)
        self.assertEqual(response.status_code, 302)
        self.post_as(self.aigerim, action("submit"))
        with self.assertRaises(ValidationError):  # publishing skips the review
            results.advance_results_response(row, "publish", acting_user=self.cc)
        self.assertNotContains(self.get_as(self.student_user, published), "changed")
        self.post_as(self.cc, action("review"))
        self.post_as(self.cc, action("publish"))
        row.refresh_from_db()
        self.assertEqual((row.status, row.reviewed_by, row.published_on),
                         (UnitResponseStatus.PUBLISHED, self.cc, timezone.localdate()))  # fmt: skip
        self.assert_page_shows(self.student_user, published, "changed", self.dept_a.name)
        self.assert_status(self.aigerim, published, 403)  # staff read the results page instead
        self.assert_page_shows(self.cc, reverse("surveys:resultsresponse_list"), self.campaign.title, "Published")

    def test_overdue(self) -> None:
        self.close()
        row = self.write()
        ResultsResponse.objects.filter(pk=row.pk).update(due_on=timezone.localdate() - dt.timedelta(days=1))
        row.refresh_from_db()
        self.assertTrue(row.is_overdue)
        self.assert_page_shows(self.cc, reverse("surveys:resultsresponse_list"), "overdue")
        results.advance_results_response(row, "submit", acting_user=self.aigerim)
        self.assertTrue(row.is_overdue)  # presented late: still recorded as late
        ResultsResponse.objects.filter(pk=row.pk).update(due_on=timezone.localdate())
        row.refresh_from_db()
        self.assertFalse(row.is_overdue)  # presented on the due day


class UnitResponseQueryCountTests(QueryCountTestCase):
    def add(self, n: int) -> None:
        questionnaire = make_questionnaire(self.institution, SurveyKind.STUDENTS)
        for _ in range(n):
            campaign = make_campaign(questionnaire)
            for department in (self.dept_a, self.dept_b):
                ResultsResponse.objects.create(
                    campaign=campaign, department=department, summary="s", actions="a", due_on=timezone.localdate(),
                    author=self.aigerim,
                )  # fmt: skip

    def test_list(self) -> None:
        # session, user, memberships, COUNT, the page of rows (campaign, department, author joined)
        self.check_bounded(self.cc, reverse("surveys:resultsresponse_list"), self.add, pinned=5)
