"""The head of practice's review of the report (R-027, R-045 step 1), admission and defence date through
the grades API, deleting conferences and meetings, and the language of the company-received e-mail."""

from __future__ import annotations

import datetime as dt

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mansap.practice.choices import DocumentKind, ReviewDecision
from mansap.practice.models import Conference, Meeting, Placement
from mansap.practice.services import assessment as svc
from mansap.practice.tests.test_defence import DefenceSetup
from mansap.practice.tests.test_student_pages import PDF

REVIEW = "The report covers every section of the programme; the analysis is sound."


class ReviewSetup(DefenceSetup):
    @classmethod
    def setUpTestData(cls) -> None:
        from mansap.common.testing import make_user

        super().setUpTestData()
        cls.thesis_student.user = make_user("thesis-student")
        cls.thesis_student.save()

    def upload(self, placement: Placement, kind: str = DocumentKind.REPORT, user: object = None) -> None:
        svc.upload_document(self.fresh(placement), kind=kind, file=SimpleUploadedFile("r.pdf", PDF), acting_user=user)

    def review(self, placement: Placement, decision: str = "accepted", **kw: object) -> Placement:
        kw.setdefault("text", REVIEW)
        kw.setdefault("acting_user", self.aigerim)
        return svc.review_report(self.fresh(placement), decision=decision, **kw)  # type: ignore[arg-type]

    def scans(self, placement: Placement) -> None:
        for kind in (DocumentKind.REPORT, DocumentKind.REPORT_SCAN, DocumentKind.DIARY_SCAN):
            self.upload(placement, kind)


class ReviewRuleTests(ReviewSetup):
    def test_nothing_to_review_before_the_report(self) -> None:
        with self.assertRaises(ValidationError) as ctx:
            self.review(self.pre_placement)
        self.assertIn("has not submitted the report", str(ctx.exception))

    def test_fields_checked_and_named(self) -> None:
        self.upload(self.pre_placement)
        with self.assertRaises(ValidationError) as ctx:
            self.review(self.pre_placement, decision="resubmitted", text="x" * (svc.REVIEW_MIN_CHARS - 1),
                        reviewed_on=self.today + dt.timedelta(days=1))  # fmt: skip
        self.assertEqual(set(ctx.exception.error_dict), {"review_text", "review_decision", "reviewed_on"})
        with self.assertRaises(ValidationError) as ctx:
            self.review(self.pre_placement, reviewed_on=self.today - dt.timedelta(days=1))
        self.assertEqual(set(ctx.exception.error_dict), {"reviewed_on"})
        placement = self.review(self.pre_placement, text="  " + "y" * svc.REVIEW_MIN_CHARS + " ")
        self.assertEqual(placement.review_text, "y" * svc.REVIEW_MIN_CHARS)
        self.assertEqual((placement.reviewed_on, placement.reviewed_by), (self.today, self.aigerim))

    def test_scope(self) -> None:
        self.upload(self.pre_placement)
        for user in (self.dana, self.bolat):
            with self.assertRaises(PermissionDenied):
                self.review(self.pre_placement, acting_user=user)

    def test_returned_report_can_be_replaced_and_is_reviewed_again(self) -> None:
        user = self.thesis_student.user
        self.upload(self.pre_placement, user=user)
        self.assertEqual(self.review(self.pre_placement, "returned").review_decision, ReviewDecision.RETURNED)
        self.upload(self.pre_placement, user=user)
        placement = self.fresh(self.pre_placement)
        self.assertEqual(placement.review_decision, ReviewDecision.RESUBMITTED)
        self.assertEqual(placement.review_text, REVIEW)  # the earlier review stays readable
        self.assertEqual(self.review(self.pre_placement).review_decision, ReviewDecision.ACCEPTED)

    def test_accepted_report_stays(self) -> None:
        user = self.thesis_student.user
        self.upload(self.pre_placement, user=user)
        self.review(self.pre_placement)
        with self.assertRaises(ValidationError) as ctx:
            self.upload(self.pre_placement, user=user)
        self.assertIn("kind", ctx.exception.error_dict)
        report = self.fresh(self.pre_placement).documents.get(kind=DocumentKind.REPORT)
        with self.assertRaises(ValidationError):
            svc.delete_document(report, acting_user=user)
        self.upload(self.pre_placement, DocumentKind.REPORT_SCAN, user=user)  # scans are still welcome
        self.upload(self.pre_placement, user=self.aigerim)  # staff may file the paper version
        self.assertEqual(self.fresh(self.pre_placement).review_decision, ReviewDecision.ACCEPTED)

    def test_admission_needs_the_accepted_review(self) -> None:
        self.scans(self.pre_placement)
        with self.assertRaises(ValidationError) as ctx:
            svc.decide_admission(self.fresh(self.pre_placement), admitted=True, acting_user=self.aigerim)
        self.assertIn("review", str(ctx.exception))
        self.review(self.pre_placement, "returned")
        with self.assertRaises(ValidationError):
            svc.decide_admission(self.fresh(self.pre_placement), admitted=True, acting_user=self.aigerim)
        self.review(self.pre_placement)
        placement = svc.decide_admission(self.fresh(self.pre_placement), admitted=True, acting_user=self.aigerim)
        self.assertTrue(placement.admitted_to_defence)
        # Once admitted, the report cannot be returned; once graded, the review is closed.
        with self.assertRaises(ValidationError) as ctx:
            self.review(self.pre_placement, "returned")
        self.assertIn("review_decision", ctx.exception.error_dict)
        svc.record_grade(self.fresh(self.pre_placement), 90, acting_user=self.aigerim)
        with self.assertRaises(ValidationError) as ctx:
            self.review(self.pre_placement)
        self.assertIn("has been graded", str(ctx.exception))


