"""The service desk's pages and API: the scope matrix (the desk sees its institution's requests and documents, a
student only their own, a department's staff none), the public verification page, a student's path through the
catalogue, and bounded queries at 2 and 20 rows."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import re
from collections.abc import Callable
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import (
    ScopedAPITests,
    ScopedMatrixTestCase,
    ScopedPageTests,
    close_response,
    make_student,
)
from mansap.servicedesk.models import IssuedDocument, Service, ServiceRequest
from mansap.servicedesk.services import requests as svc
from mansap.servicedesk.services.catalogue import ensure_catalogue
from mansap.servicedesk.services.documents import issue_document, revoke_document
from mansap.servicedesk.tests.factories import ClassMedia

_serial = itertools.count(1)


def without_csrf(content: bytes) -> bytes:
    return re.sub(rb'("X-CSRFToken": "|name="csrfmiddlewaretoken" value=")[^"]+', rb"\1", content)


def service(institution: Any, code: str = "study_certificate") -> Service:
    ensure_catalogue(institution)
    return Service.objects.get(institution=institution, code=code)


def a_request(program: Any, **fields: Any) -> ServiceRequest:
    student = make_student(program, **fields)
    return svc.submit_request(service(student.institution), student, acting_user=None, mail=False)


def bare_document(request: ServiceRequest) -> IssuedDocument:
    """A register entry without rendering a PDF (for counting queries)."""
    n = next(_serial)
    now = timezone.now()
    return IssuedDocument.objects.create(
        institution=request.institution, year=now.year, sequence=n, number=f"СД-{now.year}-{n:06d}",
        issued_on=now.date(), issued_at=now, language="ru", service=request.service, student=request.student,
        request=request, file="servicedesk/none.pdf", sha256="0" * 64, verification_code=f"CODE{n:08d}",
    )  # fmt: skip


class _Requests:
    editor, viewer, outsider, student = "registrar", None, "other_cc", None

    @classmethod
    def in_scope(cls):
        return a_request(cls.program_a)

    @classmethod
    def out_of_scope(cls):
        return a_request(cls.other_program)


class RequestPageMatrixTests(_Requests, ScopedPageTests, ScopedMatrixTestCase):
    model = ServiceRequest
    url_names = {
        "list": "servicedesk:queue", "detail": "servicedesk:request_detail", "edit": None, "delete": None,
        "history": None,
    }  # fmt: skip


class RequestAPIMatrixTests(_Requests, ScopedAPITests, ScopedMatrixTestCase):
    model = ServiceRequest
    basename = "servicerequest"
    writes = ("create",)
    student = "student_user"


class _Documents:
    editor, viewer, outsider, student = "registrar", None, "other_cc", "student_user"

    @classmethod
    def in_scope(cls):
        return bare_document(a_request(cls.program_a))

    @classmethod
    def out_of_scope(cls):
        return bare_document(a_request(cls.other_program))


class DocumentAPIMatrixTests(_Documents, ScopedAPITests, ScopedMatrixTestCase):
    model = IssuedDocument
    basename = "issueddocument"
    writes = ()


class OwnRequestsTests(ClassMedia, ScopedMatrixTestCase):
    """A student sees their own requests and documents and never another's (404); a department's staff none."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.certificate = service(cls.institution)
        cls.own, cls.own_document = svc.self_issue(cls.certificate, cls.own_student, language="kk",
                                                   acting_user=cls.student_user)  # fmt: skip
        cls.neighbour = make_student(cls.program_a)
        cls.theirs = svc.submit_request(cls.certificate, cls.neighbour, acting_user=None, mail=False)
        cls.their_document = issue_document(cls.certificate, cls.neighbour, language="ru", acting_user=None,
                                            request=cls.theirs)  # fmt: skip

    def test_a_student_sees_their_own_request_and_downloads_their_document(self) -> None:
        self.client.force_login(self.student_user)
        page = self.client.get(reverse("servicedesk:request_detail", args=[self.own.pk]))
        self.assertContains(page, self.own_document.number)
        listing = self.client.get(reverse("servicedesk:my_requests"))
        self.assertEqual([r.pk for r in listing.context["requests"]], [self.own.pk])
        response = self.client.get(self.own_document.get_download_url())
        self.assertEqual(response.status_code, 200)
        content = b"".join(response.streaming_content)
        close_response(response)
        self.assertEqual(hashlib.sha256(content).hexdigest(), self.own_document.sha256)

    def test_a_student_never_sees_another_s_request_or_document(self) -> None:
        self.client.force_login(self.student_user)
        for url in (
            reverse("servicedesk:request_detail", args=[self.theirs.pk]),
            self.their_document.get_download_url(),
            reverse("servicerequest-detail", args=[self.theirs.pk]),
            reverse("issueddocument-detail", args=[self.their_document.pk]),
            reverse("issueddocument-download", args=[self.their_document.pk]),
        ):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)
        api = self.client.get(reverse("issueddocument-list")).json()
        self.assertEqual([row["id"] for row in api["results"]], [self.own_document.pk])
        cancel = self.client.post(reverse("servicedesk:request_step", args=[self.theirs.pk, "cancel"]))
        self.assertEqual(cancel.status_code, 404)

    def test_a_student_uses_the_api_for_their_own_requests_only(self) -> None:
        """The catalogue of their university, their own requests (the neighbour's never), a request of their own;
        a service they may not have or another university's answers 400 and writes nothing."""
        ensure_catalogue(self.other_institution)
        self.client.force_login(self.student_user)
        catalogue = self.client.get(reverse("service-list")).json()["results"]
        self.assertEqual(len(catalogue), 11)
        own_catalogue = Service.objects.filter(institution=self.institution).values_list("pk", flat=True)
        self.assertEqual({row["id"] for row in catalogue}, set(own_catalogue))
        listed = self.client.get(reverse("servicerequest-list")).json()["results"]
        self.assertEqual([row["id"] for row in listed], [self.own.pk])
        self.assertEqual(listed[0]["documents"], [self.own_document.pk])
        military = service(self.institution, "study_certificate_military")
        created = self.client.post(reverse("servicerequest-list"), {"service": military.pk, "language": "ru"},
                                   content_type="application/json")  # fmt: skip
        self.assertEqual(created.status_code, 201)
        request = ServiceRequest.objects.get(pk=created.json()["id"])
        self.assertEqual((request.student, request.status, request.channel, request.language),
                         (self.own_student, "submitted", "self_service", "ru"))  # fmt: skip
        listed = self.client.get(reverse("servicerequest-list")).json()["results"]
        self.assertEqual({row["id"] for row in listed}, {self.own.pk, request.pk})
        count = ServiceRequest.objects.count()
        for refused in (service(self.institution, "diploma_duplicate"), service(self.other_institution)):
            with self.subTest(refused.code):
                answer = self.client.post(reverse("servicerequest-list"), {"service": refused.pk, "language": "kk"},
                                          content_type="application/json")  # fmt: skip
                self.assertEqual(answer.status_code, 400)
        self.assertEqual(ServiceRequest.objects.count(), count)

    def test_a_department_s_staff_see_none_of_the_desk_s(self) -> None:
        for persona in (self.aigerim, self.dean, self.cc):
            self.client.force_login(persona)
            with self.subTest(persona.username):
                queue = self.client.get(reverse("servicedesk:queue"))
                self.assertEqual(list(queue.context["table"].data), [])
                self.assertEqual(
                    self.client.get(reverse("servicedesk:request_detail", args=[self.theirs.pk])).status_code, 404
                )
                self.assertEqual(self.client.get(self.their_document.get_download_url()).status_code, 404)
                self.assertEqual(self.client.get(reverse("issueddocument-list")).json()["results"], [])

    def test_the_desk_takes_and_issues_from_the_request_page(self) -> None:
        self.client.force_login(self.registrar)
        pending = svc.submit_request(service(self.institution, "study_certificate_military"), self.neighbour,
                                     acting_user=None, mail=False)  # fmt: skip
        for step in ("take", "ready"):
            self.client.post(reverse("servicedesk:request_step", args=[pending.pk, step]))
        response = self.client.post(reverse("servicedesk:request_step", args=[pending.pk, "issue"]), {"language": "en"})
        self.assertEqual(response.status_code, 302)
        pending.refresh_from_db()
        self.assertEqual(pending.status, "issued")
        self.assertEqual(pending.documents.get().language, "en")
        refused = self.client.post(reverse("servicedesk:request_step", args=[pending.pk, "refuse"]), {"grounds": "x"})
        self.assertEqual(refused.status_code, 302)  # refused by the service: a message, nothing changed
        pending.refresh_from_db()
        self.assertEqual(pending.status, "issued")

    def test_the_catalogue_shows_only_what_the_student_may_request(self) -> None:
        self.client.force_login(self.student_user)
        page = self.client.get(reverse("servicedesk:catalogue"))
        codes = {s.code for s in page.context["services"]}
        self.assertIn("study_certificate_gcvp", codes)
        self.assertNotIn("diploma_duplicate", codes)
        duplicate = service(self.institution, "diploma_duplicate")
        self.assertEqual(self.client.get(reverse("servicedesk:request_form", args=[duplicate.pk])).status_code, 404)

    def test_a_student_gets_an_instant_certificate_from_the_form(self) -> None:
        self.client.force_login(self.student_user)
        url = reverse("servicedesk:request_form", args=[self.certificate.pk])
        form = self.client.get(url)
        self.assertContains(form, 'id="promised-date"')
        response = self.client.post(url, {"language": "en", "answer_destination": "Kaspi Bank", "instant": "1"})
        request = ServiceRequest.objects.filter(student=self.own_student).latest("pk")
        self.assertRedirects(response, request.get_absolute_url())
        self.assertEqual((request.status, request.answers), ("issued", {"destination": "Kaspi Bank"}))
        self.assertEqual(request.documents.get().language, "en")

    def test_the_desk_enters_a_walk_in_visitor_s_request(self) -> None:
        self.client.force_login(self.registrar)
        url = reverse("servicedesk:request_form", args=[self.certificate.pk])
        refused = self.client.post(url, {"iin": "000000000000", "language": "ru"})
        self.assertContains(refused, "No student with this IIN.", status_code=400)
        self.client.post(url, {"iin": self.neighbour.iin, "language": "ru"})
        entered = ServiceRequest.objects.filter(student=self.neighbour).latest("pk")
        self.assertEqual((entered.channel, entered.status, entered.submitted_by), ("desk", "submitted", self.registrar))


