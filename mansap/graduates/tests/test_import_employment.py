"""import_employment: the journal import's rules, codes, all-or-nothing, idempotency and the command contract."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.db import IntegrityError, transaction
from openpyxl import Workbook

from mansap.common.identifiers import make_bin, make_iin
from mansap.common.importing import CellError
from mansap.common.testing import BaseTestCase, make_student
from mansap.employers.models import Organization
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.services import imports
from mansap.graduates.services.records import record_employment

HEADER = ["iin", "status", "employer_name", "employer_bin", "position", "region", "salary", "start_date", "end_date",
          "channel"]  # fmt: skip
KEYS = {"rows", "valid", "invalid", "created", "updated", "unchanged", "errors", "warnings", "ignored_columns"}
GRADUATED = dt.date(2024, 6, 28)
ORG_BIN = make_bin(2010, 5, "4", "0", 4242)
OTHER_BIN = make_bin(2015, 3, "4", "0", 777)


def xlsx_bytes(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is not None and value != "":
                ws.cell(row=r, column=c, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(rows: list[list[Any]], delimiter: str = ";") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter).writerows(rows)
    return out.getvalue().encode("utf-8")


class EmploymentImportTestCase(BaseTestCase):
    """Two graduates of department A, one of department B, a current student, and a registered employer."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.g1 = make_student(cls.program_a, graduation_date=GRADUATED)
        cls.g2 = make_student(cls.program_a, graduation_date=GRADUATED)
        cls.g3 = make_student(cls.program_b, graduation_date=GRADUATED)
        cls.studying = make_student(cls.program_a)
        cls.org = Organization.objects.create(
            institution=cls.institution, bin=ORG_BIN, short_name="Astana Soft", name_kk="Астана Софт",
            name_ru="Астана Софт", name_en="Astana Soft",
        )  # fmt: skip

    def setUp(self) -> None:
        self._tmp = tempfile.TemporaryDirectory()
        self.addCleanup(self._tmp.cleanup)
        self.tmp = Path(self._tmp.name)

    def file(self, rows: list[list[Any]], name: str = "journal.xlsx") -> Path:
        path = self.tmp / name
        path.write_bytes(csv_bytes(rows) if name.endswith(".csv") else xlsx_bytes(rows))
        return path

    def command(self, path: Path | str, *args: str) -> tuple[int, str, str]:
        from django.core.management import call_command

        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("import_employment", str(path), *args, stdout=out, stderr=err)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, out.getvalue(), err.getvalue()

    def run_json(self, rows_or_path: list[list[Any]] | Path, *args: str) -> tuple[int, dict[str, Any]]:
        path = rows_or_path if isinstance(rows_or_path, Path) else self.file(rows_or_path)
        code, out, _err = self.command(path, "--json", *args)
        lines = [line for line in out.splitlines() if line.strip()]
        self.assertEqual(len(lines), 1, out)
        return code, json.loads(lines[0])

    @staticmethod
    def issues(report: dict[str, Any], key: str = "errors") -> set[tuple[int, str, str]]:
        return {(i["row"], i["column"], i["code"]) for i in report[key]}

    def history_rows(self) -> int:
        return EmploymentRecord.history.count()


