"""Self-service links: signed tokens, the public page, pending self-reports, e-mails and QR codes."""

from __future__ import annotations

import datetime as dt
import re
import time
from unittest import mock

from django.core import mail
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from mansap.common.identifiers import make_bin
from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import AcademicYear
from mansap.graduates.choices import Channel, EmploymentStatus, SelfReportStatus
from mansap.graduates.models import CollectionRound, EmploymentRecord, SelfReport
from mansap.graduates.services import selfservice

S = EmploymentStatus
LOCMEM_THROTTLE = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "selfservice-tests"},
}
BIN = make_bin(2012, 3, "4", "0", 5)


class SelfServiceTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2026, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30)
        )
        cls.round = CollectionRound.objects.create(
            institution=cls.institution, academic_year=year, number=2, cohort=2026,
            opens_on=dt.date(2026, 10, 1), deadline=dt.date(2026, 12, 30),
        )  # fmt: skip
        grad = dt.date(2026, 6, 25)
        cls.graduate = make_student(
            cls.program_a, last_name="Абаев", first_name="Нұрлан", graduation_date=grad, email="nurlan@example.kz"
        )
        cls.graduate_b = make_student(cls.program_b, last_name="Ким", graduation_date=grad, email="kim@example.kz")
        cls.no_email = make_student(cls.program_a, last_name="Досов", graduation_date=grad)
        cls.updated = make_student(cls.program_a, last_name="Жанова", graduation_date=grad, email="dina@example.kz")
        EmploymentRecord.objects.create(
            graduate=cls.updated, status=S.EMPLOYED_OTHER, started_on=dt.date(2026, 10, 5), channel=Channel.TELEPHONE
        )

    def url(self, graduate=None, language: str = "en") -> str:
        return selfservice.link_path(graduate or self.graduate, self.round, language)

    def verify(self, graduate=None) -> None:
        """Pass the IIN check (the last 4 digits) as the graduate would, once per session."""
        graduate = graduate or self.graduate
        response = self.client.post(self.url(graduate), {"iin_last4": graduate.iin[-4:]})
        self.assertEqual(response.status_code, 302)

    def data(self, **changes) -> dict:
        data = {
            "status": S.EMPLOYED_SPECIALTY,
            "employer_name": "Kaspi Bank",
            "employer_bin": BIN,
            "position": "Analyst",
            "region": "almaty_city",
            "started_on": "2026-08-01",
            "salary": "450000",
            "email": "nurlan@example.kz",
            "phone": "8 701 123 45 67",
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    def test_valid_link_shows_the_form_without_login(self):
        self.verify()
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Hello, Нұрлан!")
        self.assertContains(response, 'name="employer_bin"')
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
        self.assertIn("no-cache", response["Cache-Control"])
        # Not "no-referrer": browsers would then send "Origin: null" and fail the CSRF check of the POST.
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertContains(response, 'id="selfservice-language"')

    def test_nothing_personal_before_the_iin_check(self):
        EmploymentRecord.objects.create(
            graduate=self.graduate, status=S.EMPLOYED_OTHER, employer_name="Halyk Bank", salary=777000,
            started_on=dt.date(2026, 9, 1), channel=Channel.TELEPHONE,
        )  # fmt: skip
        url = self.url()
        for page in (self.client.get(url), self.client.get(url + "?saved=new")):
            self.assertEqual(page.status_code, 200)
            self.assertContains(page, 'id="selfservice-verify"')
            self.assertContains(page, 'name="iin_last4"')
            for personal in ("Нұрлан", "Абаев", "nurlan@example.kz", "Halyk", self.graduate.iin[-4:]):
                self.assertNotContains(page, personal)
            self.assertEqual(page["X-Robots-Tag"], "noindex, nofollow")
            self.assertIn("no-store", page["Cache-Control"])
        # An answer sent without the check is not saved.
        response = self.client.post(url, self.data())
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, "Your answer was not saved", status_code=403)
        self.assertFalse(SelfReport.objects.exists())

    def test_wrong_digits_are_a_clear_error(self):
        wrong = f"{(int(self.graduate.iin[-4:]) + 1) % 10000:04d}"
        with self.settings(CACHES=LOCMEM_THROTTLE):
            caches["throttle"].clear()
            response = self.client.post(self.url(), {"iin_last4": wrong})
            self.assertContains(response, "These digits do not match our records. Attempts left: 4.", status_code=400)
            for bad in ("12a4", "123", "12345", "١٢٣٤"):
                response = self.client.post(self.url(), {"iin_last4": bad})
                self.assertEqual(response.status_code, 400, bad)
                self.assertIn("iin_last4", response.context["form"].errors)
            response = self.client.post(self.url(), {"iin_last4": wrong})
            self.assertContains(response, "Attempts left: 3.", status_code=400)  # malformed input was not counted
            self.assertNotContains(self.client.get(self.url()), "Hello, Нұрлан!")

    def test_attempts_are_limited_per_graduate_and_round(self):
        wrong = f"{(int(self.graduate.iin[-4:]) + 1) % 10000:04d}"
        start = time.time()
        with self.settings(CACHES=LOCMEM_THROTTLE, MANSAP_SELFSERVICE_MAX_FAILURES=5):
            caches["throttle"].clear()
            for _ in range(4):
                self.assertEqual(self.client.post(self.url(), {"iin_last4": wrong}).status_code, 400)
            response = self.client.post(self.url(), {"iin_last4": wrong})
            self.assertContains(response, "This link has been locked", status_code=410)
            # Dead: even the right digits, and the same link in another language.
            right = {"iin_last4": self.graduate.iin[-4:]}
            self.assertEqual(self.client.post(self.url(language="kk"), right).status_code, 410)
            self.assertNotIn(selfservice.VERIFIED_SESSION_KEY, self.client.session)
            # Another graduate's link is not affected.
            self.assertEqual(
                self.client.post(self.url(self.updated), {"iin_last4": self.updated.iin[-4:]}).status_code, 302
            )
            # No hour ends it (test_selfservice_guard.py: the department sends a new link).
            with mock.patch("time.time", return_value=start + 61 * 60):
                self.assertEqual(self.client.post(self.url(), right).status_code, 410)

    def test_the_check_speaks_the_links_language(self):
        self.assertContains(self.client.get(self.url(language="ru")), "Последние 4 цифры вашего ИИН")
        response = self.client.post(self.url(language="kk"), {"iin_last4": "12"})
        self.assertContains(response, "Дәл 4 цифр енгізіңіз.", status_code=400)

    def test_the_check_is_remembered_for_that_graduate_only(self):
        self.verify()
        self.assertContains(self.client.get(self.url(language="ru")), "Нұрлан")  # the same link in another language
        other = self.client.get(self.url(self.graduate_b))
        self.assertContains(other, 'id="selfservice-verify"')
        self.assertNotContains(other, "Ким")
        self.client.logout()  # a new session asks again
        self.assertContains(self.client.get(self.url()), 'id="selfservice-verify"')

    def test_answer_is_saved_as_a_pending_self_report(self):
        self.verify()
        url = self.url()
        response = self.client.post(url, self.data())
        self.assertRedirects(response, url + "?saved=new", fetch_redirect_response=False)
        report = SelfReport.objects.get()
        self.assertEqual(
            (report.graduate, report.collection_round, report.review_status, report.status, report.employer_bin),
            (self.graduate, self.round, SelfReportStatus.PENDING, S.EMPLOYED_SPECIALTY, BIN),
        )
        self.assertEqual((report.phone, report.salary, report.language), ("+7 701 123 45 67", 450000, "en"))
        self.assertEqual(report.started_on, dt.date(2026, 8, 1))
        self.assertContains(self.client.get(url + "?saved=new"), "Thank you, Нұрлан!")

    def test_second_answer_replaces_the_pending_one(self):
        self.verify()
        url = self.url()
        self.client.post(url, self.data())
        again = self.client.get(url)
        self.assertContains(again, "Sending the form again replaces that answer.")
        self.assertEqual(again.context["form"].initial["employer_name"], "Kaspi Bank")  # the pending answer
        response = self.client.post(url, self.data(status=S.CONTINUING_EDUCATION))
        self.assertRedirects(response, url + "?saved=replaced", fetch_redirect_response=False)
        report = SelfReport.objects.get()
        self.assertEqual(report.status, S.CONTINUING_EDUCATION)
        self.assertEqual((report.employer_name, report.salary), ("", None))  # not employed: no employer
        self.assertContains(self.client.get(url + "?saved=replaced"), "replaced the answer you sent earlier")

    def test_confirmed_report_is_not_replaced(self):
        self.verify()
        self.client.post(self.url(), self.data())
        SelfReport.objects.update(review_status=SelfReportStatus.CONFIRMED)
        self.client.post(self.url(), self.data(position="Lead"))
        self.assertEqual(SelfReport.objects.count(), 2)
        self.assertEqual(SelfReport.objects.filter(review_status=SelfReportStatus.PENDING).get().position, "Lead")

    def test_bad_phone_and_bin_are_form_errors(self):
        self.verify()
        response = self.client.post(self.url(), self.data(phone="12345", employer_bin="123456789012"))
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "is not a phone number", status_code=400)
        self.assertTrue(response.context["form"].has_error("employer_bin"))
        self.assertFalse(SelfReport.objects.exists())

    def test_employer_required_when_employed_and_a_contact_needed(self):
        self.verify()
        response = self.client.post(self.url(), self.data(employer_name="", phone="", email=""))
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].has_error("employer_name"))
        self.assertTrue(response.context["form"].has_error("phone"))
        self.assertFalse(SelfReport.objects.exists())

    def test_tampered_link(self):
        token = selfservice.SELF_SERVICE_LINK.make((self.graduate, self.round), "en")
        for bad in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "nonsense", token.replace(":", "x", 1)):
            response = self.client.get(reverse("graduates:selfservice", args=[bad]))
            self.assertEqual(response.status_code, 400)
            self.assertContains(response, 'data-reason="invalid"', status_code=400)
            self.assertContains(response, "This link is not valid", status_code=400)
        self.assertEqual(self.client.post(reverse("graduates:selfservice", args=["x"]), self.data()).status_code, 400)
        self.assertFalse(SelfReport.objects.exists())

    def test_expired_link(self):
        url = self.url(language="ru")
        later = time.time() + 31 * 24 * 3600
        with mock.patch("django.core.signing.time.time", return_value=later):
            response = self.client.get(url)
            posted = self.client.post(url, self.data())
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, 'data-reason="expired"', status_code=410)
        self.assertEqual(response["Content-Language"], "ru")  # explained in the link's language
        self.assertEqual(posted.status_code, 410)
        self.assertFalse(SelfReport.objects.exists())
        with mock.patch("django.core.signing.time.time", return_value=time.time() + 29 * 24 * 3600):
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_max_age_is_configurable(self):
        url = self.url()
        with self.settings(MANSAP_SELFSERVICE_MAX_AGE_DAYS=2):
            with mock.patch("django.core.signing.time.time", return_value=time.time() + 3 * 24 * 3600):
                self.assertEqual(self.client.get(url).status_code, 410)

    def test_closed_round(self):
        url = self.url()
        self.assertEqual(self.client.get(url).status_code, 200)
        self.round.closed_at = timezone.now()
        self.round.save()
        response = self.client.get(url)
        self.assertEqual(response.status_code, 410)
        self.assertContains(response, "the link no longer works", status_code=410)
        self.assertEqual(self.client.post(url, self.data()).status_code, 410)
        self.assertFalse(SelfReport.objects.exists())

    def test_page_in_the_links_language_unless_chosen(self):
        self.assertEqual(self.client.get(self.url(language="ru"))["Content-Language"], "ru")
        self.assertEqual(self.client.get(self.url(language="kk"))["Content-Language"], "kk")
        self.client.cookies["django_language"] = "en"
        self.assertEqual(self.client.get(self.url(language="ru"))["Content-Language"], "en")

    def test_form_is_prefilled_with_the_current_record(self):
        self.verify(self.updated)
        response = self.client.get(self.url(self.updated))
        self.assertEqual(response.context["form"].initial["status"], S.EMPLOYED_OTHER)
        self.assertEqual(response.context["form"].initial["email"], "dina@example.kz")

    def test_send_links_by_email(self):
        self.client.force_login(self.cc)
        with self.captureOnCommitCallbacks(execute=True):  # the e-mails go out once the request commits
            response = self.client.post(
                reverse("graduates:selfservice_send", args=[self.round.pk]), {"language": "ru", "only_missing": "on"}
            )
        self.assertEqual(response.status_code, 302)
        # Updated this round (Жанова) and without an e-mail (Досов): no e-mail.
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["kim@example.kz", "nurlan@example.kz"])
        message = next(m for m in mail.outbox if m.to == ["nurlan@example.kz"])
        link = re.search(r"https?://\S+/employment/update/\S+/", message.body).group(0)
        self.client.logout()
        page = self.client.get(link.split("testserver", 1)[1])
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page["Content-Language"], "ru")

    def test_department_editor_sends_only_to_their_graduates(self):
        self.client.force_login(self.aigerim)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("graduates:selfservice_send", args=[self.round.pk]), {"language": "kk"})
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["dina@example.kz", "nurlan@example.kz"])

    def test_read_only_and_closed(self):
        url = reverse("graduates:selfservice_send", args=[self.round.pk])
        self.assertEqual(self.post_as(self.rector, url, {"language": "kk"}).status_code, 403)
        self.round.closed_at = timezone.now()
        self.round.save()
        with self.captureOnCommitCallbacks(execute=True):
            self.post_as(self.cc, url, {"language": "kk"})
        self.assertEqual(mail.outbox, [])

    def test_qr_code(self):
        url = reverse("graduates:selfservice_qr", args=[self.round.pk, self.graduate.pk])
        png = self.get_as(self.cc, url)
        self.assertEqual((png.status_code, png["Content-Type"]), (200, "image/png"))
        self.assertTrue(png.content.startswith(b"\x89PNG"))
        svg = self.get_as(self.aigerim, url + "?format=svg&lang=ru")
        self.assertEqual(svg["Content-Type"], "image/svg+xml")
        self.assertIn(b"<svg", svg.content)
        self.assert_status(self.dana, url, 404)  # another department's graduate
        self.assert_status(self.bolat, url, 403)  # read-only
        self.assert_status(self.student_user, url, 403)
        self.assert_status(None, url, 302)
        other_cohort = make_student(self.program_a, graduation_date=dt.date(2024, 6, 25))
        self.assert_status(self.cc, reverse("graduates:selfservice_qr", args=[self.round.pk, other_cohort.pk]), 404)
