"""Campaign titles and questionnaire texts in one language or more (#12): the others are marked as missing on the
staff pages and shown in the first available language, like every name of the platform (core.models.base.translated).
"""

from __future__ import annotations

import datetime as dt

from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from mansap.surveys.choices import QuestionType, SurveyKind
from mansap.surveys.models import Campaign, Question
from mansap.surveys.tests.test_views import SurveyPagesTestCase


def campaign_data(questionnaire_pk: int, **titles: str) -> dict[str, object]:
    today = timezone.localdate()
    data: dict[str, object] = {
        "title_kk": "", "title_ru": "", "title_en": "", "questionnaire": questionnaire_pk,
        "kind": SurveyKind.ALUMNI, "opens_on": today.isoformat(),
        "closes_on": (today + dt.timedelta(days=20)).isoformat(), "min_slice": 5, "language": "ru", "cohort": 2025,
    }  # fmt: skip
    data.update(titles)
    return data


def question_data(**texts: str) -> dict[str, object]:
    data: dict[str, object] = {
        "kind": QuestionType.SHORT_TEXT, "text_kk": "", "text_ru": "", "text_en": "",
        "choices-TOTAL_FORMS": 0, "choices-INITIAL_FORMS": 0,
    }  # fmt: skip
    data.update(texts)
    return data


@override_settings(LANGUAGE_CODE="en")
class OneLanguageIsEnoughTests(SurveyPagesTestCase):
    def test_campaign_in_russian_only_shows_russian_everywhere_and_marks_the_rest(self) -> None:
        response = self.post_as(self.cc, reverse("surveys:campaign_add"), campaign_data(
            self.questionnaire.pk, title_ru="Опрос выпускников"
        ))  # fmt: skip
        campaign = Campaign.objects.get(title_ru="Опрос выпускников")
        self.assertRedirects(response, campaign.get_absolute_url())
        for language in ("kk", "ru", "en"):
            with translation.override(language):
                self.assertEqual(campaign.title, "Опрос выпускников")
        page = self.get_as(self.cc, campaign.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "Not translated: KK, EN")

    def test_campaign_needs_a_title_in_one_language(self) -> None:
        response = self.post_as(self.cc, reverse("surveys:campaign_add"), campaign_data(self.questionnaire.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Enter it in at least one language: Kazakh, Russian or English.")
        self.assertFalse(Campaign.objects.filter(title_ru="").exists())

    def test_question_in_kazakh_only(self) -> None:
        section = self.questionnaire.sections.first()
        url = reverse("surveys:question_add", args=[section.pk])
        response = self.post_as(self.cc, url, question_data(text_kk="Қай жерде жұмыс істейсіз?"))
        question = Question.objects.get(text_kk="Қай жерде жұмыс істейсіз?")
        self.assertEqual(response.status_code, 302)
        with translation.override("ru"):
            self.assertEqual(question.text, "Қай жерде жұмыс істейсіз?")
        page = self.get_as(self.cc, self.questionnaire.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "Not translated: RU, EN")
        empty = self.post_as(self.cc, url, question_data())
        self.assertContains(empty, "Enter it in at least one language: Kazakh, Russian or English.", status_code=400)
