"""The company supervisor's signed link: valid, tampered, expired, used, replaced supervisor; the form's
rules; sending by e-mail in a language; 390-px page; never a 500."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from mansap.practice.models import Placement
from mansap.practice.services import links as tokens
from mansap.practice.tests.test_diary import AssessmentSetup


class CompanyLinkTests(AssessmentSetup):
    def form_data(self, **changes: object) -> dict[str, object]:
        data = {
            "safety_briefing_on": self.practice.starts_on.isoformat(),
            "characterization": "Diligent, punctual, quickly learned our internal tools and procedures.",
            "company_report_score": "88",
            "company_report_comment": "Complete and well structured.",
        }
        data.update(changes)
        return data

    def url(self, language: str = "ru", today: dt.date | None = None) -> str:
        return tokens.link_path(Placement.objects.get(pk=self.placement.pk), language, today)

    def test_valid_link_shows_form_in_its_language(self) -> None:
        self.client.logout()
        response = self.client.get(self.url("ru"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'lang="ru"')
        self.assertContains(response, self.student.full_name)
        self.assertContains(response, 'id="company-language"')
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertIn("noindex", response["X-Robots-Tag"])
        response = self.client.get(self.url("en"))
        self.assertContains(response, 'lang="en"')

    def test_submit_then_link_is_used(self) -> None:
        url = self.url()
        with self.captureOnCommitCallbacks(execute=True):  # the e-mail leaves after the commit
            response = self.client.post(url, self.form_data())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'id="company-done"')
        placement = Placement.objects.get(pk=self.placement.pk)
        self.assertEqual(placement.company_report_score, 88)
        self.assertEqual(placement.safety_briefing_on, self.practice.starts_on)
        self.assertIsNotNone(placement.company_submitted_at)
        self.assertTrue(placement.characterization.startswith("Diligent"))
        # The department's head of practice is told by e-mail (when they have an address)
        self.assertEqual(len(mail.outbox), 0 if not placement.supervisor.email else 1)
        for response in (self.client.get(url), self.client.post(url, self.form_data(company_report_score="10"))):
            self.assertContains(response, 'data-reason="used"')
        placement.refresh_from_db()
        self.assertEqual(placement.company_report_score, 88)
        # The history keeps who changed it
        self.assertEqual(placement.history.first().history_change_reason, "company supervisor (signed link)")

    def test_supervisor_notified(self) -> None:
        from mansap.core.models import Employee

        Employee.objects.filter(pk=self.placement.supervisor_id).update(email="head@kazutb.example")
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(self.url(), self.form_data())
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["head@kazutb.example"])
        self.assertIn("88", mail.outbox[0].body)
        self.assertIn(reverse("practice:placement_detail", args=[self.placement.pk]), mail.outbox[0].body)

    def test_tampered_link(self) -> None:
        token = tokens.make_token(self.placement, "kk")
        for bad in (token[:-2] + "xx", "nonsense", token.replace(":", ";", 1)):
            response = self.client.get(reverse("practice:company_form", args=[bad]))
            self.assertEqual(response.status_code, 400)
            self.assertContains(response, 'data-reason="invalid"', status_code=400)
        # A correctly signed payload of another salt does not work either
        other = signing.dumps({"p": self.placement.pk, "l": "kk", "x": "2099-01-01", "e": ""}, salt="other")
        self.assertEqual(self.client.get(reverse("practice:company_form", args=[other])).status_code, 400)
        response = self.client.post(reverse("practice:company_form", args=["nonsense"]), self.form_data())
        self.assertEqual(response.status_code, 400)

    def test_expired_link(self) -> None:
        expires = tokens.expiry_for(self.placement, self.today)
        self.assertEqual(expires, self.practice.ends_on + dt.timedelta(days=tokens.LINK_DAYS_AFTER_END))
        url = self.url("ru")
        with mock.patch("mansap.practice.services.links.timezone.localdate", return_value=expires):
            self.assertEqual(self.client.get(url).status_code, 200)
        with mock.patch(
            "mansap.practice.services.links.timezone.localdate", return_value=expires + dt.timedelta(days=1)
        ):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 410)
            self.assertContains(response, 'data-reason="expired"', status_code=410)
            self.assertContains(response, 'lang="ru"', status_code=410)
            response = self.client.post(url, self.form_data())
            self.assertEqual(response.status_code, 410)
        self.assertIsNone(Placement.objects.get(pk=self.placement.pk).company_submitted_at)

    def test_link_made_late_still_gives_time(self) -> None:
        late_day = self.practice.ends_on + dt.timedelta(days=29)
        self.assertEqual(
            tokens.expiry_for(self.placement, late_day), late_day + dt.timedelta(days=tokens.LINK_MIN_DAYS)
        )

    def test_new_supervisor_invalidates_old_link(self) -> None:
        url = self.url()
        Placement.objects.filter(pk=self.placement.pk).update(company_supervisor_email="new@example.kz")
        self.assertEqual(self.client.get(url).status_code, 400)
        self.assertEqual(self.client.get(self.url()).status_code, 200)

    def test_cancelled_placement_link_invalid(self) -> None:
        url = self.url()
        Placement.objects.filter(pk=self.placement.pk).update(status="cancelled")
        self.assertEqual(self.client.get(url).status_code, 400)

    def test_form_rules(self) -> None:
        url = self.url("en")
        cases = {
            "safety_briefing_on": [
                (self.practice.starts_on - dt.timedelta(days=15)).isoformat(),
                (self.today + dt.timedelta(days=1)).isoformat(),
                "",
            ],
            "characterization": ["Too short"],
            "company_report_score": ["101", "-1", "", "abc"],
        }
        for field, values in cases.items():
            for value in values:
                response = self.client.post(url, self.form_data(**{field: value}))
                self.assertEqual(response.status_code, 400, (field, value))
                self.assertContains(response, "invalid-feedback", status_code=400)
        self.assertIsNone(Placement.objects.get(pk=self.placement.pk).company_submitted_at)
        # Boundaries that pass: 14 days before the start, score 0 and 100
        ok = self.form_data(
            safety_briefing_on=(self.practice.starts_on - dt.timedelta(days=14)).isoformat(), company_report_score="0"
        )
        self.assertEqual(self.client.post(url, ok).status_code, 200)

    def test_staff_send_link_by_email(self) -> None:
        url = reverse("practice:company_link_send", args=[self.placement.pk])
        self.assert_status(self.dana, url, 404, "post")
        self.assert_status(self.bolat, url, 403, "post")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post_as(self.aigerim, url, {"language": "kk"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["supervisor@example.kz"])
        link = next(line for line in message.body.splitlines() if "/practice/company/" in line).strip()
        self.assertTrue(link.startswith("http://testserver/practice/company/"))
        response = self.client.get(link.replace("http://testserver", ""))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'lang="kk"')

    def test_send_without_email_explains(self) -> None:
        Placement.objects.filter(pk=self.placement.pk).update(company_supervisor_email="")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post_as(self.aigerim, reverse("practice:company_link_send", args=[self.placement.pk]),
                                    {"language": "ru"})  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(mail.outbox), 0)

    def test_qr_and_copy_link_on_panel(self) -> None:
        qr = reverse("practice:company_link_qr", args=[self.placement.pk])
        response = self.get_as(self.aigerim, qr)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assert_status(self.bolat, qr, 403)
        self.assert_status(self.dana, qr, 404)
        panel = reverse("practice:placement_assessment", args=[self.placement.pk])
        response = self.assert_page_shows(self.aigerim, panel, 'id="company-link"', "/practice/company/")
        response = self.assert_page_hides(self.bolat, panel, 'id="company-link"')
        Placement.objects.filter(pk=self.placement.pk).update(
            company_submitted_at=timezone.now(), company_report_score=77, characterization="Very good student."
        )
        self.assert_page_shows(self.aigerim, panel, "77 / 100", "Very good student.")

    def test_company_reads_the_report_through_the_link(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile

        from mansap.practice.services import assessment as svc
        from mansap.practice.tests.test_student_pages import PDF

        placement = Placement.objects.select_related("practice").get(pk=self.placement.pk)
        report = svc.upload_document(placement, kind="report", file=SimpleUploadedFile("r.pdf", PDF), acting_user=None)
        other = svc.upload_document(
            Placement.objects.select_related("practice").get(pk=self.placement_b.pk), kind="report",
            file=SimpleUploadedFile("b.pdf", PDF), acting_user=None,
        )  # fmt: skip
        token = tokens.make_token(placement, "en")
        response = self.client.get(reverse("practice:company_form", args=[token]))
        file_url = reverse("practice:company_document", args=[token, report.pk])
        self.assertContains(response, file_url)
        response = self.client.get(file_url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(self.client.get(reverse("practice:company_document", args=[token, other.pk])).status_code, 404)
        self.assertEqual(
            self.client.get(reverse("practice:company_document", args=["bad", report.pk])).status_code, 404
        )
        self.client.post(reverse("practice:company_form", args=[token]), self.form_data())
        self.assertEqual(self.client.get(file_url).status_code, 404)  # the link is used