class ReviewPageTests(ReviewSetup):
    def test_form_in_the_panel_and_on_the_student_page(self) -> None:
        panel = reverse("practice:placement_assessment", args=[self.pre_placement.pk])
        url = reverse("practice:placement_review", args=[self.pre_placement.pk])
        response = self.assert_page_hides(self.aigerim, panel, 'name="review-review_text"')
        self.assertContains(response, 'id="panel-review"')
        self.upload(self.pre_placement)
        self.assert_page_shows(self.aigerim, panel, 'name="review-review_text"', url)
        self.assert_page_hides(self.bolat, panel, 'name="review-review_text"')
        data = {"review-review_text": REVIEW, "review-review_decision": "returned",
                "review-reviewed_on": self.today.isoformat()}  # fmt: skip
        self.assertEqual(self.post_as(self.dana, url, data).status_code, 404)
        self.assertEqual(self.post_as(self.bolat, url, data).status_code, 403)
        self.assertEqual(self.post_as(self.thesis_student.user, url, data).status_code, 403)
        response = self.post_as(self.aigerim, url, {**data, "review-review_text": "short"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "at least 20 characters", status_code=400)
        self.assertContains(response, "short", status_code=400)  # what was typed is kept
        self.assertEqual(self.post_as(self.aigerim, url, data).status_code, 302)
        placement = self.fresh(self.pre_placement)
        self.assertEqual((placement.review_decision, placement.reviewed_by), ("returned", self.aigerim))
        self.assert_page_shows(self.bolat, panel, REVIEW, "Returned for revision")
        # The student reads it and is told to upload the revised report
        mine = reverse("practice:my_placement", args=[self.pre_placement.pk])
        response = self.assert_page_shows(self.thesis_student.user, mine, REVIEW, "upload the new version")
        self.assertContains(response, f'<option value="{DocumentKind.REPORT}"')
        self.post_as(self.aigerim, url, {**data, "review-review_decision": "accepted"})
        response = self.assert_page_shows(self.thesis_student.user, mine, "Accepted")
        self.assertNotContains(response, f'<option value="{DocumentKind.REPORT}"')
        self.assertNotContains(response, "upload the new version")


class GradeApiAdmissionTests(ReviewSetup):
    def setUp(self) -> None:
        self.url = reverse("practice-grade-detail", args=[self.pre_placement.pk])

    def test_review_is_read_only(self) -> None:
        self.upload(self.pre_placement)
        self.review(self.pre_placement)
        api = self.api_as(self.aigerim)
        body = api.get(self.url).json()
        self.assertEqual((body["review_decision"], body["review_text"]), ("accepted", REVIEW))
        self.assertEqual(
            (body["reviewed_on"], body["reviewed_by"]), (self.today.isoformat(), self.aigerim.display_name)
        )
        api.patch(self.url, {"review_decision": "returned", "review_text": "changed"}, format="json")
        self.assertEqual(self.fresh(self.pre_placement).review_decision, "accepted")

    def test_admission_and_defence_date_through_the_services(self) -> None:
        api = self.api_as(self.aigerim)
        response = api.patch(self.url, {"admitted_to_defence": True}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("admitted_to_defence", response.json())
        self.assertIn("review", str(response.json()))
        self.scans(self.pre_placement)
        self.review(self.pre_placement)
        response = api.patch(self.url, {"defence_date": (self.pre.starts_on - dt.timedelta(days=1)).isoformat()},
                             format="json")  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()), {"defence_date"})
        # All or nothing: the admission is not kept when the score in the same request is refused
        defence = self.today + dt.timedelta(days=2)
        response = api.patch(self.url, {"admitted_to_defence": True, "defence_date": defence.isoformat(),
                                        "score": 90}, format="json")  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()), {"score"})
        self.assertIsNone(self.fresh(self.pre_placement).admitted_to_defence)
        response = api.patch(self.url, {"admitted_to_defence": True, "defence_date": defence.isoformat()},
                             format="json")  # fmt: skip
        self.assertEqual(response.status_code, 200, response.content)
        body = response.json()
        self.assertEqual((body["admitted_to_defence"], body["admission_decided_on"], body["defence_date"]),
                         (True, self.today.isoformat(), defence.isoformat()))  # fmt: skip
        # The defence date comes after the admission decision (same rule as the grade sheet)
        response = api.patch(self.url, {"defence_date": self.today.isoformat()}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("after the admission decision", str(response.json()["defence_date"]))
        # Refusing is a decision too; null withdraws it
        self.assertFalse(
            api.patch(self.url, {"admitted_to_defence": False}, format="json").json()["admitted_to_defence"]
        )
        response = api.patch(self.url, {"admitted_to_defence": None}, format="json")
        self.assertIsNone(response.json()["admission_decided_on"])

    def test_not_for_other_practices_and_scoped(self) -> None:
        url = reverse("practice-grade-detail", args=[self.placement.pk])  # a production practice
        response = self.api_as(self.aigerim).patch(url, {"admitted_to_defence": True}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("pre-graduate practice only", str(response.json()["admitted_to_defence"]))
        self.assertEqual(self.api_as(self.dana).patch(self.url, {"admitted_to_defence": False}, format="json")
                         .status_code, 404)  # fmt: skip
        self.assertEqual(self.api_as(self.bolat).patch(self.url, {"admitted_to_defence": False}, format="json")
                         .status_code, 403)  # fmt: skip
        self.assertIsNone(self.fresh(self.pre_placement).admitted_to_defence)


class DeleteConferenceAndMeetingTests(ReviewSetup):
    def test_delete_with_confirmation(self) -> None:
        conference = Conference.objects.create(practice=self.practice, kind="orientation", held_on=self.today,
                                               minutes="Briefed everyone")  # fmt: skip
        meeting = Meeting.objects.create(practice=self.practice, kind="consultation", held_on=self.today,
                                         topic="Diary format")  # fmt: skip
        practice_url = reverse("practice:practice_detail", args=[self.practice.pk])
        panel = reverse("practice:practice_assessment", args=[self.practice.pk])
        for obj, name in ((conference, "conference_delete"), (meeting, "meeting_delete")):
            url = reverse(f"practice:{name}", args=[obj.pk])
            self.assert_page_shows(self.aigerim, panel, url)
            self.assert_page_hides(self.bolat, panel, url)
            self.assert_status(self.dana, url, 404)
            self.assert_status(self.bolat, url, 403)
            self.assert_status(self.dana, url, 404, "post")
            self.assert_status(self.bolat, url, 403, "post")
            response = self.assert_page_shows(self.aigerim, url, str(obj), practice_url)  # cancel → the practice
            self.assertContains(response, 'method="post"')
            response = self.assert_status(self.aigerim, url, 302, "post")
            self.assertEqual(response["Location"], practice_url)
            self.assertFalse(type(obj).objects.filter(pk=obj.pk).exists())
            self.assertEqual(obj.history.model.objects.filter(id=obj.pk).latest("history_date").history_type, "-")


class NotificationLanguageTests(ReviewSetup):
    def notify(self, language: str | None) -> mail.EmailMessage:
        from mansap.common.testing import make_user
        from mansap.core.models import Employee

        user = make_user(f"head-{language}", language=language or "") if language is not None else None
        Employee.objects.filter(pk=self.placement.supervisor_id).update(email="head@kazutb.example", user=user)
        Placement.objects.filter(pk=self.placement.pk).update(company_report_score=88)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):  # the e-mail leaves after the commit
            self.assertTrue(svc.notify_supervisor(Placement.objects.get(pk=self.placement.pk), "https://m.example/"))
        return mail.outbox[0]

    def test_subject_and_body_in_the_recipients_language(self) -> None:
        ru = self.notify("ru")
        self.assertIn("Получена оценка организации", ru.subject)
        self.assertIn("88", ru.body)
        self.assertNotIn("Ұйымның", ru.subject + ru.body)
        kk = self.notify("kk")
        self.assertIn("Ұйымның бағалауы алынды", kk.subject)
        self.assertNotIn("Получена", kk.subject + kk.body)
        self.assertNotIn("направил характеристику", kk.body)
        both = self.notify(None)  # no account: both official languages, subject and body alike
        self.assertIn("Ұйымның бағалауы алынды", both.subject)
        self.assertIn("Получена оценка организации", both.subject)
