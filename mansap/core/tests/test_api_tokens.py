"""API tokens (django-rest-knox): stored as digests, expiring, revocable, each user's own on accounts/tokens/."""

from __future__ import annotations

import datetime as dt
import hashlib
from io import StringIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from mansap.common.testing import ScopedCRUDTests, make_api_token, make_student, make_user
from mansap.core.models import ApiToken
from mansap.core.services import accounts as services
from mansap.employers.models import EmployerContact, Organization

STUDENTS = "/api/v1/students/"
TOKENS = reverse("apitoken_list")


def api_get(key: str, url: str = STUDENTS) -> int:
    return APIClient().get(url, HTTP_AUTHORIZATION=f"Token {key}").status_code


def revoke_url(token: ApiToken) -> str:
    return reverse("apitoken_revoke", args=[token.pk])


class ApiTokenServiceTests(ScopedCRUDTests):
    def test_only_the_digest_is_stored(self) -> None:
        token, key = services.create_api_token(self.aigerim, name="Platonus", days=30, acting_user=self.aigerim)
        token.refresh_from_db()
        self.assertEqual(len(key), 64)
        self.assertNotEqual(token.digest, key)
        self.assertNotIn(key, token.digest)
        self.assertEqual(token.digest, hashlib.sha512(key.encode()).hexdigest())
        self.assertTrue(key.startswith(token.token_key))
        self.assertFalse(ApiToken.objects.filter(digest=key).exists())
        self.assertFalse(ApiToken.history.filter(digest=key).exists())

    def test_it_expires_after_the_days_given_else_the_deployments(self) -> None:
        token, _key = services.create_api_token(self.aigerim, name="a", days=30, acting_user=self.aigerim)
        self.assertAlmostEqual(token.expiry, timezone.now() + dt.timedelta(days=30), delta=dt.timedelta(minutes=1))
        with override_settings(MANSAP_API_TOKEN_DAYS=7):
            token, _key = services.create_api_token(self.aigerim, name="b", acting_user=self.aigerim)
        self.assertAlmostEqual(token.expiry, timezone.now() + dt.timedelta(days=7), delta=dt.timedelta(minutes=1))

    def test_it_refuses_a_bad_name_or_lifetime(self) -> None:
        cases = [({"name": " ", "days": 30}, "name"), ({"name": "a", "days": 366}, "days"),
                 ({"name": "a", "days": 0}, "days"), ({"name": "x" * 101, "days": 30}, "name")]  # fmt: skip
        for fields, field in cases:
            with self.subTest(**fields), self.assertRaises(ValidationError) as caught:
                services.create_api_token(self.aigerim, acting_user=self.aigerim, **fields)  # type: ignore[arg-type]
            self.assertIn(field, caught.exception.message_dict)
        self.assertFalse(ApiToken.objects.exists())

    def test_who_may_issue_and_revoke(self) -> None:
        with self.assertRaises(PermissionDenied):  # someone else's
            services.create_api_token(self.dana, name="a", acting_user=self.aigerim)
        with self.assertRaises(PermissionDenied):  # students hold no tokens on the page
            services.create_api_token(self.student_user, name="a", acting_user=self.student_user)
        token, _key = services.create_api_token(self.dana, name="a", acting_user=self.admin)
        with self.assertRaises(PermissionDenied):
            services.revoke_api_token(token, acting_user=self.aigerim)
        services.revoke_api_token(token, acting_user=self.dana)
        self.assertFalse(ApiToken.objects.exists())

    def test_the_history_says_who_issued_and_revoked(self) -> None:
        token, _key = services.create_api_token(self.aigerim, name="a", acting_user=self.aigerim)
        digest = token.digest  # the primary key: delete() empties it
        services.revoke_api_token(token, acting_user=self.admin)
        history = ApiToken.history.filter(digest=digest).order_by("history_date")
        self.assertEqual([(h.history_type, h.history_user) for h in history], [("+", self.aigerim), ("-", self.admin)])


class ApiTokenAuthenticationTests(ScopedCRUDTests):
    def test_a_token_authenticates_as_its_user(self) -> None:
        make_student(self.program_a)
        make_student(self.program_b)
        response = APIClient().get(STUDENTS, HTTP_AUTHORIZATION=f"Token {make_api_token(self.aigerim)}")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["count"], 1)  # aigerim's department only

    def test_an_expired_token_is_refused(self) -> None:
        key = make_api_token(self.aigerim)
        ApiToken.objects.update(expiry=timezone.now() - dt.timedelta(seconds=1))
        self.assertEqual(api_get(key), 401)
        self.assertFalse(ApiToken.objects.exists())  # knox deletes it

    def test_a_revoked_token_is_refused(self) -> None:
        key = make_api_token(self.aigerim)
        self.assertEqual(api_get(key), 200)
        services.revoke_api_token(ApiToken.objects.get(), acting_user=self.aigerim)
        self.assertEqual(api_get(key), 401)

    def test_a_forged_or_deactivated_token_is_refused(self) -> None:
        key = make_api_token(self.aigerim)
        self.assertEqual(api_get(key[:-1] + ("0" if key[-1] != "0" else "1")), 401)  # same prefix, wrong key
        self.assertEqual(api_get("not-a-real-token"), 401)
        self.aigerim.is_active = False
        self.aigerim.save()
        self.assertEqual(api_get(key), 401)

    def test_other_expired_tokens_stay_listed_for_their_owner(self) -> None:
        # Unlike knox's own class, ours does not sweep the user's other tokens on each request.
        old = make_api_token(self.aigerim, name="old")
        key = make_api_token(self.aigerim, name="current")
        ApiToken.objects.filter(token_key=old[:15]).update(expiry=timezone.now() - dt.timedelta(days=1))
        self.assertEqual(api_get(key), 200)
        self.assertEqual(ApiToken.objects.filter(user=self.aigerim).count(), 2)
        self.assert_page_shows(self.aigerim, TOKENS, "old", "expired")

    def test_the_schema_describes_the_token_header(self) -> None:
        self.client.force_login(self.cc)
        schema = self.client.get(reverse("api-schema"), {"format": "json"}).json()
        schemes = schema["components"]["securitySchemes"]
        self.assertIn("knoxApiToken", schemes)
        self.assertEqual(schemes["knoxApiToken"]["type"], "apiKey")


