"""Pages: the builder, campaigns, the respondent's links, telephone interviews, results, exports, the API."""

from __future__ import annotations

import datetime as dt
import subprocess

from django.core import signing
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import Institution
from mansap.surveys.choices import Channel, QuestionType, ResponseStatus, SurveyKind
from mansap.surveys.models import Campaign, Choice, Question, Questionnaire, Response
from mansap.surveys.services import campaigns as services
from mansap.surveys.services import links, responses
from mansap.surveys.tests.factories import full_answer, make_campaign, make_questionnaire, questions_by_text


def post_data(raw: dict, **extra: str) -> dict:
    """A raw answer as the browser posts it."""
    data: dict = dict(extra)
    for qid, value in raw.items():
        if isinstance(value, dict):
            for row, cell in value.items():
                data[f"q{qid}_{row}"] = cell
        else:
            data[f"q{qid}"] = value
    return data


class SurveyPagesTestCase(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for i in range(3):
            make_student(cls.program_a, graduation_date=dt.date(2025, 6, 30), email=f"a{i}@example.kz")
        make_student(cls.program_b, graduation_date=dt.date(2025, 6, 30), email="b@example.kz")
        cls.questionnaire = make_questionnaire(cls.institution)

    def launch(self, **fields) -> Campaign:
        campaign = make_campaign(self.questionnaire, cohort=2025, **fields)
        services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=services.audience_count(campaign))
        campaign.refresh_from_db()
        return campaign


class BuilderTests(SurveyPagesTestCase):
    def test_pages_and_adding_a_question_with_choices(self) -> None:
        q = self.questionnaire
        self.assert_page_shows(self.cc, reverse("surveys:questionnaire_list"), q.title)
        self.assert_page_shows(self.cc, q.get_absolute_url(), "Employed?", "Add question")
        self.assert_page_shows(self.rector, q.get_absolute_url(), "Employed?")
        self.assert_page_hides(self.rector, q.get_absolute_url(), "Add question")
        self.assert_page_shows(self.cc, reverse("surveys:questionnaire_preview", args=[q.pk]), "Preview", "Skills")
        section = q.sections.first()
        url = reverse("surveys:question_add", args=[section.pk])
        self.assert_status(self.cc, url, 200)
        self.assert_status(self.rector, url, 403)
        self.assert_status(self.aigerim, url, 403)  # departments read the questionnaires; the CC builds them
        data = {
            "kind": QuestionType.SINGLE, "text_kk": "Тіл", "text_ru": "Язык", "text_en": "Language", "required": "on",
            "position": 9, "choices-TOTAL_FORMS": 3, "choices-INITIAL_FORMS": 0,
            "choices-0-code": "kk", "choices-0-text_kk": "қазақ", "choices-0-text_ru": "казахский",
            "choices-0-text_en": "Kazakh",
        }  # fmt: skip
        response = self.post_as(self.cc, url, data)
        self.assertContains(response, "at least two choices", status_code=400)
        data.update({"choices-1-code": "ru", "choices-1-text_kk": "орыс", "choices-1-text_ru": "русский",
                     "choices-1-text_en": "Russian"})  # fmt: skip
        response = self.post_as(self.cc, url, data)
        self.assertEqual(response.status_code, 302)
        question = Question.objects.get(text_en="Language")
        self.assertEqual(list(question.choices.values_list("code", flat=True)), ["kk", "ru"])

    def test_condition_value_must_be_a_choice_code(self) -> None:
        q = questions_by_text(self.questionnaire)
        url = reverse("surveys:question_edit", args=[q["Employer"].pk])
        data = {"kind": QuestionType.SHORT_TEXT, "text_kk": "x", "text_ru": "x", "text_en": "Employer", "position": 2,
                "condition_question": q["Employed?"].pk, "condition_value": "maybe",
                "choices-TOTAL_FORMS": 0, "choices-INITIAL_FORMS": 0}  # fmt: skip
        response = self.post_as(self.cc, url, data)
        self.assertContains(response, "Use the code of one of that question", status_code=400)

    def test_locked_questionnaire_refuses_edits_and_copies(self) -> None:
        campaign = self.launch()
        invitation = campaign.invitations.first()
        responses.save_response(campaign, full_answer(self.questionnaire), submit=True, language="kk",
                               invitation=invitation)  # fmt: skip
        q = questions_by_text(self.questionnaire)
        detail = self.assert_page_shows(self.cc, self.questionnaire.get_absolute_url(), "locked-banner")
        self.assertNotContains(detail, reverse("surveys:question_edit", args=[q["Comment"].pk]))
        url = reverse("surveys:question_edit", args=[q["Comment"].pk])
        data = {"kind": QuestionType.LONG_TEXT, "text_kk": "x", "text_ru": "x", "text_en": "Changed", "position": 1,
                "choices-TOTAL_FORMS": 0, "choices-INITIAL_FORMS": 0}  # fmt: skip
        response = self.post_as(self.cc, url, data)
        self.assertContains(response, "copy it to a new version", status_code=400)
        self.assertEqual(Question.objects.get(pk=q["Comment"].pk).text_en, "Comment")
        response = self.post_as(self.cc, reverse("surveys:question_delete", args=[q["Comment"].pk]))
        self.assertTrue(Question.objects.filter(pk=q["Comment"].pk).exists())
        response = self.post_as(self.cc, reverse("surveys:questionnaire_copy", args=[self.questionnaire.pk]))
        copy = Questionnaire.objects.get(family=self.questionnaire.family, version=2)
        self.assertRedirects(response, copy.get_absolute_url())
        self.assert_status(self.rector, reverse("surveys:questionnaire_copy", args=[copy.pk]), 403, method="post")


