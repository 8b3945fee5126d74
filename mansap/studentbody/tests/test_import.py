"""import_orders: the issue's columns and aliases, each error code with its row and column, all or nothing,
students created by enrolment rows, effective-date order after the orders already in the platform, idempotent
re-import (issue #15); the contingent command on the imported orders."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from django.core.management import call_command

from mansap.common.identifiers import make_iin
from mansap.common.testing import BaseTestCase, make_student, workbook_bytes
from mansap.core.models import Student
from mansap.studentbody.models import Order, OrderItem, StudentPeriod
from mansap.studentbody.tests.factories import signed

HEADER = ["order_number", "order_date", "type", "iin", "effective_date", "ground", "program_code", "study_form",
          "funding", "year_of_study", "last_name", "first_name", "middle_name", "birth_date", "sex"]  # fmt: skip
RU_HEADER = ["Номер приказа", "Дата приказа", "Тип приказа", "ИИН", "Дата вступления в силу", "Основание",
             "Код программы", "Форма обучения", "Финансирование", "Курс", "Фамилия", "Имя", "Отчество",
             "Дата рождения", "Пол"]  # fmt: skip
NEW_IIN = make_iin(dt.date(2007, 3, 14), "F", 901)


class ImportOrdersTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.s1 = make_student(cls.program_a, admission_year=2024)
        cls.s2 = make_student(cls.program_b, admission_year=2024)

    def setUp(self) -> None:
        self._dir = tempfile.TemporaryDirectory()

    def tearDown(self) -> None:
        self._dir.cleanup()

    def run_command(self, rows: list[list[Any]], *extra: str, header: list[str] = HEADER) -> tuple[int, dict]:
        path = Path(self._dir.name) / "orders.xlsx"
        path.write_bytes(workbook_bytes({"orders": [header, *rows]}))
        out = io.StringIO()
        try:
            call_command("import_orders", str(path), "--json", "--language", "en", *extra, stdout=out,
                         stderr=io.StringIO())  # fmt: skip
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, json.loads(out.getvalue())

    def good(self) -> list[list[Any]]:
        return [
            ["12-С", "20.08.2026", "enrolment", NEW_IIN, "01.09.2026", "", "6B06102", "full_time", "grant", 1,
             "Серікова", "Айгерім", "Бекқызы", "14.03.2007", "F"],
            ["40-С", "10.10.2026", "expulsion", self.s1.iin, "15.10.2026", "academic_failure", "", "", "", "", "", "",
             "", "", ""],
            ["41-С", "01.11.2026", "academic_leave", self.s2.iin, "01.11.2026", "illness", "", "", "", "", "", "",
             "", "", ""],
            ["41-С", "01.11.2026", "academic_leave", NEW_IIN, "01.11.2026", "military", "", "", "", "", "", "", "",
             "", ""],
        ]  # fmt: skip

    def contingent(self, day: str, *by: str) -> dict[str, Any]:
        out = io.StringIO()
        call_command("contingent", "--as-of", day, *by, "--json", stdout=out)
        return json.loads(out.getvalue())

    def test_a_good_file_is_imported_and_importing_it_again_adds_nothing(self) -> None:
        code, report = self.run_command(self.good())
        self.assertEqual(code, 0, report)
        self.assertEqual((report["created"], report["errors"]), (4, []))
        new = Student.objects.get(iin=NEW_IIN)
        self.assertEqual((new.last_name, new.program, new.funding, new.status), ("Серікова", self.program_b, "grant",
                                                                                 "academic_leave"))  # fmt: skip
        self.assertEqual(Order.objects.filter(status="entered", imported=True).count(), 3)
        self.assertEqual(self.contingent("2026-08-31"), {"total": 2, "by": {}, "on_leave": 0})
        self.assertEqual(self.contingent("2026-09-01", "--by", "program"),
                         {"total": 3, "by": {"6B06101": 1, "6B06102": 2}, "on_leave": 0})  # fmt: skip
        self.assertEqual(self.contingent("2026-10-15", "--by", "funding"),
                         {"total": 2, "by": {"grant": 1, "paid": 1}, "on_leave": 0})  # fmt: skip
        self.assertEqual(self.contingent("2026-11-01", "--by", "year"), {"total": 0, "by": {}, "on_leave": 2})
        code, again = self.run_command(self.good())
        self.assertEqual((code, again["created"], again["unchanged"]), (0, 0, 4))
        self.assertEqual(OrderItem.objects.count(), 4)

    def test_russian_headers_and_values(self) -> None:
        rows = [["7", "2026-09-20", "Отчисление", self.s1.iin, "2026-09-21", "по собственному желанию", "", "", "",
                 "", "", "", "", "", ""]]  # fmt: skip
        code, report = self.run_command(rows, header=RU_HEADER)
        self.assertEqual((code, report["created"]), (0, 1))
        self.assertEqual(OrderItem.objects.get().ground, "own_wish")

    def test_dry_run_writes_nothing(self) -> None:
        code, report = self.run_command(self.good(), "--dry-run")
        self.assertEqual((code, report["created"]), (0, 4))
        self.assertEqual((Order.objects.count(), Student.objects.filter(iin=NEW_IIN).count()), (0, 0))

    def errors(self, rows: list[list[Any]]) -> list[tuple[int, str, str]]:
        code, report = self.run_command(rows)
        self.assertEqual(code, 1, report)
        self.assertEqual(Order.objects.count(), 0)
        return [(e["row"], e["column"], e["code"]) for e in report["errors"]]

    def row(self, **values: Any) -> list[Any]:
        base = dict(zip(HEADER, ["50", "01.09.2026", "scholarship", self.s1.iin, "01.09.2026"] + [""] * 10,
                        strict=True))  # fmt: skip
        base.update(values)
        return [base[name] for name in HEADER]

    def test_unknown_student(self) -> None:
        self.assertEqual(self.errors([self.row(iin="990101300123")]), [(2, "iin", "unknown_student")])

    def test_an_enrolment_of_an_unknown_iin_needs_the_name(self) -> None:
        rows = [self.row(type="enrolment", iin=NEW_IIN, program_code="6B06101", last_name="Серікова")]
        code, report = self.run_command(rows)
        self.assertEqual((code, [e["code"] for e in report["errors"]]), (1, ["unknown_student"]))
        self.assertIn("give last_name, first_name, birth_date and sex", report["errors"][0]["message"])

    def test_bad_type(self) -> None:
        self.assertEqual(self.errors([self.row(type="promotion")]), [(2, "type", "bad_type")])

    def test_one_order_number_of_two_types(self) -> None:
        rows = [self.row(), self.row(type="repeat_year", iin=self.s2.iin, year_of_study=1)]
        self.assertEqual(self.errors(rows), [(3, "type", "bad_type")])

    def test_state_conflict_says_why(self) -> None:
        rows = [self.row(type="leave_return")]
        _code, report = self.run_command(rows)
        self.assertEqual([(e["row"], e["code"]) for e in report["errors"]], [(2, "state_conflict")])
        self.assertIn("needs a student who is on academic leave; on 01.09.2026 they are studying",
                      report["errors"][0]["message"])  # fmt: skip

    def test_rows_take_effect_in_effective_date_order_after_the_platforms_orders(self) -> None:
        signed(self.s1, "academic_leave", dt.date(2026, 9, 1), ground="illness")
        # the return (row 2) is dated after the expulsion (row 3) in the file, but effective before it
        rows = [self.row(order_number="60", type="expulsion", effective_date="10.10.2026", ground="own_wish"),
                self.row(order_number="61", type="leave_return", effective_date="01.10.2026")]  # fmt: skip
        code, report = self.run_command(rows)
        self.assertEqual((code, report["errors"]), (0, []))
        self.assertEqual(StudentPeriod.objects.filter(student=self.s1).on(dt.date(2026, 10, 5)).get().state,
                         "studying")  # fmt: skip

    def test_bad_ground_and_unknown_program(self) -> None:
        rows = [
            self.row(type="expulsion", ground="illness"),
            self.row(order_number="52", iin=self.s2.iin, ground="own_wish"),
            self.row(order_number="51", type="transfer_internal", iin=self.s2.iin, program_code="7M99999"),
        ]
        self.assertEqual(self.errors(rows), [(2, "ground", "bad_ground"), (3, "ground", "bad_ground"),
                                             (4, "program_code", "unknown_program")])  # fmt: skip

    def test_the_same_student_twice_in_an_order(self) -> None:
        self.assertEqual(self.errors([self.row(), self.row()]), [(3, "iin", "duplicate_row")])

    def test_one_bad_row_and_nothing_is_written(self) -> None:
        rows = [*self.good(), self.row(iin="990101300123")]
        self.assertEqual(self.errors(rows), [(6, "iin", "unknown_student")])
        self.assertFalse(Student.objects.filter(iin=NEW_IIN).exists())


class ImportOrdersPageTests(BaseTestCase):
    def test_the_page_checks_the_file_then_imports_on_confirmation(self) -> None:
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse
        from django.utils import translation

        from mansap.core.models import ImportJob

        translation.activate("en")
        student = make_student(self.program_a, admission_year=2024)
        content = ("order_number,order_date,type,iin,effective_date,ground\n"
                   f"9-С,01.10.2026,expulsion,{student.iin},02.10.2026,own_wish\n").encode()  # fmt: skip
        self.client.force_login(self.registrar)
        page = self.client.get(reverse("studentbody:order_import"))
        self.assertEqual(page.context["breadcrumbs"][0], ("Contingent orders", reverse("studentbody:order_list")))
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("studentbody:order_import"), {"file": SimpleUploadedFile("orders.csv", content, "text/csv")}
            )
        job = ImportJob.objects.get()
        self.assertRedirects(response, job.get_absolute_url(), fetch_redirect_response=False)
        self.assertEqual((job.kind, job.status), ("orders", "valid"))
        self.assertEqual(Order.objects.count(), 0)
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("core:import_confirm", args=[job.pk]))
        student.refresh_from_db()
        self.assertEqual((Order.objects.get().status, student.status), ("entered", "expelled"))
        self.assertEqual(self.client.get(reverse("studentbody:order_import_template")).status_code, 200)
