"""Hardening (#11): the IIN check of a self-service link, over the link's whole life.

The attack: whoever holds a graduate's link (forwarded, overheard, a printed QR code) guesses the last 4 digits
of the IIN. With a lock that only lasted an hour, 5 guesses an hour over a 30-day link were 3,600 guesses: about
36 % of the 10,000 combinations. These tests pin the cap: a few failed checks per link in all, then the link is
dead for good (a cache flush does not revive it), and the department sends a new one that works.
"""

from __future__ import annotations

import datetime as dt
import hmac
import os
import re
import subprocess
import sys
import time
from pathlib import Path
from unittest import mock

from django.core import mail, signing
from django.core.cache import caches
from django.test import SimpleTestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import AcademicYear
from mansap.graduates.models import CollectionRound
from mansap.graduates.services import selfservice

LOCMEM_THROTTLE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "selfservice-guard-tests"},
}
HOUR = 3600
BASE_DIR = Path(__file__).resolve().parents[3]


def wrong_digits(iin: str, n: int = 1) -> str:
    """The n-th 4-digit guess that is not the end of the IIN."""
    return f"{(int(iin[-4:]) + n) % 10000:04d}"


@override_settings(CACHES=LOCMEM_THROTTLE, MANSAP_SELFSERVICE_MAX_FAILURES=5)
class SelfServiceGuardTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2026, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30)
        )
        cls.round = CollectionRound.objects.create(
            institution=cls.institution, academic_year=year, number=2, cohort=2026,
            opens_on=dt.date(2026, 10, 1), deadline=dt.date(2026, 12, 30),
        )  # fmt: skip
        grad = dt.date(2026, 6, 25)
        cls.graduate = make_student(
            cls.program_a, last_name="Абаев", first_name="Нұрлан", graduation_date=grad, email="nurlan@example.kz"
        )
        cls.other = make_student(cls.program_a, last_name="Жанова", graduation_date=grad, email="dina@example.kz")
        cls.no_email = make_student(cls.program_a, last_name="Досов", graduation_date=grad)

    def setUp(self):
        caches["throttle"].clear()

    def url(self, graduate=None, language: str = "en") -> str:
        return selfservice.link_path(graduate or self.graduate, self.round, language)

    def guess(self, digits: str, url: str | None = None):
        return self.client.post(url or self.url(), {"iin_last4": digits})

    def kill(self, graduate=None, url: str | None = None) -> None:
        """Five wrong checks: the link is dead."""
        graduate = graduate or self.graduate
        for n in range(1, 6):
            self.guess(wrong_digits(graduate.iin, n), url or self.url(graduate))

    # ---- The attack ------------------------------------------------------------------------------------------
    def test_an_attacker_gets_five_guesses_over_the_links_whole_life(self):
        """One guess every 61 minutes, past any hourly lock, for 60 hours: only 5 are ever compared."""
        start = time.time()
        with mock.patch.object(selfservice.hmac, "compare_digest", wraps=hmac.compare_digest) as compared:
            for n in range(1, 61):
                with mock.patch("time.time", return_value=start + n * 61 * 60):
                    self.guess(wrong_digits(self.graduate.iin, n))
        self.assertEqual(compared.call_count, 5)
        # Even the right digits, days later, no longer open it.
        with mock.patch("time.time", return_value=start + 10 * 24 * HOUR):
            response = self.guess(self.graduate.iin[-4:])
            self.assertEqual(response.status_code, 410)
            self.assertContains(response, 'data-reason="locked"', status_code=410)
            self.assertNotIn(selfservice.VERIFIED_SESSION_KEY, self.client.session)
            page = self.client.get(self.url())
        self.assertContains(page, 'data-reason="locked"', status_code=410)
        self.assertNotContains(page, "Нұрлан", status_code=410)

    def test_a_dead_link_stays_dead_after_the_throttle_cache_is_flushed(self):
        self.kill()
        caches["throttle"].clear()
        self.assertEqual(self.guess(self.graduate.iin[-4:]).status_code, 410)
        self.assertNotIn(selfservice.VERIFIED_SESSION_KEY, self.client.session)
        # Every language of the same link, and a new session, too.
        self.client.logout()
        self.assertEqual(self.guess(self.graduate.iin[-4:], self.url(language="kk")).status_code, 410)

    def test_parallel_guesses_cannot_exceed_the_cap(self):
        """A guess is compared only after it has reserved one of the link's failures: when parallel requests
        hold every slot, even the right digits are refused rather than compared."""
        link = selfservice.open_link(self.url().rstrip("/").rsplit("/", 1)[1])
        selfservice.SelfServiceCheck.objects.create(graduate=self.graduate, collection_round=self.round, failures=5)
        result = selfservice.check_iin_digits(self.client.session, link, self.graduate.iin[-4:])
        self.assertEqual((result.ok, result.dead), (False, True))

    def test_the_graduate_keeps_every_attempt_until_the_last(self):
        for n, left in zip(range(1, 5), (4, 3, 2, 1), strict=True):
            response = self.guess(wrong_digits(self.graduate.iin, n))
            self.assertContains(response, f"Attempts left: {left}.", status_code=400)
        self.assertContains(response, "one more wrong entry locks this link", status_code=400)
        self.assertEqual(self.guess(self.graduate.iin[-4:]).status_code, 302)
        self.assertContains(self.client.get(self.url()), "Hello, Нұрлан!")
        # A success does not give the failures back: the cap is per link, whoever typed them.
        self.client.logout()
        self.assertContains(self.guess(wrong_digits(self.graduate.iin)), 'data-reason="locked"', status_code=410)

    def test_another_graduates_link_is_not_affected(self):
        self.kill()
        self.assertEqual(self.guess(self.other.iin[-4:], self.url(self.other)).status_code, 302)

    # ---- The token ---------------------------------------------------------------------------------------------
    def test_links_of_a_graduate_whose_link_never_died_keep_the_old_format(self):
        self.guess(wrong_digits(self.graduate.iin))  # a failure is not a renewal: still issue 0
        token = selfservice.SELF_SERVICE_LINK.make((self.graduate, self.round), "en")
        self.assertEqual(
            signing.loads(token, salt=selfservice.SALT), {"g": self.graduate.pk, "r": self.round.pk, "l": "en"}
        )

    def test_a_malformed_issue_is_an_invalid_link(self):
        for issue in ("1", -1, True, 1.5):
            payload = {"g": self.graduate.pk, "r": self.round.pk, "l": "en", "n": issue}
            token = signing.dumps(payload, salt=selfservice.SALT, compress=True)
            response = self.client.get(reverse("graduates:selfservice", args=[token]))
            self.assertContains(response, 'data-reason="invalid"', status_code=400)

    def test_a_row_reset_by_hand_does_not_kill_a_newer_link(self):
        self.kill()
        self.client.force_login(self.aigerim)
        self.client.post(reverse("graduates:selfservice_renew", args=[self.round.pk, self.graduate.pk]))
        self.client.logout()
        new = self.url()  # issue 1
        selfservice.SelfServiceCheck.objects.all().delete()
        self.assertEqual(self.guess(wrong_digits(self.graduate.iin), new).status_code, 400)
        state = selfservice.check_state(self.graduate, self.round)
        self.assertEqual((state.issue, state.failures), (1, 1))
        self.assertEqual(self.guess(self.graduate.iin[-4:], new).status_code, 302)

    # ---- The department sees it and sends a new link ---------------------------------------------------------
    def test_the_department_sees_the_lock_and_sends_a_new_link_that_opens(self):
        old = self.url(language="ru")
        self.kill(url=old)
        department_page = reverse("graduates:round_department", args=[self.round.pk, self.dept_a.pk])
        page = self.get_as(self.aigerim, department_page)
        self.assertContains(page, f'data-locked-link="{self.graduate.pk}"')
        self.assertContains(page, reverse("graduates:selfservice_renew", args=[self.round.pk, self.graduate.pk]))
        overview = self.get_as(self.aigerim, self.round.get_absolute_url())
        self.assertContains(overview, 'id="locked-links-IS"')
        # The QR code of a dead link is not printed.
        qr = reverse("graduates:selfservice_qr", args=[self.round.pk, self.graduate.pk])
        self.assertEqual(self.get_as(self.aigerim, qr).status_code, 409)

        renew = reverse("graduates:selfservice_renew", args=[self.round.pk, self.graduate.pk])
        self.assert_status(self.bolat, renew, 403, method="post")  # read-only
        self.assert_status(self.dana, renew, 404, method="post")  # another department's graduate
        self.client.force_login(self.aigerim)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(renew, {"next": department_page})
        self.assertRedirects(response, department_page, fetch_redirect_response=False)
        self.assertEqual([m.to for m in mail.outbox], [["nurlan@example.kz"]])
        new = re.search(r"https?://\S+/employment/update/\S+/", mail.outbox[0].body).group(0)
        new = new.split("testserver", 1)[1]
        self.assertNotEqual(new, old)
        self.assertNotContains(self.client.get(department_page), f'data-locked-link="{self.graduate.pk}"')
        self.assertEqual(self.get_as(self.aigerim, qr).status_code, 200)

        self.client.logout()
        self.assertEqual(self.client.get(old).status_code, 410)  # the old link stays dead
        page = self.client.get(new)
        self.assertContains(page, 'id="selfservice-verify"')
        self.assertEqual(self.guess(self.graduate.iin[-4:], new).status_code, 302)
        self.assertContains(self.client.get(new), "Нұрлан")

    def test_a_new_link_without_an_email_is_printed_as_a_qr_code(self):
        self.kill(self.no_email)
        renew = reverse("graduates:selfservice_renew", args=[self.round.pk, self.no_email.pk])
        self.client.force_login(self.aigerim)
        response = self.client.post(renew, follow=True)
        self.assertContains(response, "print its QR code")
        self.assertEqual(mail.outbox, [])
        qr = reverse("graduates:selfservice_qr", args=[self.round.pk, self.no_email.pk])
        self.assertEqual(self.get_as(self.aigerim, qr).status_code, 200)

    def test_sending_the_rounds_links_again_replaces_dead_ones(self):
        self.kill()
        self.client.force_login(self.cc)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("graduates:selfservice_send", args=[self.round.pk]), {"language": "en"})
        message = next(m for m in mail.outbox if m.to == ["nurlan@example.kz"])
        link = re.search(r"https?://\S+/employment/update/\S+/", message.body).group(0).split("testserver", 1)[1]
        self.client.logout()
        self.assertEqual(self.client.get(link).status_code, 200)
        self.assertEqual(self.guess(self.graduate.iin[-4:], link).status_code, 302)

    def test_a_closed_round_gets_no_new_link(self):
        self.kill()
        CollectionRound.objects.filter(pk=self.round.pk).update(closed_at=timezone.now())
        renew = reverse("graduates:selfservice_renew", args=[self.round.pk, self.graduate.pk])
        self.client.force_login(self.aigerim)
        response = self.client.post(renew, follow=True)
        self.assertContains(response, "The round is closed")
        self.assertEqual(mail.outbox, [])

    def test_the_dead_page_speaks_the_links_language(self):
        self.kill()
        for language, text in (
            ("kk", "Бұл сілтеме бұғатталды"),
            ("ru", "Эта ссылка заблокирована"),
            ("en", "This link has been locked"),
        ):
            page = self.client.get(self.url(language=language))
            self.assertEqual((page.status_code, page["Content-Language"]), (410, language))
            self.assertContains(page, text, status_code=410)


class MaxFailuresSettingTests(SimpleTestCase):
    def start(self, **env: str) -> subprocess.CompletedProcess:
        code = (
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.MANSAP_SELFSERVICE_MAX_FAILURES)"
        )
        environ = {**os.environ, "DJANGO_SETTINGS_MODULE": "mansap.settings", **env}
        return subprocess.run([sys.executable, "-c", code], env=environ, capture_output=True, text=True, cwd=BASE_DIR)

    def test_a_cap_that_would_give_a_tenth_of_a_percent_stops_start_up(self):
        for value in ("0", "10"):
            done = self.start(MANSAP_SELFSERVICE_MAX_FAILURES=value)
            self.assertNotEqual(done.returncode, 0, value)
            self.assertIn("MANSAP_SELFSERVICE_MAX_FAILURES must be from 1 to 9", done.stderr)
        self.assertEqual(self.start(MANSAP_SELFSERVICE_MAX_FAILURES="3").stdout.strip(), "3")