class CampaignScopeTests(SurveyPagesTestCase):
    def test_department_isolation_and_read_only(self) -> None:
        own = self.launch(department=self.dept_a, title_en="Own")
        wide = self.launch(title_en="Wide")
        for url in (own.get_absolute_url(), reverse("surveys:campaign_results", args=[own.pk])):
            self.assert_status(self.aigerim, url, 200)
            self.assert_status(self.bolat, url, 200)
            self.assert_status(self.dana, url, 404)
            self.assert_status(self.rector, url, 200)
        self.assert_status(self.dana, reverse("surveys:campaign_interview", args=[own.pk]), 404)
        self.assert_status(self.bolat, reverse("surveys:campaign_interview", args=[own.pk]), 403)
        self.assert_status(self.rector, reverse("surveys:campaign_close", args=[own.pk]), 403, method="post")
        self.assert_status(self.bolat, reverse("surveys:campaign_send", args=[own.pk]), 403, method="post")
        self.assert_status(self.aigerim, reverse("surveys:campaign_add"), 403)  # the CC starts campaigns
        # Names of the invited: only for those who run it; management reads aggregates.
        detail = self.assert_page_shows(self.cc, own.get_absolute_url(), "Invitations", "data-copy-link")
        link = detail.content.decode().split('data-copy-link="')[1].split('"')[0]
        self.assertEqual(self.get_as(None, link.removeprefix("http://testserver")).status_code, 200)  # it works
        self.assert_page_hides(self.rector, own.get_absolute_url(), "a0@example.kz")
        listing = self.get_as(self.aigerim, reverse("surveys:campaign_list"))
        self.assertContains(listing, own.title)
        self.assertEqual(len(listing.context["table"].page.object_list), 2)  # its own and the institution-wide one
        listing = self.get_as(self.dana, reverse("surveys:campaign_list"))
        self.assertEqual([row.record for row in listing.context["table"].page.object_list], [wide])
        self.assertEqual(self.api_as(self.dana).get(f"/api/v1/survey-campaigns/{own.pk}/").status_code, 404)
        self.assertEqual(self.api_as(self.rector).patch(f"/api/v1/survey-campaigns/{own.pk}/",
                                                        {"min_slice": 3}).status_code, 403)  # fmt: skip

    def test_department_reads_its_own_slice_of_an_institution_wide_campaign(self) -> None:
        wide = self.launch(title_en="Wide", min_slice=1)
        for invitation in wide.invitations.all():
            responses.save_response(wide, full_answer(self.questionnaire), submit=True, language="kk",
                                   invitation=invitation)  # fmt: skip
        page = self.assert_page_shows(self.aigerim, wide.get_absolute_url(), "limited-to")
        self.assertEqual(page.context["counts"]["invited"], 3)  # department A's three graduates, not B's one
        self.assertNotIn("invitation_table", page.context)
        results = self.get_as(self.dana, reverse("surveys:campaign_results", args=[wide.pk])).context["data"]
        self.assertEqual((results.invited, results.respondents), (1, 1))
        self.assertEqual([r.key for r in results.by_department], [self.dept_b.pk])
        api = self.api_as(self.aigerim).get(f"/api/v1/survey-campaigns/{wide.pk}/results/").json()
        self.assertEqual((api["invited"], api["respondents"]), (3, 3))
        everything = self.get_as(self.rector, reverse("surveys:campaign_results", args=[wide.pk])).context["data"]
        self.assertEqual(everything.respondents, 4)
        # Reading is all: the campaign's actions stay with the Career Center.
        self.assert_status(self.aigerim, reverse("surveys:campaign_send", args=[wide.pk]), 403, method="post")
        self.assert_status(self.aigerim, reverse("surveys:campaign_interview", args=[wide.pk]), 403)
        other = Campaign.objects.create(
            institution=Institution.objects.create(code="X", short_name="X", name_kk="X", name_ru="X", name_en="X"),
            questionnaire=self.questionnaire, kind=SurveyKind.ALUMNI, title_kk="x", title_ru="x", title_en="x",
            opens_on=wide.opens_on, closes_on=wide.closes_on,
        )  # fmt: skip
        self.assert_status(self.aigerim, other.get_absolute_url(), 404)  # another institution's

    def test_create_launch_send_close(self) -> None:
        today = timezone.localdate()
        data = {
            "title_kk": "Түлектер 2025", "title_ru": "Выпускники 2025", "title_en": "Alumni 2025",
            "questionnaire": self.questionnaire.pk, "kind": SurveyKind.ALUMNI, "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=20)).isoformat(), "anonymous": "on", "min_slice": 5,
            "language": "ru", "cohort": 2025, "programs": [self.program_a.pk],
        }  # fmt: skip
        preview = self.get_as(self.cc, reverse("surveys:campaign_audience"), data=data)
        self.assertContains(preview, '<strong class="fs-5">3</strong>', html=False)
        response = self.post_as(self.cc, reverse("surveys:campaign_add"), data)
        campaign = Campaign.objects.get(title_en="Alumni 2025")
        self.assertRedirects(response, campaign.get_absolute_url())
        self.post_as(self.cc, reverse("surveys:campaign_launch", args=[campaign.pk]), {"confirm": "1", "count": "3"})
        self.assertEqual(campaign.invitations.count(), 3)
        self.post_as(self.cc, reverse("surveys:campaign_send", args=[campaign.pk]), {"confirm": "1", "count": "3"})
        self.assertEqual(campaign.invitations.filter(sent_at__isnull=False).count(), 3)
        self.post_as(self.cc, reverse("surveys:campaign_close", args=[campaign.pk]))
        campaign.refresh_from_db()
        self.assertIsNotNone(campaign.closed_at)
        # The audience is frozen once launched.
        form = self.get_as(self.cc, reverse("surveys:campaign_edit", args=[campaign.pk])).context["form"]
        self.assertTrue(form.fields["programs"].disabled)

    def test_only_a_draft_campaign_can_be_deleted(self) -> None:
        draft = make_campaign(self.questionnaire)
        launched = self.launch()
        self.assert_status(self.cc, reverse("surveys:campaign_delete", args=[launched.pk]), 403, method="post")
        self.assert_status(self.rector, reverse("surveys:campaign_delete", args=[draft.pk]), 403, method="post")
        self.assert_status(self.cc, reverse("surveys:campaign_delete", args=[draft.pk]), 302, method="post")
        self.assertEqual(list(Campaign.objects.all()), [launched])

    def test_campaign_form_errors(self) -> None:
        today = timezone.localdate()
        employer_q = make_questionnaire(self.institution, SurveyKind.EMPLOYERS)
        data = {"title_kk": "x", "title_ru": "x", "title_en": "x", "questionnaire": employer_q.pk,
                "kind": SurveyKind.ALUMNI, "opens_on": today.isoformat(),
                "closes_on": (today - dt.timedelta(days=1)).isoformat(), "min_slice": 0, "language": "kk",
                "department": self.dept_a.pk, "programs": [self.program_b.pk]}  # fmt: skip
        response = self.post_as(self.cc, reverse("surveys:campaign_add"), data)
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertIn("programs", errors)
        self.assertIn("min_slice", errors)
        self.assertFalse(Campaign.objects.exists())


