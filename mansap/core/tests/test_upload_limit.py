"""Oversized request bodies are refused with 413 before Django reads a byte of them."""

from __future__ import annotations

from typing import Any

from django.test import TestCase, override_settings
from django.urls import reverse

from mansap.common.middleware import max_upload_bytes


class UnreadableStream:
    """A request body that fails the test if anything reads it."""

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the body was read")

    readline = read


def oversized(limit: int, **extra: Any) -> dict[str, Any]:
    return {"CONTENT_LENGTH": str(limit + 1), "wsgi.input": UnreadableStream(), **extra}


@override_settings(MANSAP_MAX_UPLOAD_BYTES=0, IMPORT_MAX_BYTES=20 * 1024 * 1024)
class RequestSizeLimitTests(TestCase):
    def test_default_limit_is_the_import_limit_plus_a_margin(self) -> None:
        self.assertEqual(max_upload_bytes(), 22 * 1024 * 1024)
        with override_settings(IMPORT_MAX_BYTES=1_000_000):
            self.assertEqual(max_upload_bytes(), 1_000_000 + 2 * 1024 * 1024)
        with override_settings(MANSAP_MAX_UPLOAD_BYTES=50_000_000):
            self.assertEqual(max_upload_bytes(), 50_000_000)

    def test_an_oversized_upload_gets_a_translated_413_page_unread(self) -> None:
        limit = max_upload_bytes()
        url = reverse("core:import_add")
        for language, title, detail in (
            ("en", "The file is too large", "The upload limit is 22 MB; send a smaller file."),
            ("ru", "Файл слишком большой", "Предельный размер загрузки — 22 МБ"),
            ("kk", "Файл тым үлкен", "Жүктеу шегі — 22 МБ"),
        ):
            response = self.client.generic(
                "POST", url, content_type="multipart/form-data; boundary=x", HTTP_ACCEPT_LANGUAGE=language,
                **oversized(limit),
            )  # fmt: skip
            self.assertEqual(response.status_code, 413, language)
            self.assertContains(response, title, status_code=413)
            self.assertContains(response, detail, status_code=413)

    def test_the_language_cookie_wins(self) -> None:
        self.client.cookies["django_language"] = "ru"
        response = self.client.generic("POST", reverse("login"), HTTP_ACCEPT_LANGUAGE="en", **oversized(22 << 20))
        self.assertContains(response, "Файл слишком большой", status_code=413)

    def test_the_api_answers_json(self) -> None:
        response = self.client.generic(
            "POST", "/api/v1/applications/", HTTP_ACCEPT_LANGUAGE="en", **oversized(max_upload_bytes())
        )
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response.json(), {"detail": "The upload limit is 22 MB; send a smaller file."})

    @override_settings(MANSAP_MAX_UPLOAD_BYTES=int(1.5 * 1024 * 1024))
    def test_fractions_of_a_megabyte_in_the_languages_format(self) -> None:
        response = self.client.generic(
            "POST", reverse("login"), HTTP_ACCEPT_LANGUAGE="ru", **oversized(max_upload_bytes())
        )
        self.assertContains(response, "Предельный размер загрузки — 1,5 МБ", status_code=413)

    @override_settings(MANSAP_MAX_UPLOAD_BYTES=2000)
    def test_requests_up_to_the_limit_pass(self) -> None:
        body = {"username": "someone", "password": "x" * 1500}
        response = self.client.post(reverse("login"), body)
        self.assertEqual(response.status_code, 200)  # the login form answered (wrong password)
        self.assertLessEqual(int(response.wsgi_request.META["CONTENT_LENGTH"]), 2000)
        response = self.client.post(reverse("login"), {**body, "password": "x" * 2500})
        self.assertEqual(response.status_code, 413)

    def test_the_declared_length_decides_whatever_the_method(self) -> None:
        self.assertEqual(self.client.get(reverse("login"), CONTENT_LENGTH=str(10**12)).status_code, 413)
        self.assertEqual(self.client.get(reverse("login"), CONTENT_LENGTH="lots").status_code, 200)
