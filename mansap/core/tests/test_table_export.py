"""The list exports read their rows with one values_list() (#19) and write what the table shows, in each language."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from mansap.common.exports import table_values
from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core import tables
from mansap.core.models import Student


class GraduateExportTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.honours = make_student(
            cls.program_a,
            last_name="Абаева",
            first_name="Дана",
            middle_name="Серікқызы",
            graduation_date=dt.date(2025, 6, 25),
            diploma_number="ЖБ-Б 0012345",
            with_honours=True,
            study_language="kk",
            funding="grant",
            gpa=Decimal("3.67"),
        )
        cls.plain = make_student(
            cls.program_b, last_name="Ким", first_name="Виктор", middle_name="", graduation_date=dt.date(2024, 6, 30)
        )

    def rows(self, language: str, *, by_record: bool = False) -> tuple[list[str], list[list[object]]]:
        queryset = Student.objects.graduates().with_list_related().order_by("last_name")
        with translation.override(language):
            table = tables.GraduateTable(queryset)
            if by_record:  # the same table read record by record, through its accessors and value_ methods
                table.export_values = dict  # type: ignore[method-assign]
            header, rows = table_values(table, exclude=("actions",))
            return header, list(rows)

    def test_exact_rows_in_russian(self) -> None:
        header, rows = self.rows("ru")
        self.maxDiff = None
        self.assertEqual(header[:3], ["ФИО", "ИИН", "Программа"])
        self.assertEqual(
            rows,
            [
                ["Абаева Дана Серікқызы", self.honours.iin, "6B06101 Информационные системы", "IS", 2025,
                 dt.date(2025, 6, 25), "ЖБ-Б 0012345", "да", "очная", "казахский",
                 "государственный образовательный грант", Decimal("3.67")],
                ["Ким Виктор", self.plain.iin, "6B06102 Информатика", "CS", 2024, dt.date(2024, 6, 30),
                 "", "нет", "очная", "", "на платной основе", ""],
            ],
        )  # fmt: skip

    def test_values_path_writes_what_the_records_show(self) -> None:
        for language in ("kk", "ru", "en"):
            with self.subTest(language=language):
                self.assertEqual(self.rows(language), self.rows(language, by_record=True))

    def test_one_query_and_no_model_objects(self) -> None:
        built = []
        original = Student.__init__

        def counting_init(obj, *args, **kwargs):  # type: ignore[no-untyped-def]
            built.append(1)
            original(obj, *args, **kwargs)

        Student.__init__ = counting_init  # type: ignore[method-assign,assignment]
        try:
            with CaptureQueriesContext(connection) as queries:
                _header, rows = self.rows("kk")
        finally:
            Student.__init__ = original  # type: ignore[method-assign]
        self.assertEqual(len(rows), 2)
        self.assertEqual(len(queries), 1)
        self.assertEqual(built, [])
