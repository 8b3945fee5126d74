"""The graduate page and the pages that write for a graduate: scoping, uploads, evidence downloads."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests
from mansap.common.uploads import EVIDENCE_MAX_BYTES
from mansap.employers.models import Organization
from mansap.graduates.choices import Channel, EmploymentStatus, SelfReportStatus
from mansap.graduates.models import AssistanceAction, ContactAttempt, EmploymentRecord, GrantObligation, SelfReport
from mansap.graduates.services import records as services
from mansap.graduates.tests.factories import PDF_BYTES, make_graduate, png_bytes, upload

S = EmploymentStatus
BIN = "180140000018"


class GraduatePageTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.mine = make_graduate(self.program_a, funding="grant")
        self.theirs = make_graduate(self.program_b)
        self.old = services.record_employment(
            self.mine, acting_user=self.aigerim, status=S.UNEMPLOYED_SEEKING, started_on=dt.date(2025, 7, 1),
            channel=Channel.TELEPHONE,
        )  # fmt: skip
        self.now = services.record_employment(
            self.mine, acting_user=self.aigerim, status=S.EMPLOYED_SPECIALTY, started_on=dt.date(2025, 9, 1),
            channel=Channel.EMAIL, employer_name="ТОО Мұнай", employer_bin=BIN, position="инженер", salary=400000,
        )  # fmt: skip

    def url(self, name: str, graduate=None) -> str:
        return reverse(f"graduates:{name}", args=[(graduate or self.mine).pk])

    def test_page_shows_the_history_newest_first(self) -> None:
        response = self.assert_page_shows(self.aigerim, self.url("graduate_detail"), "ТОО Мұнай", BIN, "инженер")
        html = response.content.decode()
        self.assertLess(html.index("employed by specialty"), html.index("unemployed and seeking work"))
        self.assertContains(response, self.url("record_add"))
        self.assertContains(response, reverse("graduates:employmentrecord_history", args=[self.now.pk]))
        self.assertContains(response, "State-grant work obligation")  # a grant graduate

    def test_scoping_of_the_page_and_of_every_write(self) -> None:
        for user in (self.aigerim, self.bolat, self.dean, self.cc, self.rector):
            self.assert_status(user, self.url("graduate_detail"), 200)
        self.assert_status(self.dana, self.url("graduate_detail"), 404)
        self.assert_status(self.aigerim, self.url("graduate_detail", self.theirs), 404)
        for name in ("record_add", "contact_add", "assistance_add", "obligation_edit"):
            self.assert_status(self.aigerim, self.url(name), 200)
            self.assert_status(self.aigerim, self.url(name, self.theirs), 404)
            self.assert_status(self.aigerim, self.url(name, self.theirs), 404, method="post")
            self.assert_status(self.bolat, self.url(name), 403)
            self.assert_status(self.bolat, self.url(name), 403, method="post")
            self.assert_status(self.rector, self.url(name), 403, method="post")
        self.assert_status(self.student_user, self.url("graduate_detail"), 403)

    def test_read_only_sees_no_write_buttons(self) -> None:
        self.assert_page_hides(self.bolat, self.url("graduate_detail"), self.url("record_add"), self.url("contact_add"))

    def test_obligation_page_only_for_grant_graduates(self) -> None:
        paid = make_graduate(self.program_a, funding="paid")
        self.assert_status(self.aigerim, self.url("obligation_edit", paid), 404)
        response = self.post_as(
            self.aigerim, self.url("obligation_edit"),
            {"referral_place": "Ауыл мектебі", "referral_date": "2025-08-01", "status": "working_off"},
        )  # fmt: skip
        self.assertRedirects(response, self.url("graduate_detail"))
        obligation = GrantObligation.objects.get(graduate=self.mine)
        self.assertEqual(obligation.referral_place, "Ауыл мектебі")
        self.assert_page_shows(self.aigerim, self.url("graduate_detail"), "Ауыл мектебі", "working off")

    def test_contact_and_assistance_are_logged(self) -> None:
        response = self.post_as(
            self.aigerim, self.url("contact_add"),
            {"contacted_on": "2025-10-01", "channel": "telephone", "outcome": "no_answer", "note": "қайта қоңырау"},
        )  # fmt: skip
        self.assertRedirects(response, self.url("graduate_detail"))
        contact = ContactAttempt.objects.get(graduate=self.mine)
        self.assertEqual((contact.outcome, contact.recorded_by), ("no_answer", self.aigerim))
        organization = Organization.objects.create(institution=self.institution, name_kk="K", name_ru="K", name_en="K")
        response = self.post_as(
            self.aigerim, self.url("assistance_add"),
            {"happened_on": "2025-10-02", "kind": "negotiation", "organization": organization.pk, "description": "x"},
        )  # fmt: skip
        self.assertRedirects(response, self.url("graduate_detail"))
        self.assertEqual(AssistanceAction.objects.get(graduate=self.mine).organization, organization)
        self.assert_page_shows(self.aigerim, self.url("graduate_detail"), "no answer", "қайта қоңырау")

    def test_self_report_confirm_and_reject_buttons(self) -> None:
        report = SelfReport.objects.create(
            graduate=self.mine, status=S.EMPLOYED_OTHER, employer_name="ЖШС Бастау", started_on=dt.date(2025, 11, 1),
            phone="87015556677",
        )  # fmt: skip
        confirm = reverse("graduates:selfreport_confirm", args=[report.pk])
        reject = reverse("graduates:selfreport_reject", args=[report.pk])
        self.assert_page_shows(self.aigerim, self.url("graduate_detail"), "ЖШС Бастау", confirm, reject)
        self.assert_page_hides(self.bolat, self.url("graduate_detail"), confirm, reject)
        self.assert_status(self.bolat, confirm, 403, method="post")
        self.assert_status(self.dana, confirm, 404, method="post")
        self.assert_status(self.aigerim, confirm, 302, method="post")
        report.refresh_from_db()
        self.assertEqual(report.review_status, SelfReportStatus.CONFIRMED)
        current = self.mine.employment_records.get(ended_on__isnull=True)
        self.assertEqual((current.channel, current.employer_name), (Channel.SELF_REPORT, "ЖШС Бастау"))
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.phone, "+7 701 555 66 77")
        other = SelfReport.objects.create(graduate=self.mine, status=S.NOT_SEEKING)
        reject_other = reverse("graduates:selfreport_reject", args=[other.pk])
        self.assert_status(self.aigerim, reject_other, 302, method="post")  # no reason: refused, kept pending
        other.refresh_from_db()
        self.assertEqual(other.review_status, SelfReportStatus.PENDING)
        self.post_as(self.aigerim, reject_other, {"reason": "not this graduate"})
        other.refresh_from_db()
        self.assertEqual(other.review_status, SelfReportStatus.REJECTED)

    def test_record_history_page(self) -> None:
        url = reverse("graduates:employmentrecord_history", args=[self.old.pk])
        self.assert_page_shows(self.bolat, url, "Aigerim")
        self.assert_status(self.dana, url, 404)


class RecordAddTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.graduate = make_graduate(self.program_a)
        self.url = reverse("graduates:record_add", args=[self.graduate.pk])

    def data(self, **changes) -> dict:
        data = {
            "status": S.EMPLOYED_SPECIALTY,
            "started_on": "2025-09-01",
            "channel": Channel.DOCUMENT,
            "employer_name": "ТОО Самұрық",
            "position": "аналитик",
            "region": "astana",
            "salary": "450000",
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    def test_a_record_is_added_and_closes_the_open_one(self) -> None:
        old = services.record_employment(
            self.graduate, acting_user=self.aigerim, status=S.UNKNOWN, started_on=dt.date(2025, 7, 1),
            channel=Channel.TELEPHONE,
        )  # fmt: skip
        response = self.post_as(self.aigerim, self.url, self.data())
        self.assertRedirects(response, reverse("graduates:graduate_detail", args=[self.graduate.pk]))
        old.refresh_from_db()
        self.assertEqual(old.ended_on, dt.date(2025, 8, 31))
        new = self.graduate.employment_records.get(ended_on__isnull=True)
        self.assertEqual((new.employer_name, new.salary, new.recorded_by), ("ТОО Самұрық", 450000, self.aigerim))

    def test_a_backdated_open_record_shows_the_services_error(self) -> None:
        services.record_employment(
            self.graduate, acting_user=self.aigerim, status=S.UNKNOWN, started_on=dt.date(2025, 10, 1),
            channel=Channel.TELEPHONE,
        )  # fmt: skip
        response = self.post_as(self.aigerim, self.url, self.data())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "cannot start earlier")
        self.assertEqual(self.graduate.employment_records.count(), 1)

    def test_a_matching_bin_links_the_registered_organization(self) -> None:
        organization = Organization.objects.create(
            institution=self.institution, bin=BIN, name_kk="Самұрық", name_ru="Самрук", name_en="Samruk"
        )
        self.post_as(self.aigerim, self.url, self.data(employer_bin=BIN))
        self.assertEqual(self.graduate.employment_records.get().organization, organization)

    def test_bad_bin_and_salary_of_the_unemployed_are_refused(self) -> None:
        response = self.post_as(self.aigerim, self.url, self.data(employer_bin="123456789012"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "BIN")
        response = self.post_as(self.aigerim, self.url, self.data(status=S.UNEMPLOYED_SEEKING))
        self.assertContains(response, "A salary is recorded only for employed graduates.")
        self.assertFalse(self.graduate.employment_records.exists())

    def test_upload_is_judged_by_content(self) -> None:
        response = self.post_as(self.aigerim, self.url, {**self.data(), "evidence": upload("x.pdf", b"hello")})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Wrong file type")
        self.assertFalse(self.graduate.employment_records.exists())

        response = self.post_as(self.aigerim, self.url, {**self.data(), "evidence": upload("ref.png", png_bytes())})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.graduate.employment_records.get().evidence.name.endswith(".png"))

    def test_upload_over_5_mb_is_refused(self) -> None:
        big = PDF_BYTES + b"0" * (EVIDENCE_MAX_BYTES + 1 - len(PDF_BYTES))
        response = self.post_as(self.aigerim, self.url, {**self.data(), "evidence": upload("big.pdf", big)})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "too large")
        self.assertFalse(self.graduate.employment_records.exists())


class EvidenceDownloadTests(ScopedCRUDTests):
    def test_download_is_scoped_and_typed(self) -> None:
        graduate = make_graduate(self.program_a)
        url = reverse("graduates:record_add", args=[graduate.pk])
        self.post_as(
            self.aigerim, url,
            {"status": S.EMPLOYED_OTHER, "started_on": "2025-09-01", "channel": Channel.DOCUMENT,
             "evidence": upload("reference.pdf", PDF_BYTES)},
        )  # fmt: skip
        record = EmploymentRecord.objects.get(graduate=graduate)
        download = reverse("graduates:record_evidence", args=[record.pk])
        for user in (self.aigerim, self.bolat, self.dean, self.cc):
            response = self.assert_status(user, download, 200)
            self.assertEqual(response["Content-Type"], "application/pdf")
            self.assertEqual(b"".join(response.streaming_content), PDF_BYTES)
        self.assert_status(self.dana, download, 404)
        self.assert_status(self.student_user, download, 403)
        self.assert_status(None, download, 302)  # to the login page
        without = services.record_employment(
            graduate, acting_user=self.aigerim, status=S.UNKNOWN, started_on=dt.date(2025, 10, 1),
            channel=Channel.TELEPHONE,
        )  # fmt: skip
        self.assert_status(self.aigerim, reverse("graduates:record_evidence", args=[without.pk]), 404)

    def test_png_is_served_as_png(self) -> None:
        graduate = make_graduate(self.program_b)
        self.post_as(
            self.dana, reverse("graduates:record_add", args=[graduate.pk]),
            {"status": S.EMPLOYED_OTHER, "started_on": "2025-09-01", "channel": Channel.DOCUMENT,
             "evidence": upload("scan.png", png_bytes())},
        )  # fmt: skip
        record = EmploymentRecord.objects.get(graduate=graduate)
        response = self.assert_status(self.dana, reverse("graduates:record_evidence", args=[record.pk]), 200)
        self.assertEqual(response["Content-Type"], "image/png")
        self.assert_status(self.aigerim, reverse("graduates:record_evidence", args=[record.pk]), 404)
