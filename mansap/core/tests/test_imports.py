"""The students/graduates import: rules, all-or-nothing, idempotency, the command and the web pages."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from mansap.common.identifiers import make_iin
from mansap.core.choices import Access, ImportStatus, Role, StudentStatus
from mansap.core.models import ImportJob, Student
from mansap.core.services import imports

from .factories import (
    DepartmentFactory,
    EducationalProgramFactory,
    InstitutionFactory,
    MembershipFactory,
    StudentFactory,
)

HEADER = ["iin", "last_name", "first_name", "middle_name", "birth_date", "sex", "program_code", "graduation_date",
          "gpa", "email", "phone"]  # fmt: skip
IIN_A = make_iin(dt.date(2001, 3, 14), "M", 11)
IIN_B = make_iin(dt.date(2002, 7, 1), "F", 22)
IIN_C = make_iin(dt.date(2000, 12, 31), "F", 33)
IIN_D = make_iin(dt.date(2003, 1, 2), "M", 44)


def good_rows() -> list[list[Any]]:
    return [
        [IIN_A, "Сейітов", "Арман", "Болатұлы", "14.03.2001", "M", "6B06101", "25.06.2024", "3,45", "a@example.kz",
         "8 701 123 45 67"],
        [IIN_B, "Ким", "Алина", "", "2002-07-01", "Ж", "6B06101", "", "", "", "+7(702)1234567"],
        [IIN_C, "Нұрланова", "Аяжан", "", "", "", "6B06102", "", "4", "", ""],
    ]  # fmt: skip


def xlsx_bytes(rows: list[list[Any]], formulas_as_text: bool = False) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                cell = ws.cell(row=r, column=c, value=value)
                if formulas_as_text and isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[Any]], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode(encoding)


class ImportTestCase(TestCase):
    """One institution, two departments with a program each, a Career Center user and a department editor."""

    @classmethod
    def setUpTestData(cls) -> None:
        cls.institution = InstitutionFactory(code="KAZUTB", short_name="KAZUTB")
        cls.dept_a = DepartmentFactory(faculty__institution=cls.institution, code="IT")
        cls.dept_b = DepartmentFactory(faculty=cls.dept_a.faculty, code="MATH")
        cls.program_a = EducationalProgramFactory(department=cls.dept_a, code="6B06101")
        cls.program_b = EducationalProgramFactory(department=cls.dept_b, code="6B06102")
        cls.career = MembershipFactory(institution=cls.institution, role=Role.CAREER_CENTER).user
        cls.editor_a = MembershipFactory(
            institution=cls.institution, role=Role.DEPARTMENT, department=cls.dept_a, access=Access.EDIT
        ).user
        cls.editor_b = MembershipFactory(
            institution=cls.institution, role=Role.DEPARTMENT, department=cls.dept_b, access=Access.EDIT
        ).user

    def setUp(self) -> None:
        import tempfile

        self._tmp = tempfile.TemporaryDirectory()
        self.tmp = Path(self._tmp.name)
        self.addCleanup(self._tmp.cleanup)

    def file(self, data: bytes, name: str = "graduates.xlsx") -> Path:
        path = self.tmp / name
        path.write_bytes(data)
        return path

    def command(self, path: Path | str, *args: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_graduates", str(path), *args, stdout=out, stderr=err)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, out.getvalue(), err.getvalue()

    def json_command(self, path: Path | str, *args: str) -> tuple[int, dict[str, Any]]:
        code, out, _err = self.command(path, "--json", *args)
        lines = [line for line in out.splitlines() if line.strip()]
        assert len(lines) == 1, out
        return code, json.loads(lines[0])

    def issues(self, report: dict[str, Any], key: str = "errors") -> set[tuple[int, str, str]]:
        return {(i["row"], i["column"], i["code"]) for i in report[key]}


class CommandTests(ImportTestCase):
    def test_valid_file_is_imported(self) -> None:
        code, report = self.json_command(self.file(xlsx_bytes([HEADER, *good_rows()])))
        assert code == 0, report
        assert report == {
            "rows": 3, "valid": 3, "invalid": 0, "created": 3, "updated": 0, "unchanged": 0,
            "errors": [], "warnings": [], "ignored_columns": [],
        }  # fmt: skip
        arman = Student.objects.get(iin=IIN_A)
        assert arman.institution == self.institution
        assert arman.program == self.program_a
        assert arman.status == StudentStatus.GRADUATED
        assert arman.graduation_date == dt.date(2024, 6, 25)
        assert arman.gpa == Decimal("3.45")
        assert arman.phone == "+7 701 123 45 67"
        assert arman.last_name_latin == "Seiitov"
        assert arman.birth_date == dt.date(2001, 3, 14)
        alina = Student.objects.get(iin=IIN_B)
        assert alina.status == StudentStatus.STUDYING
        assert alina.sex == "F"
        assert alina.phone == "+7 702 123 45 67"
        assert alina.history.count() == 1
        assert alina.history.get().history_user is None
        assert alina.history.get().history_type == "+"

    def test_every_error_code_with_row_and_column(self) -> None:
        bad = [
            HEADER,
            [IIN_A, "Сейітов", "Арман", "", "", "", "6B06101", "", "", "", ""],  # 2: fine
            [IIN_B, "", "Алина", "", "", "", "6B06101", "", "", "", ""],  # 3
            ["12345", "Ким", "Алина", "", "", "", "6B06101", "", "", "", ""],  # 4
            [IIN_C[:11] + str((int(IIN_C[11]) + 1) % 10), "Ким", "А", "", "", "", "6B06101", "", "", "", ""],  # 5
            [IIN_A, "Сейітов", "Арман", "", "", "", "6B06101", "", "", "", ""],  # 6: duplicate of row 2
            [IIN_D, "Ким", "А", "", "", "", "6B99999", "", "", "", ""],  # 7
            [make_iin(dt.date(1999, 1, 1), "M", 5), "Ким", "А", "", "31.02.2000", "", "6B06101", "", "", "", ""],
            [make_iin(dt.date(1999, 1, 1), "M", 6), "Ким", "А", "", "", "", "6B06101", "", "", "not-an-email", ""],
            [make_iin(dt.date(1999, 1, 1), "M", 7), "Ким", "А", "", "", "", "6B06101", "", "", "", "12-34"],
            [make_iin(dt.date(1999, 1, 1), "M", 8), "Ким", "А", "", "", "", "6B06101", "", "4,5", "", ""],
            [make_iin(dt.date(1999, 1, 1), "M", 9), "Ким", "А", "", "", "X", "6B06101", "", "", "", ""],
            [make_iin(dt.date(1999, 1, 1), "M", 10), "Ким", "А", "", "", "", "6B06101", "31.04.2020", "", "", ""],
        ]
        rows = [[*row, ""] for row in bad]
        rows[0][-1] = "admission_year"
        rows.append([make_iin(dt.date(1999, 1, 1), "M", 12), "Ким", "А", "", "", "", "6B06101", "", "", "", "", "20x1"])
        future = (dt.date.today() + dt.timedelta(days=30)).strftime("%d.%m.%Y")
        rows.append([make_iin(dt.date(1999, 1, 1), "M", 13), "Ким", "А", "", future, "", "6B06101", "", "", "", "", ""])
        code, report = self.json_command(self.file(xlsx_bytes(rows)))
        assert code == 1
        assert self.issues(report) == {
            (3, "last_name", "missing_field"),
            (4, "iin", "iin_format"),
            (5, "iin", "iin_checksum"),
            (6, "iin", "duplicate_iin"),
            (7, "program_code", "unknown_program"),
            (8, "birth_date", "bad_date"),
            (9, "email", "bad_email"),
            (10, "phone", "bad_phone"),
            (11, "gpa", "bad_gpa"),
            (12, "sex", "bad_choice"),
            (13, "graduation_date", "bad_date"),
            (14, "admission_year", "bad_number"),
            (15, "birth_date", "bad_date"),
        }
        assert report["rows"] == 14 and report["valid"] == 1 and report["invalid"] == 13
        assert report["created"] == report["updated"] == 0
        assert not Student.objects.exists()
        messages = {i["code"]: i["message"] for i in report["errors"]}
        assert IIN_C[:11] in messages["iin_checksum"]
        assert "check digit" in messages["iin_checksum"]
        assert "6B99999" in messages["unknown_program"]
        assert "row 2" in messages["duplicate_iin"]
        assert [i["row"] for i in report["errors"]] == sorted(i["row"] for i in report["errors"])

    def test_minor_program_and_other_cross_checks(self) -> None:
        header = ["iin", "last_name", "first_name", "program_code", "minor_program_code", "birth_date",
                  "graduation_date", "diploma_number"]  # fmt: skip
        rows = [
            header,
            [IIN_A, "Ким", "А", "6B06101", "6B06102", "", "", ""],  # 2: fine
            [IIN_B, "Ким", "Б", "6B06101", "6B06101", "", "", ""],  # 3: Minor = Major
            [IIN_C, "Ким", "В", "6B06101", "6B00000", "", "", ""],  # 4: unknown Minor
            [IIN_D, "Ким", "Г", "6B06101", "", "01.01.2001", "01.01.2000", ""],  # 5: graduated before birth
            [make_iin(dt.date(1999, 1, 1), "M", 5), "Ким", "Д", "6b 06101", "", "", "", "X" * 33],  # 6: too long
        ]
        code, report = self.json_command(self.file(xlsx_bytes(rows)))
        assert code == 1
        assert self.issues(report) == {
            (3, "minor_program_code", "bad_choice"),
            (4, "minor_program_code", "unknown_program"),
            (5, "graduation_date", "bad_date"),
            (6, "diploma_number", "too_long"),
        }
        rows[3][4] = rows[4][5] = rows[4][6] = rows[5][7] = ""
        rows[2][4] = "6B06102"
        code, report = self.json_command(self.file(xlsx_bytes(rows), "fixed.xlsx"))
        assert code == 0, report
        assert Student.objects.get(iin=IIN_B).minor_program == self.program_b
        assert Student.objects.filter(program=self.program_a).count() == 5  # "6b 06101" is 6B06101

    def test_missing_required_header_is_an_error_on_row_one(self) -> None:
        rows = [[c for c in HEADER if c != "iin"], *[r[1:] for r in good_rows()]]
        code, report = self.json_command(self.file(xlsx_bytes(rows)))
        assert code == 1
        assert self.issues(report) == {(1, "iin", "missing_field")}
        assert report["valid"] == 0 and report["invalid"] == 3
        assert not Student.objects.exists()

    def test_all_or_nothing(self) -> None:
        rows = [HEADER, *good_rows(), [IIN_D, "Ким", "Б", "", "", "", "6B06101", "", "", "bad@", ""]]
        code, report = self.json_command(self.file(xlsx_bytes(rows)))
        assert code == 1
        assert self.issues(report) == {(5, "email", "bad_email")}
        assert report["valid"] == 3 and report["invalid"] == 1
        assert report["created"] == 0 and report["updated"] == 0
        assert not Student.objects.exists()

    def test_all_or_nothing_when_the_error_comes_after_a_written_chunk(self) -> None:
        rows = [HEADER] + [
            [make_iin(dt.date(1990, 1, 1) + dt.timedelta(days=i), "M", i), "Ким", "А", "", "", "", "6B06101",
             "", "", "", ""]
            for i in range(imports.CHUNK_SIZE + 5)
        ]  # fmt: skip
        rows.append([IIN_A, "Ким", "А", "", "", "", "6B06101", "", "", "", "bad phone"])
        code, report = self.json_command(self.file(csv_bytes(rows), "big.csv"))
        assert code == 1
        assert self.issues(report) == {(len(rows), "phone", "bad_phone")}
        assert not Student.objects.exists()
        assert not Student.history.exists()

    def test_reimport_is_idempotent(self) -> None:
        path = self.file(xlsx_bytes([HEADER, *good_rows()]))
        assert self.json_command(path)[0] == 0
        history = Student.history.count()
        updated_at = dict(Student.objects.values_list("iin", "updated_at"))
        code, report = self.json_command(path)
        assert code == 0
        assert (report["created"], report["updated"], report["unchanged"]) == (0, 0, 3)
        assert Student.history.count() == history
        assert dict(Student.objects.values_list("iin", "updated_at")) == updated_at

    def test_changed_field_is_updated_and_in_the_history(self) -> None:
        self.json_command(self.file(xlsx_bytes([HEADER, *good_rows()])))
        rows = good_rows()
        rows[1][10] = "8 777 000 11 22"  # Alina's phone
        rows[0][9] = ""  # Arman's e-mail left empty: must not be erased
        code, report = self.json_command(
            self.file(xlsx_bytes([HEADER, *rows]), "second.xlsx"), "--user", self.career.username
        )
        assert code == 0
        assert (report["created"], report["updated"], report["unchanged"]) == (0, 1, 2)
        alina = Student.objects.get(iin=IIN_B)
        assert alina.phone == "+7 777 000 11 22"
        latest = alina.history.order_by("-history_id").first()
        assert latest.history_type == "~"
        assert latest.phone == "+7 777 000 11 22"
        assert latest.history_user == self.career
        assert alina.history.count() == 2
        assert Student.objects.get(iin=IIN_A).email == "a@example.kz"
        assert Student.objects.get(iin=IIN_A).history.count() == 1

    def test_existing_status_is_kept_without_graduation_date(self) -> None:
        student = StudentFactory(program=self.program_a, iin=IIN_B, status=StudentStatus.ACADEMIC_LEAVE)
        rows = [HEADER, [IIN_B, student.last_name, "Новое", "", "", "", "6B06101", "", "", "", ""]]
        code, report = self.json_command(self.file(xlsx_bytes(rows)))
        assert code == 0 and report["updated"] == 1
        student.refresh_from_db()
        assert student.status == StudentStatus.ACADEMIC_LEAVE
        assert student.first_name == "Новое"
        assert student.first_name_latin == "Novoe"
        rows[1][7] = "30.06.2025"
        self.json_command(self.file(xlsx_bytes(rows), "again.xlsx"))
        student.refresh_from_db()
        assert student.status == StudentStatus.GRADUATED

    def test_iin_mismatch_is_a_warning_and_the_row_imports(self) -> None:
        rows = [HEADER, [IIN_A, "Сейітов", "Арман", "", "15.03.2001", "F", "6B06101", "", "", "", ""]]
        code, report = self.json_command(self.file(xlsx_bytes(rows)))
        assert code == 0
        assert report["errors"] == []
        assert self.issues(report, "warnings") == {
            (2, "birth_date", "iin_birthdate_mismatch"),
            (2, "sex", "iin_sex_mismatch"),
        }
        assert IIN_A in report["warnings"][0]["message"]
        assert Student.objects.get(iin=IIN_A).birth_date == dt.date(2001, 3, 15)

    def test_russian_headers_and_values(self) -> None:
        header = ["ИИН", "Фамилия", "Имя", "Отчество", "Дата рождения", "Пол", "Код ОП", "Форма обучения",
                  "Финансирование", "Год поступления", "Дата выпуска", "Номер диплома", "С отличием", "GPA",
                  "E-mail", "Телефон", "Примечание"]  # fmt: skip
        row = [IIN_A, "Сеитов", "Арман", "Болатович", "14.03.2001", "М", "6B06101", "Заочная", "Гос. грант",
               "2019.0", "30.06.2023", "ЖБ-Б 0001", "Да", "3.9", "a@b.kz", "87011234567", "что-то"]  # fmt: skip
        code, report = self.json_command(self.file(xlsx_bytes([header, row])))
        assert code == 0, report
        assert report["ignored_columns"] == ["Примечание"]
        s = Student.objects.get(iin=IIN_A)
        assert (s.sex, s.study_form, s.funding, s.admission_year, s.with_honours) == (
            "M",
            "part_time",
            "grant",
            2019,
            True,
        )
        assert s.diploma_number == "ЖБ-Б 0001"

    def test_kazakh_headers_and_values(self) -> None:
        header = ["ЖСН", "Тегі", "Аты", "Әкесінің аты", "Туған күні", "Жынысы", "ББ коды", "Оқу нысаны",
                  "Қаржыландыру", "Түскен жылы", "Бітірген күні", "Диплом нөмірі", "Үздік", "Эл. пошта",
                  "Телефон"]  # fmt: skip
        row = [IIN_B, "Ким", "Алина", "", "01.07.2002", "Ә", "6B06101", "қашықтықтан", "ақылы", 2020,
               "", "", "жоқ", "alina@example.kz", "+7 702 123 45 67"]  # fmt: skip
        code, report = self.json_command(self.file(xlsx_bytes([header, row])), "--language", "kk")
        assert code == 0, report
        s = Student.objects.get(iin=IIN_B)
        assert (s.sex, s.study_form, s.funding, s.with_honours) == ("F", "distance", "paid", False)

    def test_csv_cp1251_with_semicolons(self) -> None:
        rows = [["ИИН", "Фамилия", "Имя", "Код ОП", "Финансирование"], [IIN_A, "Иванов", "Пётр", "6B06101", "договор"]]
        data = csv_bytes(rows, delimiter=";", encoding="cp1251")
        code, report = self.json_command(self.file(data, "students.csv"))
        assert code == 0, report
        s = Student.objects.get(iin=IIN_A)
        assert (s.last_name, s.first_name, s.funding) == ("Иванов", "Пётр", "paid")

    def test_excel_native_dates_and_number_cells(self) -> None:
        iin_2000s = make_iin(dt.date(2004, 2, 29), "F", 7)
        assert iin_2000s.startswith("0")
        rows = [
            [
                "iin",
                "last_name",
                "first_name",
                "program_code",
                "birth_date",
                "graduation_date",
                "admission_year",
                "gpa",
            ],
            [int(iin_2000s), "Ким", "Алина", "6B06101", dt.datetime(2004, 2, 29), dt.date(2024, 6, 20), 2020, 3.5],
        ]
        code, report = self.json_command(self.file(xlsx_bytes(rows)))
        assert code == 0, report
        s = Student.objects.get(iin=iin_2000s)  # the number cell's lost leading zero is restored
        assert s.birth_date == dt.date(2004, 2, 29)
        assert s.graduation_date == dt.date(2024, 6, 20)
        assert s.gpa == Decimal("3.50")

    def test_formula_looking_values_are_stored_verbatim(self) -> None:
        rows = [["iin", "last_name", "first_name", "program_code", "middle_name"],
                [IIN_A, "=1+1", "@Арман", "6B06101", "-Болатұлы"]]  # fmt: skip
        code, report = self.json_command(self.file(xlsx_bytes(rows)))  # "=1+1" is a real formula cell here
        assert code == 0, report
        s = Student.objects.get(iin=IIN_A)
        assert (s.last_name, s.first_name, s.middle_name) == ("=1+1", "@Арман", "-Болатұлы")

    def test_dry_run_counts_but_writes_nothing(self) -> None:
        StudentFactory(program=self.program_a, iin=IIN_A, last_name="Старый")
        code, report = self.json_command(self.file(xlsx_bytes([HEADER, *good_rows()])), "--dry-run")
        assert code == 0
        assert (report["created"], report["updated"], report["unchanged"]) == (2, 1, 0)
        assert Student.objects.count() == 1
        assert Student.objects.get(iin=IIN_A).last_name == "Старый"

    def test_department_editor_cannot_import_into_another_department(self) -> None:
        StudentFactory(program=self.program_b, iin=IIN_D)
        rows = [HEADER, *good_rows(), [IIN_D, "Ким", "Б", "", "", "", "6B06101", "", "", "", ""]]
        code, report = self.json_command(self.file(xlsx_bytes(rows)), "--user", self.editor_a.username)
        assert code == 1
        assert self.issues(report) == {(4, "program_code", "unknown_program"), (5, "iin", "duplicate_iin")}
        assert Student.objects.count() == 1
        # the same file without those rows goes in, authored by the editor
        code, report = self.json_command(
            self.file(xlsx_bytes([HEADER, *good_rows()[:2]]), "ok.xlsx"), "--user", self.editor_a.username
        )
        assert code == 0
        assert Student.objects.get(iin=IIN_A).history.get().history_user == self.editor_a

    def test_human_summary(self) -> None:
        code, out, _err = self.command(self.file(xlsx_bytes([HEADER, *good_rows()])), "--dry-run")
        assert code == 0
        assert "3 would be created" in out
        code, out, _err = self.command(
            self.file(xlsx_bytes([HEADER, ["123", "A", "B", "", "", "", "6B06101"]]), "b.xlsx")
        )
        assert code == 1
        assert "Row 2, iin" in out and "iin_format" in out
        assert "nothing was imported" in out

    def test_file_too_large_exits_2(self) -> None:
        path = self.file(xlsx_bytes([HEADER, *good_rows()]))
        with override_settings(IMPORT_MAX_BYTES=1000):
            code, report = self.json_command(path)
            assert code == 2
            assert "limit" in report["error"]
            code, _out, err = self.command(path)
        assert code == 2
        assert "limit" in err and "Traceback" not in err
        assert not Student.objects.exists()

    def test_not_a_spreadsheet_exits_2(self) -> None:
        for data, name in [(b"%PDF-1.7\n\x00\x01\x02", "scan.pdf"), (b"\x89PNG\r\n\x1a\n\x00", "photo.xlsx"),
                           (b"PK\x03\x04garbage", "broken.xlsx")]:  # fmt: skip
            code, report = self.json_command(self.file(data, name))
            assert code == 2, name
            assert set(report) == {"error"}
            assert name in report["error"]

    def test_empty_header_only_and_headerless_files_exit_2(self) -> None:
        for data, name in [
            (b"", "empty.csv"),
            (xlsx_bytes([]), "empty.xlsx"),
            (xlsx_bytes([HEADER]), "header-only.xlsx"),  # documented: no data rows is unreadable, exit 2
            (csv_bytes([r for r in good_rows()]), "no-header.csv"),  # the first row is data, not names
        ]:
            code, _out, err = self.command(self.file(data, name))
            assert code == 2, name
            assert err.strip() and "Traceback" not in err

    def test_missing_file_exits_2(self) -> None:
        code, report = self.json_command(self.tmp / "nope.xlsx")
        assert code == 2
        assert "nope.xlsx" in report["error"]

    def test_institution_option(self) -> None:
        other = InstitutionFactory(code="OTHER")
        EducationalProgramFactory(department__faculty__institution=other, code="6B06101")
        path = self.file(xlsx_bytes([HEADER, *good_rows()[:2]]))
        code, report = self.json_command(path, "--institution", "OTHER")
        assert code == 0, report
        assert Student.objects.filter(institution=other).count() == 2
        code, report = self.json_command(path, "--institution", "NOPE")
        assert code == 2 and "NOPE" in report["error"]


class ErrorReportTests(ImportTestCase):
    def test_error_report_keeps_formula_looking_values_as_text(self) -> None:
        rows = [["iin", "last_name", "first_name", "program_code", "email"],
                ["=cmd|' /C calc'!A0", "Ким", "А", "6B06101", "=HYPERLINK(\"http://x\")"]]  # fmt: skip
        with open(self.file(xlsx_bytes(rows, formulas_as_text=True)), "rb") as handle:
            report = imports.run_import(handle, "x.xlsx", institution=self.institution, acting_user=None, dry_run=True)
        stored = report.to_dict(messages=False)
        assert {(i["column"], i["code"]) for i in stored["errors"]} == {("iin", "iin_format"), ("email", "bad_email")}
        wb = load_workbook(io.BytesIO(imports.error_report_xlsx(stored)))
        ws = wb.active
        assert [c.value for c in ws[1]] == ["Row", "Column", "Code", "Message", "Value"]
        values = {ws.cell(row=r, column=2).value: ws.cell(row=r, column=5) for r in range(2, ws.max_row + 1)}
        for column in ("iin", "email"):
            cell = values[column]
            assert cell.data_type == "s"
            assert cell.value.startswith("=")
        messages = [ws.cell(row=r, column=4) for r in range(2, ws.max_row + 1)]
        assert all(m.data_type == "s" and m.value for m in messages)

    def test_template_has_canonical_headers_and_a_valid_example_outside_the_data(self) -> None:
        wb = load_workbook(io.BytesIO(imports.template_xlsx()))
        data, example_sheet = wb.worksheets
        header = [c.value for c in data[1]]
        assert header == [c.name for c in imports.COLUMNS]
        assert data.max_row == 1  # the imported sheet holds the headers only (#12)
        assert [c.value for c in example_sheet[1]] == header
        example = dict(zip(header, [c.value for c in example_sheet[2]], strict=True))
        from mansap.common.identifiers import validate_iin

        validate_iin(example["iin"])
        assert example["last_name"] == "Сейтқалиева"
        # the template as downloaded imports nobody: the example person is not a graduate
        from mansap.common.importing import UnreadableFile

        with io.BytesIO(imports.template_xlsx()) as handle, self.assertRaises(UnreadableFile) as caught:
            imports.check_file(handle, "template.xlsx", institution=self.institution, acting_user=None)
        assert "no rows of data" in str(caught.exception)
        assert not Student.objects.filter(iin=example["iin"]).exists()
        # the example row, copied into the data sheet, imports cleanly once its program exists
        filled = Workbook()
        sheet = filled.active
        sheet.append(header)
        sheet.append([example[name] for name in header])
        with io.BytesIO() as handle:
            filled.save(handle)
            handle.seek(0)
            report = imports.check_file(handle, "filled.xlsx", institution=self.institution, acting_user=None)
        assert report["errors"] == [] and report["created"] == 1

    def test_column_help_and_display_helpers(self) -> None:
        help_rows = imports.column_help()
        assert [h["name"] for h in help_rows] == [c.name for c in imports.COLUMNS]
        iin = help_rows[0]
        assert iin["required"] and "ЖСН" in iin["aliases"] and iin["accepts"]
        assert {h["name"] for h in help_rows if h["required"]} == {"iin", "last_name", "first_name", "program_code"}
        shown = imports.report_for_display({})
        assert shown["errors"] == [] and shown["warnings"] == [] and shown["errors_total"] == 0
        shown = imports.report_for_display(
            {"errors": [{"row": 2, "column": "iin", "code": "iin_checksum", "params": {"value": "123456789012"}}]}
        )
        assert (
            shown["errors"][0]["message"]
            == "The IIN 123456789012 has a wrong check digit: check the number for a typo."
        )


class WebFlowTests(ImportTestCase):
    def upload(self, user: Any, data: bytes, name: str = "graduates.xlsx") -> ImportJob:
        self.client.force_login(user)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("core:import_add"), {"file": SimpleUploadedFile(name, data)})
        assert response.status_code == 302, response.content[:2000]
        return ImportJob.objects.latest("pk")

    def test_upload_check_confirm_import(self) -> None:
        page = self.client
        page.force_login(self.career)
        response = page.get(reverse("core:import_add"))
        assert response.status_code == 200
        assert reverse("core:import_template") in response.content.decode()
        job = self.upload(self.career, xlsx_bytes([HEADER, *good_rows()]))
        job.refresh_from_db()
        assert job.status == ImportStatus.VALID, job.report
        assert job.report["valid"] == 3 and job.report["created"] == 3
        assert [p["action"] for p in job.report["preview"]] == ["create"] * 3
        assert job.report["preview"][0] == {"row": 2, "iin": IIN_A, "full_name": "Сейітов Арман Болатұлы",
                                            "program_code": "6B06101", "action": "create"}  # fmt: skip
        assert not Student.objects.exists()
        response = page.get(job.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "Import 3 rows" in html and reverse("core:import_confirm", args=[job.pk]) in html
        assert "hx-get" not in html  # finished: no polling

        with self.captureOnCommitCallbacks(execute=True):
            response = page.post(reverse("core:import_confirm", args=[job.pk]))
        assert response.status_code == 302
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE
        assert job.finished_at is not None and job.progress == 100
        assert Student.objects.count() == 3
        assert Student.objects.get(iin=IIN_A).history.get().history_user == self.career
        html = page.get(job.get_absolute_url()).content.decode()
        assert reverse("core:graduate_list") in html

    def test_running_job_page_polls(self) -> None:
        job = ImportJob.objects.create(institution=self.institution, original_name="x.xlsx", created_by=self.career,
                                       status=ImportStatus.VALIDATING, progress=40)  # fmt: skip
        self.client.force_login(self.career)
        html = self.client.get(job.get_absolute_url()).content.decode()
        assert f'hx-get="{reverse("core:import_status", args=[job.pk])}"' in html
        assert 'hx-trigger="every 1s"' in html and "40%" in html
        status = self.client.get(reverse("core:import_status", args=[job.pk]), HTTP_HX_REQUEST="true")
        assert status.status_code == 200 and "HX-Refresh" not in status

    def test_invalid_upload_and_error_download(self) -> None:
        rows = [HEADER, *good_rows(), ["=1+2", "Ким", "Б", "", "", "", "6B06101", "", "", "", ""]]
        job = self.upload(self.career, xlsx_bytes(rows))
        job.refresh_from_db()
        assert job.status == ImportStatus.INVALID
        assert job.report["errors"] == [
            {"row": 5, "column": "iin", "code": "iin_format", "params": {"value": "=1+2"}}
        ]  # stored as code + params: shown in the viewer's language
        html = self.client.get(job.get_absolute_url()).content.decode()
        assert "iin_format" in html and "is not an IIN" in html
        response = self.client.get(reverse("core:import_errors", args=[job.pk]))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        ws = load_workbook(io.BytesIO(response.content)).active
        assert ws.cell(row=2, column=5).value == "=1+2" and ws.cell(row=2, column=5).data_type == "s"
        # a confirm of an invalid job does nothing
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("core:import_confirm", args=[job.pk]))
        job.refresh_from_db()
        assert job.status == ImportStatus.INVALID
        assert not Student.objects.exists()

    def test_only_a_file_checked_without_errors_is_confirmed(self) -> None:
        """confirm_import's rule (it was the confirm page's): not while checking, not with errors, not twice."""
        self.client.force_login(self.career)
        for status in (ImportStatus.VALIDATING, ImportStatus.INVALID, ImportStatus.IMPORTING, ImportStatus.DONE):
            job = ImportJob.objects.create(institution=self.institution, original_name="x.xlsx",
                                           created_by=self.career, status=status)  # fmt: skip
            with self.assertRaises(ValidationError) as caught:
                imports.confirm_import(job, acting_user=self.career)
            assert caught.exception.code == "bad_state"
            response = self.client.post(reverse("core:import_confirm", args=[job.pk]), follow=True)
            self.assertRedirects(response, job.get_absolute_url())
            self.assertContains(response, "Only a checked file without errors can be imported.")
            job.refresh_from_db()
            assert job.status == status

    def test_report_with_decimal_params_is_stored(self) -> None:
        """A GPA of 4.7 is kept as the error's value; storing it must not crash the job (it once hung)."""
        rows = [HEADER, [IIN_D, "Ким", "Б", "", "", "", "6B06101", "", "4,7", "", ""]]
        job = self.upload(self.career, xlsx_bytes(rows))
        job.refresh_from_db()
        assert job.status == ImportStatus.INVALID
        assert [(e["row"], e["column"], e["code"]) for e in job.report["errors"]] == [(2, "gpa", "bad_gpa")]
        assert self.client.get(job.get_absolute_url()).status_code == 200

    def test_unreadable_upload_fails_with_a_message(self) -> None:
        job = self.upload(self.career, b"just,text\n1,2\n", "names.csv")
        job.refresh_from_db()
        assert job.status == ImportStatus.FAILED
        assert job.report["error_code"] == "no_header"
        html = self.client.get(job.get_absolute_url()).content.decode()
        assert "none of them was recognised" in html

    def test_data_changed_between_check_and_import(self) -> None:
        job = self.upload(self.editor_a, xlsx_bytes([HEADER, *good_rows()[:2]]))
        job.refresh_from_db()
        assert job.status == ImportStatus.VALID
        StudentFactory(program=self.program_b, iin=IIN_B)  # someone else added Alina to another department
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("core:import_confirm", args=[job.pk]))
        job.refresh_from_db()
        assert job.status == ImportStatus.INVALID
        assert {(e["row"], e["code"]) for e in job.report["errors"]} == {(3, "duplicate_iin")}
        assert Student.objects.count() == 1

    def test_other_department_gets_404(self) -> None:
        job = self.upload(self.editor_a, xlsx_bytes([HEADER, *good_rows()[:2]]))
        self.client.force_login(self.editor_b)
        assert self.client.get(job.get_absolute_url()).status_code == 404
        assert self.client.get(reverse("core:import_errors", args=[job.pk])).status_code == 404
        assert self.client.get(reverse("core:import_status", args=[job.pk])).status_code == 404
        assert self.client.post(reverse("core:import_confirm", args=[job.pk])).status_code == 404

    def test_template_download(self) -> None:
        self.client.force_login(self.career)
        response = self.client.get(reverse("core:import_template"))
        assert response.status_code == 200
        ws = load_workbook(io.BytesIO(response.content)).active
        assert ws.cell(row=1, column=1).value == "iin"