class ApiTokenPageTests(ScopedCRUDTests):
    def test_who_has_the_page(self) -> None:
        organization = Organization.objects.create(institution=self.institution, name_kk="A", name_ru="A", name_en="A")
        contact = make_user("contact")
        EmployerContact.objects.create(user=contact, organization=organization)
        for user, status in ((self.aigerim, 200), (self.rector, 200), (self.admin, 200), (contact, 200),
                             (self.student_user, 403)):  # fmt: skip
            self.assert_status(user, TOKENS, status)
            menu = self.get_as(user, reverse("home"))
            self.assertEqual(f'href="{TOKENS}"' in menu.content.decode(), status == 200, user)
        self.assertEqual(self.get_as(None, TOKENS).status_code, 302)

    def test_it_lists_only_ones_own_tokens(self) -> None:
        services.create_api_token(self.aigerim, name="Mine", acting_user=self.aigerim)
        services.create_api_token(self.dana, name="Danas", acting_user=self.dana)
        services.create_api_token(self.admin, name="Admins", acting_user=self.admin)
        response = self.assert_page_shows(self.aigerim, TOKENS, "Mine")
        self.assertEqual([t.name for t in response.context["tokens"]], ["Mine"])
        self.assertNotContains(response, "Danas")
        self.assertNotContains(response, "Admins")
        response = self.get_as(self.admin, TOKENS)  # a superuser too sees only their own here
        self.assertEqual([t.name for t in response.context["tokens"]], ["Admins"])

    def test_create_shows_the_key_once(self) -> None:
        self.client.force_login(self.aigerim)
        response = self.client.post(TOKENS, {"name": "Platonus export", "days": "30"})
        self.assertEqual(response.status_code, 200)
        key = response.context["key"]
        token = ApiToken.objects.get(user=self.aigerim)
        self.assertEqual(token.name, "Platonus export")
        self.assertContains(response, f'value="{key}"')
        self.assertContains(response, 'data-copy-from="#new-token-key"')
        self.assertEqual(api_get(key), 200)
        again = self.client.get(TOKENS)
        self.assertNotContains(again, key)
        self.assertContains(again, token.prefix)

    def test_the_form_refuses_more_than_a_year(self) -> None:
        self.client.force_login(self.aigerim)
        response = self.client.post(TOKENS, {"name": "a", "days": "366"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("days", response.context["form"].errors)
        self.assertFalse(ApiToken.objects.exists())

    def test_revoke_ones_own(self) -> None:
        token, key = services.create_api_token(self.aigerim, name="Mine", acting_user=self.aigerim)
        response = self.post_as(self.aigerim, revoke_url(token))
        self.assertRedirects(response, TOKENS)
        self.assertFalse(ApiToken.objects.exists())
        self.assertEqual(api_get(key), 401)

    def test_revoking_someone_elses_is_404(self) -> None:
        token, key = services.create_api_token(self.dana, name="Danas", acting_user=self.dana)
        for user in (self.aigerim, self.admin, self.cc):
            self.assert_status(user, revoke_url(token), 404, method="post")
        self.assertTrue(ApiToken.objects.filter(pk=token.pk).exists())
        self.assertEqual(api_get(key), 200)
        self.assertEqual(self.get_as(self.dana, revoke_url(token)).status_code, 405)  # POST only


class CreateApiTokenCommandTests(ScopedCRUDTests):
    def test_it_prints_only_a_working_token(self) -> None:
        out = StringIO()
        call_command("create_api_token", "aigerim", "--name", "Nightly export", "--days", "10", stdout=out)
        key = out.getvalue().strip()
        self.assertRegex(key, r"^[0-9a-f]{64}$")
        self.assertEqual(api_get(key), 200)
        token = ApiToken.objects.get(user=self.aigerim)
        self.assertEqual(token.name, "Nightly export")
        self.assertAlmostEqual(token.expiry, timezone.now() + dt.timedelta(days=10), delta=dt.timedelta(minutes=1))

    def test_it_refuses_an_unknown_login_or_a_bad_lifetime(self) -> None:
        with self.assertRaisesMessage(CommandError, "nobody"):
            call_command("create_api_token", "nobody", "--name", "x", stdout=StringIO())
        with self.assertRaises(CommandError):
            call_command("create_api_token", "aigerim", "--name", "x", "--days", "400", stdout=StringIO())
        self.assertFalse(ApiToken.objects.exists())
