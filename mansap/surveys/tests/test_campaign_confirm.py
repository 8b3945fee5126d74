"""Issue #12: the graduating-students campaign with its optional year left blank invited every student of years
1 to 4 and e-mailed them without warning. The year is required for that audience, and every launch and send
shows its count and asks for confirmation; the service refuses an unconfirmed or stale count."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.surveys.choices import SurveyKind
from mansap.surveys.forms import CampaignForm
from mansap.surveys.models import Campaign
from mansap.surveys.services import campaigns as services
from mansap.surveys.tests.factories import make_campaign, make_questionnaire


class CampaignConfirmTestCase(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # Years 1 to 4 of a four-year program: only those admitted in 2022 graduate in 2026.
        cls.finalists = [
            make_student(cls.program_a, admission_year=2022, course=4, email=f"f{i}@example.kz") for i in range(2)
        ]
        cls.juniors = [
            make_student(cls.program_a, admission_year=year, course=2026 - year, email=f"j{year}@example.kz")
            for year in (2023, 2024, 2025)
        ]
        cls.questionnaire = make_questionnaire(cls.institution, kind=SurveyKind.GRADUATING)

    def graduating(self, **fields: object) -> Campaign:
        return make_campaign(self.questionnaire, programs=[self.program_a], **fields)


class GraduatingYearRequiredTests(CampaignConfirmTestCase):
    def form_data(self, **extra: object) -> dict:
        today = timezone.localdate()
        data = {
            "title_kk": "Бітірушілер", "title_ru": "Выпускники", "title_en": "Graduating",
            "questionnaire": self.questionnaire.pk, "kind": SurveyKind.GRADUATING, "opens_on": today.isoformat(),
            "closes_on": (today + dt.timedelta(days=20)).isoformat(), "min_slice": 5, "language": "ru",
            "programs": [self.program_a.pk],
        }  # fmt: skip
        data.update(extra)
        return data

    def test_the_form_requires_the_year_for_graduating_students_in_each_language(self) -> None:
        expected = {
            "en": "Choose the graduation year",
            "ru": "Выберите год выпуска",
            "kk": "Бітіру жылын таңдаңыз",
        }
        for language, start in expected.items():
            with translation.override(language):
                form = CampaignForm(self.form_data(), user=self.cc)
                self.assertFalse(form.is_valid())
                self.assertTrue(form.errors["cohort"][0].startswith(start), form.errors["cohort"])
        self.assertTrue(CampaignForm(self.form_data(cohort=2026), user=self.cc).is_valid())

    def test_the_service_refuses_a_graduating_campaign_without_a_year(self) -> None:
        campaign = Campaign(**{k: v for k, v in self.form_data().items() if k not in ("programs", "questionnaire")})
        campaign.questionnaire = self.questionnaire
        with self.assertRaises(ValidationError) as caught:
            services.save_campaign(campaign, acting_user=self.cc)
        self.assertIn("cohort", caught.exception.message_dict)
        self.assertEqual(Campaign.objects.count(), 0)

    def test_a_stored_campaign_without_a_year_invites_nobody_and_is_not_launched(self) -> None:
        campaign = self.graduating()  # saved before the rule, without full_clean
        self.assertEqual(services.audience_count(campaign), 0)
        with self.assertRaises(ValidationError) as caught:
            services.launch_campaign(campaign, acting_user=None, confirmed_count=services.audience_count(campaign))
        self.assertIn("cohort", caught.exception.message_dict)
        self.assertEqual(campaign.invitations.count(), 0)

    def test_the_year_narrows_the_audience_to_those_graduating(self) -> None:
        campaign = self.graduating(cohort=2026)
        self.assertEqual(services.audience_count(campaign), 2)
        self.assertEqual(services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=2), 2)
        self.assertEqual({i.student_id for i in campaign.invitations.all()}, {s.pk for s in self.finalists})


class ConfirmedCountServiceTests(CampaignConfirmTestCase):
    def test_a_person_must_confirm_the_launch_count(self) -> None:
        campaign = self.graduating(cohort=2026)
        with self.assertRaises(ValidationError) as caught:
            services.launch_campaign(campaign, acting_user=self.cc)
        self.assertEqual(caught.exception.code, "unconfirmed")
        with self.assertRaises(ValidationError) as caught:
            services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=5)  # a stale count
        self.assertEqual(caught.exception.code, "stale_confirmation")
        self.assertIn("from 5 to 2", caught.exception.messages[0])
        self.assertEqual(campaign.invitations.count(), 0)
        self.assertEqual(services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=2), 2)

    def test_a_person_must_confirm_the_number_of_e_mails(self) -> None:
        campaign = self.graduating(cohort=2026)
        services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=2)
        with self.assertRaises(ValidationError):
            services.send_invitations(campaign, acting_user=self.cc)
        with self.assertRaises(ValidationError):
            services.send_invitations(campaign, acting_user=self.cc, confirmed_count=3)
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(campaign.invitations.filter(sent_at__isnull=False).count(), 0)
        self.assertEqual(services.send_invitations(campaign, acting_user=self.cc, confirmed_count=2), 2)
        self.assertEqual(len(mail.outbox), 2)
        # A command (no acting user) sends the reminders without asking.
        self.assertEqual(services.send_invitations(campaign, acting_user=None, reminder=True), 2)


class ConfirmStepPageTests(CampaignConfirmTestCase):
    def test_launch_shows_the_count_then_launches_on_confirmation(self) -> None:
        campaign = self.graduating(cohort=2026)
        url = reverse("surveys:campaign_launch", args=[campaign.pk])
        page = self.post_as(self.cc, url)
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, '<p class="display-6 mb-1" id="confirm-count">2</p>', html=True)
        self.assertContains(page, '<input type="hidden" name="confirm" value="1">', html=True)
        self.assertIsNone(Campaign.objects.get(pk=campaign.pk).launched_at)
        # Someone adds a finalist meanwhile: the confirmation of 2 is stale and refused.
        make_student(self.program_a, admission_year=2022, course=4, email="late@example.kz")
        self.post_as(self.cc, url, {"confirm": "1", "count": "2"})
        self.assertIsNone(Campaign.objects.get(pk=campaign.pk).launched_at)
        self.assertContains(self.client.get(campaign.get_absolute_url()), "has changed from 2 to 3")
        response = self.post_as(self.cc, url, {"confirm": "1", "count": "3"})
        self.assertRedirects(response, campaign.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual(Campaign.objects.get(pk=campaign.pk).invitations.count(), 3)

    def test_send_and_remind_show_the_count_first(self) -> None:
        campaign = self.graduating(cohort=2026)
        services.launch_campaign(campaign, acting_user=self.cc, confirmed_count=2)
        url = reverse("surveys:campaign_send", args=[campaign.pk])
        page = self.post_as(self.cc, url)
        self.assertContains(page, "Send 2 invitations by e-mail?")
        self.assertEqual(len(mail.outbox), 0)
        with self.captureOnCommitCallbacks(execute=True):
            self.post_as(self.cc, url, {"confirm": "1", "count": "2"})
        self.assertEqual(len(mail.outbox), 2)
        page = self.post_as(self.cc, url, {"reminder": "1"})
        self.assertContains(page, "Send 2 reminders by e-mail?")
        self.assertContains(page, '<input type="hidden" name="reminder" value="1">', html=True)