class RespondentTests(SurveyPagesTestCase):
    def test_answer_in_a_language_save_continue_submit_and_reuse(self) -> None:
        campaign = self.launch()
        invitation = campaign.invitations.first()
        url = reverse("surveys:respond", args=[links.survey_link.make(invitation, "ru")])
        page = self.get_as(None, url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, "Employed? (ru)")
        self.assertEqual(page["Cache-Control"].count("no-cache") + page["Cache-Control"].count("no-store"), 2)
        q = questions_by_text(self.questionnaire)
        response = self.client.post(url, post_data({q["Satisfaction"].pk: "2"}, action="save"))
        self.assertRedirects(response, url + "?saved=1", fetch_redirect_response=False)
        page = self.client.get(url + "?saved=1")
        self.assertContains(page, f'id="q{q["Satisfaction"].pk}-2" value="2" autocomplete="off" checked')
        response = self.client.post(url, post_data({q["Satisfaction"].pk: "2"}, action="submit"))
        self.assertContains(response, "На этот вопрос нужно ответить.", status_code=400)  # in the link's language
        response = self.client.post(url, post_data(full_answer(self.questionnaire), action="submit"))
        self.assertRedirects(response, reverse("surveys:thanks") + f"?c={campaign.pk}&lang=ru",
                             fetch_redirect_response=False)  # fmt: skip
        self.assertEqual(Response.objects.get().status, ResponseStatus.SUBMITTED)
        used = self.client.get(url)
        self.assertContains(used, 'data-reason="used"', status_code=410)
        again = self.client.post(url, post_data(full_answer(self.questionnaire), action="submit"))
        self.assertEqual(again.status_code, 410)
        self.assertEqual(Response.objects.count(), 1)

    def test_tampered_and_expired_links(self) -> None:
        campaign = self.launch()
        token = links.survey_link.make(campaign.invitations.first(), "en")
        bad = reverse("surveys:respond", args=[token[:-2] + "xx"])
        self.assertContains(self.get_as(None, bad), 'data-reason="invalid"', status_code=400)
        forged = signing.dumps({"i": campaign.invitations.first().pk, "l": "en"}, salt="another.salt")
        self.assertEqual(self.get_as(None, reverse("surveys:respond", args=[forged])).status_code, 400)
        today = timezone.localdate()
        Campaign.objects.filter(pk=campaign.pk).update(opens_on=today - dt.timedelta(days=30),
                                                       closes_on=today - dt.timedelta(days=1))  # fmt: skip
        expired = self.get_as(None, reverse("surveys:respond", args=[token]))
        self.assertContains(expired, 'data-reason="expired"', status_code=410)
        self.assertContains(expired, "This survey has ended", status_code=410)  # in the link's language (en)

    def test_hidden_question_posted_anyway_is_discarded(self) -> None:
        campaign = self.launch()
        url = reverse("surveys:respond", args=[links.survey_link.make(campaign.invitations.first())])
        q = questions_by_text(self.questionnaire)
        raw = full_answer(self.questionnaire, employed=False)
        raw[q["Employer"].pk] = "Hidden but posted"
        self.client.post(url, post_data(raw, action="submit"))
        response = Response.objects.get()
        self.assertFalse(response.answers.filter(question=q["Employer"]).exists())

    def test_public_link(self) -> None:
        closed_door = self.launch()
        self.assertEqual(self.get_as(None, reverse("surveys:public", args=[closed_door.public_slug])).status_code, 400)
        campaign = self.launch(public_link=True)
        url = reverse("surveys:public", args=[campaign.public_slug])
        self.assertContains(self.get_as(None, url), "Skills (kk)")
        q = questions_by_text(self.questionnaire)
        self.client.post(url, post_data({q["Satisfaction"].pk: "5"}, action="save"))
        self.assertContains(
            self.client.get(url), f'id="q{q["Satisfaction"].pk}-5" value="5" autocomplete="off" checked'
        )
        response = self.client.post(url, post_data(full_answer(self.questionnaire), action="submit"))
        self.assertEqual(response.status_code, 302)
        saved = Response.objects.get()
        self.assertEqual((saved.channel, saved.status, saved.resume_key), (Channel.PUBLIC, "submitted", None))
        self.assertFalse(campaign.invitations.filter(has_responded=True).exists())
        self.assertContains(self.client.get(url), 'data-reason="used"', status_code=410)  # once per browser
        self.client.logout()  # another visitor may answer
        self.assertEqual(self.client.get(url).status_code, 200)


