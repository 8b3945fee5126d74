"""Retention (R-033, Q19): retain_until from the rule and the practice's end, flagging by the command
(never deleting), the disposal act with its history, the schedule page and the review list."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from mansap.practice.choices import DisposalStatus, DocumentKind
from mansap.practice.models import Placement, PracticeDocument, RetentionRule
from mansap.practice.services import assessment as svc
from mansap.practice.tests.test_diary import AssessmentSetup
from mansap.practice.tests.test_student_pages import PDF


class RetentionTests(AssessmentSetup):
    def upload(self, kind: str = DocumentKind.REPORT, placement: Placement | None = None) -> PracticeDocument:
        placement = Placement.objects.select_related("practice").get(pk=(placement or self.placement).pk)
        return svc.upload_document(placement, kind=kind, file=SimpleUploadedFile("r.pdf", PDF), acting_user=None)

    def test_retain_until_from_rule(self) -> None:
        self.assertEqual(self.upload().retain_until, svc.add_years(self.practice.ends_on, 5))
        RetentionRule.objects.create(institution=self.institution, kind=DocumentKind.DIARY_SCAN, years=3)
        self.assertEqual(self.upload(DocumentKind.DIARY_SCAN).retain_until, svc.add_years(self.practice.ends_on, 3))
        self.assertIsNone(self.upload(DocumentKind.OTHER).retain_until)
        self.assertEqual(svc.add_years(dt.date(2024, 2, 29), 5), dt.date(2029, 2, 28))

    def test_command_flags_and_never_deletes(self) -> None:
        document = self.upload()
        until = document.retain_until
        out = StringIO()
        call_command("practice_retention", today=until.isoformat(), stdout=out)
        self.assertIn("flagged for disposal review: 0", out.getvalue())
        call_command("practice_retention", today=(until + dt.timedelta(days=1)).isoformat(), stdout=out)
        document.refresh_from_db()
        self.assertEqual(document.disposal_status, DisposalStatus.REVIEW)
        self.assertTrue(document.file.storage.exists(document.file.name))
        call_command("practice_retention", today=(until + dt.timedelta(days=9)).isoformat(), stdout=out)
        self.assertEqual(PracticeDocument.objects.count(), 1)

    def test_disposal_rules_and_history(self) -> None:
        document = self.upload()
        with self.assertRaises(ValidationError):  # still kept: not due for review
            svc.record_disposal(document, act_number="A-1", disposed_on=self.today, acting_user=self.cc)
        PracticeDocument.objects.filter(pk=document.pk).update(
            disposal_status=DisposalStatus.REVIEW, retain_until=self.today - dt.timedelta(days=10)
        )
        document.refresh_from_db()
        with self.assertRaises(ValidationError) as ctx:
            svc.record_disposal(document, act_number=" ", disposed_on=self.today + dt.timedelta(days=1),
                                acting_user=self.cc)  # fmt: skip
        self.assertEqual(set(ctx.exception.error_dict), {"disposal_act", "disposed_on"})
        url = reverse("practice:document_dispose", args=[document.pk])
        self.assert_status(self.dana, url, 404)
        self.assert_status(self.rector, url, 403)
        response = self.post_as(self.cc, url, {"disposal_act": "A-17", "disposed_on": self.today.isoformat()})
        self.assertEqual(response.status_code, 302)
        document.refresh_from_db()
        self.assertEqual((document.disposal_status, document.disposal_act), (DisposalStatus.DISPOSED, "A-17"))
        self.assertEqual(document.history.first().history_user, self.cc)
        with self.assertRaises(ValidationError):  # a disposed document stays on record
            svc.delete_document(document, acting_user=self.cc)

    def test_schedule_page(self) -> None:
        document = self.upload(DocumentKind.REPORT)
        url = reverse("practice:retention_rules")
        self.assert_page_shows(self.aigerim, url, "Practice report")
        self.assert_status(self.aigerim, url, 403, "post")
        data = {kind: "5" for kind in DocumentKind.values}
        data.update({DocumentKind.REPORT: "10", DocumentKind.OTHER: ""})
        response = self.post_as(self.cc, url, data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(RetentionRule.objects.get(kind=DocumentKind.REPORT).years, 10)
        self.assertFalse(RetentionRule.objects.filter(kind=DocumentKind.OTHER).exists())
        document.refresh_from_db()
        self.assertEqual(document.retain_until, svc.add_years(self.practice.ends_on, 10))
        response = self.post_as(self.cc, url, {**data, DocumentKind.REPORT: "0"})
        self.assertEqual(response.status_code, 400)

    def test_review_list_is_scoped(self) -> None:
        mine = self.upload()
        theirs = self.upload(placement=self.placement_b)
        PracticeDocument.objects.update(disposal_status=DisposalStatus.REVIEW)
        url = reverse("practice:document_review")
        response = self.assert_status(self.aigerim, url, 200)
        self.assertContains(response, reverse("practice:document_file", args=[mine.pk]))
        self.assertNotContains(response, reverse("practice:document_file", args=[theirs.pk]))
        response = self.assert_status(self.cc, url, 200)
        self.assertContains(response, reverse("practice:document_file", args=[theirs.pk]))
        self.assert_status(self.student_user, url, 403)
        PracticeDocument.objects.filter(pk=mine.pk).update(disposal_status=DisposalStatus.KEPT)
        response = self.get_as(self.aigerim, url)
        self.assertNotContains(response, reverse("practice:document_file", args=[mine.pk]))
        response = self.get_as(self.aigerim, url + "?disposal_status=")
        self.assertContains(response, reverse("practice:document_file", args=[mine.pk]))
