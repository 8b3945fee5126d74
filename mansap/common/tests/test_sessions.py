"""Session lifetime to ASVS L2 (issue #11): 12 hours at most, 30 minutes idle, a warning before."""

from __future__ import annotations

from unittest import mock

from django.conf import settings
from django.test import override_settings
from django.urls import reverse

from mansap.common import sessions
from mansap.common.testing import BaseTestCase

T0 = 1_800_000_000.0
HOME = "/"


class SessionLifetimeTests(BaseTestCase):
    def login_at(self, when: float) -> None:
        with mock.patch.object(sessions.time, "time", return_value=when):
            self.client.force_login(self.aigerim)

    def get_at(self, when: float, url: str = HOME) -> object:
        with mock.patch.object(sessions.time, "time", return_value=when):
            return self.client.get(url)

    def test_the_cookie_ends_with_the_browser_and_lasts_at_most_12_hours(self) -> None:
        self.assertIs(settings.SESSION_EXPIRE_AT_BROWSER_CLOSE, True)
        self.assertEqual(settings.SESSION_COOKIE_AGE, 12 * 3600)

    def test_activity_within_30_minutes_keeps_the_login(self) -> None:
        self.login_at(T0)
        for minutes in (29, 58, 87):  # each request renews the idle clock
            response = self.get_at(T0 + minutes * 60)
            self.assertEqual(response.status_code, 200, minutes)
            self.assertEqual(response.wsgi_request.user, self.aigerim)

    def test_thirty_one_idle_minutes_log_out_with_a_message(self) -> None:
        self.login_at(T0)
        response = self.get_at(T0 + 31 * 60)
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(reverse("login")))
        self.assertNotIn("_auth_user_id", self.client.session)
        login_page = self.client.get(response["Location"])
        self.assertContains(login_page, "You were logged out after 30 minutes without activity.")

    def test_twelve_hours_after_login_even_an_active_user_is_logged_out(self) -> None:
        self.login_at(T0)
        for minutes in range(20, 12 * 60, 20):
            self.assertEqual(self.get_at(T0 + minutes * 60).status_code, 200, minutes)
        response = self.get_at(T0 + 12 * 3600 + 60)
        self.assertEqual(response.status_code, 302)
        self.assertContains(self.client.get(response["Location"]), "a login lasts at most 12 hours")

    def test_keep_alive_renews_the_idle_clock(self) -> None:
        self.login_at(T0)
        with mock.patch.object(sessions.time, "time", return_value=T0 + 28 * 60):
            response = self.client.post(reverse("session_keepalive"))
        self.assertEqual(response.json(), {"authenticated": True, "idle_seconds": 1800})
        self.assertEqual(self.get_at(T0 + 50 * 60).status_code, 200)

    def test_keep_alive_without_a_login_is_401(self) -> None:
        self.assertEqual(self.client.post(reverse("session_keepalive")).status_code, 401)
        self.client.force_login(self.aigerim)
        self.assertEqual(self.client.get(reverse("session_keepalive")).status_code, 405)

    @override_settings(MANSAP_SESSION_IDLE_MINUTES=15, MANSAP_SESSION_WARN_MINUTES=3)
    def test_pages_carry_the_warning_for_logged_in_users_only(self) -> None:
        self.client.force_login(self.aigerim)
        page = self.client.get(HOME)
        self.assertContains(page, 'data-session-idle="900" data-session-warn="180"')
        self.assertContains(page, 'id="session-warning"')
        self.assertContains(page, "js/session.js")
        self.client.logout()
        self.assertNotContains(self.client.get(reverse("login")), "session-warning")
