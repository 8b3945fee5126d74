"""Requests: the due date on Kazakhstan's calendar (Nauryz, New Year), the paused clock, eligibility, the steps a
status allows, receipt numbers and the e-mails to the student."""

import datetime as dt

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from mansap.core.choices import StudentStatus
from mansap.core.tests.factories import EducationalProgramFactory, InstitutionFactory, StudentFactory, UserFactory
from mansap.servicedesk.choices import Channel, RequestStatus
from mansap.servicedesk.models import RequestEvent, Service, ServiceRequest
from mansap.servicedesk.services import requests as svc
from mansap.servicedesk.services.catalogue import PRELOADED_CODES, eligible_services, ensure_catalogue
from mansap.servicedesk.tests.factories import desk_clerk


def at(y: int, m: int, d: int, h: int = 12, mi: int = 0) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h, mi))


class DeskData(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.program = EducationalProgramFactory()
        cls.institution = cls.program.department.faculty.institution
        ensure_catalogue(cls.institution)
        cls.clerk = desk_clerk(cls.institution)
        cls.user = UserFactory(username="student1", email="s1@example.kz")
        cls.student = StudentFactory(program=cls.program, user=cls.user, email="s1@example.kz", study_language="ru")
        cls.certificate = Service.objects.get(institution=cls.institution, code="study_certificate")
        cls.military = Service.objects.get(institution=cls.institution, code="study_certificate_military")
        cls.leave = Service.objects.get(institution=cls.institution, code="academic_leave")


class CatalogueTests(DeskData):
    def test_the_eleven_codes_are_preloaded_once(self) -> None:
        self.assertEqual(ensure_catalogue(self.institution), 0)
        codes = set(Service.objects.filter(institution=self.institution).values_list("code", flat=True))
        self.assertEqual(
            codes,
            {
                "study_certificate", "study_certificate_gcvp", "study_certificate_military", "transcript",
                "archive_certificate", "diploma_duplicate", "diploma_supplement", "documents_return",
                "academic_leave", "transfer", "reinstatement",
            },
        )  # fmt: skip
        self.assertEqual(len(PRELOADED_CODES), 11)

    def test_graduates_and_expelled_students_get_no_study_certificate(self) -> None:
        for status in (StudentStatus.GRADUATED, StudentStatus.EXPELLED):
            student = StudentFactory(program=self.program, status=status)
            with self.assertRaises(ValidationError) as caught:
                svc.submit_request(self.certificate, student, acting_user=self.clerk)
            self.assertEqual(caught.exception.code, "not_eligible")
            codes = {s.code for s in eligible_services(student)}
            self.assertNotIn("study_certificate", codes)
        self.assertFalse(ServiceRequest.objects.exists())

    def test_a_studying_student_sees_the_study_certificates_not_the_graduates_services(self) -> None:
        codes = {s.code for s in eligible_services(self.student)}
        self.assertEqual(
            codes,
            {
                "study_certificate", "study_certificate_gcvp", "study_certificate_military", "transcript",
                "academic_leave", "transfer",
            },
        )  # fmt: skip


class DueDateTests(DeskData):
    def test_due_date_skips_nauryz(self) -> None:
        # Friday 20 March 2026, 1 working day: 21–25 March are Nauryz and a weekend: Thursday 26 at 18:00.
        request = svc.submit_request(
            self.certificate, self.student, acting_user=self.clerk, received_at=at(2026, 3, 20)
        )
        self.assertEqual(request.due_at, at(2026, 3, 26, 18))

    def test_due_date_skips_new_year_and_orthodox_christmas(self) -> None:
        # 31 December 2025, 3 working days: 1–2 January holidays, 3–4 a weekend, 5 and 6, 7 Christmas, 8.
        request = svc.submit_request(self.military, self.student, acting_user=self.clerk, received_at=at(2025, 12, 31))
        self.assertEqual(request.due_at, at(2026, 1, 8, 18))

    def test_waiting_for_the_student_moves_the_due_date_by_the_working_time_spent_waiting(self) -> None:
        request = svc.submit_request(
            self.military, self.student, acting_user=self.clerk, received_at=at(2026, 3, 16, 10)
        )
        self.assertEqual(request.due_at, at(2026, 3, 19, 18))
        svc.take(request, acting_user=self.clerk)
        svc.wait_for_student(request, acting_user=self.clerk, note="bring the ID", at=at(2026, 3, 19, 10))
        # Waited Thursday 19 10:00–18:00 (8 h), Friday 20 (9 h), Thursday 26 9:00–12:00 (3 h): 20 working hours.
        request = svc.resume(request, acting_user=self.clerk, at=at(2026, 3, 26, 12))
        # 20 hours after Thursday 19 at the close: Friday 20 (9 h), Thursday 26 (9 h), Friday 27 until 11:00.
        self.assertEqual(request.due_at, at(2026, 3, 27, 11))
        self.assertEqual(request.status, RequestStatus.IN_PROGRESS)
        self.assertIsNone(request.paused_at)


class StepTests(DeskData):
    def test_the_main_path_records_each_step_with_who_and_when(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            request = svc.submit_request(self.military, self.student, acting_user=self.user, language="ru")
            svc.take(request, acting_user=self.clerk)
            svc.mark_ready(request, acting_user=self.clerk)
            document = svc.issue(request, acting_user=self.clerk)
        request.refresh_from_db()
        self.assertEqual(request.status, RequestStatus.ISSUED)
        self.assertEqual(request.assigned_to, self.clerk)
        self.assertEqual(request.channel, Channel.SELF_SERVICE)
        assert document is not None
        self.assertEqual(document.request, request)
        self.assertEqual(document.language, "ru")
        steps = list(
            RequestEvent.objects.filter(request=request).values_list("from_status", "to_status", "by__username")
        )
        self.assertEqual(
            steps,
            [
                ("", "submitted", "student1"),
                ("submitted", "in_progress", "clerk"),
                ("in_progress", "ready", "clerk"),
                ("ready", "issued", "clerk"),
            ],
        )
        self.assertEqual([m.to for m in mail.outbox], [["s1@example.kz"]] * 4)
        self.assertEqual(mail.outbox[-1].subject, f"Ваш запрос {request.receipt_number}: выдан")

    def test_illegal_steps_are_refused_with_a_translated_error(self) -> None:
        request = svc.submit_request(self.certificate, self.student, acting_user=self.clerk)
        with self.assertRaises(ValidationError) as caught:
            svc.mark_ready(request, acting_user=self.clerk)
        self.assertEqual(caught.exception.code, "illegal_transition")
        self.assertEqual(
            caught.exception.messages, [f"Request {request.receipt_number} is submitted: it cannot be marked ready."]
        )
        svc.cancel(request, acting_user=self.user)
        with self.assertRaises(ValidationError):
            svc.take(request, acting_user=self.clerk)
        request.refresh_from_db()
        self.assertEqual(request.status, RequestStatus.CANCELLED)

    def test_a_refusal_needs_its_grounds(self) -> None:
        request = svc.submit_request(self.certificate, self.student, acting_user=self.clerk)
        with self.assertRaises(ValidationError) as caught:
            svc.refuse(request, grounds="  ", acting_user=self.clerk)
        self.assertEqual([e.code for e in caught.exception.error_dict["grounds"]], ["grounds_required"])
        svc.refuse(request, grounds="Not enrolled this term", acting_user=self.clerk)
        request.refresh_from_db()
        self.assertEqual((request.status, request.grounds), (RequestStatus.REFUSED, "Not enrolled this term"))

    def test_an_application_with_approval_is_approved_before_it_is_ready(self) -> None:
        request = svc.submit_request(
            self.leave, self.student, acting_user=self.user, answers={"reason": "illness", "from_date": "2026-02-01"}
        )
        svc.take(request, acting_user=self.clerk)
        with self.assertRaises(ValidationError) as caught:
            svc.mark_ready(request, acting_user=self.clerk)
        self.assertEqual(caught.exception.code, "not_approved")
        svc.approve(request, acting_user=self.clerk)
        svc.mark_ready(request, acting_user=self.clerk)
        self.assertIsNone(svc.issue(request, acting_user=self.clerk))  # an application issues no document

    def test_the_form_s_required_fields_and_dates_are_checked(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            svc.submit_request(self.leave, self.student, acting_user=self.user, answers={"from_date": "1 Feb"})
        self.assertEqual(
            caught.exception.message_dict,
            {"reason": ["This field is required."], "from_date": ["Enter a date as YYYY-MM-DD."]},
        )

    def test_a_student_submits_only_their_own_and_takes_nothing(self) -> None:
        other = StudentFactory(program=self.program)
        with self.assertRaises(PermissionDenied):
            svc.submit_request(self.certificate, other, acting_user=self.user)
        request = svc.submit_request(self.certificate, self.student, acting_user=self.user, channel=Channel.DESK)
        self.assertEqual(request.channel, Channel.SELF_SERVICE)
        with self.assertRaises(PermissionDenied):
            svc.take(request, acting_user=self.user)


class ReceiptNumberTests(DeskData):
    def test_receipt_numbers_run_per_institution_and_year(self) -> None:
        first = svc.submit_request(self.certificate, self.student, acting_user=self.clerk, received_at=at(2026, 3, 2))
        second = svc.submit_request(self.certificate, self.student, acting_user=self.clerk, received_at=at(2026, 3, 3))
        next_year = svc.submit_request(
            self.certificate, self.student, acting_user=self.clerk, received_at=at(2027, 1, 4)
        )
        self.assertEqual(
            [first.receipt_number, second.receipt_number, next_year.receipt_number],
            ["2026-00001", "2026-00002", "2027-00001"],
        )
        with self.assertRaises(IntegrityError):
            ServiceRequest.objects.create(
                institution=self.institution, service=self.certificate, student=self.student, year=2026, sequence=9,
                receipt_number="2026-00001", due_at=at(2026, 3, 3),
            )  # fmt: skip


class CatalogueCreationTests(TestCase):
    """The catalogue is made with the institution, never by a page that reads it (#16)."""

    def test_a_new_institution_has_the_eleven_services(self) -> None:
        institution = InstitutionFactory()
        codes = set(Service.objects.filter(institution=institution).values_list("code", flat=True))
        self.assertEqual(codes, set(PRELOADED_CODES))
        self.assertEqual(ensure_catalogue(institution), 0)

    def test_the_catalogue_pages_write_nothing(self) -> None:
        program = EducationalProgramFactory()
        institution = program.department.faculty.institution
        clerk = desk_clerk(institution)
        student = StudentFactory(program=program, user=UserFactory(username="reader"))
        Service.objects.filter(institution=institution).delete()
        self.client.force_login(clerk)
        for name in ("servicedesk:catalogue", "servicedesk:service_list"):
            self.assertEqual(self.client.get(reverse(name)).status_code, 200)
        self.client.force_login(student.user)
        self.assertEqual(self.client.get(reverse("servicedesk:catalogue")).status_code, 200)
        self.assertEqual(Service.objects.filter(institution=institution).count(), 0)
