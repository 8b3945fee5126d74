"""common.links.SignedLink: round trip, tampering, expiry, reasons and languages; and the apps' links
(graduate self-service, survey invitation) declared as payload definitions on the kernel, reading the tokens
of the apps' own make_token (and making the very same tokens), so switching changes no link already sent.

The company supervisor's link moved onto the kernel (practice/services/links.py); the tokens it issued before
are literals in mansap/practice/tests/test_compatibility.py."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from unittest import mock

from django.conf import settings
from django.core import signing
from django.test import SimpleTestCase, override_settings
from django.utils import timezone

from mansap.common.links import (
    CLOSED,
    EXPIRED,
    INVALID,
    NOT_OPEN,
    USED,
    LinkError,
    SignedLink,
    site_url,
)
from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import AcademicYear, Student
from mansap.graduates.models import CollectionRound
from mansap.graduates.services import selfservice
from mansap.surveys.choices import CampaignStatus
from mansap.surveys.models import Invitation
from mansap.surveys.services import links as survey_services
from mansap.surveys.services.campaigns import close_campaign
from mansap.surveys.tests.test_services import SurveyTestCase

NOW = 1_800_000_000.0  # a fixed clock: tokens made at the same second are byte-identical


def frozen(at: float = NOW) -> Any:
    return mock.patch("django.core.signing.time.time", return_value=at)


# ---- The apps' links as payload definitions ------------------------------------------------------------
class SelfServiceLink(SignedLink[tuple[Student, CollectionRound]]):
    """graduates/selfservice.py make_token / read_token."""

    salt = "mansap.graduates.selfservice"
    expired_has_language = True
    url_name = "graduates:selfservice"

    def max_age(self) -> int:
        return selfservice.max_age_seconds()

    def payload(self, obj: tuple[Student, CollectionRound], language: str, **extra: Any) -> dict[str, Any]:
        graduate, round_ = obj
        return {"g": graduate.pk, "r": round_.pk, "l": language}

    def default_language(self, obj: tuple[Student, CollectionRound]) -> str:
        return obj[0].preferred_language()

    def load(self, payload: dict[str, Any], **context: Any) -> tuple[Student, CollectionRound]:
        round_ = CollectionRound.objects.select_related("academic_year", "institution").get(pk=payload["r"])
        graduate = Student.objects.select_related("program").get(
            pk=payload["g"], institution_id=round_.institution_id, graduation_date__isnull=False
        )
        return graduate, round_

    def check(self, obj: tuple[Student, CollectionRound], payload: dict[str, Any], language: str, **c: Any) -> None:
        if obj[1].is_closed:
            raise self.error(CLOSED, language)


class SurveyLink(SignedLink[Invitation]):
    """surveys/services.py make_token / read_token (the campaign is the error's object)."""

    salt = "mansap.surveys.link"
    url_name = "surveys:respond"

    def max_age(self) -> int:
        return survey_services.MAX_TOKEN_AGE

    def payload(self, obj: Invitation, language: str, **extra: Any) -> dict[str, Any]:
        return {"i": obj.pk, "l": language}

    def default_language(self, obj: Invitation) -> str:
        return obj.language

    def fallback_language(self, obj: Invitation | None) -> str:
        return obj.language if obj is not None else settings.LANGUAGE_CODE

    def load(self, payload: dict[str, Any], **context: Any) -> Invitation:
        return Invitation.objects.select_related(
            "campaign__questionnaire", "campaign__institution", "student", "organization"
        ).get(pk=payload["i"])

    def check(self, obj: Invitation, payload: dict[str, Any], language: str, **context: Any) -> None:
        campaign = obj.campaign
        status = campaign.status
        if status == CampaignStatus.DRAFT:
            raise self.error(INVALID, language, campaign)
        if status == CampaignStatus.SCHEDULED:
            raise self.error(NOT_OPEN, language, campaign)
        if status == CampaignStatus.CLOSED:
            raise self.error(CLOSED if campaign.closed_at else EXPIRED, language, campaign)
        if obj.has_responded:
            raise self.error(USED, language, campaign)


def failure(read: Any, *args: Any, **kwargs: Any) -> tuple[str, str | None] | None:
    """(reason, language) of a link that does not open (old or new exception class alike), else None."""
    try:
        read(*args, **kwargs)
    except (LinkError, selfservice.TokenError, survey_services.LinkError) as exc:
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

    def test_same_as_the_base_url_copies(self) -> None:
        from mansap.graduates.services.rounds import base_url as graduates_base_url
        from mansap.surveys.services.links import base_url as surveys_base_url

        for configured in ("https://mansap.kazutb.kz", "https://mansap.kazutb.kz/", "http://127.0.0.1:8000"):
            with override_settings(MANSAP_BASE_URL=configured):
                self.assertEqual(site_url(), graduates_base_url())
                self.assertEqual(site_url(), surveys_base_url())


# ---- The apps' tokens -----------------------------------------------------------------------------------------
class SelfServiceCompatibilityTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2026, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30)
        )
        cls.round = CollectionRound.objects.create(
            institution=cls.institution, academic_year=year, number=2, cohort=2026,
            opens_on=dt.date(2026, 10, 1), deadline=dt.date(2026, 12, 30),
        )  # fmt: skip
        cls.graduate = make_student(cls.program_a, graduation_date=dt.date(2026, 6, 25), study_language="ru")

    def test_old_tokens_open_with_the_kernel_and_new_ones_are_identical(self) -> None:
        link = SelfServiceLink()
        for language in ("kk", "ru", "en", ""):
            with frozen():
                old = selfservice.make_token(self.graduate, self.round, language)
                self.assertEqual(link.make((self.graduate, self.round), language), old)
            opened = link.read(old)
            legacy = selfservice.read_token(old)
            self.assertEqual((opened.obj, opened.language), ((legacy.graduate, legacy.round), legacy.language))
            self.assertEqual(opened.language, language or "ru")  # none given: the graduate's own

    def test_same_failures(self) -> None:
        link = SelfServiceLink()
        with frozen():
            token = selfservice.make_token(self.graduate, self.round, "en")
        tampered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
        later = NOW + 31 * 24 * 3600
        with frozen(later):
            self.assertEqual(failure(link.read, token), failure(selfservice.read_token, token))
            self.assertEqual(failure(link.read, token), (EXPIRED, "en"))
        self.assertEqual(failure(link.read, tampered), failure(selfservice.read_token, tampered))
        other = make_student(self.program_a)  # not a graduate
        forged = signing.dumps({"g": other.pk, "r": self.round.pk, "l": "ru"}, salt=selfservice.SALT, compress=True)
        self.assertEqual(failure(link.read, forged), failure(selfservice.read_token, forged))
        self.assertEqual(failure(link.read, forged), (INVALID, None))
        CollectionRound.objects.filter(pk=self.round.pk).update(closed_at=timezone.now())
        with frozen(NOW + 3600):
            self.assertEqual(failure(link.read, token), failure(selfservice.read_token, token))
            self.assertEqual(failure(link.read, token), (CLOSED, "en"))


