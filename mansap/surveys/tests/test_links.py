"""The respondent's personal link on common.links.SignedLink: links e-mailed before the switch still open.

TOKENS were made by the app's own make_token, before the kernel (surveys/services/links.py at the kernels'
merge), for invitation 4242 whose language is Russian, at the fixed clock NOW with SECRET_KEY = SECRET. They
are literals on purpose: a change of salt, payload or format fails here, instead of breaking every link in
people's inboxes. The old code gave the "ru" token for "" and for an unknown language (the invitation's own).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

from django.core import signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mansap.common.links import CLOSED, EXPIRED, INVALID, NOT_OPEN, USED, LinkError
from mansap.surveys.models import Campaign, Invitation
from mansap.surveys.services import links
from mansap.surveys.services.campaigns import close_campaign
from mansap.surveys.tests.factories import make_campaign
from mansap.surveys.tests.test_services import SurveyTestCase

SECRET = "mansap-surveys-link-tests-" + "k" * 40
NOW = 1_800_000_000.0  # 2027-01-15: tokens made at the same second are byte-identical
TOKENS = {
    "kk": "eyJpIjo0MjQyLCJsIjoia2sifQ:1xocE4:kqhiwlY4B7VwL4Jrns0rVWdkIXyesLYJbvnUsPIae7s",
    "ru": "eyJpIjo0MjQyLCJsIjoicnUifQ:1xocE4:sEOtGtfr53ivltLUEG8ygkrc5cxiwUaV0cgG4SOf9XI",
    "en": "eyJpIjo0MjQyLCJsIjoiZW4ifQ:1xocE4:7XP_HLhKjxAoJ7EVX53gwSRw-lug5acfqtSt0umlCaU",
}


def frozen(at: float = NOW) -> Any:
    return mock.patch("django.core.signing.time.time", return_value=at)


def failure(token: str) -> tuple[str, str | None, Any] | None:
    """(reason, language, the error's object) of a link that does not open, else None."""
    try:
        links.survey_link.read(token)
    except LinkError as exc:
        return exc.reason, exc.language, exc.obj
    return None


@override_settings(SECRET_KEY=SECRET)
class LegacyTokenTests(SurveyTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.campaign = make_campaign(cls.questionnaire, cohort=2025)
        Campaign.objects.filter(pk=cls.campaign.pk).update(launched_at=timezone.now())
        cls.invitation = Invitation.objects.create(
            pk=4242, campaign=cls.campaign, student=cls.graduates[0], email="g0@example.kz", language="ru"
        )

    def test_old_tokens_open_in_their_language(self) -> None:
        for language, token in TOKENS.items():
            with frozen():
                opened = links.survey_link.read(token)
            self.assertEqual((opened.obj, opened.language), (self.invitation, language))
            self.assertEqual(opened.payload, {"i": 4242, "l": language})

    def test_new_tokens_are_the_old_ones(self) -> None:
        with frozen():
            for language, token in TOKENS.items():
                self.assertEqual(links.survey_link.make(self.invitation, language), token)
            self.assertEqual(links.survey_link.make(self.invitation), TOKENS["ru"])  # the invitation's language
            self.assertEqual(links.survey_link.make(self.invitation, "de"), TOKENS["ru"])
            self.assertEqual(links.link_path(self.invitation, "en"), f"/surveys/r/{TOKENS['en']}/")

    def test_the_page_opens_an_old_link_in_its_language(self) -> None:
        with frozen():
            page = self.client.get(reverse("surveys:respond", args=[TOKENS["en"]]))
        self.assertContains(page, "Employed?")
        self.assertContains(page, "Submit answers")
        self.assertEqual(page["X-Robots-Tag"], "noindex, nofollow")

    def test_tampered_forged_and_aged_links(self) -> None:
        token = TOKENS["en"]
        tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        other_salt = signing.dumps({"i": 4242, "l": "en"}, salt="another.salt", compress=True)
        with frozen():
            self.assertEqual(failure(tampered), (INVALID, None, None))
            self.assertEqual(failure(other_salt), (INVALID, None, None))
            self.assertEqual(failure("garbage"), (INVALID, None, None))
        with frozen(NOW + links.MAX_TOKEN_AGE):
            self.assertIsNone(failure(token))  # 400 days: the last second it works
        with frozen(NOW + links.MAX_TOKEN_AGE + 1):
            self.assertEqual(failure(token), (EXPIRED, None, None))  # the old code gave no language either
        for payload in ({"l": "en"}, {"i": "x", "l": "en"}, {"i": 999_999, "l": "en"}, [4242], "4242"):
            forged = signing.dumps(payload, salt=links.SALT, compress=True)
            self.assertEqual(failure(forged), (INVALID, None, None), payload)
        unknown_language = signing.dumps({"i": 4242, "l": "de"}, salt=links.SALT, compress=True)
        self.assertEqual(links.survey_link.read(unknown_language).language, "ru")  # the invitation's

    def test_the_campaign_and_the_invitation_close_the_link(self) -> None:
        token = TOKENS["en"]
        campaign = self.campaign
        today = timezone.localdate()
        with frozen():
            Campaign.objects.filter(pk=campaign.pk).update(launched_at=None)
            self.assertEqual(failure(token), (INVALID, "en", campaign))  # a draft campaign has no links yet
            Campaign.objects.filter(pk=campaign.pk).update(
                launched_at=timezone.now(), opens_on=today + dt.timedelta(days=3)
            )
            self.assertEqual(failure(token), (NOT_OPEN, "en", campaign))
            Campaign.objects.filter(pk=campaign.pk).update(
                opens_on=today - dt.timedelta(days=9), closes_on=today - dt.timedelta(days=1)
            )
            self.assertEqual(failure(token), (EXPIRED, "en", campaign))  # past its last day
            Campaign.objects.filter(pk=campaign.pk).update(closes_on=today + dt.timedelta(days=9))
            Invitation.objects.filter(pk=4242).update(has_responded=True)
            self.assertEqual(failure(token), (USED, "en", campaign))
            close_campaign(Campaign.objects.get(pk=campaign.pk), acting_user=self.cc)
            self.assertEqual(failure(token), (CLOSED, "en", campaign))  # closed early by the Career Center
            Invitation.objects.filter(pk=4242).delete()
            self.assertEqual(failure(token), (INVALID, None, None))