class InterviewAndResultsTests(SurveyPagesTestCase):
    def test_telephone_interview_form(self) -> None:
        campaign = self.launch(department=self.dept_a)
        invitation = campaign.invitations.first()
        url = reverse("surveys:campaign_interview", args=[campaign.pk])
        self.assert_page_shows(self.aigerim, url, "Telephone interview", invitation.recipient_name)
        response = self.post_as(self.aigerim, url, post_data(full_answer(self.questionnaire),
                                                             invitation=invitation.pk, language="ru"))  # fmt: skip
        self.assertRedirects(response, campaign.get_absolute_url())
        saved = Response.objects.get()
        self.assertEqual((saved.channel, saved.entered_by, saved.language), (Channel.PHONE, self.aigerim, "ru"))
        response = self.post_as(self.aigerim, url, {"language": "kk"})
        self.assertContains(response, "This question is required.", status_code=400)

    def test_pdf_footer_prints_the_title_as_written(self) -> None:
        # The footer is a CSS string inside <style>: it was escaped for JavaScript ("-" printed as "u002D", a quote
        # as "u0022"); HTML escapes would print "&amp;". It is escaped for CSS now (common's css_string).
        campaign = self.launch(title_en='Graduates\' 2025 - "spring" & autumn')
        url = reverse("surveys:campaign_results_export", args=[campaign.pk, "pdf"]) + "?lang=en"
        response = self.get_as(self.cc, url)
        self.assertEqual(response.status_code, 200)
        text = subprocess.run(
            ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
        ).stdout.decode()
        footer = [line.strip() for line in text.splitlines() if "Mansap ·" in line]
        self.assertTrue(footer)
        self.assertTrue(footer[0].startswith('Mansap · Graduates\' 2025 - "spring" & autumn'), footer[0])

    def test_results_page_and_exports(self) -> None:
        campaign = self.launch(min_slice=3, headline_question=questions_by_text(self.questionnaire)["Satisfaction"])
        for invitation, score in zip(campaign.invitations.order_by("pk"), (5, 4, 3, 4), strict=True):
            responses.save_response(campaign, full_answer(self.questionnaire, satisfaction=score), submit=True,
                                   language="kk", invitation=invitation)  # fmt: skip
        url = reverse("surveys:campaign_results", args=[campaign.pk])
        page = self.assert_page_shows(self.cc, url, "4.00", "survey-chart-data", "Competency gaps", "Kaspi")
        self.assertEqual(page.context["data"].respondents, 4)
        # One program has one respondent: below the slice of 3, shown as words, not a number.
        narrow = self.get_as(self.cc, url + f"?program={self.program_b.pk}")
        self.assertContains(narrow, "fewer than 3 answers")
        export = reverse("surveys:campaign_results_export", args=[campaign.pk, "xlsx"])
        rows = self.xlsx_rows(self.get_as(self.cc, export + "?lang=ru"))
        flat = [str(v) for row in rows for v in row if v is not None]
        self.assertIn("Satisfaction (ru)", " ".join(flat))
        self.assertIn("4", flat)
        pdf = self.get_as(
            self.rector, reverse("surveys:campaign_results_export", args=[campaign.pk, "pdf"]) + "?lang=kk"
        )
        self.assertEqual(pdf.status_code, 200)
        self.assertTrue(pdf.content.startswith(b"%PDF"))
        self.assertEqual(pdf["Cache-Control"], "private, no-store")
        self.assert_status(self.cc, reverse("surveys:campaign_results_export", args=[campaign.pk, "doc"]), 404)
        api = self.api_as(self.rector).get(f"/api/v1/survey-campaigns/{campaign.pk}/results/").json()
        self.assertEqual((api["respondents"], api["headline_score"]), (4, 4.0))
        detail = self.api_as(self.cc).get(f"/api/v1/survey-questionnaires/{self.questionnaire.pk}/").json()
        self.assertTrue(detail["is_locked"])
        self.assertEqual(len(detail["sections"]), 2)

    def test_api_creates_a_campaign_with_the_forms_rules(self) -> None:
        today = timezone.localdate()
        body = {"title_kk": "x", "title_ru": "x", "title_en": "API", "questionnaire": self.questionnaire.pk,
                "kind": SurveyKind.ALUMNI, "opens_on": today.isoformat(),
                "closes_on": (today - dt.timedelta(days=2)).isoformat()}  # fmt: skip
        api = self.api_as(self.cc)
        response = api.post("/api/v1/survey-campaigns/", body, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("closes_on", response.json())
        body["closes_on"] = (today + dt.timedelta(days=2)).isoformat()
        response = api.post("/api/v1/survey-campaigns/", body, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Campaign.objects.get(title_en="API").created_by, self.cc)
        self.assertEqual(self.api_as(self.aigerim).post("/api/v1/survey-campaigns/", body, format="json").status_code,
                         403)  # fmt: skip

    def test_choice_texts_follow_the_language(self) -> None:
        campaign = self.launch()
        url = reverse("surveys:respond", args=[links.survey_link.make(campaign.invitations.first(), "en")])
        self.assertContains(self.get_as(None, url), Choice.objects.filter(code="lang").first().text_en)
