"""Self-service e-mails, QR codes and form No. 10 use each graduate's language of instruction."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import AcademicYear
from mansap.graduates.forms.rounds import OWN_LANGUAGE
from mansap.graduates.forms.selfservice import SendLinksForm
from mansap.graduates.models import CollectionRound
from mansap.graduates.reports import form10
from mansap.graduates.services import selfservice
from mansap.graduates.services.form10 import DEFAULT_COLUMNS

SUBJECTS = {
    "kk": "Mansap: университетіңізге мансабыңыз туралы айтып беріңіз",
    "ru": "Mansap: расскажите университету о своей карьере",
    "en": "Mansap: tell your university about your career",
}


class OwnLanguageTests(ScopedCRUDTests):
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
        cls.kazakh = make_student(cls.program_a, graduation_date=grad, email="kk@example.kz", study_language="kk")
        cls.russian = make_student(cls.program_a, graduation_date=grad, email="ru@example.kz", study_language="ru")
        cls.english = make_student(cls.program_b, graduation_date=grad, email="en@example.kz", study_language="en")
        cls.unknown = make_student(cls.program_b, graduation_date=grad, email="xx@example.kz")

    def send(self, user, language: str | None, **extra) -> dict[str, tuple[str, str]]:
        """Post the send form; each recipient's (subject language, page language of the link)."""
        self.client.force_login(user)
        data = {"only_missing": "on", **extra}
        if language is not None:
            data["language"] = language
        with self.captureOnCommitCallbacks(execute=True):  # the e-mails go out once the request commits
            response = self.client.post(reverse("graduates:selfservice_send", args=[self.round.pk]), data)
        self.assertEqual(response.status_code, 302)
        out = {}
        for message in mail.outbox:
            subject = next(code for code, text in SUBJECTS.items() if message.subject == text)
            path = re.search(r"/employment/update/(\S+)/", message.body).group(1)
            out[message.to[0]] = (subject, selfservice.open_link(path).language)
        return out

    def test_the_send_form_defaults_to_each_graduates_own_language(self):
        form = SendLinksForm()
        self.assertEqual(form["language"].initial, OWN_LANGUAGE)
        self.assertEqual([c[0] for c in form.fields["language"].choices], [OWN_LANGUAGE, "kk", "ru", "en"])
        for url in (
            reverse("graduates:collectionround_detail", args=[self.round.pk]),
            reverse("graduates:round_department", args=[self.round.pk, self.dept_a.pk]),
        ):
            response = self.get_as(self.cc, url)
            self.assertEqual(response.context["send_form"]["language"].initial, OWN_LANGUAGE)
            self.assertRegex(response.content.decode(), rf'<option value="{OWN_LANGUAGE}"[^>]* selected')

    def test_the_department_page_shows_each_graduates_language(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        response = self.get_as(
            self.aigerim, reverse("graduates:round_department", args=[self.round.pk, self.dept_a.pk])
        )
        self.assertContains(response, "<th>Language of instruction</th>", html=True)
        self.assertContains(response, "<td>Kazakh</td>", html=True)
        self.assertContains(response, "<td>Russian</td>", html=True)

    def test_own_language_per_graduate_and_the_page_language_when_unknown(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"  # staff work in Russian
        sent = self.send(self.cc, OWN_LANGUAGE)
        self.assertEqual(
            sent,
            {
                "kk@example.kz": ("kk", "kk"),
                "ru@example.kz": ("ru", "ru"),
                "en@example.kz": ("en", "en"),
                "xx@example.kz": ("ru", "ru"),  # not known: the language staff work in
            },
        )

    def test_an_explicit_language_is_used_for_everyone(self):
        sent = self.send(self.cc, "en")
        self.assertEqual(set(sent.values()), {("en", "en")})
        self.assertEqual(len(sent), 4)

    def test_a_missing_or_unknown_choice_sends_nothing(self):
        self.assertEqual(self.send(self.cc, "de"), {})
        self.assertEqual(self.send(self.cc, None), {})

    def test_the_page_opens_in_the_graduates_language(self):
        self.send(self.cc, OWN_LANGUAGE)
        message = next(m for m in mail.outbox if m.to == ["ru@example.kz"])
        link = re.search(r"https?://\S+/employment/update/\S+/", message.body).group(0).split("testserver", 1)[1]
        self.client.logout()
        page = self.client.get(link)
        self.assertEqual((page.status_code, page["Content-Language"]), (200, "ru"))

    def test_a_link_without_a_language_opens_in_the_graduates(self):
        link = selfservice.open_link(selfservice.SELF_SERVICE_LINK.make((self.english, self.round)))
        self.assertEqual(link.language, "en")
        link = selfservice.open_link(selfservice.SELF_SERVICE_LINK.make((self.english, self.round), "kk"))
        self.assertEqual(link.language, "kk")

    def test_qr_code_defaults_to_the_graduates_language(self):
        url = reverse("graduates:selfservice_qr", args=[self.round.pk, self.russian.pk])
        with mock.patch.object(selfservice, "link_path", wraps=selfservice.link_path) as spy:
            self.assertEqual(self.get_as(self.aigerim, url).status_code, 200)
            self.assertEqual(spy.call_args.args[2], "ru")
            self.assertEqual(self.get_as(self.aigerim, url + "?lang=en").status_code, 200)
            self.assertEqual(spy.call_args.args[2], "en")
            self.get_as(self.aigerim, url + "?lang=xx")
            self.assertEqual(spy.call_args.args[2], "ru")
            unknown = reverse("graduates:selfservice_qr", args=[self.round.pk, self.unknown.pk])
            with translation.override("en"):
                self.assertEqual(self.get_as(self.cc, unknown, HTTP_ACCEPT_LANGUAGE="en").status_code, 200)
            self.assertIn(spy.call_args.args[2], ("kk", "ru", "en"))

    def test_sending_costs_a_bounded_number_of_queries(self):
        def count(extra: int) -> int:
            for i in range(extra):
                make_student(
                    self.program_a, graduation_date=dt.date(2026, 6, 25), email=f"n{extra}-{i}@example.kz",
                    study_language=("kk", "ru", "en")[i % 3],
                )  # fmt: skip
            graduates = self.round.institution.students.filter(graduation_date__year=2026)
            from django.db import connection
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as ctx:
                selfservice.send_links(self.round, graduates, acting_user=self.cc, language="")
            return len(ctx)

        self.assertEqual(count(2), count(20))


class Form10LanguageTests(ScopedCRUDTests):
    def test_default_layout_has_the_language_of_instruction(self):
        keys = [key for key, *_headers in DEFAULT_COLUMNS]
        self.assertIn("study_language", keys)
        self.assertEqual(keys.index("study_language"), keys.index("study_form") + 1)
        self.assertIn("study_language", dict(form10.field_choices()))
        headers = next(h for key, *h in DEFAULT_COLUMNS if key == "study_language")
        self.assertEqual(headers, ["Оқыту тілі", "Язык обучения", "Language of instruction"])

    def test_value_is_the_translated_label_or_empty(self):
        get = form10.FIELDS["study_language"][1]
        graduate = make_student(self.program_a, graduation_date=dt.date(2026, 6, 25), study_language="en")
        unknown = make_student(self.program_a, graduation_date=dt.date(2026, 6, 25))
        with translation.override("ru"):
            self.assertEqual(get(form10.Row(graduate, None, None)), "английский")
            self.assertEqual(get(form10.Row(unknown, None, None)), "")
        with translation.override("kk"):
            self.assertEqual(get(form10.Row(graduate, None, None)), "ағылшын")
