"""The graduates import on a hand-built workbook, after the #19 speed work: what it writes, column by column.

The workbook is written the way openpyxl's write-only mode writes it (inline strings, no <dimension>): the file
the import's own reading paths were made faster for (common.importing._load_read_only, _sheet_parser).
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from django.test import TestCase
from openpyxl import Workbook

from mansap.common.identifiers import make_iin
from mansap.core.choices import StudentStatus
from mansap.core.models import Student
from mansap.core.services import imports
from mansap.studentbody.models import StudentPeriod

from .factories import EducationalProgramFactory, InstitutionFactory, StudentFactory, UserFactory

COLUMNS = [c.name for c in imports.COLUMNS]
IIN_NEW = make_iin(dt.date(2001, 3, 14), "F", 11)
IIN_OLD = make_iin(dt.date(2000, 5, 2), "M", 22)


def write_only_xlsx(rows: list[list[Any]]) -> io.BytesIO:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("graduates")
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    out.seek(0)
    return out


def full_row(iin: str = IIN_NEW) -> list[Any]:
    """Every column of the template, in its order (COLUMNS)."""
    return [iin, "Сейтқалиева", "Айгерім", "Нұрланқызы", dt.datetime(2001, 3, 14), "ә", "6b 06101", "6B06102",
            "очная", "қазақ", "Казахстан", "грант", 2019.0, "25.06.2023", "ЖБ-Б 0001234", "иә", "3,456",
            " aigerim@example.kz ", "8 701 123 45 67"]  # fmt: skip


class ImportValuesTest(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.institution = InstitutionFactory(code="KAZUTB", short_name="KAZUTB")
        cls.major = EducationalProgramFactory(department__faculty__institution=cls.institution, code="6B06101")
        cls.minor = EducationalProgramFactory(department=cls.major.department, code="6B06102")
        cls.user = UserFactory(is_superuser=True)

    def run_import(self, rows: list[list[Any]], *, dry_run: bool = False) -> Any:
        return imports.run_import(
            write_only_xlsx([COLUMNS, *rows]), "graduates.xlsx", institution=self.institution,
            acting_user=self.user, dry_run=dry_run,
        )  # fmt: skip

    def test_a_new_student_every_column_and_its_history_row(self):
        report = self.run_import([full_row()])

        self.assertEqual((report.rows, report.created, report.updated, list(report.errors)), (1, 1, 0, []))
        student = Student.objects.get(iin=IIN_NEW)
        expected = {
            "institution_id": self.institution.pk, "iin": IIN_NEW, "last_name": "Сейтқалиева",
            "first_name": "Айгерім", "middle_name": "Нұрланқызы", "last_name_latin": "Seitkalieva",
            "first_name_latin": "Aigerim", "birth_date": dt.date(2001, 3, 14), "sex": "F",
            "program_id": self.major.pk, "minor_program_id": self.minor.pk, "study_form": "full_time",
            "study_language": "kk", "citizenship": "KZ", "funding": "grant", "admission_year": 2019,
            "graduation_date": dt.date(2023, 6, 25), "diploma_number": "ЖБ-Б 0001234", "with_honours": True,
            "gpa": Decimal("3.46"), "email": "aigerim@example.kz", "phone": "+7 701 123 45 67",
            "status": StudentStatus.GRADUATED, "course": None, "group": "", "user_id": None, "sponsor_id": None,
            "advisor_id": None,
        }  # fmt: skip
        self.assertEqual({name: getattr(student, name) for name in expected}, expected)
        self.assertLess(abs(student.updated_at - student.created_at), dt.timedelta(seconds=5))  # each stamped

        (history,) = Student.history.filter(iin=IIN_NEW)
        self.assertEqual((history.history_type, history.history_user_id, history.history_change_reason),
                         ("+", self.user.pk, None))  # fmt: skip
        tracked = [f.attname for f in Student.history.model.tracked_fields]
        self.assertEqual({n: getattr(history, n) for n in tracked}, {n: getattr(student, n) for n in tracked})

        periods = StudentPeriod.objects.filter(student=student).order_by("valid_from")
        self.assertEqual(
            [(p.valid_from, p.valid_to, p.state, p.program_id, p.funding, p.institution_id) for p in periods],
            [(dt.date(2019, 9, 1), dt.date(2023, 6, 25), "studying", self.major.pk, "grant", self.institution.pk),
             (dt.date(2023, 6, 25), None, "graduated", self.major.pk, "grant", self.institution.pk)],
        )  # fmt: skip

    def test_an_updated_student_gets_the_given_values_and_a_change_row(self):
        old = StudentFactory(
            institution=self.institution, program=self.major, iin=IIN_OLD, last_name="Ким", first_name="Арман",
            phone="", status=StudentStatus.STUDYING, graduation_date=None,
        )  # fmt: skip
        before = Student.history.filter(iin=IIN_OLD).count()
        row: list[Any] = [IIN_OLD, "Ким", "Арман", None, None, None, "6B06101", None, None, None, None, None, None,
                          "30.06.2024", None, None, None, None, "+7(702)1234567"]  # fmt: skip

        report = self.run_import([row])

        self.assertEqual((report.created, report.updated, report.unchanged, list(report.errors)), (0, 1, 0, []))
        old.refresh_from_db()
        self.assertEqual(
            (old.graduation_date, old.status, old.phone, old.last_name, old.minor_program_id),
            (dt.date(2024, 6, 30), StudentStatus.GRADUATED, "+7 702 123 45 67", "Ким", None),
        )
        self.assertEqual(Student.history.filter(iin=IIN_OLD).count(), before + 1)
        self.assertEqual(Student.history.filter(iin=IIN_OLD).latest("history_id").history_type, "~")
        self.assertEqual(self.run_import([row]).unchanged, 1)  # the same file again changes nothing

    def test_a_bad_row_writes_nothing_and_names_its_row_and_fields(self):
        bad = full_row(make_iin(dt.date(2002, 1, 1), "M", 33))
        bad[0] = bad[0][:11] + str((int(bad[0][11]) + 1) % 10)  # a wrong check digit
        bad[5] = "X"
        bad[13] = "01.01.1999"  # graduated before being born
        students, history, periods = Student.objects.count(), Student.history.count(), StudentPeriod.objects.count()

        report = self.run_import([full_row(), bad])

        self.assertEqual(
            [(i.row, i.column, i.code, i.params.get("value")) for i in report.errors],
            [(3, "iin", "iin_checksum", bad[0]), (3, "sex", "bad_choice", "X"),
             (3, "graduation_date", "bad_date", "1999-01-01")],
        )  # fmt: skip
        self.assertEqual((report.created, report.valid, report.invalid), (0, 1, 1))
        self.assertEqual(
            (Student.objects.count(), Student.history.count(), StudentPeriod.objects.count()),
            (students, history, periods),
        )

    def test_a_dry_run_reports_what_a_run_writes(self):
        report = self.run_import([full_row()], dry_run=True)

        self.assertEqual((report.created, list(report.errors), Student.objects.filter(iin=IIN_NEW).count()),
                         (1, [], 0))  # fmt: skip
        self.assertEqual(report.extra["preview"][0]["full_name"], "Сейтқалиева Айгерім Нұрланқызы")

    def test_an_iin_cell_in_each_form(self):
        from mansap.common.importing import CellError

        def outcome(value: Any) -> Any:
            try:
                return imports.parse_iin(value)
            except CellError as exc:
                return exc.code, exc.params.get("value")

        wrong = IIN_NEW[:11] + str((int(IIN_NEW[11]) + 1) % 10)
        self.assertEqual(IIN_NEW[:2], "01")  # a number cell loses this zero
        self.assertEqual(
            [outcome(v) for v in (IIN_NEW, wrong, int(IIN_NEW), f" {IIN_NEW[:6]} {IIN_NEW[6:]} ", f"{IIN_NEW}.0",
                                  IIN_NEW[:11], IIN_NEW[:11] + "x")],
            [IIN_NEW, ("iin_checksum", wrong), IIN_NEW, IIN_NEW, IIN_NEW, ("iin_format", IIN_NEW[:11]),
             ("iin_format", IIN_NEW[:11] + "x")],
        )  # fmt: skip