class ImportTests(EmploymentImportTestCase):
    def good_rows(self) -> list[list[Any]]:
        return [
            HEADER,
            [self.g1.iin, "unemployed_seeking", "", "", "", "Астана", "", "15.07.2024", "", ""],
            [self.g1.iin, "employed_specialty", "ТОО «Астана Софт»", ORG_BIN, "Инженер-программист", "Astana",
             "250 000", "2024-09-01", "", ""],
            [self.g2.iin, "ИП", "ИП Сейткали", "", "жеке кәсіпкер", "г. Алматы", 400000.0, "01.10.2024", "",
             "WhatsApp"],
        ]  # fmt: skip

    def test_valid_file_is_imported_through_the_service(self) -> None:
        code, report = self.run_json(self.good_rows(), "--user", "aigerim")
        self.assertEqual(code, 0, report)
        self.assertEqual(set(report), KEYS)
        self.assertEqual(
            {k: report[k] for k in ("rows", "valid", "invalid", "created", "updated", "unchanged")},
            {"rows": 3, "valid": 3, "invalid": 0, "created": 3, "updated": 0, "unchanged": 0},
        )
        self.assertEqual((report["errors"], report["warnings"], report["ignored_columns"]), ([], [], []))
        first, second = EmploymentRecord.objects.filter(graduate=self.g1).order_by("started_on")
        # The later record closed the earlier one (the day before it starts).
        self.assertEqual((first.status, first.ended_on), ("unemployed_seeking", dt.date(2024, 8, 31)))
        self.assertEqual((second.status, second.ended_on, second.salary), ("employed_specialty", None, 250000))
        self.assertEqual((first.channel, second.channel), ("telephone", "document"))  # the default channels
        self.assertEqual((second.organization, second.employer_bin, second.region), (self.org, ORG_BIN, "astana"))
        self.assertEqual(len(first.import_key), 64)
        own = EmploymentRecord.objects.get(graduate=self.g2)
        self.assertEqual((own.status, own.salary, own.region, own.channel), ("own_business", 400000, "almaty_city",
                                                                             "messenger"))  # fmt: skip
        self.assertEqual(own.recorded_by, self.aigerim)
        self.assertEqual(own.history.first().history_user, self.aigerim)

    def test_second_import_adds_nothing(self) -> None:
        path = self.file(self.good_rows())
        self.assertEqual(self.run_json(path)[0], 0)
        records, history = EmploymentRecord.objects.count(), self.history_rows()
        ended = list(EmploymentRecord.objects.order_by("pk").values_list("ended_on", flat=True))
        code, report = self.run_json(path)
        self.assertEqual(code, 0, report)
        self.assertEqual((report["created"], report["updated"], report["unchanged"]), (0, 0, 3))
        self.assertEqual(EmploymentRecord.objects.count(), records)
        self.assertEqual(self.history_rows(), history)
        self.assertEqual(list(EmploymentRecord.objects.order_by("pk").values_list("ended_on", flat=True)), ended)

    def test_the_database_refuses_a_second_record_with_the_same_import_key(self) -> None:
        fields = {"status": "unemployed_seeking", "started_on": dt.date(2024, 7, 15), "channel": "telephone"}
        EmploymentRecord.objects.create(graduate=self.g1, import_key="k" * 64, ended_on=dt.date(2024, 8, 1), **fields)
        with self.assertRaises(IntegrityError), transaction.atomic():
            EmploymentRecord.objects.create(graduate=self.g1, import_key="k" * 64, **fields)
        EmploymentRecord.objects.create(graduate=self.g2, import_key="k" * 64, **fields)  # another graduate: fine
        # Records entered by hand have no key: any number of them.
        EmploymentRecord.objects.create(graduate=self.g1, ended_on=dt.date(2024, 8, 1), **fields)
        EmploymentRecord.objects.create(graduate=self.g1, **fields)
        self.assertEqual(EmploymentRecord.objects.filter(graduate=self.g1).count(), 3)

    def test_an_import_racing_another_imports_nothing(self) -> None:
        """The same file imported twice at once: the second finds the rows written after it looked (plan)."""
        path = self.file(self.good_rows())
        self.assertEqual(self.run_json(path)[0], 0)
        records, history = EmploymentRecord.objects.count(), self.history_rows()
        with mock.patch.object(imports._Run, "existing_records", return_value={}):  # as if it looked before
            code, report = self.run_json(path)
        self.assertNotEqual(code, 0)
        self.assertIn("imported_meanwhile", {i["code"] for i in report["errors"]})
        self.assertEqual(report["created"], 0)
        self.assertEqual((EmploymentRecord.objects.count(), self.history_rows()), (records, history))
        self.assertEqual(EmploymentRecord.objects.filter(graduate=self.g1, ended_on__isnull=True).count(), 1)

    def test_a_record_entered_by_hand_counts_as_unchanged(self) -> None:
        record_employment(
            self.g2, acting_user=self.aigerim, status="own_business", employer_name="ип  сейткали",
            started_on=dt.date(2024, 10, 1), channel="telephone",
        )  # fmt: skip
        code, report = self.run_json(self.good_rows())
        self.assertEqual((code, report["created"], report["unchanged"]), (0, 2, 1))
        self.assertEqual(EmploymentRecord.objects.filter(graduate=self.g2).count(), 1)

    def test_rows_of_a_graduate_are_applied_in_start_date_order(self) -> None:
        rows = [
            HEADER,
            [self.g1.iin, "employed_other", "Magnum", "", "Кассир", "", "", "01.03.2025", "", "телефон"],
            [self.g1.iin, "unemployed_seeking", "", "", "", "", "", "01.07.2024", "", ""],
            [self.g1.iin, "military_service", "", "", "", "", "", "10.08.2024", "", ""],
        ]
        code, report = self.run_json(rows)
        self.assertEqual((code, report["created"]), (0, 3), report)
        history = list(
            EmploymentRecord.objects.filter(graduate=self.g1)
            .order_by("started_on")
            .values_list("status", "started_on", "ended_on")
        )
        self.assertEqual(
            history,
            [
                ("unemployed_seeking", dt.date(2024, 7, 1), dt.date(2024, 8, 9)),
                ("military_service", dt.date(2024, 8, 10), dt.date(2025, 2, 28)),
                ("employed_other", dt.date(2025, 3, 1), None),
            ],
        )

    def test_a_later_import_closes_the_open_record(self) -> None:
        self.run_json(self.good_rows())
        rows = [HEADER, [self.g1.iin, "continuing_education", "ЕНУ", "", "магистрант", "", "", "01.09.2025", "", ""]]
        code, report = self.run_json(rows)
        self.assertEqual((code, report["created"]), (0, 1))
        open_records = EmploymentRecord.objects.filter(graduate=self.g1, ended_on__isnull=True)
        self.assertEqual(list(open_records.values_list("status", flat=True)), ["continuing_education"])
        self.assertEqual(
            EmploymentRecord.objects.get(graduate=self.g1, status="employed_specialty").ended_on, dt.date(2025, 8, 31)
        )

    def test_an_open_record_before_the_current_one_is_date_order(self) -> None:
        record_employment(
            self.g1, acting_user=None, status="employed_other", started_on=dt.date(2025, 1, 10), channel="email"
        )
        rows = [
            HEADER,
            [self.g2.iin, "unemployed_seeking", "", "", "", "", "", "01.08.2024", "", ""],
            [self.g1.iin, "unemployed_seeking", "", "", "", "", "", "01.08.2024", "", ""],  # open, before 10.01.2025
            [self.g1.iin, "unemployed_seeking", "", "", "", "", "", "01.08.2024", "09.01.2025", ""],  # a past period
        ]
        code, report = self.run_json(rows)
        self.assertEqual(code, 1)
        self.assertEqual(self.issues(report), {(3, "start_date", "date_order")})
        self.assertIn("10.01.2025", report["errors"][0]["message"])
        self.assertEqual((report["valid"], report["invalid"], report["created"]), (2, 1, 0))
        self.assertEqual(EmploymentRecord.objects.count(), 1)  # all or nothing

    def test_every_error_code_with_its_row(self) -> None:
        bad_checksum = self.g1.iin[:11] + str((int(self.g1.iin[11]) + 1) % 10)
        stranger = make_iin(dt.date(1999, 1, 1), "M", 9999)
        rows = [
            HEADER,
            [self.g1.iin, "employed_specialty", "", "", "", "", "", "01.09.2024", "", ""],  # 2: fine
            ["12345", "employed_specialty", "", "", "", "", "", "01.09.2024", "", ""],  # 3
            [bad_checksum, "employed_specialty", "", "", "", "", "", "01.09.2024", "", ""],  # 4
            [stranger, "employed_specialty", "", "", "", "", "", "01.09.2024", "", ""],  # 5
            [self.studying.iin, "employed_specialty", "", "", "", "", "", "01.09.2024", "", ""],  # 6: not a graduate
            [self.g2.iin, "на луне", "", "", "", "", "", "01.09.2024", "", ""],  # 7
            [self.g2.iin, "employed_other", "X", "123456789012", "", "", "", "01.09.2024", "", ""],  # 8
            [self.g2.iin, "employed_other", "", "", "", "", "", "31.02.2024", "", ""],  # 9
            [self.g2.iin, "employed_other", "", "", "", "", "много", "01.09.2024", "", ""],  # 10
            [self.g2.iin, "employed_other", "", "", "", "", "", "01.09.2024", "31.08.2024", ""],  # 11
            [self.g2.iin, "employed_other", "", "", "", "", "", "01.09.2024", "", "голубиная почта"],  # 12
            [self.g2.iin, "", "", "", "", "", "", "01.09.2024", "", ""],  # 13
            [self.g2.iin, "unemployed_seeking", "", "", "", "", "100000", "01.09.2024", "", ""],  # 14
            [self.g2.iin, "employed_other", "", "", "", "", "", "", "", ""],  # 15
        ]
        code, report = self.run_json(rows)
        self.assertEqual(code, 1)
        self.assertEqual(
            self.issues(report),
            {
                (3, "iin", "iin_format"),
                (4, "iin", "iin_checksum"),
                (5, "iin", "unknown_graduate"),
                (6, "iin", "unknown_graduate"),
                (7, "status", "bad_status"),
                (8, "employer_bin", "bad_bin"),
                (9, "start_date", "bad_date"),
                (10, "salary", "bad_number"),
                (11, "end_date", "date_order"),
                (12, "channel", "bad_choice"),
                (13, "status", "missing_field"),
                (14, "salary", "bad_number"),
                (15, "start_date", "missing_field"),
            },
        )
        self.assertEqual([i["row"] for i in report["errors"]], sorted(i["row"] for i in report["errors"]))
        self.assertEqual((report["rows"], report["valid"], report["invalid"]), (14, 1, 13))
        self.assertEqual((report["created"], report["updated"], report["unchanged"]), (0, 0, 0))
        self.assertFalse(EmploymentRecord.objects.exists())
        self.assertTrue(all(i["message"] and i["message"] != i["code"] for i in report["errors"]))

    def test_the_users_scope_decides_which_graduates_are_known(self) -> None:
        rows = [
            HEADER,
            [self.g1.iin, "employed_specialty", "", "", "", "", "", "01.09.2024", "", ""],
            [self.g3.iin, "employed_specialty", "", "", "", "", "", "01.09.2024", "", ""],  # department B
        ]
        path = self.file(rows)
        code, report = self.run_json(path, "--user", "aigerim")
        self.assertEqual((code, self.issues(report)), (1, {(3, "iin", "unknown_graduate")}))
        code, report = self.run_json(path, "--user", "bolat")  # read-only
        self.assertEqual(self.issues(report), {(2, "iin", "unknown_graduate"), (3, "iin", "unknown_graduate")})
        self.assertFalse(EmploymentRecord.objects.exists())
        code, report = self.run_json(path, "--user", "dean")
        self.assertEqual((code, report["created"]), (0, 2))

    def test_unknown_region_is_kept_with_a_warning(self) -> None:
        rows = [
            HEADER,
            [self.g1.iin, "employed_other", "", "", "", "Карагандинская обл.", "", "01.09.2024", "", ""],
            [self.g2.iin, "continuing_education", "", "", "", "Прага, Чехия", "", "01.09.2024", "", ""],
        ]
        code, report = self.run_json(rows)
        self.assertEqual(code, 0, report)
        self.assertEqual(report["errors"], [])
        self.assertEqual(self.issues(report, "warnings"), {(3, "region", "unknown_region")})
        self.assertEqual(set(report["warnings"][0]), {"row", "column", "code", "message"})
        self.assertIn("Прага, Чехия", report["warnings"][0]["message"])
        self.assertEqual(EmploymentRecord.objects.get(graduate=self.g1).region, "karaganda")
        record = EmploymentRecord.objects.get(graduate=self.g2)
        self.assertEqual((record.region, record.region_text), ("", "Прага, Чехия"))

    def test_identical_rows_count_once(self) -> None:
        row = [self.g1.iin, "employed_other", "Magnum", "", "Кассир", "", "", "01.09.2024", "", ""]
        code, report = self.run_json([HEADER, row, list(row)])
        self.assertEqual(code, 0, report)
        self.assertEqual((report["valid"], report["created"], report["unchanged"]), (2, 1, 1))
        self.assertEqual(self.issues(report, "warnings"), {(3, "", "duplicate_row")})
        self.assertEqual(EmploymentRecord.objects.count(), 1)

    def test_russian_headers_and_aliases(self) -> None:
        rows = [
            ["ИИН", "Статус", "Работодатель", "БИН работодателя", "Должность", "Регион", "Заработная плата",
             "Дата начала", "Дата окончания", "Источник", "Примечание"],
            [self.g1.iin, "Трудоустроен по специальности", "ТОО Ромашка", OTHER_BIN, "Бухгалтер", "Акмолинская область",
             "250000.0", "01.09.2024", "", "Сам сообщил", "ок"],
            [self.g2.iin, "Служба в армии", "", "", "", "", "", "15.07.2024", "14.07.2025", "Преподаватель", ""],
            [self.g2.iin, "безработный", "", "", "", "", "", "15.07.2025", "", "эл. почта", ""],
        ]  # fmt: skip
        code, report = self.run_json(self.file(rows, "журнал.csv"))
        self.assertEqual(code, 0, report)
        self.assertEqual((report["created"], report["ignored_columns"]), (3, ["Примечание"]))
        record = EmploymentRecord.objects.get(graduate=self.g1)
        self.assertEqual(
            (record.status, record.salary, record.channel, record.region, record.employer_bin, record.organization),
            ("employed_specialty", 250000, "self_report", "akmola", OTHER_BIN, None),
        )
        statuses = EmploymentRecord.objects.filter(graduate=self.g2).order_by("started_on")
        self.assertEqual(
            list(statuses.values_list("status", "channel", "ended_on")),
            [("military_service", "colleague", dt.date(2025, 7, 14)), ("unemployed_seeking", "email", None)],
        )

    def test_kazakh_headers_and_aliases(self) -> None:
        rows = [
            ["ЖСН", "Мәртебе", "Жұмыс беруші", "БСН", "Лауазым", "Өңір", "Жалақы", "Басталған күні", "Аяқталған күні",
             "Ақпарат көзі"],
            [self.g1.iin, "мамандығы бойынша жұмыс істейді", "«Астана Софт» ЖШС", "", "Бағдарламашы",
             "Қарағанды облысы", 320000, dt.date(2024, 9, 2), None, "өзі хабарлады"],
            [self.g2.iin, "бала күтіміне байланысты демалыс", "", "", "", "", "", "2024-08-01", "", "әлеуметтік желі"],
        ]  # fmt: skip
        code, report = self.run_json(rows)
        self.assertEqual(code, 0, report)
        self.assertEqual(
            EmploymentRecord.objects.values_list("graduate_id", "status", "region", "channel", "salary")
            .order_by("graduate_id")
            .first(),
            (self.g1.pk, "employed_specialty", "karaganda", "self_report", 320000),
        )
        self.assertEqual(EmploymentRecord.objects.get(graduate=self.g2).status, "parental_leave")

    def test_the_level_of_studies_in_three_languages(self) -> None:
        """study_level (#15): a graduate continuing their education, at a level of ProgramLevel, in kk, ru or en."""
        rows = [
            ["ЖСН", "Мәртебе", "Басталған күні", "Оқу деңгейі"],
            [self.g1.iin, "оқуын жалғастыруда", "01.09.2024", "магистратура"],
            [self.g2.iin, "continuing_education", "01.09.2024", "PhD"],
            [self.g3.iin, "employed_other", "01.09.2024", ""],
        ]
        code, report = self.run_json(rows)
        self.assertEqual(code, 0, report)
        self.assertEqual(
            sorted(EmploymentRecord.objects.values_list("graduate_id", "status", "study_level")),
            sorted([(self.g1.pk, "continuing_education", "master"), (self.g2.pk, "continuing_education", "doctorate"),
                    (self.g3.pk, "employed_other", "")]),
        )  # fmt: skip
        ru = [["ИИН", "Статус", "Дата начала", "Уровень обучения"],
              [self.g1.iin, "магистратура", "01.09.2025", "Докторантура"]]  # fmt: skip
        self.assertEqual(self.run_json(ru)[0], 0)
        self.assertEqual(EmploymentRecord.objects.get(graduate=self.g1, started_on=dt.date(2025, 9, 1)).study_level,
                         "doctorate")  # fmt: skip

    def test_a_wrong_level_of_studies_is_a_coded_row_error(self) -> None:
        rows = [
            ["iin", "status", "start_date", "study_level"],
            [self.g1.iin, "continuing_education", "01.09.2024", "колледж"],
            [self.g2.iin, "employed_other", "01.09.2024", "master"],
        ]
        code, report = self.run_json(rows, "--dry-run")
        self.assertEqual(code, 1)
        self.assertEqual(self.issues(report), {(2, "study_level", "bad_study_level"),
                                               (3, "study_level", "bad_study_level")})  # fmt: skip
        first, second = report["errors"]
        self.assertEqual(first["message"], "колледж is not a level of studies; accepted: bachelor, master, doctorate.")
        self.assertEqual(
            second["message"],
            "A level of studies (master) is recorded only for a graduate continuing their education, not for "
            "employed_other.",
        )
        code, report = self.run_json(rows, "--language", "ru")
        self.assertIn("колледж", report["errors"][0]["message"])
        self.assertNotIn("is not a level", report["errors"][0]["message"])
        self.assertFalse(EmploymentRecord.objects.exists())

    def test_a_missing_required_column(self) -> None:
        code, report = self.run_json([["iin", "status"], [self.g1.iin, "employed_other"]])
        self.assertEqual(code, 1)
        self.assertEqual(self.issues(report), {(1, "start_date", "missing_field")})
        self.assertEqual((report["valid"], report["invalid"]), (0, 1))
        self.assertFalse(EmploymentRecord.objects.exists())

    def test_dry_run_writes_nothing(self) -> None:
        code, report = self.run_json(self.good_rows(), "--dry-run")
        self.assertEqual((code, report["created"]), (0, 3))
        self.assertFalse(EmploymentRecord.objects.exists())


