"""A student's citizenship (issue #15): ISO 3166-1 alpha-2, Kazakhstan by default, named by Babel in kk/ru/en; the
people import's optional `citizenship` column (codes, names, kk/ru headers) and its coded row error."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import translation

from mansap.common.identifiers import make_iin
from mansap.common.testing import BaseTestCase, make_student
from mansap.core.countries import country_choices, country_name, find_country
from mansap.core.models import Student
from mansap.core.tests.test_imports import ImportTestCase, xlsx_bytes


class CountryTests(BaseTestCase):
    def test_names_in_three_languages(self) -> None:
        self.assertEqual([country_name("KZ", lang) for lang in ("kk", "ru", "en")],
                         ["Қазақстан", "Казахстан", "Kazakhstan"])  # fmt: skip
        self.assertEqual(country_name("UZ", "kk"), "Өзбекстан")
        with translation.override("ru"):
            self.assertEqual(country_choices()[0], ("KZ", "Казахстан"))
        self.assertEqual([find_country(v) for v in ("kz", "Ресей", "китай", "Uzbekistan", "Марс")],
                         ["KZ", "RU", "CN", "UZ", None])  # fmt: skip

    def test_the_default_and_a_bad_code(self) -> None:
        student = make_student(self.program_a)
        self.assertEqual(student.citizenship, "KZ")
        self.assertEqual(student.get_citizenship_display(), "Kazakhstan")
        student.citizenship = "XX"
        with self.assertRaises(ValidationError) as raised:
            student.full_clean()
        self.assertIn("citizenship", raised.exception.message_dict)


class CitizenshipImportTests(ImportTestCase):
    HEADER = ["iin", "last_name", "first_name", "program_code", "citizenship"]

    def row(self, serial: int, value: Any) -> list[Any]:
        return [make_iin(dt.date(2001, 1, 1) + dt.timedelta(days=serial), "M", serial), "Ким", "А", "6B06101", value]

    def test_codes_names_and_an_empty_cell(self) -> None:
        rows = [["ИИН", "Фамилия", "Имя", "Код ОП", "Азаматтығы"], self.row(1, "uz"), self.row(2, "Ресей"),
                self.row(3, "Китай"), self.row(4, None)]  # fmt: skip
        code, report = self.json_command(self.file(xlsx_bytes(rows)))
        self.assertEqual((code, report["created"], report["ignored_columns"]), (0, 4, []))
        stored = dict(Student.objects.values_list("iin", "citizenship"))
        self.assertEqual([stored[self.row(i, None)[0]] for i in range(1, 5)], ["UZ", "RU", "CN", "KZ"])

    def test_a_bad_code_is_a_coded_row_error_and_nothing_is_written(self) -> None:
        rows = [self.HEADER, self.row(1, "KZ"), self.row(2, "XX"), self.row(3, "Гражданство")]
        code, report = self.json_command(self.file(xlsx_bytes(rows)))
        self.assertEqual(code, 1)
        self.assertEqual(self.issues(report), {(3, "citizenship", "bad_country"), (4, "citizenship", "bad_country")})
        message = next(i["message"] for i in report["errors"] if i["row"] == 3)
        self.assertIn("XX is not a country", message)
        self.assertFalse(Student.objects.exists())
