"""The interface speaks Kazakh and Russian: key strings are translated and the pages follow the chosen language.

These tests need the compiled catalogs (mansap/locale/<lang>/LC_MESSAGES/django.mo).
"""

from __future__ import annotations

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from mansap.common.identifiers import make_iin, validate_iin
from mansap.common.testing import ScopedCRUDTests
from mansap.core.choices import StudentStatus

CYRILLIC = re.compile(r"[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")
KAZAKH_LETTERS = re.compile(r"[ӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def bad_iin() -> str:
    good = make_iin(dt.date(2003, 4, 5), "F", 4242)
    return good[:11] + str((int(good[11]) + 1) % 10)


def iin_checksum_message() -> str:
    try:
        validate_iin(bad_iin())
    except ValidationError as exc:
        return exc.messages[0]
    raise AssertionError("the IIN should be invalid")


KEY_STRINGS = {
    "Students": lambda: gettext("Students"),
    "Graduates": lambda: gettext("Graduates"),
    "Educational programs": lambda: gettext("Educational programs"),
    "IIN check digit error": iin_checksum_message,
    "status graduated": lambda: str(StudentStatus.GRADUATED.label),
    "Export to XLSX": lambda: gettext("Export to XLSX"),
}


class TranslationTests(ScopedCRUDTests):
    def test_key_strings_are_translated(self) -> None:
        with translation.override("en"):
            english = {key: get() for key, get in KEY_STRINGS.items()}
        for language in ("kk", "ru"):
            with translation.override(language):
                for key, get in KEY_STRINGS.items():
                    text = get()
                    with self.subTest(language=language, key=key):
                        self.assertTrue(text.strip())
                        self.assertNotEqual(text, english[key])
                        self.assertRegex(text, CYRILLIC)

    def test_kazakh_weekday_abbreviations_are_those_kazakh_calendars_print(self) -> None:
        from django.utils.dates import WEEKDAYS_ABBR

        with translation.override("kk"):
            self.assertEqual([str(WEEKDAYS_ABBR[i]) for i in range(7)], ["Дс", "Сс", "Ср", "Бс", "Жм", "Сб", "Жс"])

    def test_kazakh_and_russian_differ(self) -> None:
        with translation.override("kk"):
            kazakh = gettext("Students")
        with translation.override("ru"):
            russian = gettext("Students")
        self.assertNotEqual(kazakh, russian)

    def test_students_page_in_kazakh(self) -> None:
        with translation.override("kk"):
            students = gettext("Students")
        self.assertNotEqual(students, "Students")
        self.client.force_login(self.aigerim)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
        response = self.client.get(reverse("core:student_list"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="kk">', html=False)
        self.assertContains(response, students)

    def test_students_page_in_russian(self) -> None:
        with translation.override("ru"):
            students = gettext("Students")
        self.client.force_login(self.aigerim)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
        response = self.client.get(reverse("core:student_list"))
        self.assertContains(response, '<html lang="ru">', html=False)
        self.assertContains(response, students)
        self.assertNotEqual(students, "Students")

    def test_form_error_in_kazakh(self) -> None:
        with translation.override("kk"):
            message = iin_checksum_message()
        self.assertRegex(message, KAZAKH_LETTERS)
        self.client.force_login(self.aigerim)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
        data = {"iin": bad_iin(), "last_name": "Сәрсенбаева", "first_name": "Әлия", "program": self.program_a.pk,
                "study_form": "full_time", "funding": "paid", "status": "studying"}  # fmt: skip
        response = self.client.post(reverse("core:student_add"), data)
        self.assertContains(response, escape(message))

    def test_saved_language_of_the_user_is_used(self) -> None:
        self.aigerim.language = "kk"
        self.aigerim.save()
        response = self.get_as(self.aigerim, reverse("core:student_list"))
        self.assertContains(response, '<html lang="kk">', html=False)
