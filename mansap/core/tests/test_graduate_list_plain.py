"""The graduates list renders its rows from values() (core.tables.GraduateTable, common.tables.PlainRowsTable, #19):
the same page, byte for byte, as django-tables2's rendering from model objects, in kk, ru and en, sorted, paged
and filtered."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from unittest import mock

from django.conf import settings
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.tables import GraduateTable

# What differs between two requests of the same page: the CSP nonce and the CSRF token (also in hx-headers' JSON).
_VOLATILE = re.compile(r'([=:] ?)"[A-Za-z0-9+/=_-]{20,}"')


class GraduateListPlainRowsTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        day = dt.date(2024, 6, 28)
        make_student(
            cls.program_a,
            last_name="O'Neil & <Сейітова>",
            first_name="Аружан",
            middle_name="Қайратқызы",
            graduation_date=day,
            diploma_number="ЖБ-Б 0001 <b>",
            with_honours=True,
            gpa=Decimal("3.67"),
            study_language="ru",
            funding="grant",
        )
        make_student(cls.program_a, last_name="Ахметов", first_name="Ерлан", graduation_date=dt.date(2023, 7, 1))
        make_student(cls.program_b, last_name="Бекова", first_name="Дана", graduation_date=day, gpa=Decimal("2.5"))
        for index in range(24):  # a second page
            make_student(cls.program_c, last_name=f"Жанов{index:02d}", graduation_date=day, gpa=Decimal("3.1"))
        make_student(cls.program_a, last_name="Студентов")  # not a graduate

    def page(self, language: str, query: str) -> str:
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        response = self.client.get(reverse("core:graduate_list") + query)
        self.assertEqual(response.status_code, 200)
        return _VOLATILE.sub(r'\1"…"', response.content.decode())

    def test_the_page_is_the_one_django_tables2_renders_from_models(self) -> None:
        self.client.force_login(self.cc)
        queries = ["", "?sort=-gpa", "?sort=full_name&page=2", "?sort=-graduation_date", "?cohort=2023"]
        calls: list[object] = []
        plain_cells = GraduateTable.plain_cells

        def counted(table: GraduateTable, row: dict[str, object]) -> list[object]:
            calls.append(row)
            return plain_cells(table, row)

        for language in ("kk", "ru", "en"):
            for query in queries:
                with self.subTest(language=language, query=query):
                    calls.clear()
                    with mock.patch.object(GraduateTable, "plain_cells", counted):
                        fast = self.page(language, query)
                    self.assertTrue(calls)  # the rows were values, not models
                    with mock.patch.object(GraduateTable, "plain_fields", ()):
                        slow = self.page(language, query)
                    self.assertEqual(fast, slow)

    def test_literal_cells(self) -> None:
        self.client.force_login(self.cc)
        html = self.page("en", "?sort=-gpa")
        self.assertInHTML("<td>3.67</td>", html)
        self.assertIn("O&#x27;Neil &amp; &lt;Сейітова&gt; Аружан Қайратқызы</a>", html)
        self.assertInHTML('<td><span class="true">✔</span></td>', html)
        self.assertIn("ЖБ-Б 0001 &lt;b&gt;", html)
        html = self.page("ru", "?sort=-gpa")
        self.assertInHTML("<td>3,67</td>", html)
        self.assertInHTML("<td>28.06.2024</td>", html)

    def test_a_department_sees_its_own_graduates_only(self) -> None:
        self.client.force_login(self.dana)
        html = self.page("en", "")
        self.assertIn("Бекова", html)
        self.assertNotIn("Ахметов", html)
