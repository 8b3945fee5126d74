"""Requests for information to other units (R-131): two departments and a dean's office see only their own, the
unit answers with a file, the desk reads it, overdue in red, e-mails in each person's language; query counts of
the list; the API; and an approved application becoming a draft order in the student body (#15)."""

import datetime as dt

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from mansap.common.testing import BaseTestCase
from mansap.core.tests.factories import EducationalProgramFactory, StudentFactory
from mansap.servicedesk.models import Enquiry, InfoRequest, Service
from mansap.servicedesk.services import information
from mansap.servicedesk.services import requests as svc
from mansap.servicedesk.tests.factories import ClassMedia, desk_clerk, make_enquiry, make_topic
from mansap.studentbody.choices import OrderStatus, OrderType


def at(y: int, m: int, d: int, h: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h))


class InfoRequestTests(ClassMedia, BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for user, language in ((cls.aigerim, "ru"), (cls.dana, "en"), (cls.dean, "kk"), (cls.registrar, "en")):
            user.email, user.language = f"{user.username}@example.kz", language
            user.save()
        # Asked on Friday 20 March 2026 at noon, due in 2 working days: Nauryz (21–25 March) moves it to the 27th.
        cls.to_a = information.ask_unit(
            institution=cls.institution, department=cls.dept_a, subject="Выписка из приказа", due_days=2,
            acting_user=cls.registrar, now=at(2026, 3, 20),
        )  # fmt: skip
        cls.to_b = information.ask_unit(institution=cls.institution, department=cls.dept_b, subject="Ведомость",
                                        due_days=60, acting_user=cls.registrar)  # fmt: skip
        cls.to_dean = information.ask_unit(institution=cls.institution, faculty=cls.faculty, subject="Справка",
                                           due_days=60, acting_user=cls.registrar)  # fmt: skip

    def test_the_due_date_counts_working_days_across_nauryz(self) -> None:
        self.assertEqual(timezone.localtime(self.to_a.due_at), at(2026, 3, 27, 18))
        self.assertTrue(self.to_a.is_overdue())
        self.assertFalse(self.to_b.is_overdue())

    def test_each_unit_sees_its_own_requests_only(self) -> None:
        def seen(user: object) -> set[int]:
            return set(InfoRequest.objects.for_user(user).values_list("pk", flat=True))  # type: ignore[arg-type]

        self.assertEqual(seen(self.aigerim), {self.to_a.pk})
        self.assertEqual(seen(self.bolat), {self.to_a.pk})
        self.assertEqual(seen(self.dana), {self.to_b.pk})
        self.assertEqual(seen(self.dean), {self.to_dean.pk})
        self.assertEqual(seen(self.registrar), {self.to_a.pk, self.to_b.pk, self.to_dean.pk})
        self.assertEqual(seen(self.cc), set())
        self.assertEqual(seen(self.rector), set())
        self.client.force_login(self.dana)
        self.assertEqual(self.client.get(self.to_a.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(self.to_b.get_absolute_url()).status_code, 200)

    def test_the_unit_answers_with_a_file_and_the_desk_reads_it(self) -> None:
        mail.outbox.clear()
        self.client.force_login(self.aigerim)
        upload = SimpleUploadedFile("prikaz.pdf", b"%PDF-1.4 test", content_type="application/pdf")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("servicedesk:inforequest_answer", args=[self.to_a.pk]),
                {"answer": "Выписка приложена", "file": upload},
            )
        self.assertEqual(response.status_code, 302)
        self.to_a.refresh_from_db()
        self.assertEqual(
            (self.to_a.status, self.to_a.answer, self.to_a.answered_by), ("answered", "Выписка приложена", self.aigerim)
        )
        [message] = mail.outbox
        self.assertEqual(message.to, ["registrar@example.kz"])
        self.assertIn("The answer to your request for information", message.subject)
        self.client.force_login(self.registrar)
        page = self.client.get(self.to_a.get_absolute_url())
        self.assertContains(page, "Выписка приложена")
        self.assertContains(page, 'id="info-overdue"')
        download = self.client.get(reverse("servicedesk:inforequest_file", args=[self.to_a.pk]))
        self.assertEqual(b"".join(download.streaming_content), b"%PDF-1.4 test")  # type: ignore[attr-defined]

    def test_only_the_addressed_unit_answers(self) -> None:
        for user in (self.bolat, self.dana, self.registrar, self.dean):
            with self.assertRaises(PermissionDenied):
                information.answer_info_request(self.to_a, answer="x", acting_user=user)
        with self.assertRaises(ValidationError) as caught:
            information.answer_info_request(self.to_a, answer="  ", acting_user=self.aigerim)
        self.assertIn("answer", caught.exception.message_dict)

    def test_the_unit_is_mailed_in_its_people_s_language(self) -> None:
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            information.ask_unit(institution=self.institution, department=self.dept_a, subject="Справка-вызов",
                                 due_days=3, acting_user=self.registrar)  # fmt: skip
            information.ask_unit(institution=self.institution, faculty=self.faculty, subject="Справка-вызов",
                                 due_days=3, acting_user=self.registrar)  # fmt: skip
        by_address = {m.to[0]: m.subject for m in mail.outbox}
        self.assertLessEqual({"aigerim@example.kz", "dean@example.kz"}, set(by_address))
        self.assertNotIn("dana@example.kz", by_address)
        self.assertTrue(by_address["aigerim@example.kz"].startswith("Запрос информации"))
        self.assertTrue(by_address["dean@example.kz"].startswith("Қызмет көрсету орталығының ақпарат сұрауы"))
        # The body's placeholders are filled (they printed "{unit}" and "{due}" as they were).
        body = next(m.body for m in mail.outbox if m.to[0] == "aigerim@example.kz")
        due = InfoRequest.objects.filter(department=self.dept_a).latest("pk").due_at
        self.assertIn(f"Ответить до: {timezone.localtime(due):%d.%m.%Y %H:%M}.", body)
        self.assertNotIn("{", body)

    def test_bad_input_names_the_field_and_writes_nothing(self) -> None:
        count = InfoRequest.objects.count()
        with self.assertRaises(ValidationError) as caught:
            information.ask_unit(institution=self.institution, subject="", due_days=0, acting_user=self.registrar)
        self.assertEqual(set(caught.exception.message_dict), {"subject", "unit", "due_days"})
        with self.assertRaises(PermissionDenied):
            information.ask_unit(institution=self.institution, department=self.dept_a, subject="x", due_days=1,
                                 acting_user=self.aigerim)  # fmt: skip
        self.client.force_login(self.registrar)
        response = self.client.post(reverse("servicedesk:inforequest_add"),
                                    {"unit": "department:999999", "subject": "x", "due_days": "3"})  # fmt: skip
        self.assertContains(response, "Select a valid choice", status_code=400)
        self.assertEqual(InfoRequest.objects.count(), count)

    def test_the_desk_asks_through_the_page(self) -> None:
        self.client.force_login(self.registrar)
        response = self.client.post(
            reverse("servicedesk:inforequest_add"),
            {"unit": f"faculty:{self.other_faculty.pk}", "subject": "Справка о стипендии", "due_days": "5"},
        )
        info = InfoRequest.objects.get(subject="Справка о стипендии")
        self.assertRedirects(response, info.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual((info.faculty, info.department, info.due_days), (self.other_faculty, None, 5))

    def test_the_list_runs_a_bounded_number_of_queries(self) -> None:
        self.client.force_login(self.registrar)
        url = reverse("servicedesk:inforequest_list")
        self.client.get(url)

        def queries() -> int:
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(captured.captured_queries)

        InfoRequest.objects.exclude(pk__in=[self.to_a.pk, self.to_b.pk]).delete()
        two = queries()
        for n in range(18):
            information.ask_unit(institution=self.institution, department=self.dept_b, subject=f"№{n}", due_days=3,
                                 acting_user=None)  # fmt: skip
        self.assertEqual(queries(), two)

    def test_the_api_lists_the_unit_s_requests_and_takes_its_answer(self) -> None:
        api = APIClient()
        api.force_authenticate(self.dana)
        listed = api.get(reverse("inforequest-list")).json()
        rows = listed["results"] if isinstance(listed, dict) else listed
        self.assertEqual([r["id"] for r in rows], [self.to_b.pk])
        response = api.post(reverse("inforequest-answer", args=[self.to_b.pk]), {"answer": "Done"}, format="json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["status"], "answered")
        api.force_authenticate(self.registrar)
        created = api.post(reverse("inforequest-list"), {"department": self.dept_a.pk, "subject": "API", "due_days": 2},
                           format="json")  # fmt: skip
        self.assertEqual(created.status_code, 201)
        self.assertEqual(created.json()["department"], self.dept_a.pk)
        before = InfoRequest.objects.count()
        unknown = api.post(reverse("inforequest-list"), {"department": self.dept_a.pk, "subject": "API", "due_days": 2,
                                                         "request": 987654}, format="json")  # fmt: skip
        self.assertEqual((unknown.status_code, unknown.json()), (400, {"request": ["unknown_request"]}))
        self.assertEqual(InfoRequest.objects.count(), before)
        self.assertEqual(api.post(reverse("enquiry-list"), {}, format="json").status_code, 405)

    def test_the_api_and_the_page_look_the_unit_up_in_one_service(self) -> None:
        found = information.find_unit(self.institution, department=self.dept_a.pk)
        self.assertEqual(found, {"department": self.dept_a})
        self.assertEqual(information.find_unit(self.institution, faculty=self.faculty.pk), {"faculty": self.faculty})
        with self.assertRaises(ValidationError) as caught:
            information.find_unit(self.institution, faculty=987654, department=987655)
        self.assertEqual(
            {name: [e.code for e in errors] for name, errors in caught.exception.error_dict.items()},
            {"faculty": ["unknown_faculty"], "department": ["unknown_department"]},
        )
        api = APIClient()
        api.force_authenticate(self.registrar)
        before = InfoRequest.objects.count()
        for body, expected in (
            ({"faculty": 987654}, {"faculty": ["unknown_faculty"]}),
            ({"department": 987655}, {"department": ["unknown_department"]}),
        ):
            answer = api.post(reverse("inforequest-list"), {**body, "subject": "API", "due_days": 2}, format="json")
            self.assertEqual((answer.status_code, answer.json()), (400, expected))
        self.assertEqual(InfoRequest.objects.count(), before)


class EnquiryApiTests(BaseTestCase):
    def test_the_unit_lists_its_enquiries_and_answers_through_the_service(self) -> None:
        own = make_enquiry(make_topic(self.institution, "registrar"))
        dean_s = make_enquiry(make_topic(self.institution, "dean", faculty=self.faculty))
        api = APIClient()
        api.force_authenticate(self.registrar)
        listed = api.get(reverse("enquiry-list")).json()
        rows = listed["results"] if isinstance(listed, dict) else listed
        self.assertEqual([r["id"] for r in rows], [own.pk])
        self.assertEqual(api.get(reverse("enquiry-detail", args=[dean_s.pk])).status_code, 404)
        with self.captureOnCommitCallbacks(execute=True):
            response = api.post(reverse("enquiry-answer", args=[own.pk]), {"answer": "Келіңіз"}, format="json")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Enquiry.objects.get(pk=own.pk).status, "answered")
        self.assertEqual(
            api.post(reverse("enquiry-answer", args=[own.pk]), {"answer": ""}, format="json").status_code, 400
        )


class RequestToOrderTests(TestCase):
    """An approved academic leave, transfer or reinstatement application is drafted as a contingent order."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.program = EducationalProgramFactory()
        cls.institution = cls.program.department.faculty.institution
        cls.clerk = desk_clerk(cls.institution)
        cls.student = StudentFactory(program=cls.program)

    def approved(self, code: str, answers: dict[str, str]) -> object:
        service = Service.objects.get(institution=self.institution, code=code)
        request = svc.submit_request(service, self.student, answers=answers, acting_user=self.clerk, mail=False)
        return svc.approve(request, acting_user=self.clerk)

    def test_an_approved_leave_becomes_a_draft_leave_order_with_the_student(self) -> None:
        request = self.approved("academic_leave", {"reason": "Медицинские показания", "from_date": "2026-12-14"})
        order = request.order  # type: ignore[attr-defined]
        self.assertEqual((order.type, order.status, order.number), (OrderType.ACADEMIC_LEAVE, OrderStatus.DRAFT,
                                                                     request.receipt_number))  # type: ignore[attr-defined]  # fmt: skip
        self.assertEqual(order.institution, self.institution)
        self.client.force_login(self.clerk)
        page = self.client.get(request.get_absolute_url())  # type: ignore[attr-defined]
        self.assertContains(page, 'id="request-order"')
        self.assertContains(page, order.get_absolute_url())

    def test_transfer_and_reinstatement_draft_their_types_and_other_services_none(self) -> None:
        transfer = self.approved("transfer", {"reason": "Другая программа"})
        self.assertEqual(transfer.order.type, OrderType.TRANSFER_INTERNAL)  # type: ignore[attr-defined]
        expelled = StudentFactory(program=self.program, status="expelled")
        service = Service.objects.get(institution=self.institution, code="reinstatement")
        request = svc.submit_request(service, expelled, answers={"reason": "x"}, acting_user=self.clerk, mail=False)
        self.assertEqual(svc.approve(request, acting_user=self.clerk).order.type, OrderType.REINSTATEMENT)
        duplicate = Service.objects.get(institution=self.institution, code="diploma_duplicate")
        graduate = StudentFactory(program=self.program, status="graduated")
        request = svc.submit_request(
            duplicate, graduate, answers={"reason": "lost"}, acting_user=self.clerk, mail=False
        )
        self.assertIsNone(svc.approve(request, acting_user=self.clerk).order)
