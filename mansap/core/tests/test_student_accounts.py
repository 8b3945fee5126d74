"""Issue #12: students' logins. The Career Center and the Registrar's Office invite one student (the button on
their page) or every student of a filtered list (counted and confirmed) by e-mail with a set-password link in
the student's language; a student who already has a login gets a link to set a new password instead of a
second login; a student claims their own login on a public page with their IIN and the e-mail on record."""

from __future__ import annotations

import re
from typing import Any

from django.core import mail
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from mansap.common.testing import ScopedCRUDTests, make_student, make_user
from mansap.core.models import Student, User
from mansap.core.services import accounts as services
from mansap.core.tests.test_login_throttle import LOCMEM
from mansap.core.tests.test_passwords import NEW, link_path


def without_token(content: bytes) -> bytes:
    return re.sub(rb'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', b"", content)


class StudentAccountTestCase(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.asel = make_student(cls.program_a, email="Asel@Example.kz", study_language="ru", course=3)
        cls.berik = make_student(cls.program_a, email="berik@example.kz", study_language="kk", course=3)
        cls.nomail = make_student(cls.program_a, email="", course=3)
        cls.elsewhere = make_student(cls.program_b, email="other@example.kz", course=3)

    def invite(self, user: User, student: Student) -> Any:
        with self.captureOnCommitCallbacks(execute=True):
            return self.post_as(user, reverse("core:student_invite", args=[student.pk]))


class InviteOneStudentTests(StudentAccountTestCase):
    def test_the_career_center_invites_in_the_students_language_and_the_link_sets_the_password(self) -> None:
        page = self.get_as(self.cc, self.asel.get_absolute_url())
        self.assertContains(page, reverse("core:student_invite", args=[self.asel.pk]))
        response = self.invite(self.cc, self.asel)
        self.assertRedirects(response, self.asel.get_absolute_url(), fetch_redirect_response=False)
        self.asel.refresh_from_db()
        user = self.asel.user
        assert user is not None
        self.assertEqual((user.username, user.email, user.language), ("asel@example.kz", "asel@example.kz", "ru"))
        self.assertFalse(user.has_usable_password())
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["asel@example.kz"])
        with translation.override("ru"):
            self.assertEqual(message.subject, translation.gettext("Mansap: your student login"))
        self.assertIn("Здравствуйте", message.body)
        self.assertIn("asel@example.kz", message.body)
        # The history names who opened the login.
        self.assertEqual(self.asel.history.first().history_user, self.cc)
        # The link sets the password; the student logs in and sees their own record.
        self.client.logout()
        form_url = self.client.get(link_path(message.body), follow=True).redirect_chain[-1][0]
        done = self.client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
        self.assertRedirects(done, reverse("password_reset_complete"))
        self.assertTrue(self.client.login(username="asel@example.kz", password=NEW))
        self.assertEqual(self.client.get(self.asel.get_absolute_url()).status_code, 200)

    def test_the_registrar_invites_too_departments_and_management_do_not(self) -> None:
        for user in (self.aigerim, self.dean, self.rector, self.student_user):
            self.assertIn(self.invite(user, self.berik).status_code, (403, 404), user)
            page = self.get_as(user, self.berik.get_absolute_url())
            self.assertNotContains(
                page, reverse("core:student_invite", args=[self.berik.pk]), status_code=page.status_code
            )
        self.assertEqual(len(mail.outbox), 0)
        self.invite(self.registrar, self.berik)
        self.berik.refresh_from_db()
        self.assertIsNotNone(self.berik.user)
        self.assertEqual(mail.outbox[0].subject, "Mansap: студенттік логиніңіз")

    def test_a_student_with_a_login_gets_a_new_password_link_not_a_second_login(self) -> None:
        self.invite(self.cc, self.asel)
        users = User.objects.count()
        mail.outbox.clear()
        self.invite(self.cc, self.asel)
        self.assertEqual(User.objects.count(), users)
        self.assertEqual(len(mail.outbox), 1)
        with translation.override("ru"):
            self.assertEqual(mail.outbox[0].subject, translation.gettext("Mansap: set a new password"))

    def test_without_an_e_mail_nothing_happens_and_staff_are_told_why(self) -> None:
        self.invite(self.cc, self.nomail)
        self.assertIsNone(Student.objects.get(pk=self.nomail.pk).user_id)
        self.assertEqual(len(mail.outbox), 0)
        page = self.client.get(self.nomail.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(page, "has no e-mail")

    def test_an_e_mail_another_login_uses_is_refused(self) -> None:
        make_user("someone", email="berik@example.kz")
        self.invite(self.cc, self.berik)
        self.assertIsNone(Student.objects.get(pk=self.berik.pk).user_id)
        self.assertEqual(len(mail.outbox), 0)


class InviteAListTests(StudentAccountTestCase):
    def test_the_filtered_list_is_counted_confirmed_and_invited(self) -> None:
        self.invite(self.cc, self.berik)  # already has a login: a new-password link
        mail.outbox.clear()
        query = f"?program={self.program_a.pk}"
        listing = self.get_as(self.cc, reverse("core:student_list") + query)
        self.assertContains(listing, reverse("core:student_invite_list") + query)
        url = reverse("core:student_invite_list") + query
        page = self.get_as(self.cc, url)
        self.assertContains(page, '<input type="hidden" name="count" value="2">', html=True)  # asel + berik
        self.assertContains(page, "has no e-mail")  # nomail is skipped, and the page says why
        self.assertNotContains(page, self.elsewhere.full_name)
        self.assertEqual(len(mail.outbox), 0)
        # A stale or missing count is refused: nothing changes.
        for data in ({}, {"count": "3"}):
            response = self.post_as(self.cc, url, data)
            self.assertEqual(response.status_code, 409)
        self.assertIsNone(Student.objects.get(pk=self.asel.pk).user_id)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.post_as(self.cc, url, {"count": "2"})
        self.assertRedirects(response, reverse("core:student_list") + query, fetch_redirect_response=False)
        self.assertIsNotNone(Student.objects.get(pk=self.asel.pk).user_id)
        self.assertIsNone(Student.objects.get(pk=self.elsewhere.pk).user_id)
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["asel@example.kz", "berik@example.kz"])

    def test_only_those_who_may_invite_see_the_action(self) -> None:
        self.assertNotContains(self.get_as(self.aigerim, reverse("core:student_list")), "students/invite/")
        self.assert_status(self.aigerim, reverse("core:student_invite_list"), 403)
        self.assert_status(self.rector, reverse("core:student_invite_list"), 403)

    def test_the_service_refuses_an_unconfirmed_list(self) -> None:
        from django.core.exceptions import ValidationError

        with self.assertRaises(ValidationError):
            services.invite_students([self.asel], acting_user=self.cc, confirmed_count=None)
        plan = services.invite_students([self.asel], acting_user=self.cc, confirmed_count=1)
        self.assertEqual([s.pk for s in plan.invite], [self.asel.pk])