class SurveyCompatibilityTests(SurveyTestCase):
    def test_old_tokens_open_with_the_kernel_and_new_ones_are_identical(self) -> None:
        _campaign, invitations = self.launched()
        link = SurveyLink()
        for language in ("kk", "ru", "en", ""):
            with frozen():
                old = survey_services.make_token(invitations[0], language)
                self.assertEqual(link.make(invitations[0], language), old)
            opened = link.read(old)
            legacy = survey_services.read_token(old)
            self.assertEqual((opened.obj, opened.language), (legacy.invitation, legacy.language))

    def test_same_failures(self) -> None:
        campaign, invitations = self.launched()
        link = SurveyLink()
        token = survey_services.make_token(invitations[0], "en")
        tampered = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
        self.assertEqual(failure(link.read, tampered), failure(survey_services.read_token, tampered))
        self.assertEqual(failure(link.read, tampered), (INVALID, None))
        with mock.patch("django.core.signing.time.time", return_value=time.time() + 401 * 24 * 3600):
            self.assertEqual(failure(link.read, token), failure(survey_services.read_token, token))
            self.assertEqual(failure(link.read, token), (EXPIRED, None))
        today = timezone.localdate()
        type(campaign).objects.filter(pk=campaign.pk).update(opens_on=today + dt.timedelta(days=3))
        self.assertEqual(failure(link.read, token), failure(survey_services.read_token, token))
        self.assertEqual(failure(link.read, token), (NOT_OPEN, "en"))
        type(campaign).objects.filter(pk=campaign.pk).update(
            opens_on=today - dt.timedelta(days=9), closes_on=today - dt.timedelta(days=1)
        )
        self.assertEqual(failure(link.read, token), failure(survey_services.read_token, token))
        self.assertEqual(failure(link.read, token), (EXPIRED, "en"))
        type(campaign).objects.filter(pk=campaign.pk).update(closes_on=today + dt.timedelta(days=9))
        Invitation.objects.filter(pk=invitations[0].pk).update(has_responded=True)
        self.assertEqual(failure(link.read, token), failure(survey_services.read_token, token))
        self.assertEqual(failure(link.read, token), (USED, "en"))
        close_campaign(campaign, acting_user=self.cc)
        self.assertEqual(failure(link.read, token), failure(survey_services.read_token, token))
        self.assertEqual(failure(link.read, token), (CLOSED, "en"))
