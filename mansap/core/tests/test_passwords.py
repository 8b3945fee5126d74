"""Passwords: changing one's own, a forgotten one by e-mail (in the login's language, never telling whether an
address has a login), and the rules every new password meets (at least 12 characters)."""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.auth import password_validation
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from mansap.common.testing import ScopedCRUDTests, make_user
from mansap.core.models import User
from mansap.core.services import accounts as services
from mansap.core.tests.test_translations import CYRILLIC, KAZAKH_LETTERS

CHANGE = reverse("password_change")
RESET = reverse("password_reset")
NEW = "kökjiek-Zhol-2026"  # 17 characters, not a common password


def link_path(body: str) -> str:
    link = re.search(r"https?://\S+", body)
    assert link is not None, body
    return link.group(0).split("testserver", 1)[1]


class PasswordRulesTests(ScopedCRUDTests):
    def test_a_password_needs_twelve_characters(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            password_validation.validate_password("Zx-7plq-kaz", self.aigerim)  # 11
        self.assertEqual([e.code for e in caught.exception.error_list], ["password_too_short"])
        password_validation.validate_password("Zx-7plq-kaz!", self.aigerim)  # 12

    def test_the_rules_and_errors_are_translated(self) -> None:
        for language, letters in (("kk", KAZAKH_LETTERS), ("ru", CYRILLIC)):
            with translation.override(language), self.subTest(language=language):
                for text in password_validation.password_validators_help_texts():
                    self.assertRegex(text, letters)
                for weak in ("short", "password1234", "Aigerim2026!"):
                    with self.assertRaises(ValidationError) as caught:
                        password_validation.validate_password(weak, self.aigerim)
                    for message in caught.exception.messages:
                        self.assertRegex(message, letters, weak)

    def test_the_demo_logins_keep_their_password(self) -> None:
        # seed_demo sets "mansap-demo" (11 characters) directly: the rules apply to forms, not to make_password.
        from mansap.core.demo import DEMO_PASSWORD

        with self.assertRaises(ValidationError):
            password_validation.validate_password(DEMO_PASSWORD)
        user = make_user("demo-user")
        user.set_password(DEMO_PASSWORD)
        user.save()
        self.assertTrue(self.client.login(username="demo-user", password=DEMO_PASSWORD))


class PasswordChangeTests(ScopedCRUDTests):
    def test_anonymous_visitors_log_in_first(self) -> None:
        response = self.client.get(CHANGE)
        self.assertRedirects(response, f"{reverse('login')}?next={CHANGE}")

    def test_change_and_stay_logged_in(self) -> None:
        self.client.force_login(self.aigerim)
        response = self.client.get(CHANGE)
        self.assertContains(response, 'name="old_password"')
        self.assertContains(response, "form-control")
        data = {"old_password": "pw-aigerim", "new_password1": NEW, "new_password2": NEW}
        response = self.client.post(CHANGE, data)
        self.assertRedirects(response, reverse("password_change_done"))
        self.aigerim.refresh_from_db()
        self.assertTrue(self.aigerim.check_password(NEW))
        self.assertEqual(self.client.get(reverse("home")).status_code, 200)  # the session survived

    def test_a_short_password_is_refused_in_the_users_language(self) -> None:
        self.aigerim.language = "kk"
        self.aigerim.save()
        self.client.force_login(self.aigerim)
        data = {"old_password": "pw-aigerim", "new_password1": "Zx-7plq-kaz", "new_password2": "Zx-7plq-kaz"}
        response = self.client.post(CHANGE, data)
        self.assertEqual(response.status_code, 200)
        with translation.override("kk"):
            expected = password_validation.MinimumLengthValidator(12).get_error_message()
        self.assertRegex(expected, KAZAKH_LETTERS)
        self.assertContains(response, escape(expected))
        self.aigerim.refresh_from_db()
        self.assertTrue(self.aigerim.check_password("pw-aigerim"))

    def test_a_wrong_current_password_is_refused(self) -> None:
        self.client.force_login(self.aigerim)
        response = self.client.post(CHANGE, {"old_password": "nope", "new_password1": NEW, "new_password2": NEW})
        self.assertEqual(response.status_code, 200)
        self.assertIn("old_password", response.context["form"].errors)

    def test_the_user_menu_links_it_for_everyone(self) -> None:
        for user in (self.aigerim, self.student_user):
            self.assert_page_shows(user, reverse("home"), f'href="{CHANGE}"')


class PasswordResetTests(ScopedCRUDTests):
    def setUp(self) -> None:
        self.dana.email = "Dana@Example.kz"
        self.dana.save()

    def request_reset(self, email: str, language: str = "en") -> object:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post(RESET, {"email": email})

    def test_the_login_page_links_it(self) -> None:
        self.assertContains(self.client.get(reverse("login")), f'href="{RESET}"')

    def test_the_email_is_in_the_users_language_not_the_requesters(self) -> None:
        self.dana.language = "ru"
        self.dana.save()
        response = self.request_reset("dana@example.kz", language="en")
        self.assertRedirects(response, reverse("password_reset_done"))
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["Dana@Example.kz"])
        with translation.override("ru"):
            self.assertEqual(message.subject, translation.gettext("Mansap: set a new password"))
        self.assertRegex(message.subject, CYRILLIC)
        self.assertIn("Здравствуйте", message.body)
        self.assertIn("dana", message.body)  # the login, which the user may have forgotten too

    def test_without_a_language_the_deployments_is_used(self) -> None:
        for default, letters in (("kk", KAZAKH_LETTERS), ("en", re.compile(r"^[^А-Яа-яӘәҒғҚқҢңӨөҰұҮүҺһІі]+$"))):
            mail.outbox.clear()
            with override_settings(LANGUAGE_CODE=default), self.subTest(default=default):
                self.request_reset("dana@example.kz", language="ru")
                self.assertEqual(len(mail.outbox), 1)
                self.assertRegex(mail.outbox[0].subject, letters)
                self.assertRegex(mail.outbox[0].body, letters)

    def test_an_unknown_address_gets_the_same_answer_and_no_email(self) -> None:
        known = self.request_reset("dana@example.kz")
        unknown = self.request_reset("nobody@example.kz")
        self.assertRedirects(unknown, reverse("password_reset_done"))
        self.assertEqual(unknown["Location"], known["Location"])  # type: ignore[index]
        self.assertEqual(len(mail.outbox), 1)
        done = self.client.get(reverse("password_reset_done"))
        self.assertNotContains(done, "nobody@example.kz")
        self.assertNotContains(done, "dana@example.kz")

    def test_a_deactivated_login_gets_nothing(self) -> None:
        self.dana.is_active = False
        self.dana.save()
        self.request_reset("dana@example.kz")
        self.assertEqual(len(mail.outbox), 0)

    def test_the_link_sets_a_new_password_once(self) -> None:
        self.request_reset("dana@example.kz")
        path = link_path(mail.outbox[0].body)
        response = self.client.get(path, follow=True)
        form_url = response.redirect_chain[-1][0]
        self.assertContains(response, "new_password1")
        self.assertContains(response, "<strong>dana</strong>", html=True)
        short = self.client.post(form_url, {"new_password1": "Zx-7plq-kaz", "new_password2": "Zx-7plq-kaz"})
        self.assertEqual(short.status_code, 200)  # 11 characters: refused
        response = self.client.post(form_url, {"new_password1": NEW, "new_password2": NEW})
        self.assertRedirects(response, reverse("password_reset_complete"))
        self.dana.refresh_from_db()
        self.assertTrue(self.dana.check_password(NEW))
        again = self.client.get(path, follow=True)
        self.assertFalse(again.context["validlink"])
        self.assertContains(again, f'href="{RESET}"')  # a new link, for a reset and an invitation alike

    def test_an_invited_login_without_a_password_gets_a_fresh_link(self) -> None:
        with self.captureOnCommitCallbacks(execute=True):
            invited = services.invite_staff_user(
                email="asem@example.kz", first_name="Әсем", last_name="Серікова", language="kk", acting_user=self.cc
            )
        self.assertFalse(invited.has_usable_password())
        self.request_reset("asem@example.kz")
        self.assertEqual(len(mail.outbox), 2)  # the invitation, then the reset link
        self.assertRegex(mail.outbox[1].body, KAZAKH_LETTERS)
        response = self.client.get(link_path(mail.outbox[1].body), follow=True)
        response = self.client.post(response.redirect_chain[-1][0], {"new_password1": NEW, "new_password2": NEW})
        self.assertRedirects(response, reverse("password_reset_complete"))
        self.assertTrue(User.objects.get(pk=invited.pk).check_password(NEW))

    def test_a_sending_failure_is_not_shown(self) -> None:
        with override_settings(EMAIL_BACKEND="mansap.core.tests.test_passwords.BrokenBackend"):
            with self.assertLogs("mansap.core.forms", "ERROR"):
                response = self.request_reset("dana@example.kz")
        self.assertRedirects(response, reverse("password_reset_done"))


class BrokenBackend:
    """An e-mail backend whose server is down."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        pass

    def send_messages(self, messages: object) -> int:
        raise ConnectionRefusedError("no SMTP server")