class CommandContractTests(EmploymentImportTestCase):
    def test_exit_codes_and_output(self) -> None:
        good = self.file([HEADER, [self.g1.iin, "unknown", "", "", "", "", "", "01.09.2024", "", ""]])
        code, out, _err = self.command(good)
        self.assertEqual(code, 0)
        self.assertIn("1 created", out)
        code, out, _err = self.command(self.file([HEADER, ["1", "x", "", "", "", "", "", "", "", ""]], "bad.xlsx"))
        self.assertEqual(code, 1)
        self.assertIn("nothing was imported", out)

        for path in (self.tmp / "missing.xlsx", self.file([HEADER], "header_only.xlsx")):
            code, report = self.run_json(path)
            self.assertEqual(code, 2)
            self.assertEqual(set(report), {"error"})
        garbage = self.tmp / "garbage.xlsx"
        garbage.write_bytes(b"PK\x03\x04 not really a zip")
        self.assertEqual(self.run_json(garbage)[0], 2)
        self.assertEqual(self.command(good, "--user", "nobody")[0], 2)
        self.assertEqual(self.command(good, "--institution", "NOPE")[0], 2)

    def test_messages_follow_the_language_option(self) -> None:
        path = self.file([HEADER, [self.g1.iin, "x", "", "", "", "", "", "01.09.2024", "", ""]])
        for language in ("kk", "ru", "en"):
            code, report = self.run_json(path, "--language", language)
            self.assertEqual((code, report["errors"][0]["code"]), (1, "bad_status"))
            self.assertTrue(report["errors"][0]["message"])

    def test_institution_option(self) -> None:
        path = self.file([HEADER, [self.g1.iin, "unknown", "", "", "", "", "", "01.09.2024", "", ""]])
        code, report = self.run_json(path, "--institution", self.institution.code)
        self.assertEqual((code, report["created"]), (0, 1))


