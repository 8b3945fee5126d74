"""common.links.SignedLink: round trip, tampering, expiry, reasons and languages.

The apps' links are on the kernel: the graduates' self-service link, the survey invitation's link and the
company supervisor's link. The tokens they issued before are pinned as literals in
graduates/tests/test_selfservice_links.py, surveys/tests/test_links.py and practice/tests/test_compatibility.py."""

from __future__ import annotations

from typing import Any
from unittest import mock

from django.conf import settings
from django.core import signing
from django.test import SimpleTestCase, override_settings

from mansap.common.links import (
    CLOSED,
    EXPIRED,
    INVALID,
    LinkError,
    SignedLink,
    site_url,
)
from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import Student

NOW = 1_800_000_000.0  # a fixed clock: tokens made at the same second are byte-identical


def frozen(at: float = NOW) -> Any:
    return mock.patch("django.core.signing.time.time", return_value=at)


def failure(read: Any, *args: Any, **kwargs: Any) -> tuple[str, str | None] | None:
    """(reason, language) of a link that does not open, else None."""
    try:
        read(*args, **kwargs)
    except LinkError as exc:
        return exc.reason, exc.language
    return None


# ---- The kernel on a minimal definition -----------------------------------------------------------------------
class StudentLink(SignedLink[Student]):
    salt = "mansap.tests.student-link"
    expired_has_language = True
    url_name = "graduates:selfservice"

    def max_age(self) -> int:
        return 3600

    def payload(self, obj: Student, language: str, **extra: Any) -> dict[str, Any]:
        return {"s": obj.pk, "l": language, **extra}

    def load(self, payload: dict[str, Any], **context: Any) -> Student | None:
        if payload.get("gone"):
            return None
        return Student.objects.get(pk=payload["s"])

    def check(self, obj: Student, payload: dict[str, Any], language: str, **context: Any) -> None:
        if obj.status == "expelled":
            raise self.error(CLOSED, language, obj)


class KernelTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.student = make_student(cls.program_a)

    def test_round_trip(self) -> None:
        link = StudentLink()
        opened = link.read(link.make(self.student, "ru"))
        self.assertEqual(
            (opened.obj, opened.language, opened.payload), (self.student, "ru", {"s": self.student.pk, "l": "ru"})
        )

    def test_the_token_is_djangos_signing_format(self) -> None:
        with frozen():
            token = StudentLink().make(self.student, "en")
            expected = signing.dumps({"s": self.student.pk, "l": "en"}, salt="mansap.tests.student-link", compress=True)
        self.assertEqual(token, expected)

    def test_language_falls_back_to_the_default(self) -> None:
        link = StudentLink()
        self.assertEqual(link.read(link.make(self.student, "de")).language, settings.LANGUAGE_CODE)
        forged = signing.dumps({"s": self.student.pk, "l": "xx"}, salt=link.salt, compress=True)
        self.assertEqual(link.read(forged).language, settings.LANGUAGE_CODE)

    def test_tampering(self) -> None:
        link = StudentLink()
        token = link.make(self.student, "kk")
        other_salt = signing.dumps({"s": self.student.pk, "l": "kk"}, salt="another", compress=True)
        for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "nonsense", other_salt, ""):
            self.assertEqual(failure(link.read, bad), (INVALID, None), bad)

    def test_expiry_keeps_the_language_when_asked(self) -> None:
        link = StudentLink()
        with frozen():
            token = link.make(self.student, "ru")
        with frozen(NOW + 3600):
            self.assertEqual(link.read(token).obj, self.student)
        with frozen(NOW + 3601):
            self.assertEqual(failure(link.read, token), (EXPIRED, "ru"))
            type(link).expired_has_language = False
            try:
                self.assertEqual(failure(link.read, token), (EXPIRED, None))
            finally:
                type(link).expired_has_language = True

    def test_invalid_payloads_and_gone_objects(self) -> None:
        link = StudentLink()
        self.assertEqual(failure(link.read, link.make(self.student, "ru", gone=True)), (INVALID, "ru"))
        missing = signing.dumps({"s": 0, "l": "ru"}, salt=link.salt, compress=True)
        self.assertEqual(failure(link.read, missing), (INVALID, None))
        for payload in ({"l": "ru"}, {"s": "abc"}, [1, 2], "text"):
            forged = signing.dumps(payload, salt=link.salt, compress=True)
            self.assertEqual(failure(link.read, forged), (INVALID, None), payload)

    def test_check_closes_the_link(self) -> None:
        link = StudentLink()
        token = link.make(self.student, "en")
        Student.objects.filter(pk=self.student.pk).update(status="expelled")
        with self.assertRaises(LinkError) as caught:
            link.read(token)
        self.assertEqual((caught.exception.reason, caught.exception.language), (CLOSED, "en"))
        self.assertEqual(caught.exception.obj, self.student)

    @override_settings(MANSAP_BASE_URL="https://mansap.kazutb.kz/")
    def test_paths_and_urls(self) -> None:
        link = StudentLink()
        with frozen():
            path = link.path(self.student, "kk")
            self.assertEqual(path, f"/employment/update/{link.make(self.student, 'kk')}/")
            self.assertEqual(link.url(self.student, "kk"), "https://mansap.kazutb.kz" + path)
            self.assertEqual(link.url(self.student, "kk", base="http://testserver/"), "http://testserver" + path)


class SiteUrlTests(SimpleTestCase):
    @override_settings(MANSAP_BASE_URL="https://mansap.kazutb.kz/")
    def test_site_url(self) -> None:
        self.assertEqual(site_url(), "https://mansap.kazutb.kz")
        self.assertEqual(site_url("/surveys/r/abc/"), "https://mansap.kazutb.kz/surveys/r/abc/")
        self.assertEqual(site_url("/x/", base="http://127.0.0.1:8000/"), "http://127.0.0.1:8000/x/")

    def test_the_setting_without_its_trailing_slash(self) -> None:
        # What graduates' and surveys' base_url() gave (both are site_url now), literally.
        for configured in ("https://mansap.kazutb.kz", "https://mansap.kazutb.kz/"):
            with override_settings(MANSAP_BASE_URL=configured):
                self.assertEqual(site_url(), "https://mansap.kazutb.kz")
        with override_settings(MANSAP_BASE_URL="http://127.0.0.1:8000"):
            self.assertEqual(site_url(), "http://127.0.0.1:8000")
