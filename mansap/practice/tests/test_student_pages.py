"""The student's practice page: own placement only, rules, uploads (validated by content), late reports,
the grade; file downloads are scoped."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mansap.practice.choices import DocumentKind, PlacementStatus
from mansap.practice.models import Placement, PracticeDocument
from mansap.practice.services import assessment as svc
from mansap.practice.tests.factories import make_placement, make_practice
from mansap.practice.tests.test_diary import AssessmentSetup

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
DOCX = b"PK\x03\x04" + b"\x00" * 64


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


class StudentPageTests(AssessmentSetup):
    def setUp(self) -> None:
        self.url = reverse("practice:my_practice")

    def test_student_sees_own_placement(self) -> None:
        response = self.assert_page_shows(
            self.student_user, self.url, str(self.base), self.placement.company_supervisor_name, "Practice diary"
        )
        self.assertNotContains(response, str(self.base_b))
        self.assert_status(self.student_user, reverse("practice:my_placement", args=[self.placement_b.pk]), 404)
        self.assert_status(self.student_b_user, reverse("practice:my_placement", args=[self.placement.pk]), 404)

    def test_cancelled_placement_is_hidden(self) -> None:
        Placement.objects.filter(pk=self.placement.pk).update(status=PlacementStatus.CANCELLED)
        self.assert_page_shows(self.student_user, self.url, "no practice placement yet")

    def test_anonymous_and_staff(self) -> None:
        self.assert_status(None, self.url, 302)
        self.assert_page_shows(self.aigerim, self.url, "This page is for students")
        self.assert_status(self.aigerim, reverse("practice:student_rules", args=[self.placement.pk]), 403, "post")

    def test_several_placements_switch(self) -> None:
        earlier = make_practice(self.program_a, kind="educational", starts_on=dt.date(2024, 6, 1))
        old = make_placement(earlier, self.student, self.base)
        response = self.assert_status(self.student_user, reverse("practice:my_placement", args=[old.pk]), 200)
        self.assertContains(response, "educational practice".capitalize())

    def test_future_practice_diary_not_open_yet(self) -> None:
        later = make_practice(self.program_a, kind="pre_graduate", starts_on=self.today + dt.timedelta(days=30))
        future = make_placement(later, self.student, self.base)
        response = self.assert_page_shows(
            self.student_user, reverse("practice:my_placement", args=[future.pk]), 'id="diary-not-yet"'
        )
        self.assertNotContains(response, 'id="diary-add"')
        self.assert_page_shows(self.student_user, reverse("practice:my_placement", args=[self.placement.pk]),
                               'id="diary-add"')  # fmt: skip

    def test_rules_acknowledgement(self) -> None:
        response = self.post_as(self.student_user, reverse("practice:student_rules", args=[self.placement.pk]))
        self.assertEqual(response.status_code, 302)
        self.placement.refresh_from_db()
        self.assertEqual(self.placement.rules_acknowledged_on, self.today)
        self.assert_status(
            self.student_b_user, reverse("practice:student_rules", args=[self.placement.pk]), 404, "post"
        )

    def test_grade_shown(self) -> None:
        Placement.objects.filter(pk=self.placement.pk).update(
            score=91, letter_grade="A-", grade_points="3.67", graded_on=self.today
        )
        response = self.assert_page_shows(self.student_user, self.url, "A-", "3.67", "The diary is closed")
        self.assertNotContains(response, 'id="diary-add"')


class UploadTests(AssessmentSetup):
    def post_upload(self, kind: str, file: SimpleUploadedFile, user: object = None) -> object:
        self.client.force_login(user or self.student_user)
        return self.client.post(
            reverse("practice:student_upload", args=[self.placement.pk]), {"kind": kind, "file": file}
        )

    def test_report_upload_sets_submission_date_and_retention(self) -> None:
        response = self.post_upload(DocumentKind.REPORT, upload("report.docx", DOCX))
        self.assertEqual(response.status_code, 302)
        self.placement.refresh_from_db()
        self.assertEqual(self.placement.report_submitted_on, self.today)
        document = PracticeDocument.objects.get(placement=self.placement)
        self.assertEqual(document.original_name, "report.docx")
        self.assertEqual(document.uploaded_by, self.student_user)
        self.assertEqual(document.retain_until, svc.add_years(self.practice.ends_on, 5))
        self.assertFalse(svc.is_report_late(self.placement))

    def test_scans_are_checked_by_content(self) -> None:
        self.assertEqual(self.post_upload(DocumentKind.DIARY_SCAN, upload("diary.png", PNG)).status_code, 302)
        # A renamed text file, a DOCX as a scan, a wrong extension: refused with the reason
        for kind, file, text in [
            (DocumentKind.REPORT_SCAN, upload("scan.pdf", b"just text"), "content was checked"),
            (DocumentKind.REPORT_SCAN, upload("scan.docx", DOCX), "PDF, JPG or PNG"),
            (DocumentKind.REPORT, upload("report.pdf", b"MZ\x90\x00 not a pdf"), "content was checked"),
            (DocumentKind.REPORT, upload("report.exe", PDF), "extension"),
        ]:
            response = self.post_upload(kind, file)
            self.assertEqual(response.status_code, 400, text)
            self.assertContains(response, text, status_code=400)
        self.assertEqual(PracticeDocument.objects.count(), 1)

    def test_scan_size_limit(self) -> None:
        big = upload("scan.pdf", PDF + b"0" * (5 * 1024 * 1024))
        response = self.post_upload(DocumentKind.DIARY_SCAN, big)
        self.assertContains(response, "too large", status_code=400)

    def test_student_cannot_upload_a_notice_scan(self) -> None:
        response = self.post_upload(DocumentKind.NOTICE_SCAN, upload("n.pdf", PDF))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(PracticeDocument.objects.exists())

    def test_late_report_flag(self) -> None:
        due = self.practice.reports_due
        placement = Placement.objects.get(pk=self.placement.pk)
        svc.upload_document(placement, kind=DocumentKind.REPORT, file=upload("r.pdf", PDF), acting_user=None, today=due)
        self.assertFalse(svc.is_report_late(placement))
        svc.upload_document(
            placement, kind=DocumentKind.REPORT, file=upload("r.pdf", PDF), acting_user=None,
            today=due + dt.timedelta(days=1),
        )  # fmt: skip
        self.assertTrue(svc.is_report_late(placement))
        # Not submitted: late only after the due date
        other = Placement.objects.get(pk=self.placement_b.pk)
        self.assertFalse(svc.is_report_late(other, today=other.practice.reports_due))
        self.assertTrue(svc.is_report_late(other, today=other.practice.reports_due + dt.timedelta(days=1)))

    def test_download_is_scoped(self) -> None:
        self.post_upload(DocumentKind.REPORT, upload("report.pdf", PDF))
        document = PracticeDocument.objects.get()
        url = reverse("practice:document_file", args=[document.pk])
        for user in (self.student_user, self.aigerim, self.bolat, self.cc, self.rector):
            response = self.get_as(user, url)
            self.assertEqual(response.status_code, 200, user)
            self.assertEqual(response["Content-Type"], "application/pdf")
            self.assertEqual(response["Cache-Control"], "private, no-store")
        for user in (self.student_b_user, self.dana):
            self.assert_status(user, url, 404)
        self.assert_status(None, url, 302)

    def test_withdraw_upload(self) -> None:
        self.post_upload(DocumentKind.REPORT, upload("report.pdf", PDF))
        document = PracticeDocument.objects.get()
        url = reverse("practice:document_delete", args=[document.pk])
        self.assert_status(self.student_b_user, url, 404, "post")
        self.assert_status(self.bolat, url, 403, "post")
        self.assert_status(self.student_user, url, 302, "post")
        self.assertFalse(PracticeDocument.objects.exists())
        self.placement.refresh_from_db()
        self.assertIsNone(self.placement.report_submitted_on)

    def test_student_cannot_remove_staff_uploads(self) -> None:
        placement = Placement.objects.select_related("practice").get(pk=self.placement.pk)
        notice = svc.upload_document(placement, kind=DocumentKind.NOTICE_SCAN, file=upload("n.pdf", PDF),
                                     acting_user=self.aigerim)  # fmt: skip
        self.assert_status(self.student_user, reverse("practice:document_delete", args=[notice.pk]), 302, "post")
        self.assertTrue(PracticeDocument.objects.filter(pk=notice.pk).exists())
        response = self.post_as(self.aigerim, reverse("practice:document_delete", args=[notice.pk]),
                                {"next": "/\\evil.example/"})  # fmt: skip
        self.assertEqual(response["Location"], reverse("practice:placement_detail", args=[self.placement.pk]))
        self.assertFalse(PracticeDocument.objects.filter(pk=notice.pk).exists())

    def test_staff_upload_on_placement(self) -> None:
        url = reverse("practice:placement_upload", args=[self.placement.pk])
        self.client.force_login(self.aigerim)
        self.client.post(url, {"kind": DocumentKind.NOTICE_SCAN, "file": upload("notice.pdf", PDF)})
        self.assertEqual(PracticeDocument.objects.get().kind, DocumentKind.NOTICE_SCAN)
        self.client.force_login(self.bolat)
        self.assertEqual(self.client.post(url, {"kind": "report", "file": upload("r.pdf", PDF)}).status_code, 403)
        self.client.force_login(self.dana)
        self.assertEqual(self.client.post(url, {"kind": "report", "file": upload("r.pdf", PDF)}).status_code, 404)


class WishesLinkTests(AssessmentSetup):
    """The student's page offers to rank bases for upcoming practices of their Major and course only."""

    def test_upcoming_practice_of_own_program_and_course_is_offered(self) -> None:
        course = 3
        self.student.course = course
        self.student.save(update_fields=["course"])
        upcoming = make_practice(
            self.program_a, kind="pre_graduate", course=course, starts_on=self.today + dt.timedelta(days=40)
        )
        other_course = make_practice(
            self.program_a, kind="educational", course=course + 1, starts_on=self.today + dt.timedelta(days=40)
        )
        other_program = make_practice(
            self.program_b, kind="pre_graduate", course=course, starts_on=self.today + dt.timedelta(days=40)
        )
        draft = make_practice(
            self.program_a,
            kind="educational",
            course=course,
            status="draft",
            starts_on=self.today + dt.timedelta(days=9),
        )
        response = self.assert_page_shows(
            self.student_user, reverse("practice:my_practice"), reverse("practice:my_preferences", args=[upcoming.pk])
        )
        for hidden in (other_course, other_program, draft, self.practice):
            self.assertNotContains(response, reverse("practice:my_preferences", args=[hidden.pk]))
        # Once placed, the practice is no longer offered.
        make_placement(upcoming, self.student, self.base)
        response = self.assert_status(self.student_user, reverse("practice:my_practice"), 200)
        self.assertNotContains(response, reverse("practice:my_preferences", args=[upcoming.pk]))
