"""Hardening (#11): a campaign's public link.

The attack: one client that clears its cookies answered the public link again and again (12 complete answers
were accepted). These tests pin the limit per client address and day, the honeypot that bots fill, the share of
public-link answers in the results, and the employer survey (KPI-17.8), which takes personal links only.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from unittest import mock

from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.employers.models import Organization
from mansap.surveys.choices import Channel, ResponseStatus, SurveyKind
from mansap.surveys.models import Answer, Campaign, Response
from mansap.surveys.reports import results
from mansap.surveys.services import campaigns as services
from mansap.surveys.services import responses
from mansap.surveys.tests.factories import full_answer, make_campaign, make_questionnaire, questions_by_text
from mansap.surveys.tests.test_views import post_data

BASE_DIR = Path(__file__).resolve().parents[3]
LOCMEM_THROTTLE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "public-link-tests"},
}


def pdf_text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout
    return re.sub(r"\s+", " ", out.decode().replace("\xa0", " "))


@override_settings(CACHES=LOCMEM_THROTTLE, MANSAP_SURVEY_PUBLIC_ANSWERS_PER_IP_DAY=20, MANSAP_TRUSTED_PROXIES=0)
class PublicLinkLimitTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        make_student(cls.program_a, graduation_date=dt.date(2025, 6, 30), email="a@example.kz")
        cls.questionnaire = make_questionnaire(cls.institution)

    def setUp(self) -> None:
        caches["throttle"].clear()
        self.campaign = make_campaign(self.questionnaire, cohort=2025, public_link=True)
        services.launch_campaign(
            self.campaign, acting_user=self.cc, confirmed_count=services.audience_count(self.campaign)
        )
        self.url = reverse("surveys:public", args=[self.campaign.public_slug])
        self.answer = post_data(full_answer(self.questionnaire), action="submit")

    def submitted(self) -> int:
        return Response.objects.filter(campaign=self.campaign, status=ResponseStatus.SUBMITTED).count()

    def answer_as_a_new_client(self, address: str = "10.0.0.7", **extra: str):
        """A client without cookies (it cleared them): nothing ties it to the previous answer but its address."""
        return Client(REMOTE_ADDR=address, **extra).post(self.url, self.answer)

    def test_one_address_answers_at_most_the_daily_limit(self) -> None:
        statuses = [self.answer_as_a_new_client().status_code for _ in range(25)]
        self.assertEqual(statuses, [302] * 20 + [429] * 5)
        self.assertEqual(self.submitted(), 20)  # a computer lab of 20 behind one address still answers
        refused = self.answer_as_a_new_client()
        self.assertContains(refused, 'data-reason="limit"', status_code=429)
        # Before filling the form in, too: the page says so at once.
        self.assertContains(Client(REMOTE_ADDR="10.0.0.7").get(self.url), 'data-reason="limit"', status_code=429)
        # Another address is not affected; the next day the address answers again.
        self.assertEqual(self.answer_as_a_new_client("10.0.0.8").status_code, 302)
        tomorrow = timezone.now() + dt.timedelta(days=1)
        with mock.patch("django.utils.timezone.now", return_value=tomorrow):
            self.assertEqual(self.answer_as_a_new_client().status_code, 302)
        self.assertEqual(self.submitted(), 22)

    def test_drafts_are_not_answers(self) -> None:
        draft = post_data(full_answer(self.questionnaire), action="save")
        for _ in range(25):
            self.assertEqual(Client(REMOTE_ADDR="10.0.0.7").post(self.url, draft).status_code, 302)
        self.assertEqual(self.answer_as_a_new_client().status_code, 302)

    def test_the_address_is_the_one_the_trusted_proxy_saw(self) -> None:
        with self.settings(MANSAP_TRUSTED_PROXIES=1):
            for _ in range(20):
                self.answer_as_a_new_client("127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")
            self.assertEqual(
                self.answer_as_a_new_client("127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5").status_code, 429
            )
            # Everyone else behind the same proxy still answers.
            self.assertEqual(
                self.answer_as_a_new_client("127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6").status_code, 302
            )
        # Without a trusted proxy a forged header changes nothing: the address is REMOTE_ADDR.
        for n in range(20):
            self.answer_as_a_new_client("10.0.0.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        self.assertEqual(self.answer_as_a_new_client("10.0.0.9", HTTP_X_FORWARDED_FOR="198.51.100.99").status_code, 429)

    def test_a_negative_limit_stops_start_up(self) -> None:
        code = "import django; django.setup()"
        environ = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "mansap.settings",
            "MANSAP_SURVEY_PUBLIC_ANSWERS_PER_IP_DAY": "-1",
        }
        done = subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, cwd=BASE_DIR)
        self.assertNotEqual(done.returncode, 0)
        self.assertIn("MANSAP_SURVEY_PUBLIC_ANSWERS_PER_IP_DAY must be 0 (no limit) or more", done.stderr)

    def test_zero_means_no_limit(self) -> None:
        with self.settings(MANSAP_SURVEY_PUBLIC_ANSWERS_PER_IP_DAY=0):
            for _ in range(22):
                self.assertEqual(self.answer_as_a_new_client().status_code, 302)

    def test_personal_links_are_not_limited_by_address(self) -> None:
        from mansap.surveys.services import links

        campaign = make_campaign(self.questionnaire, cohort=2025)
        services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=services.audience_count(campaign))
        for _ in range(20):
            self.answer_as_a_new_client()
        invitation = campaign.invitations.get()
        url = reverse("surveys:respond", args=[links.survey_link.make(invitation)])
        self.assertEqual(Client(REMOTE_ADDR="10.0.0.7").post(url, self.answer).status_code, 302)

    # ---- The honeypot ----------------------------------------------------------------------------------------
    def test_the_form_has_a_field_people_do_not_see(self) -> None:
        page = Client().get(self.url)
        trap = re.search(r'<input[^>]*name="website"[^>]*>', page.content.decode()).group(0)
        for attribute in ('tabindex="-1"', 'autocomplete="off"'):
            self.assertIn(attribute, trap)
        self.assertContains(page, 'aria-hidden="true"')
        self.assertNotIn('type="hidden"', trap)  # bots skip hidden inputs; this one is only out of sight

    def test_a_filled_honeypot_is_silently_discarded(self) -> None:
        client = Client(REMOTE_ADDR="10.0.0.7")
        response = client.post(self.url, {**self.answer, "website": "http://spam.example"})
        self.assertRedirects(response, reverse("surveys:thanks") + f"?c={self.campaign.pk}&lang=kk",
                             fetch_redirect_response=False)  # fmt: skip
        self.assertEqual(Response.objects.filter(campaign=self.campaign).count(), 0)
        self.assertContains(client.get(self.url), 'data-reason="used"', status_code=410)  # as after an answer
        # A filled honeypot on a draft keeps nothing either.
        Client().post(self.url, {**post_data(full_answer(self.questionnaire), action="save"), "website": "x"})
        self.assertEqual(Response.objects.filter(campaign=self.campaign).count(), 0)
        # A person leaves it empty.
        self.assertEqual(Client().post(self.url, {**self.answer, "website": ""}).status_code, 302)
        self.assertEqual(self.submitted(), 1)


class EmployerSurveyPersonalLinksOnlyTests(ScopedCRUDTests):
    """KPI-17.8 is the employer survey's score: its answers come through personal links only."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.questionnaire = make_questionnaire(cls.institution, SurveyKind.EMPLOYERS)
        cls.orgs = [
            Organization.objects.create(
                institution=cls.institution,
                name_kk=f"Org {n}",
                name_ru=f"Org {n}",
                name_en=f"Org {n}",
                email=f"org{n}@example.kz",
            )
            for n in range(5)
        ]

    def employer_campaign(self, **fields) -> Campaign:
        headline = questions_by_text(self.questionnaire)["Satisfaction"]
        today = timezone.localdate()
        defaults = {"anonymous": False, "min_slice": 1, "headline_question": headline,
                    "opens_on": today - dt.timedelta(days=5), "closes_on": today}  # fmt: skip
        defaults.update(fields)
        campaign = make_campaign(self.questionnaire, **defaults)
        services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=services.audience_count(campaign))
        return campaign

    def test_the_service_and_the_form_refuse_a_public_link(self) -> None:
        campaign = make_campaign(self.questionnaire)
        campaign.public_link = True
        with self.assertRaises(ValidationError) as caught:
            services.save_campaign(campaign, acting_user=self.cc)
        self.assertIn("public_link", caught.exception.message_dict)
        today = timezone.localdate()
        data = {"title_kk": "Ж", "title_ru": "Р", "title_en": "Employers", "questionnaire": self.questionnaire.pk,
                "kind": SurveyKind.EMPLOYERS, "opens_on": today.isoformat(),
                "closes_on": (today + dt.timedelta(days=9)).isoformat(), "min_slice": 5, "language": "kk",
                "public_link": "on"}  # fmt: skip
        response = self.post_as(self.cc, reverse("surveys:campaign_add"), data)
        self.assertIn("personal links only", response.context["form"].errors["public_link"][0])
        self.assertFalse(Campaign.objects.filter(title_en="Employers").exists())

    def test_the_api_refuses_a_public_link(self) -> None:
        today = timezone.localdate()
        body = {"title_kk": "x", "title_ru": "x", "title_en": "API", "questionnaire": self.questionnaire.pk,
                "kind": SurveyKind.EMPLOYERS, "opens_on": today.isoformat(),
                "closes_on": (today + dt.timedelta(days=9)).isoformat(), "public_link": True}  # fmt: skip
        response = self.api_as(self.cc).post("/api/v1/survey-campaigns/", body, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("public_link", response.json())
        campaign = self.employer_campaign()
        response = self.api_as(self.cc).patch(
            f"/api/v1/survey-campaigns/{campaign.pk}/", {"public_link": True}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIs(Campaign.objects.get(pk=campaign.pk).public_link, False)

    def test_an_old_public_link_of_an_employer_campaign_takes_no_answer(self) -> None:
        campaign = self.employer_campaign(closes_on=timezone.localdate() + dt.timedelta(days=9))
        Campaign.objects.filter(pk=campaign.pk).update(public_link=True)  # saved before the rule
        campaign.refresh_from_db()
        url = reverse("surveys:public", args=[campaign.public_slug])
        page = Client().get(url)
        self.assertContains(page, 'data-reason="personal_only"', status_code=403)
        answer = post_data(full_answer(self.questionnaire), action="submit")
        self.assertEqual(Client().post(url, answer).status_code, 403)
        with self.assertRaises(ValidationError):
            responses.save_response(
                campaign, full_answer(self.questionnaire), submit=True, language="kk", channel=Channel.PUBLIC
            )
        self.assertFalse(Response.objects.filter(campaign=campaign).exists())
        self.assertNotContains(self.get_as(self.cc, campaign.get_absolute_url()), campaign.public_slug)

    def test_kpi_17_8_counts_only_personal_link_answers_even_for_old_data(self) -> None:
        campaign = self.employer_campaign()
        for invitation in campaign.invitations.order_by("pk")[:3]:
            responses.save_response(campaign, full_answer(self.questionnaire, satisfaction=4), submit=True,
                                    language="kk", invitation=invitation)  # fmt: skip
        satisfaction = questions_by_text(self.questionnaire)["Satisfaction"]
        for _ in range(3):  # public-link answers stored before the rule: a score of 1 each
            old = Response.objects.create(
                campaign=campaign, channel=Channel.PUBLIC, status=ResponseStatus.SUBMITTED,
                submitted_on=timezone.localdate(),
            )  # fmt: skip
            Answer.objects.create(response=old, question=satisfaction, number=Decimal(1))
        kpi = results.employer_survey_kpi(self.institution, campaign.closes_on.year)
        self.assertEqual((kpi["score"], kpi["respondents"]), (Decimal("4.00"), 3))
        kpi = results.employer_survey_kpi_as_of(self.institution, campaign.closes_on)
        self.assertEqual((kpi["score"], kpi["respondents"]), (Decimal("4.00"), 3))
        # The results page shows every answer, with the share of the public link.
        data = results.campaign_results(campaign)
        self.assertEqual((data.respondents, data.public, data.public_percent), (6, 3, Decimal("50.0")))


class PublicShareInResultsTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for n in range(3):
            make_student(cls.program_a, graduation_date=dt.date(2025, 6, 30), email=f"s{n}@example.kz")
        cls.questionnaire = make_questionnaire(cls.institution)
        cls.campaign = make_campaign(cls.questionnaire, cohort=2025, public_link=True, min_slice=3)
        services.launch_campaign(
            cls.campaign, acting_user=cls.cc, confirmed_count=services.audience_count(cls.campaign)
        )
        for invitation in cls.campaign.invitations.all():
            responses.save_response(cls.campaign, full_answer(cls.questionnaire), submit=True, language="kk",
                                    invitation=invitation)  # fmt: skip
        responses.save_response(cls.campaign, full_answer(cls.questionnaire), submit=True, language="kk",
                                channel=Channel.PUBLIC)  # fmt: skip

    def test_the_page_shows_the_share(self) -> None:
        url = reverse("surveys:campaign_results", args=[self.campaign.pk])
        page = self.get_as(self.cc, url, HTTP_ACCEPT_LANGUAGE="en")
        share = re.search(r'<div[^>]*id="public-share"[^>]*>(.*?)</div>', page.content.decode(), re.S).group(1)
        self.assertIn("1 of 4", share)
        self.assertIn("25.0 %", share)
        # Below the minimum slice nothing is shown, the share neither.
        narrow = self.get_as(self.cc, url + f"?program={self.program_b.pk}")
        self.assertNotContains(narrow, 'id="public-share"')

    def test_the_exports_and_the_api_carry_it(self) -> None:
        export = reverse("surveys:campaign_results_export", args=[self.campaign.pk, "xlsx"])
        book = load_workbook(BytesIO(self.get_as(self.cc, export + "?lang=en").content))
        rows = {row[0]: row[1:] for row in book.active.iter_rows(values_only=True) if row and row[0]}
        self.assertEqual(rows["Answers through the public link"][0], 1)
        self.assertEqual(rows["Share of public-link answers, %"][0], 25.0)
        pdf = self.get_as(
            self.cc, reverse("surveys:campaign_results_export", args=[self.campaign.pk, "pdf"]) + "?lang=en"
        )
        self.assertIn("Through the public link 1 (25.0 %)", pdf_text(pdf.content))
        api = self.api_as(self.rector).get(f"/api/v1/survey-campaigns/{self.campaign.pk}/results/").json()
        self.assertEqual((api["public_answers"], api["public_percent"]), (1, 25.0))

    def test_the_share_is_in_each_language(self) -> None:
        export = reverse("surveys:campaign_results_export", args=[self.campaign.pk, "xlsx"])
        for language, label in (("kk", "Жалпыға ортақ сілтеме арқылы келген жауаптар"),
                                ("ru", "Ответы по общей ссылке")):  # fmt: skip
            book = load_workbook(BytesIO(self.get_as(self.cc, export + f"?lang={language}").content))
            labels = [row[0] for row in book.active.iter_rows(values_only=True) if row]
            self.assertIn(label, labels, language)
