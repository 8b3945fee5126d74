"""A graduate without an account at the desk (#16): from the self-service page through the desk's own signed link
to the catalogue of what a graduate may request, a request (channel graduate_link) with its promised date, its page
and its documents; another graduate's request or document is 404; a tampered, expired or closed link opens nothing."""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from unittest import mock

from django.core import mail, signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import ScopedMatrixTestCase, close_response, make_student
from mansap.core.choices import StudentStatus
from mansap.core.models import AcademicYear, Student
from mansap.graduates.models import CollectionRound
from mansap.graduates.services import selfservice
from mansap.servicedesk.models import Service, ServiceRequest
from mansap.servicedesk.services import graduate_links
from mansap.servicedesk.services import requests as svc
from mansap.servicedesk.services.catalogue import ensure_catalogue
from mansap.servicedesk.tests.factories import ClassMedia, desk_clerk

GRADUATED = dt.date(2026, 6, 25)


class GraduateLinkTests(ClassMedia, ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        ensure_catalogue(cls.institution)
        year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2026, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30)
        )
        cls.round = CollectionRound.objects.create(
            institution=cls.institution, academic_year=year, number=2, cohort=2026,
            opens_on=dt.date(2026, 10, 1), deadline=dt.date(2026, 12, 30),
        )  # fmt: skip
        cls.graduate = make_student(
            cls.program_a, first_name="Нұрлан", graduation_date=GRADUATED, status=StudentStatus.GRADUATED,
            email="nurlan@example.kz", study_language="ru",
        )  # fmt: skip
        cls.other = make_student(
            cls.program_a, graduation_date=GRADUATED, status=StudentStatus.GRADUATED, email="kim@example.kz"
        )
        cls.transcript = Service.objects.get(institution=cls.institution, code="transcript")
        cls.their_request = svc.submit_request(cls.transcript, cls.other, acting_user=None, mail=False)
        cls.clerk = desk_clerk(cls.institution, username="desk-clerk")
        svc.take(cls.their_request, acting_user=cls.clerk)
        cls.their_document = svc.issue(cls.their_request, acting_user=cls.clerk)

    def selfservice_url(self, graduate: Student | None = None, language: str = "en") -> str:
        return selfservice.link_path(graduate or self.graduate, self.round, language)

    def verify(self) -> None:
        response = self.client.post(self.selfservice_url(), {"iin_last4": self.graduate.iin[-4:]})
        self.assertEqual(response.status_code, 302)

    def home(self, graduate: Student | None = None, language: str = "en") -> str:
        return graduate_links.home_path(graduate or self.graduate, language)

    def token(self, graduate: Student | None = None) -> str:
        return graduate_links.make_token(graduate or self.graduate, "en")

    # ---- from the self-service page ----
    def test_the_self_service_page_leads_to_the_desk_through_a_new_link(self) -> None:
        self.verify()
        page = self.client.get(self.selfservice_url())
        entry = reverse("servicedesk:graduate_entry", args=[self.selfservice_url().split("/")[-2]])
        self.assertContains(page, f'href="{entry}"')
        self.assertContains(page, "Request a document")
        response = self.client.get(entry)
        self.assertEqual(response.status_code, 302)
        token = response["Location"].split("/")[-2]
        self.assertNotEqual(token, self.selfservice_url().split("/")[-2])
        self.assertEqual(signing.loads(token, salt="mansap.servicedesk.graduate"), {"g": self.graduate.pk, "l": "en"})
        self.assertNotIn("_auth_user_id", self.client.session)  # never a login

    def test_an_unchecked_self_service_link_asks_for_the_iin_first(self) -> None:
        entry = reverse("servicedesk:graduate_entry", args=[self.selfservice_url().split("/")[-2]])
        response = self.client.get(entry)
        self.assertEqual((response.status_code, response["Location"]), (302, self.selfservice_url()))

    def test_a_closed_round_s_link_does_not_open_the_desk(self) -> None:
        self.verify()
        CollectionRound.objects.filter(pk=self.round.pk).update(closed_at=timezone.now())
        entry = reverse("servicedesk:graduate_entry", args=[self.selfservice_url().split("/")[-2]])
        response = self.client.get(entry)
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "This round is closed", status_code=410)

    # ---- the desk's pages ----
    def test_the_catalogue_holds_what_a_graduate_may_request(self) -> None:
        response = self.client.get(self.home())
        self.assertEqual(response.status_code, 200)
        codes = [s.code for s in response.context["services"]]
        self.assertEqual(codes, ["transcript", "archive_certificate", "diploma_duplicate", "diploma_supplement"])
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
        self.assertEqual(list(response.context["requests"]), [])

    def test_a_study_certificate_is_not_open_to_a_graduate(self) -> None:
        certificate = Service.objects.get(institution=self.institution, code="study_certificate")
        url = reverse("servicedesk:graduate_request_form", args=[self.token(), certificate.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertEqual(self.client.post(url, {"language": "ru"}).status_code, 404)
        self.assertFalse(ServiceRequest.objects.filter(student=self.graduate).exists())

    def test_a_graduate_requests_a_transcript_and_follows_it(self) -> None:
        token = self.token()  # one token: a second one signed a second later would differ
        url = reverse("servicedesk:graduate_request_form", args=[token, self.transcript.pk])
        form = self.client.get(url)
        self.assertContains(form, 'id="promised-date"')
        self.assertEqual(form.context["form"].initial, {"language": "ru"})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"language": "ru"})
        request = ServiceRequest.objects.get(student=self.graduate)
        self.assertEqual(
            (request.channel, request.status, request.language, request.submitted_by, request.service.code),
            ("graduate_link", "submitted", "ru", None, "transcript"),
        )
        page_url = reverse("servicedesk:graduate_request", args=[token, request.pk])
        self.assertEqual(response["Location"], page_url)
        page = self.client.get(page_url)
        self.assertContains(page, request.receipt_number)
        self.assertContains(page, request.due_at.astimezone().strftime("%d.%m.%Y"))
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["nurlan@example.kz"])
        self.assertEqual(mail.outbox[0].subject, f"Ваш запрос {request.receipt_number}: подан")
        link = next(word for word in mail.outbox[0].body.split() if "/servicedesk/graduate/" in word)
        self.assertEqual(self.client.get(link).status_code, 200)

    def test_a_graduate_downloads_what_was_issued(self) -> None:
        request = svc.submit_request(self.transcript, self.graduate, acting_user=None, mail=False)
        svc.take(request, acting_user=self.clerk)
        document = svc.issue(request, acting_user=self.clerk, language="en")
        token = self.token()
        page = self.client.get(reverse("servicedesk:graduate_request", args=[token, request.pk]))
        download = reverse("servicedesk:graduate_document_file", args=[token, document.pk])
        self.assertContains(page, f'href="{download}"')
        response = self.client.get(download)
        self.assertEqual(response.status_code, 200)
        content = b"".join(response.streaming_content)
        close_response(response)
        self.assertEqual(hashlib.sha256(content).hexdigest(), document.sha256)
        self.assertIn("private, no-store", response["Cache-Control"])

    def test_another_graduate_s_request_and_document_are_404(self) -> None:
        token = self.token()
        for url in (
            reverse("servicedesk:graduate_request", args=[token, self.their_request.pk]),
            reverse("servicedesk:graduate_document_file", args=[token, self.their_document.pk]),
        ):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)
        home = self.client.get(self.home())
        self.assertEqual(list(home.context["requests"]), [])

    def test_a_tampered_link_shows_the_error_page(self) -> None:
        token = self.token()
        forged = signing.dumps({"g": self.other.pk, "l": "en"}, salt="mansap.graduates.selfservice", compress=True)
        for bad in (token[:-2] + "xx", forged):
            with self.subTest(bad):
                response = self.client.get(reverse("servicedesk:graduate_home", args=[bad]))
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "This link is not valid", status_code=400)
        student = make_student(self.program_a)  # not a graduate: names nobody
        response = self.client.get(self.home(student))
        self.assertEqual(response.status_code, 400)

    @override_settings(MANSAP_SERVICEDESK_GRADUATE_LINK_DAYS=30)
    def test_an_expired_link_shows_the_error_page_in_its_language(self) -> None:
        url = self.home(language="ru")
        later = time.time() + 31 * 24 * 3600
        with mock.patch("django.core.signing.time.time", return_value=later):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "Срок действия ссылки истёк", status_code=410)

    def test_the_list_of_requests_is_bounded(self) -> None:
        for n in (2, 20):
            ServiceRequest.objects.filter(student=self.graduate).delete()
            for _ in range(n):
                svc.submit_request(self.transcript, self.graduate, acting_user=None, mail=False)
            with self.subTest(n), self.assertNumQueries(4):
                response = self.client.get(self.home())
            self.assertEqual(len(response.context["requests"]), n)