class StudyLanguageImportTests(ImportTestCase):
    """The optional language-of-instruction column: codes and the usual spellings, `bad_language`, all or nothing."""

    HEADER = ["iin", "last_name", "first_name", "program_code", "study_language"]

    def row(self, serial: int, language: Any) -> list[Any]:
        return [make_iin(dt.date(2001, 1, 1) + dt.timedelta(days=serial), "M", serial), "Ким", "А", "6B06101", language]

    def test_codes_and_spellings_in_any_case(self) -> None:
        spellings = {
            "kk": "kk", "KK": "kk", "қазақ": "kk", "Қазақ": "kk", "ҚАЗАҚ ТІЛІ": "kk", "казахский": "kk",
            "Казахский": "kk", "Kazakh": "kk", "kazakh": "kk",
            "ru": "ru", "Ru": "ru", "орыс": "ru", "Орыс": "ru", "русский": "ru", "РУССКИЙ": "ru", "Russian": "ru",
            "en": "en", "EN": "en", "ағылшын": "en", "Ағылшын": "en", "английский": "en", "Английский язык": "en",
            "English": "en", "english.": "en",
        }  # fmt: skip
        rows = [self.HEADER] + [self.row(i, value) for i, value in enumerate(spellings, start=1)]
        code, report = self.json_command(self.file(xlsx_bytes(rows)))
        assert code == 0, report
        assert report["created"] == len(spellings)
        stored = dict(Student.objects.values_list("iin", "study_language"))
        for i, (value, expected) in enumerate(spellings.items(), start=1):
            assert stored[self.row(i, value)[0]] == expected, value

    def test_russian_and_kazakh_headers(self) -> None:
        for serial, header in ((1, "Язык обучения"), (2, "Оқу тілі"), (3, "Оқыту тілі"), (4, "Language")):
            rows = [["ИИН", "Фамилия", "Имя", "Код ОП", header], self.row(serial, "орыс")]
            code, report = self.json_command(self.file(xlsx_bytes(rows), f"h{serial}.xlsx"))
            assert code == 0 and report["ignored_columns"] == [], (header, report)
        assert set(Student.objects.values_list("study_language", flat=True)) == {"ru"}

    def test_bad_value_is_its_own_error_with_row_and_column_and_nothing_is_written(self) -> None:
        rows = [self.HEADER, self.row(1, "kk"), self.row(2, "немецкий"), self.row(3, "ru"), self.row(4, "kz")]
        code, report = self.json_command(self.file(xlsx_bytes(rows)))
        assert code == 1
        assert self.issues(report) == {(3, "study_language", "bad_language"), (5, "study_language", "bad_language")}
        assert report["valid"] == 2 and report["invalid"] == 2 and report["created"] == 0
        message = next(i["message"] for i in report["errors"] if i["row"] == 3)
        assert "немецкий" in message and "kk, ru or en" in message
        assert not Student.objects.exists()
        # the dry run says the same, and the error report names the cell
        code, _report = self.json_command(self.file(xlsx_bytes(rows)), "--dry-run")
        assert code == 1
        with open(self.file(xlsx_bytes(rows)), "rb") as handle:
            stored = imports.run_import(
                handle, "x.xlsx", institution=self.institution, acting_user=None, dry_run=True
            ).to_dict(messages=False)
        ws = load_workbook(io.BytesIO(imports.error_report_xlsx(stored))).active
        assert [c.value for c in ws[2]][:3] == [3, "study_language", "bad_language"]
        assert ws.cell(row=2, column=5).value == "немецкий"

    def test_empty_cell_keeps_the_stored_language_and_a_new_one_is_audited(self) -> None:
        student = StudentFactory(program=self.program_a, iin=self.row(1, "")[0], study_language="kk")
        code, report = self.json_command(self.file(xlsx_bytes([self.HEADER, [*self.row(1, "")[:4], ""]])))
        assert code == 0, report
        student.refresh_from_db()
        assert student.study_language == "kk"
        history = student.history.count()
        code, report = self.json_command(self.file(xlsx_bytes([self.HEADER, self.row(1, "English")]), "b.xlsx"))
        assert code == 0 and report["updated"] == 1, report
        student.refresh_from_db()
        assert student.study_language == "en"
        assert student.history.count() == history + 1
        assert student.history.first().study_language == "en"
        code, report = self.json_command(self.file(xlsx_bytes([self.HEADER, self.row(1, "en")]), "c.xlsx"))
        assert report["unchanged"] == 1  # idempotent

    def test_the_web_import_reports_it_too(self) -> None:
        self.client.force_login(self.career)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("core:import_add"),
                {"file": SimpleUploadedFile("g.xlsx", xlsx_bytes([self.HEADER, self.row(1, "испанский")]))},
            )
        assert response.status_code == 302
        job = ImportJob.objects.latest("pk")
        assert job.status == ImportStatus.INVALID
        assert job.report["errors"] == [
            {"row": 2, "column": "study_language", "code": "bad_language", "params": {"value": "испанский",
                                                                                      "choices": "kk, ru, en"}}
        ]  # fmt: skip
        html = self.client.get(job.get_absolute_url()).content.decode()
        assert "bad_language" in html and "испанский" in html

    def test_help_and_template_list_the_column(self) -> None:
        help_row = next(h for h in imports.column_help() if h["name"] == "study_language")
        assert not help_row["required"] and "Язык обучения" in help_row["aliases"] and "Оқу тілі" in help_row["aliases"]
        ws = load_workbook(io.BytesIO(imports.template_xlsx())).worksheets[1]  # the example sheet
        header = [c.value for c in ws[1]]
        assert ws.cell(row=2, column=header.index("study_language") + 1).value == "kk"