# ---- Parsers -------------------------------------------------------------------------------------------------

STATUS_ALIASES = {
    "трудоустроен по специальности": "employed_specialty",
    "Мамандығы бойынша жұмыс істейді": "employed_specialty",
    "не по специальности": "employed_other",
    "ИП": "own_business",
    "собственный бизнес": "own_business",
    "өз бизнесі": "own_business",
    "магистратура": "continuing_education",
    "продолжает обучение": "continuing_education",
    "оқуын жалғастыруда": "continuing_education",
    "армия": "military_service",
    "служба в армии": "military_service",
    "әскери қызмет": "military_service",
    "декрет": "parental_leave",
    "отпуск по уходу за ребёнком": "parental_leave",
    "бала күтіміне байланысты демалыс": "parental_leave",
    "безработный": "unemployed_seeking",
    "ищет работу": "unemployed_seeking",
    "жұмыссыз": "unemployed_seeking",
    "не ищет работу": "not_seeking",
    "неизвестно": "unknown",
    "белгісіз": "unknown",
    "EMPLOYED_SPECIALTY": "employed_specialty",
    "not_seeking": "not_seeking",
}
CHANNEL_ALIASES = {
    "телефон": "telephone",
    "мессенджер": "messenger",
    "WhatsApp": "messenger",
    "эл. почта": "email",
    "документ": "document",
    "справка": "document",
    "сам сообщил": "self_report",
    "өзі хабарлады": "self_report",
    "соцсети": "social_network",
    "әлеуметтік желі": "social_network",
    "коллега": "colleague",
    "преподаватель": "colleague",
    "social_network": "social_network",
}


