"""Brute-force protection: failed logins per (username, address) and per address, and the API's rate limits."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any
from unittest import mock

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.filebased import FileBasedCache
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from mansap import settings as project_settings
from mansap.common.testing import make_user
from mansap.common.throttling import client_ip, login_limiter

BASE_DIR = Path(__file__).resolve().parents[3]
LOCMEM = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle-tests"},
}


def rest_framework(**rates: str) -> dict[str, Any]:
    return {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anon": "1000/minute", "user": "1000/minute", **rates},
    }


@override_settings(
    CACHES=LOCMEM,
    MANSAP_LOGIN_MAX_FAILURES=5,
    MANSAP_LOGIN_MAX_FAILURES_PER_IP=20,
    MANSAP_LOGIN_WINDOW_MINUTES=15,
    MANSAP_LOGIN_LOCKOUT_MINUTES=15,
    MANSAP_TRUSTED_PROXIES=0,
)
class LoginThrottleTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = make_user("aliya")  # password "pw-aliya"

    def setUp(self) -> None:
        caches["throttle"].clear()

    def attempt(self, username: str = "aliya", password: str = "wrong", ip: str = "10.0.0.1", **extra: Any) -> Any:
        return self.client.post(
            reverse("login"),
            {"username": username, "password": password},
            REMOTE_ADDR=ip,
            HTTP_ACCEPT_LANGUAGE="en",
            **extra,
        )

    def assert_locked(self, response: Any, minutes: int = 15) -> None:
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response["Retry-After"], str(minutes * 60))
        unit = "minute" if minutes == 1 else "minutes"
        self.assertContains(
            response, f"Too many failed login attempts. Try again in {minutes} {unit}.", status_code=429
        )
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_fifth_failure_locks_and_even_the_right_password_is_refused(self) -> None:
        for _ in range(4):
            response = self.attempt()
            self.assertEqual(response.status_code, 200)
            self.assertNotContains(response, "login-locked")
        self.assert_locked(self.attempt())
        self.assert_locked(self.attempt(password="pw-aliya"))
        # Another account from another address is not affected.
        make_user("bota")
        response = self.attempt("bota", "pw-bota", ip="10.0.0.2")
        self.assertEqual(response.status_code, 302)

    def test_wrong_passwords_from_one_address_do_not_lock_the_account_elsewhere(self) -> None:
        """Anyone could lock `cc` or `rector` for good with five wrong passwords; only their own address is locked."""
        for _ in range(5):
            self.attempt(ip="198.51.100.7")
        self.assert_locked(self.attempt(password="pw-aliya", ip="198.51.100.7"))
        self.assertEqual(self.attempt(password="pw-aliya", ip="10.0.0.1").status_code, 302)

    def test_the_lock_ends_after_the_lockout(self) -> None:
        start = time.time()
        for _ in range(5):
            self.attempt()
        with mock.patch("time.time", return_value=start + 14 * 60 + 30):
            self.assert_locked(self.attempt(password="pw-aliya"), minutes=1)
        with mock.patch("time.time", return_value=start + 15 * 60 + 5):
            self.assertEqual(self.attempt(password="pw-aliya").status_code, 302)

    def test_failures_outside_the_window_do_not_add_up(self) -> None:
        start = time.time()
        for _ in range(4):
            self.attempt()
        with mock.patch("time.time", return_value=start + 16 * 60):
            self.assertEqual(self.attempt().status_code, 200)  # a new window: 1 failure
            self.assertEqual(self.attempt(password="pw-aliya").status_code, 302)

    def test_a_successful_login_resets_the_count(self) -> None:
        for _ in range(4):
            self.attempt()
        self.assertEqual(self.attempt(password="pw-aliya").status_code, 302)
        self.client.logout()
        for _ in range(4):
            self.assertEqual(self.attempt().status_code, 200)
        self.assertEqual(self.attempt(password="pw-aliya").status_code, 302)

    def test_unknown_usernames_are_locked_the_same_way(self) -> None:
        """No enumeration: a made-up username is counted and locked, with the same page."""
        for _ in range(4):
            self.attempt("nobody-here")
        ghost = self.attempt("nobody-here")
        real = [self.attempt() for _ in range(5)][-1]
        self.assert_locked(ghost)
        self.assert_locked(real)

        def page(response: Any) -> str:  # without the CSRF tokens, which differ on every page
            return re.sub(r"[A-Za-z0-9]{64}", "", response.content.decode())

        self.assertEqual(page(ghost).replace("nobody-here", "aliya"), page(real))

    def test_usernames_are_counted_case_insensitively(self) -> None:
        for name in ("aliya", "ALIYA", "Aliya", " aliya", "aLiYa"):
            response = self.attempt(name)
        self.assert_locked(response)

    @override_settings(MANSAP_LOGIN_MAX_FAILURES_PER_IP=6)
    def test_one_address_guessing_many_usernames_is_locked(self) -> None:
        for n in range(5):
            self.assertEqual(self.attempt(f"user{n}", ip="10.9.9.9").status_code, 200)
        self.assert_locked(self.attempt("user5", ip="10.9.9.9"))
        self.assert_locked(self.attempt(password="pw-aliya", ip="10.9.9.9"))
        # The account itself is not locked: its owner logs in from elsewhere.
        self.assertEqual(self.attempt(password="pw-aliya", ip="10.1.1.1").status_code, 302)

    @override_settings(MANSAP_LOGIN_MAX_FAILURES_PER_IP=3)
    def test_x_forwarded_for_is_ignored_unless_proxies_are_declared(self) -> None:
        for n in range(3):
            self.attempt(f"user{n}", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        self.assert_locked(self.attempt("other", HTTP_X_FORWARDED_FOR="192.0.2.77"))

    def test_client_ip_behind_declared_proxies(self) -> None:
        request = mock.Mock(META={"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "6.6.6.6, 203.0.113.5"})
        self.assertEqual(client_ip(request), "127.0.0.1")
        with override_settings(MANSAP_TRUSTED_PROXIES=1):
            self.assertEqual(client_ip(request), "203.0.113.5")  # what our proxy saw, not what the client wrote
        with override_settings(MANSAP_TRUSTED_PROXIES=3):
            self.assertEqual(client_ip(request), "127.0.0.1")  # fewer hops than declared: not trusted

    def test_the_admin_login_is_locked_too(self) -> None:
        for _ in range(5):
            self.attempt()
        response = self.client.post(
            reverse("admin:login"), {"username": "aliya", "password": "pw-aliya"}, REMOTE_ADDR="10.0.0.1"
        )
        self.assertNotEqual(response.status_code, 302)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_the_message_is_translated(self) -> None:
        for _ in range(5):
            self.attempt()
        for language, text in (
            ("ru", "Слишком много неудачных попыток входа"),
            ("kk", "Сәтсіз кіру әрекеттері тым көп"),
        ):
            response = self.client.post(
                reverse("login"),
                {"username": "aliya", "password": "x"},
                REMOTE_ADDR="10.0.0.1",
                HTTP_ACCEPT_LANGUAGE=language,
            )
            self.assertContains(response, text, status_code=429)

    def test_the_embedded_file_cache_locks_across_processes(self) -> None:
        """The production configuration without Redis: files under var/throttle, which another process reads."""
        with tempfile.TemporaryDirectory() as var:
            caches_ = project_settings.cache_settings("", Path(var))
            with override_settings(CACHES=caches_):
                for _ in range(5):
                    self.attempt()
                self.assert_locked(self.attempt(password="pw-aliya"))
            # Another process (another gunicorn worker) opens the same files and finds the lock there.
            other = FileBasedCache(caches_["throttle"]["LOCATION"], {})
            lock_key = login_limiter()._keys("user:aliya|ip:10.0.0.1")[1]
            self.assertGreater(float(other.get(lock_key)), time.time() + 14 * 60)


class ThrottleSettingsTests(SimpleTestCase):
    def settings_of(self, code: str, **env: str) -> list[str]:
        with tempfile.TemporaryDirectory() as var:
            environ = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
            environ.update({"MANSAP_VAR_DIR": var, "DEBUG": "false", **env})
            result = subprocess.run(
                [sys.executable, "-c", "import mansap.settings as s; " + code.replace("VAR", repr(var))],
                cwd=BASE_DIR, env=environ, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        return result.stdout.split()

    def test_outside_tests_the_counters_are_files_every_process_shares_never_the_database(self) -> None:
        code = "t = s.CACHES['throttle']; print(t['BACKEND'], t['LOCATION'] == VAR + '/throttle', s.HUEY['huey_class'])"
        self.assertEqual(
            self.settings_of(code), ["django.core.cache.backends.filebased.FileBasedCache", "True", "huey.SqliteHuey"]
        )

    def test_with_redis_the_caches_and_the_queue_are_in_redis(self) -> None:
        code = (
            "print(*[c['BACKEND'].rsplit('.', 1)[1] + ':' + c['LOCATION'] + ':' + c['KEY_PREFIX']"
            " for c in s.CACHES.values()], s.HUEY['huey_class'], s.HUEY['url'], s.HUEY['consumer']['workers'])"
        )
        self.assertEqual(
            self.settings_of(code, REDIS_URL="redis://10.0.0.5:6379/0", HUEY_WORKERS="4"),
            [
                "RedisCache:redis://10.0.0.5:6379/0:mansap",
                "RedisCache:redis://10.0.0.5:6379/0:mansap-throttle",
                "RedisCache:redis://10.0.0.5:6379/0:mansap-jobs",
                "huey.RedisHuey",
                "redis://10.0.0.5:6379/0",
                "4",
            ],
        )

    def test_a_malformed_rate_stops_the_start(self) -> None:
        with tempfile.TemporaryDirectory() as var:
            env = {**os.environ, "MANSAP_VAR_DIR": var, "MANSAP_API_RATE_USER": "lots"}
            result = subprocess.run(
                [sys.executable, "-c", "import mansap.settings"], cwd=BASE_DIR, env=env, capture_output=True,
                text=True, timeout=60,
            )  # fmt: skip
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("MANSAP_API_RATE_USER", result.stderr)


@override_settings(CACHES=LOCMEM)
class APIThrottleTests(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.user = make_user("api-user")

    def setUp(self) -> None:
        caches["throttle"].clear()

    def test_defaults_are_generous(self) -> None:
        rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
        self.assertEqual(rates, {"anon": "120/minute", "user": "1200/minute"})

    def test_a_user_over_the_rate_gets_429(self) -> None:
        api = APIClient()
        api.force_authenticate(self.user)
        with override_settings(REST_FRAMEWORK=rest_framework(user="3/minute")):
            codes = [api.get("/api/v1/students/").status_code for _ in range(4)]
        self.assertEqual(codes, [200, 200, 200, 429])

    def test_anonymous_clients_over_the_rate_get_429(self) -> None:
        api = APIClient()
        with override_settings(REST_FRAMEWORK=rest_framework(anon="2/minute")):
            codes = [api.get("/api/v1/public-vacancies/").status_code for _ in range(3)]
            other = api.get("/api/v1/public-vacancies/", REMOTE_ADDR="10.2.2.2").status_code
        self.assertEqual(codes, [200, 200, 429])
        self.assertEqual(other, 200)
