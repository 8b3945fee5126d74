"""Statistical reports with configurable layouts (issue #15, Q22): the defaults shaped like 1-NK and 3-NK and a
stored layout rendered with literal counts, the XLSX, and only the SSC edits layouts."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.studentbody.models import ReportLayout
from mansap.studentbody.reports.layouts import has_citizenship, key_paths
from mansap.studentbody.tests.factories import signed

D = dt.date
URL = "/studentbody/reports/statistics/"


class LayoutTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for program, course, funding, sex in (
            (cls.program_a, 1, "grant", "F"), (cls.program_a, 1, "paid", "M"), (cls.program_a, 2, "grant", "F"),
            (cls.program_b, 1, "grant", "M"),
        ):  # fmt: skip
            make_student(program, admission_year=2024, course=course, funding=funding, sex=sex)
        gone = make_student(cls.program_b, admission_year=2024, course=3, funding="paid", sex="F")
        signed(gone, "expulsion", D(2026, 10, 1), ground="own_wish")
        cls.layout = ReportLayout.objects.create(
            institution=cls.institution, name_kk="Курс/грант", name_ru="Курс/грант", name_en="Year by funding",
            rows=["year"], columns=["funding"],
        )  # fmt: skip

    def setUp(self) -> None:
        translation.activate("en")

    def test_the_3nk_default(self) -> None:
        response = self.get_as(self.registrar, URL + "?default=3-nk&as_of=2026-10-15")
        table = response.context["table"]
        self.assertEqual(table.column_labels, ["1", "2"])
        self.assertEqual(table.rows, [("6B06101 · Information systems", [2, 1], 3), ("6B06102 · Computer science",
                                                                                      [1, 0], 1)])  # fmt: skip
        self.assertEqual((table.column_totals, table.total), ([3, 1], 4))
        before = self.get_as(self.registrar, URL + "?default=3-nk&as_of=2026-09-30").context["table"]
        self.assertEqual(before.total, 5)  # the expelled student still studied the day before

    def test_the_1nk_default_and_a_stored_layout(self) -> None:
        table = self.get_as(self.registrar, URL + "?default=1-nk&as_of=2026-10-15").context["table"]
        self.assertEqual(table.column_labels, ["female", "male"])
        self.assertEqual(table.rows, [("full-time · state educational grant", [2, 1], 3),
                                      ("full-time · fee-paying", [0, 1], 1)])  # fmt: skip
        stored = self.get_as(self.aigerim, URL + f"?layout={self.layout.pk}&as_of=2026-10-15").context["table"]
        self.assertEqual(stored.rows, [("1", [1, 1], 2), ("2", [1, 0], 1)])  # department A: its program only

    def test_xlsx(self) -> None:
        self.client.force_login(self.registrar)
        response = self.client.get(URL, {"layout": self.layout.pk, "as_of": "2026-10-15", "export": "xlsx",
                                          "lang": "ru"})  # fmt: skip
        rows = [[c.value for c in row] for row in load_workbook(io.BytesIO(response.content)).active.iter_rows()]
        self.assertEqual(rows[-1], ["Итого", 3, 1, 4])  # state grant, fee-paying

    def test_only_the_ssc_edits(self) -> None:
        self.assert_status(self.aigerim, reverse("studentbody:layout_add"), 403)
        self.assert_status(self.rector, reverse("studentbody:layout_edit", args=[self.layout.pk]), 403)
        self.client.force_login(self.registrar)
        response = self.client.post(reverse("studentbody:layout_edit", args=[self.layout.pk]), {
            "name_kk": "Жыныс", "name_ru": "Пол", "name_en": "By sex", "rows": ["sex"], "columns": ["funding"],
        })  # fmt: skip
        self.assertEqual(response.status_code, 302, response.content[:500])
        self.layout.refresh_from_db()
        self.assertEqual((self.layout.rows, self.layout.columns, self.layout.name_en), (["sex"], ["funding"], "By sex"))
        refused = self.client.post(reverse("studentbody:layout_add"), {
            "name_kk": "Х", "name_ru": "Х", "name_en": "X", "rows": ["sex"], "columns": ["sex"],
        })  # fmt: skip
        self.assertContains(refused, "either a row or a column")
        self.assertEqual(ReportLayout.objects.count(), 1)

    def test_citizenship_is_offered_only_when_recorded(self) -> None:
        self.assertEqual("citizenship" in key_paths(), has_citizenship())
