"""Writes to another institution's survey objects answer 404 and change nothing; a reader's writes answer 403.

The scope matrix (test_scope_matrix.py) checks the pages' GETs and the delete POSTs; these are the other
POSTs of the builder's children (sections, questions, their choices) and of the campaign and unit-response
actions, which now fetch through core.access like every other page.
"""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedMatrixTestCase
from mansap.surveys.choices import QuestionType
from mansap.surveys.models import Campaign, Choice, Question, Questionnaire, ResultsResponse, Section
from mansap.surveys.services import campaigns
from mansap.surveys.tests.factories import make_campaign, make_question
from mansap.surveys.tests.test_scope_matrix import small_questionnaire


def question_data(question: Question, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": question.kind, "text_kk": question.text_kk, "text_ru": question.text_ru, "text_en": "Changed",
        "required": "on", "choices-TOTAL_FORMS": 0, "choices-INITIAL_FORMS": 0,
    }  # fmt: skip
    data.update(changes)
    return data


class BuilderChildrenOutOfScopeTests(ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mine = small_questionnaire(cls.institution)
        cls.theirs = small_questionnaire(cls.other_institution)
        cls.their_section = cls.theirs.sections.get()
        cls.their_question = cls.their_section.questions.order_by("position").last()
        cls.their_choice_question = make_question(
            cls.their_section, QuestionType.SINGLE, "Employed?", choices=["yes", "no"]
        )

    def assert_unchanged(self) -> None:
        section = Section.objects.get(pk=self.their_section.pk)
        self.assertEqual((section.title_en, section.position), ("A", 1))
        self.assertEqual(
            list(Question.objects.filter(section=section).order_by("position").values_list("text_en", flat=True)),
            ["Satisfaction", "Recommendation", "Employed?"],
        )
        self.assertEqual(
            list(self.their_choice_question.choices.order_by("position").values_list("code", flat=True)), ["yes", "no"]
        )
        self.assertEqual(Questionnaire.objects.filter(family=self.theirs.family).count(), 1)

    def test_section_writes(self) -> None:
        data = {"title_kk": "Х", "title_ru": "Х", "title_en": "Hacked", "position": 1}
        for url in (
            reverse("surveys:section_edit", args=[self.their_section.pk]),
            reverse("surveys:section_add", args=[self.theirs.pk]),
            reverse("surveys:section_delete", args=[self.their_section.pk]),
        ):
            self.assertEqual(self.post_as(self.cc, url, data).status_code, 404, url)
        self.assertEqual(self.theirs.sections.count(), 1)
        self.assert_unchanged()

    def test_question_and_choice_writes(self) -> None:
        question = self.their_choice_question
        yes, no = question.choices.order_by("position")
        edit = question_data(
            question, **{"choices-TOTAL_FORMS": 2, "choices-INITIAL_FORMS": 2,
                         "choices-0-id": yes.pk, "choices-0-code": "oui", "choices-0-text_kk": "x",
                         "choices-0-text_ru": "x", "choices-0-text_en": "x", "choices-1-id": no.pk,
                         "choices-1-code": "no", "choices-1-text_kk": "x", "choices-1-text_ru": "x",
                         "choices-1-text_en": "x", "choices-1-DELETE": "on"},
        )  # fmt: skip
        for url, data in (
            (reverse("surveys:question_edit", args=[question.pk]), edit),
            (reverse("surveys:question_add", args=[self.their_section.pk]), question_data(question)),
            (reverse("surveys:question_delete", args=[self.their_question.pk]), {}),
            (reverse("surveys:question_move", args=[self.their_question.pk, "up"]), {}),
        ):
            self.assertEqual(self.post_as(self.cc, url, data).status_code, 404, url)
        self.assert_status(self.cc, reverse("surveys:condition_values", args=[self.theirs.pk]), 404)
        self.assert_unchanged()
        self.assertEqual(Choice.objects.filter(question=question).count(), 2)

    def test_copy_and_preview(self) -> None:
        self.assert_status(self.cc, reverse("surveys:questionnaire_copy", args=[self.theirs.pk]), 404, "post")
        self.assert_status(self.rector, reverse("surveys:questionnaire_copy", args=[self.mine.pk]), 403, "post")
        self.assert_unchanged()
        self.assertEqual(Questionnaire.objects.filter(family=self.mine.family).count(), 1)

    def test_the_editor_still_builds_their_own(self) -> None:
        section = self.mine.sections.get()
        response = self.post_as(
            self.cc, reverse("surveys:section_edit", args=[section.pk]),
            {"title_kk": "Б", "title_ru": "Б", "title_en": "B", "position": 1},
        )  # fmt: skip
        self.assertRedirects(response, section.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(Section.objects.get(pk=section.pk).title_en, "B")
        response = self.post_as(self.cc, reverse("surveys:question_add", args=[section.pk]), question_data(
            Question(kind=QuestionType.LONG_TEXT, text_kk="Неге?", text_ru="Почему?"), text_en="Why?"))  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Question.objects.get(text_en="Why?").position, 3)  # at the end of the section
        self.assert_status(self.cc, reverse("surveys:condition_values", args=[self.mine.pk]), 200)
        response = self.post_as(self.cc, reverse("surveys:questionnaire_copy", args=[self.mine.pk]))
        copy = Questionnaire.objects.get(family=self.mine.family, version=2)
        self.assertRedirects(response, copy.get_absolute_url(), fetch_redirect_response=False)


class CampaignActionsOutOfScopeTests(ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.theirs = make_campaign(small_questionnaire(cls.other_institution))
        cls.mine = make_campaign(small_questionnaire(cls.institution))

    def test_launch_send_close_interview_export(self) -> None:
        for name in ("campaign_launch", "campaign_send", "campaign_close", "campaign_interview"):
            self.assert_status(self.cc, reverse(f"surveys:{name}", args=[self.theirs.pk]), 404, "post")
            self.assert_status(self.rector, reverse(f"surveys:{name}", args=[self.mine.pk]), 403, "post")
        self.assert_status(self.cc, reverse("surveys:campaign_interview", args=[self.theirs.pk]), 404)
        self.assert_status(self.cc, reverse("surveys:campaign_results_export", args=[self.theirs.pk, "xlsx"]), 404)
        self.assertEqual(Campaign.objects.filter(launched_at__isnull=False).count(), 0)

    def test_the_campaign_steps_report_their_outcome(self) -> None:
        launch = reverse("surveys:campaign_launch", args=[self.mine.pk])
        self.assertContains(self.post_as(self.cc, launch), "invite 0 recipients?")  # the count first
        confirmed = {"confirm": "1", "count": "0"}
        self.assertRedirects(
            self.post_as(self.cc, launch, confirmed), self.mine.get_absolute_url(), fetch_redirect_response=False
        )
        page = self.client.get(self.mine.get_absolute_url())
        self.assertContains(page, "Campaign launched: 0 invited.")
        self.post_as(self.cc, launch)
        self.assertContains(self.client.get(self.mine.get_absolute_url()), "already been launched")
        self.post_as(self.cc, reverse("surveys:campaign_send", args=[self.mine.pk]), {"reminder": "1", **confirmed})
        self.assertContains(self.client.get(self.mine.get_absolute_url()), "Reminders sent: 0.")
        self.post_as(self.cc, reverse("surveys:campaign_close", args=[self.mine.pk]))
        self.assertContains(self.client.get(self.mine.get_absolute_url()), "its links no longer work")
        self.assertIsNotNone(Campaign.objects.get(pk=self.mine.pk).closed_at)


class UnitResponseOutOfScopeTests(ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.theirs = make_campaign(small_questionnaire(cls.other_institution))
        cls.campaign = make_campaign(small_questionnaire(cls.institution), department=cls.dept_a)
        campaigns.launch_campaign(
            cls.campaign, acting_user=cls.cc, confirmed_count=campaigns.audience_count(cls.campaign)
        )
        campaigns.close_campaign(cls.campaign, acting_user=cls.cc)

    def test_adding_for_a_campaign(self) -> None:
        data = {"department": self.dept_a.pk, "summary": "s", "actions": "a"}
        self.assertEqual(self.post_as(self.cc, reverse("surveys:resultsresponse_add_for", args=[self.theirs.pk]),
                                      data).status_code, 404)  # fmt: skip
        self.assertEqual(self.post_as(self.dana, reverse("surveys:resultsresponse_add_for", args=[self.campaign.pk]),
                                      data).status_code, 404)  # another department's campaign  # fmt: skip
        self.assert_status(self.rector, reverse("surveys:resultsresponse_add_for", args=[self.campaign.pk]), 403)
        self.assertFalse(ResultsResponse.objects.exists())
        response = self.post_as(self.aigerim, reverse("surveys:resultsresponse_add_for", args=[self.campaign.pk]), data)
        row = ResultsResponse.objects.get()
        self.assertRedirects(response, row.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual((row.author, row.due_on), (self.aigerim, timezone.localdate() + dt.timedelta(days=28)))

    def test_steps(self) -> None:
        row = ResultsResponse.objects.create(
            campaign=self.campaign, department=self.dept_a, summary="s", actions="a", due_on=timezone.localdate()
        )
        submit = reverse("surveys:resultsresponse_action", args=[row.pk, "submit"])
        self.assert_status(self.other_cc, reverse("surveys:resultsresponse_action", args=[row.pk, "review"]), 404,
                           "post")  # fmt: skip
        self.assert_status(self.dana, submit, 404, "post")
        self.assert_status(self.aigerim, reverse("surveys:resultsresponse_action", args=[row.pk, "jump"]), 404, "post")
        self.assert_status(self.bolat, submit, 403, "post")
        self.assertEqual(ResultsResponse.objects.get(pk=row.pk).status, "draft")
        self.assertRedirects(self.post_as(self.aigerim, submit), row.get_absolute_url(), fetch_redirect_response=False)
        self.assertContains(self.client.get(row.get_absolute_url()), "Status: Presented")
        self.post_as(self.aigerim, submit)  # twice: refused by the service, said as a message
        self.assertContains(self.client.get(row.get_absolute_url()), "This cannot be done to a response")