@pytest.mark.parametrize(("text", "code"), STATUS_ALIASES.items())
def test_status_aliases(text: str, code: str) -> None:
    assert imports.COLUMNS_BY_NAME["status"].parse(text) == code


@pytest.mark.parametrize(("text", "code"), CHANNEL_ALIASES.items())
def test_channel_aliases(text: str, code: str) -> None:
    assert imports.COLUMNS_BY_NAME["channel"].parse(text) == code


SALARIES = [("250 000", 250000), ("250\u00a0000", 250000), (250000.0, 250000), ("250000.0", 250000),
            (180000, 180000), ("250 000 тг", 250000)]  # fmt: skip


@pytest.mark.parametrize(("value", "expected"), SALARIES)
def test_salary_is_whole_tenge(value: Any, expected: int) -> None:
    assert imports.parse_salary(value) == expected


@pytest.mark.parametrize("value", ["250000.5", 250000.5, "-5", "0", "много", True])
def test_bad_salary(value: Any) -> None:
    with pytest.raises(CellError) as caught:
        imports.parse_salary(value)
    assert caught.value.code == "bad_number"


def test_default_channel_and_import_key() -> None:
    assert imports.default_channel(ORG_BIN) == "document"
    assert imports.default_channel("") == "telephone"
    data = {"status": "employed_other", "start_date": dt.date(2024, 9, 1), "employer_name": "ТОО  Ромашка"}
    key = imports.import_key(1, data)
    assert key == imports.import_key(1, {**data, "employer_name": "тоо ромашка"})
    assert key != imports.import_key(2, data)
    assert key != imports.import_key(1, {**data, "end_date": dt.date(2025, 1, 1)})


def test_region_names() -> None:
    assert imports.region_code("г. Астана") == "astana"
    assert imports.region_code("Алматы қ.") == "almaty_city"
    assert imports.region_code("Павлодарская обл.") == "pavlodar"
    assert imports.region_code("Марс") is None
