"""MANSAP_HTTPS=1: secure cookies, HSTS, the proxy's X-Forwarded-Proto, redirects and trusted origins."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase, TestCase, override_settings

from mansap.settings import https_settings

BASE_DIR = Path(__file__).resolve().parents[3]


class HttpsSettingsTests(SimpleTestCase):
    def test_off_by_default(self) -> None:
        values = https_settings({})
        self.assertEqual(
            values,
            {
                "SESSION_COOKIE_SECURE": False,
                "CSRF_COOKIE_SECURE": False,
                "LANGUAGE_COOKIE_SECURE": False,
                "SECURE_SSL_REDIRECT": False,
                "SECURE_PROXY_SSL_HEADER": None,
                "SECURE_HSTS_SECONDS": 0,
                "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
                "SECURE_HSTS_PRELOAD": False,
                "CSRF_TRUSTED_ORIGINS": [],
            },
        )

    def test_on(self) -> None:
        values = https_settings({"MANSAP_HTTPS": "1", "MANSAP_BASE_URL": "https://mansap.kazutb.kz/"})
        self.assertTrue(values["SESSION_COOKIE_SECURE"])
        self.assertTrue(values["CSRF_COOKIE_SECURE"])
        self.assertTrue(values["SECURE_SSL_REDIRECT"])
        self.assertEqual(values["SECURE_PROXY_SSL_HEADER"], ("HTTP_X_FORWARDED_PROTO", "https"))
        self.assertEqual(values["SECURE_HSTS_SECONDS"], 31_536_000)
        self.assertTrue(values["SECURE_HSTS_INCLUDE_SUBDOMAINS"])
        self.assertFalse(values["SECURE_HSTS_PRELOAD"])
        self.assertEqual(values["CSRF_TRUSTED_ORIGINS"], ["https://mansap.kazutb.kz"])

    def test_each_part_is_configurable(self) -> None:
        values = https_settings(
            {
                "MANSAP_HTTPS": "true",
                "MANSAP_SSL_REDIRECT": "0",
                "MANSAP_HSTS_SECONDS": "3600",
                "MANSAP_HSTS_INCLUDE_SUBDOMAINS": "no",
                "MANSAP_HSTS_PRELOAD": "yes",
                "MANSAP_BASE_URL": "https://mansap.kazutb.kz:8443/app",
                "CSRF_TRUSTED_ORIGINS": "https://admin.kazutb.kz, https://mansap.kazutb.kz:8443",
            }
        )
        self.assertFalse(values["SECURE_SSL_REDIRECT"])
        self.assertEqual(values["SECURE_HSTS_SECONDS"], 3600)
        self.assertFalse(values["SECURE_HSTS_INCLUDE_SUBDOMAINS"])
        self.assertTrue(values["SECURE_HSTS_PRELOAD"])
        self.assertEqual(values["CSRF_TRUSTED_ORIGINS"], ["https://admin.kazutb.kz", "https://mansap.kazutb.kz:8443"])
        no_hsts = https_settings({"MANSAP_HTTPS": "1", "MANSAP_HSTS_SECONDS": "0"})
        self.assertEqual((no_hsts["SECURE_HSTS_SECONDS"], no_hsts["SECURE_HSTS_PRELOAD"]), (0, False))

    def test_wrong_values_stop_the_start(self) -> None:
        for env in (
            {"MANSAP_HTTPS": "1", "MANSAP_BASE_URL": "http://mansap.kazutb.kz"},  # links would be plain HTTP
            {"MANSAP_BASE_URL": "mansap.kazutb.kz"},
            {"MANSAP_HTTPS": "maybe"},
            {"MANSAP_HTTPS": "1", "MANSAP_HSTS_SECONDS": "a year"},
        ):
            with self.subTest(env=env), self.assertRaises(ImproperlyConfigured):
                https_settings(env)

    def test_check_deploy_is_quiet(self) -> None:
        """Of the security checks only W021 (HSTS preload) remains: submitting the domain to the browsers'
        preload list is the university's decision (MANSAP_HSTS_PRELOAD=1), as it cannot be undone quickly."""
        with tempfile.TemporaryDirectory() as var:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("MANSAP_", "SECRET_KEY", "CSRF_", "DEBUG"))}
            env.update(
                MANSAP_VAR_DIR=var,
                MANSAP_HTTPS="1",
                DEBUG="0",
                SECRET_KEY=secrets.token_urlsafe(60),
                ALLOWED_HOSTS="mansap.kazutb.kz",
                MANSAP_BASE_URL="https://mansap.kazutb.kz",
                MANSAP_TRUSTED_PROXIES="1",
            )
            result = subprocess.run(
                [sys.executable, "manage.py", "check", "--deploy"],
                cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=120, check=False,
            )  # fmt: skip
        output = result.stdout + result.stderr
        # Every check's id, Django's and the libraries' too (drf_spectacular, staticfiles, ...).
        self.assertEqual(re.findall(r"\(([\w.]+\.[CEWI]\d{3})\)", output), ["security.W021"], output)
        self.assertIn("System check identified 1 issue (0 silenced).", output)

    def test_deploy_check_warns_about_a_proxy_without_trusted_addresses(self) -> None:
        from mansap.common.checks import proxy_addresses

        with self.settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), MANSAP_TRUSTED_PROXIES=0):
            self.assertEqual([w.id for w in proxy_addresses()], ["mansap.W001"])
        with self.settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"), MANSAP_TRUSTED_PROXIES=1):
            self.assertEqual(proxy_addresses(), [])
        with self.settings(SECURE_PROXY_SSL_HEADER=None, MANSAP_TRUSTED_PROXIES=0):
            self.assertEqual(proxy_addresses(), [])


@override_settings(
    SECURE_SSL_REDIRECT=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_HSTS_SECONDS=31_536_000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    ALLOWED_HOSTS=["mansap.kazutb.kz"],
)
class HttpsBehaviourTests(TestCase):
    def test_plain_http_is_redirected(self) -> None:
        response = self.client.get("/accounts/login/?next=/org/", HTTP_HOST="mansap.kazutb.kz")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], "https://mansap.kazutb.kz/accounts/login/?next=/org/")

    def test_behind_the_proxy_the_page_is_served_with_hsts_and_secure_cookies(self) -> None:
        response = self.client.get("/accounts/login/", HTTP_HOST="mansap.kazutb.kz", HTTP_X_FORWARDED_PROTO="https")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Strict-Transport-Security"], "max-age=31536000; includeSubDomains")
        self.assertTrue(response.cookies["csrftoken"]["secure"])
