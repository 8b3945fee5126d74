"""No cache keeps what a logged-in user saw: Cache-Control: private, no-store."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory, SimpleTestCase
from django.urls import reverse
from rest_framework.test import APIClient

from mansap.common.middleware import PrivateCacheMiddleware
from mansap.common.testing import BaseTestCase, make_api_token, make_student


class CacheControlTests(BaseTestCase):
    def test_pages_of_a_logged_in_user(self) -> None:
        make_student(self.program_a)
        self.client.force_login(self.aigerim)
        for url in (reverse("home"), reverse("core:student_list"), reverse("vacancies:board")):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertEqual(response["Cache-Control"], "private, no-store", url)

    def test_exports_keep_their_header(self) -> None:
        make_student(self.program_a)
        self.client.force_login(self.aigerim)
        response = self.client.get(reverse("core:student_list") + "?export=xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "private, no-store")

    def test_the_api_with_a_token(self) -> None:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION="Token " + make_api_token(self.cc))
        response = api.get("/api/v1/students/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "private, no-store")

    def test_anonymous_public_pages_are_left_alone(self) -> None:
        for url in (reverse("vacancies:board"), "/api/v1/public-vacancies/"):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertNotIn("no-store", response.get("Cache-Control", ""), url)


class PrivateCacheMiddlewareTests(SimpleTestCase):
    def run_middleware(self, authenticated: bool, cache_control: str | None) -> HttpResponse:
        def view(request: HttpRequest) -> HttpResponse:
            response = HttpResponse("x")
            if cache_control is not None:
                response["Cache-Control"] = cache_control
            return response

        request = RequestFactory().get("/")
        request.user = type("U", (), {"is_authenticated": authenticated})()  # type: ignore[assignment]
        return PrivateCacheMiddleware(view)(request)

    def test_what_a_view_allowed_does_not_hold_for_a_logged_in_user(self) -> None:
        self.assertEqual(self.run_middleware(True, "public, max-age=3600")["Cache-Control"], "private, no-store")
        self.assertEqual(self.run_middleware(True, None)["Cache-Control"], "private, no-store")

    def test_no_store_headers_are_kept(self) -> None:
        header = "max-age=0, no-cache, no-store, must-revalidate, private"  # never_cache
        self.assertEqual(self.run_middleware(True, header)["Cache-Control"], header)

    def test_anonymous_responses_are_unchanged(self) -> None:
        self.assertEqual(self.run_middleware(False, "public, max-age=60")["Cache-Control"], "public, max-age=60")
        self.assertFalse(self.run_middleware(False, None).has_header("Cache-Control"))