class QueueTests(ScopedMatrixTestCase):
    """The desk's queue: filters by service, status, clerk and due date; overdue requests in red; assignment to a
    clerk of the desk (never to someone outside it or another university's registrar)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from mansap.servicedesk.tests.factories import desk_clerk

        cls.clerk = desk_clerk(cls.institution, "clerk", first_name="Saule", last_name="Bekova")
        cls.far_clerk = desk_clerk(cls.other_institution, "far_clerk")
        student = make_student(cls.program_a)
        long_ago = timezone.now() - dt.timedelta(days=30)
        cls.late = svc.submit_request(service(cls.institution, "transcript"), student, acting_user=None, mail=False,
                                      received_at=long_ago)  # fmt: skip
        cls.fresh = svc.submit_request(service(cls.institution), student, acting_user=None, mail=False)
        cls.waiting = svc.submit_request(service(cls.institution, "study_certificate_military"), student,
                                         acting_user=None, mail=False, received_at=long_ago)  # fmt: skip
        svc.take(cls.waiting, acting_user=cls.clerk)
        svc.wait_for_student(cls.waiting, acting_user=cls.clerk)

    def listed(self, **params: Any) -> list[int]:
        response = self.client.get(reverse("servicedesk:queue"), params)
        self.assertEqual(response.status_code, 200)
        return sorted(r.pk for r in response.context["table"].data)

    def test_the_filters(self) -> None:
        self.client.force_login(self.registrar)
        everything = sorted([self.late.pk, self.fresh.pk, self.waiting.pk])
        self.assertEqual(self.listed(), everything)
        self.assertEqual(self.listed(service=self.late.service_id), [self.late.pk])
        self.assertEqual(self.listed(status="waiting_for_student"), [self.waiting.pk])
        self.assertEqual(self.listed(status="open"), everything)
        self.assertEqual(self.listed(assigned_to=self.clerk.pk), [self.waiting.pk])
        self.assertEqual(self.listed(overdue="true"), [self.late.pk])  # a paused clock is not overdue
        self.assertEqual(self.listed(due_before=f"{timezone.localdate():%Y-%m-%d}"),
                         sorted([self.late.pk, self.waiting.pk]))  # fmt: skip

    def test_overdue_rows_are_red(self) -> None:
        self.client.force_login(self.registrar)
        content = self.client.get(reverse("servicedesk:queue")).content.decode()
        rows = re.findall(r'<tr[^>]*data-overdue="(\d)"[^>]*>\s*<td[^>]*>\s*<a[^>]*>([^<]+)</a>', content)
        self.assertEqual(sorted(rows), sorted([("1", self.late.receipt_number), ("0", self.fresh.receipt_number),
                                               ("0", self.waiting.receipt_number)]))  # fmt: skip
        self.assertRegex(content, r'<tr[^>]*class="[^"]*table-danger[^"]*"[^>]*data-overdue="1"')

    def test_the_desk_assigns_a_clerk_of_its_own(self) -> None:
        self.client.force_login(self.registrar)
        url = reverse("servicedesk:request_step", args=[self.fresh.pk, "assign"])
        self.assertEqual(self.client.post(url, {"clerk": self.clerk.pk}).status_code, 302)
        self.fresh.refresh_from_db()
        self.assertEqual(self.fresh.assigned_to, self.clerk)
        for outsider in (self.aigerim, self.far_clerk):
            with self.subTest(outsider.username):
                self.client.post(url, {"clerk": outsider.pk})
                self.fresh.refresh_from_db()
                self.assertEqual(self.fresh.assigned_to, self.clerk)
        self.client.force_login(self.aigerim)  # a department's staff: the request is not theirs to see
        self.assertEqual(self.client.post(url, {"clerk": self.clerk.pk}).status_code, 404)


@override_settings(
    CACHES={
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "verify-tests"},
    },
    MANSAP_VERIFY_MAX_LOOKUPS=8,
)
class VerifyPageTests(ClassMedia, ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.own_student.last_name, cls.own_student.first_name = "Ахметова", "Айгерим"
        cls.own_student.save()
        cls.document = issue_document(service(cls.institution), cls.own_student, language="ru", acting_user=None)

    def setUp(self) -> None:
        super().setUp()
        caches["throttle"].clear()

    def test_a_real_code_shows_the_valid_document_to_anyone(self) -> None:
        response = self.client.get(self.document.get_verify_path())
        self.assertContains(response, 'data-status="valid"')
        self.assertContains(response, self.document.number)
        self.assertContains(response, self.document.sha256)
        self.assertContains(response, "Ах*** А.")
        self.assertNotContains(response, "Ахметова")
        # lower case and with the printed dashes: the same document
        code = self.document.verification_code
        grouped = f"{code[:4]}-{code[4:8]}-{code[8:]}".lower()
        self.assertEqual(self.client.get(reverse("servicedesk:verify", args=[grouped])).status_code, 200)

    def test_a_revoked_document_shows_revoked_with_the_date(self) -> None:
        revoke_document(self.document, reason="typo", acting_user=None)
        self.document.refresh_from_db()
        response = self.client.get(self.document.get_verify_path())
        self.assertContains(response, 'data-status="revoked"')
        assert self.document.revoked_at is not None
        self.assertContains(response, f"Revoked on {timezone.localtime(self.document.revoked_at):%d.%m.%Y}")

    def test_invented_codes_answer_404_with_the_same_body(self) -> None:
        first = self.client.get(reverse("servicedesk:verify", args=["ABCDEFGHJKMN"]))
        near = self.document.verification_code[:-1] + ("A" if self.document.verification_code[-1] != "A" else "B")
        second = self.client.get(reverse("servicedesk:verify", args=[near]))
        self.assertEqual((first.status_code, second.status_code), (404, 404))
        # The same page, but for the CSRF token's per-response mask (in the page's scripts' headers).
        self.assertEqual(without_csrf(first.content), without_csrf(second.content))

    def test_the_file_hash_check(self) -> None:
        with self.document.file.open("rb") as handle:
            content = handle.read()
        from django.core.files.uploadedfile import SimpleUploadedFile

        url = self.document.get_verify_path()
        same = self.client.post(url, {"file": SimpleUploadedFile("c.pdf", content, "application/pdf")})
        self.assertContains(same, 'data-matches="1"')
        altered = self.client.post(url, {"file": SimpleUploadedFile("c.pdf", content + b" ", "application/pdf")})
        self.assertContains(altered, 'data-matches="0"')
        pasted = self.client.post(url, {"sha256": self.document.sha256.upper()})
        self.assertContains(pasted, 'data-matches="1"')

    def test_lookups_are_rate_limited_per_address(self) -> None:
        statuses = [self.client.get(reverse("servicedesk:verify", args=[f"X{i:011d}"])).status_code for i in range(9)]
        self.assertEqual(statuses, [404] * 7 + [429] * 2)
        self.assertEqual(self.client.get(self.document.get_verify_path()).status_code, 429)
        other = self.client.get(self.document.get_verify_path(), REMOTE_ADDR="10.0.0.9")
        self.assertEqual(other.status_code, 200)


class QueryCountTests(ScopedMatrixTestCase):
    def same_count(self, user: Any, url: str, add: Callable[[int], None], rows: Callable[[Any], int]) -> None:
        self.client.force_login(user)
        add(2)
        self.assertEqual(self.client.get(url).status_code, 200)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        add(18)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertGreaterEqual(rows(response), 20, url)
        self.assertEqual(len(few), len(many), url)

    def requests(self, n: int) -> None:
        for _ in range(n):
            svc.submit_request(service(self.institution), self.own_student, acting_user=None, mail=False)

    def documents(self, n: int) -> None:
        for _ in range(n):
            bare_document(svc.submit_request(service(self.institution), self.own_student, acting_user=None, mail=False))

    def test_lists_are_bounded(self) -> None:
        table_rows: Callable[[Any], int] = lambda r: len(r.context["table"].page.object_list)  # noqa: E731
        api_rows: Callable[[Any], int] = lambda r: len(r.json()["results"])  # noqa: E731
        self.same_count(self.registrar, reverse("servicedesk:queue"), self.requests, table_rows)
        self.same_count(self.registrar, reverse("servicedesk:document_list"), self.documents, table_rows)
        self.same_count(self.registrar, reverse("servicerequest-list"), self.requests, api_rows)
        self.same_count(self.registrar, reverse("issueddocument-list"), self.documents, api_rows)
        self.same_count(
            self.student_user, reverse("servicedesk:my_requests"), self.documents, lambda r: len(r.context["requests"])
        )