@override_settings(CACHES=LOCMEM, MANSAP_CLAIM_MAX_ATTEMPTS=3, MANSAP_TRUSTED_PROXIES=0)
class ClaimTests(StudentAccountTestCase):
    url = reverse("claim_account")

    def setUp(self) -> None:
        caches["throttle"].clear()

    def claim(self, iin: str, email: str, ip: str = "10.0.0.7", language: str = "en") -> Any:
        self.client.logout()
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(
                self.url, {"iin": iin, "email": email}, REMOTE_ADDR=ip, HTTP_ACCEPT_LANGUAGE=language
            )

    def test_the_login_page_links_the_claim_page(self) -> None:
        self.assertContains(self.client.get(reverse("login")), self.url)
        self.assertEqual(self.client.get(self.url).status_code, 200)

    def test_a_match_opens_the_login_and_mails_the_link_a_miss_answers_the_same(self) -> None:
        found = self.claim(self.asel.iin, "asel@EXAMPLE.kz")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["asel@example.kz"])
        self.assertIn("Здравствуйте", mail.outbox[0].body)  # the student's language, not the page's
        self.assertIsNotNone(Student.objects.get(pk=self.asel.pk).user_id)
        wrong_email = self.claim(self.berik.iin, "asel@example.kz", ip="10.0.0.8")
        unknown = self.claim("990101300123", "nobody@example.kz", ip="10.0.0.9")
        self.assertEqual(len(mail.outbox), 1)
        self.assertIsNone(Student.objects.get(pk=self.berik.pk).user_id)
        for response in (found, wrong_email, unknown):
            self.assertContains(response, 'id="claim-account-done"')
        # The same page, byte for byte but for the CSRF token.
        self.assertEqual(without_token(found.content), without_token(unknown.content))

    def test_a_claimed_login_is_not_duplicated(self) -> None:
        self.claim(self.asel.iin, "asel@example.kz")
        self.claim(self.asel.iin, "asel@example.kz")
        self.assertEqual(User.objects.filter(email="asel@example.kz").count(), 1)
        self.assertEqual(len(mail.outbox), 2)  # the second is a new-password link

    def test_attempts_are_limited_per_address_found_or_not(self) -> None:
        for _ in range(3):
            self.assertEqual(self.claim("990101300123", "nobody@example.kz").status_code, 200)
        refused = self.claim(self.asel.iin, "asel@example.kz")
        self.assertEqual(refused.status_code, 429)
        self.assertContains(refused, "Too many attempts", status_code=429)
        self.assertEqual(len(mail.outbox), 0)
        self.assertEqual(self.claim(self.asel.iin, "asel@example.kz", ip="10.0.0.99").status_code, 200)

    def test_a_malformed_iin_is_a_translated_error(self) -> None:
        response = self.claim("12345", "asel@example.kz", language="ru")
        self.assertContains(response, "ИИН состоит из 12 цифр", status_code=400)
