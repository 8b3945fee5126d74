"""Official extracts (#20): reading any layout, the codes, all or nothing, idempotency and the command contract."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from openpyxl import Workbook

from mansap.common.identifiers import make_bin, make_iin
from mansap.common.importing import CellError
from mansap.common.testing import BaseTestCase, make_student
from mansap.graduates.choices import ExtractKind
from mansap.graduates.models import (
    ExtractProfile,
    OfficialCheckConsent,
    OfficialContract,
    OfficialContribution,
    OfficialExtract,
)
from mansap.graduates.services import extracts
from mansap.graduates.services.extracts import ExtractParams, parse_extract_iin, parse_month

KEYS = {"rows", "valid", "invalid", "created", "updated", "unchanged", "errors", "warnings", "ignored_columns"}
GRADUATED = dt.date(2024, 6, 28)
BIN = make_bin(2010, 5, "4", "0", 4242)
OLD_BIN = make_bin(2005, 3, "4", "0", 77)  # registered in 2005: begins with a zero
STRANGER = make_iin(dt.date(1999, 3, 4), "M", 55)


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


def csv_bytes(rows: list[list[Any]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("utf-8")


class ValueTests(BaseTestCase):
    def test_iin_read_as_text_with_a_lost_zero_restored(self) -> None:
        iin = make_iin(dt.date(2002, 5, 14), "F", 12)
        assert iin.startswith("0")
        assert parse_extract_iin(iin) == iin
        assert parse_extract_iin(int(iin)) == iin  # an Excel number cell: 11 digits
        assert parse_extract_iin(iin[1:]) == iin
        wrong = iin[:-1] + str((int(iin[-1]) + 1) % 10)
        for bad in (wrong, wrong[1:], "12345", "ИИН"):
            with pytest.raises(CellError) as caught:
                parse_extract_iin(bad)
            assert caught.value.code == "bad_iin"

    def test_months(self) -> None:
        march = dt.date(2025, 3, 1)
        for value in ("2025-03", "03.2025", "3.2025", "202503", "15.03.2025", "2025-03-15", dt.date(2025, 3, 9),
                      dt.datetime(2025, 3, 9, 0, 0), "март 2025", "Марта 2025 г.", "наурыз 2025", "2025 жыл наурыз",
                      "March 2025", "Mar 2025"):  # fmt: skip
            assert parse_month(value) == march, value
        assert parse_month("қаңтар 2024") == dt.date(2024, 1, 1)
        assert parse_month("мая 2024") == dt.date(2024, 5, 1)
        for bad in ("2025-13", "13.2025", "весна 2025", "март", "31.02.2025", "2025"):
            with pytest.raises(CellError) as caught:
                parse_month(bad)
            assert caught.value.code == "bad_month", bad

    def test_guessed_mapping_in_three_languages(self) -> None:
        assert extracts.guess_mapping(
            ["ЖСН", "Жұмыс берушінің БСН", "Басталған күні", "Аяқталған күні"], "contracts"
        ) == {
            "iin": "ЖСН",
            "employer_bin": "Жұмыс берушінің БСН",
            "started_on": "Басталған күні",
            "ended_on": "Аяқталған күні",
        }
        assert extracts.guess_mapping(["ИИН", "Период", "БИН", "Сумма", "ФИО"], "contributions") == {
            "iin": "ИИН",
            "month": "Период",
            "payer_bin": "БИН",
            "amount": "Сумма",
        }
        assert extracts.guess_mapping(["IIN", "Month", "Payer"], "contributions") == {
            "iin": "IIN",
            "month": "Month",
            "payer_name": "Payer",
        }


class ExtractImportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.g1 = make_student(cls.program_a, graduation_date=GRADUATED, birth_date=dt.date(2002, 1, 5))
        cls.g2 = make_student(cls.program_b, graduation_date=GRADUATED, birth_date=dt.date(1999, 7, 1))
        assert cls.g1.iin.startswith("0")

    def contracts_file(self, *rows: list[Any]) -> list[list[Any]]:
        return [["ИИН", "БИН работодателя", "Наименование работодателя", "Должность", "Дата начала", "Дата окончания"],
                *rows]  # fmt: skip

    def load(self, rows: list[list[Any]], *, kind: str = "contracts", dry_run: bool = False, name: str = "e.xlsx",
            user: Any = None, **params: Any) -> tuple[Any, Any]:  # fmt: skip
        data = xlsx_bytes(rows) if name.endswith(".xlsx") else csv_bytes(rows)
        return extracts.run_extract(
            io.BytesIO(data),
            name,
            institution=self.institution,
            acting_user=user,
            dry_run=dry_run,
            params=ExtractParams(kind=kind, cohorts=[2024], source="ESUTD", consent_basis="consent forms", **params),
        )

    def test_contracts_written_with_a_restored_zero_and_an_unknown_graduate_kept(self) -> None:
        rows = self.contracts_file(
            [int(self.g1.iin), BIN, "ТОО Альфа", "инженер", dt.date(2024, 9, 2), None],
            [self.g2.iin, "", "ИП Бета", "", "01.10.2024", "31.12.2024"],
            [STRANGER, BIN, "ТОО Альфа", "бухгалтер", "2024-08-01", ""],
        )
        report, extract = self.load(rows, user=self.cc)
        out = report.to_dict()
        assert out["errors"] == []
        assert (out["rows"], out["valid"], out["created"]) == (3, 3, 3)
        assert [(w["row"], w["code"]) for w in out["warnings"]] == [(2, "iin_leading_zero"), (4, "unknown_graduate")]
        assert report.extra["matched"] == 2 and report.extra["unknown"] == 1
        extract.refresh_from_db()
        assert (extract.row_count, extract.period_start, extract.period_end) == (
            3,
            dt.date(2024, 8, 1),
            dt.date(2024, 12, 31),
        )
        assert extract.uploaded_by == self.cc and extract.source == "ESUTD" and len(extract.sha256) == 64
        assert list(extract.cohorts.values_list("year", flat=True)) == [2024]
        assert extract.file.name
        got = list(
            OfficialContract.objects.order_by("row_number").values_list(
                "row_number",
                "iin",
                "graduate_id",
                "employer_bin",
                "employer_name",
                "position",
                "started_on",
                "ended_on",
            )
        )
        assert got == [
            (2, self.g1.iin, self.g1.pk, BIN, "ТОО Альфа", "инженер", dt.date(2024, 9, 2), None),
            (3, self.g2.iin, self.g2.pk, "", "ИП Бета", "", dt.date(2024, 10, 1), dt.date(2024, 12, 31)),
            (4, STRANGER, None, BIN, "ТОО Альфа", "бухгалтер", dt.date(2024, 8, 1), None),
        ]
        assert set(OfficialContract.objects.values_list("institution_id", flat=True)) == {self.institution.pk}

    def test_one_bad_row_writes_nothing_and_names_row_and_field(self) -> None:
        wrong = self.g2.iin[:-1] + str((int(self.g2.iin[-1]) + 1) % 10)
        rows = self.contracts_file(
            [self.g1.iin, BIN, "ТОО Альфа", "", "02.09.2024", ""],
            [wrong, "123", "ИП Бета", "", "32.10.2024", "01.01.2024"],
            [self.g2.iin, BIN, "", "", "01.10.2024", "01.09.2024"],
        )
        report, extract = self.load(rows)
        out = report.to_dict()
        assert extract is None
        assert [(e["row"], e["column"], e["code"]) for e in out["errors"]] == [
            (3, "iin", "bad_iin"),
            (3, "employer_bin", "bad_bin"),
            (3, "started_on", "bad_date"),
            (4, "ended_on", "bad_date"),
        ]
        assert (out["rows"], out["valid"], out["invalid"], out["created"]) == (3, 1, 2, 0)
        assert OfficialExtract.objects.count() == 0 and OfficialContract.objects.count() == 0

    def test_contributions_with_months_and_a_bad_month(self) -> None:
        rows = [
            ["ЖСН", "Кезең", "Төлеушінің БСН", "Төлеуші", "Сомасы"],
            [self.g1.iin, "2025-01", BIN, "ТОО Альфа", "12 500,50"],
            [self.g1.iin, "ақпан 2025", int(OLD_BIN), "ТОО Альфа", ""],
        ]
        report, extract = self.load(rows, kind="contributions", name="c.csv")
        assert report.to_dict()["errors"] == []
        assert list(
            OfficialContribution.objects.order_by("row_number").values_list(
                "month", "payer_bin", "amount", "graduate_id"
            )
        ) == [
            (dt.date(2025, 1, 1), BIN, Decimal("12500.50"), self.g1.pk),
            (dt.date(2025, 2, 1), OLD_BIN, None, self.g1.pk),
        ]
        extract.refresh_from_db()
        assert (extract.period_start, extract.period_end) == (dt.date(2025, 1, 1), dt.date(2025, 2, 28))

        rows.append([self.g2.iin, "2025-13", BIN, "", ""])
        report, extract = self.load(rows, kind="contributions", name="c2.csv")
        assert [(e["row"], e["column"], e["code"]) for e in report.to_dict()["errors"]] == [(4, "month", "bad_month")]
        assert extract is None and OfficialContribution.objects.count() == 2

    def test_the_same_file_twice_adds_nothing(self) -> None:
        rows = self.contracts_file([self.g1.iin, BIN, "ТОО Альфа", "", "02.09.2024", ""])
        _report, first = self.load(rows, name="e.csv")  # an XLSX written twice differs (its creation time)
        report, second = self.load(rows, name="e.csv")
        out = report.to_dict()
        assert second is None
        assert (out["created"], out["unchanged"], out["errors"]) == (0, 1, [])
        assert [w["code"] for w in out["warnings"]] == ["already_imported"]
        assert f"No. {first.pk}" in out["warnings"][0]["message"]
        assert OfficialExtract.objects.count() == 1 and OfficialContract.objects.count() == 1

    def test_dry_run_writes_nothing(self) -> None:
        rows = self.contracts_file([self.g1.iin, BIN, "ТОО Альфа", "", "02.09.2024", ""])
        report, extract = self.load(rows, dry_run=True)
        assert extract is None and report.to_dict()["created"] == 1
        assert OfficialExtract.objects.count() == 0 and OfficialContract.objects.count() == 0

    def test_a_profile_maps_headers_no_alias_knows(self) -> None:
        profile = ExtractProfile.objects.create(
            institution=self.institution, kind="contracts", name="ESUTD 2025",
            mapping={"iin": "Колонка A", "started_on": "Колонка B"},
        )  # fmt: skip
        rows = [["Колонка A", "Колонка B"], [self.g1.iin, "02.09.2024"]]
        report, extract = self.load(rows, profile=profile)
        assert report.to_dict()["errors"] == [] and extract.profile == profile
        report, extract = self.load([["Колонка A", "Колонка C"], [self.g1.iin, "x"]], profile=profile)
        assert [(e["column"], e["code"]) for e in report.to_dict()["errors"]] == [("started_on", "missing_field")]

    def test_only_the_career_center_uploads(self) -> None:
        rows = self.contracts_file([self.g1.iin, BIN, "ТОО Альфа", "", "02.09.2024", ""])
        for user in (self.aigerim, self.dean, self.registrar):
            with pytest.raises(PermissionDenied):
                self.load(rows, user=user)
        assert OfficialExtract.objects.count() == 0

    def test_consent_recorded_with_history(self) -> None:
        extracts.record_consent(self.g1, status="given", note="форма 2024", acting_user=self.aigerim)
        extracts.record_consent(self.g1, status="refused", acting_user=self.cc)
        consent = OfficialCheckConsent.objects.get(graduate=self.g1)
        assert (consent.status, consent.recorded_by, consent.institution_id) == (
            "refused",
            self.cc,
            self.institution.pk,
        )
        assert [h.status for h in consent.history.order_by("history_id")] == ["given", "refused"]
        with pytest.raises(PermissionDenied):
            extracts.record_consent(self.g2, status="given", acting_user=self.aigerim)  # another department's

    def test_delete_extract_whole(self) -> None:
        rows = self.contracts_file([self.g1.iin, BIN, "ТОО Альфа", "", "02.09.2024", ""])
        _report, extract = self.load(rows)
        with pytest.raises(PermissionDenied):
            extracts.delete_extract(extract, acting_user=self.registrar)
        extracts.delete_extract(extract, acting_user=self.cc)
        assert OfficialExtract.objects.count() == 0 and OfficialContract.objects.count() == 0


class CommandTests(ExtractImportTestCase):
    def call(self, rows: list[list[Any]], *args: str) -> tuple[int, dict[str, Any]]:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "extract.csv"
            path.write_bytes(csv_bytes(rows))
            out = io.StringIO()
            try:
                call_command("import_extract", str(path), "--json", *args, stdout=out, stderr=io.StringIO())
                code = 0
            except SystemExit as exc:
                code = int(exc.code or 0)
        return code, json.loads(out.getvalue())

    def test_json_and_exit_codes(self) -> None:
        good = self.contracts_file([self.g1.iin[1:], BIN, "ТОО Альфа", "", "02.09.2024", ""])
        code, out = self.call(good, "--kind", "contracts", "--cohorts", "2024", "--dry-run")
        assert code == 0 and set(out) == KEYS
        assert (out["valid"], out["created"]) == (1, 1)
        assert [w["code"] for w in out["warnings"]] == ["iin_leading_zero"]
        assert OfficialExtract.objects.count() == 0

        code, out = self.call(good, "--kind", "contracts", "--cohorts", "2024,2025")
        assert code == 0 and out["created"] == 1
        extract = OfficialExtract.objects.get()
        assert list(extract.cohorts.values_list("year", flat=True)) == [2024, 2025]
        assert extract.kind == ExtractKind.CONTRACTS

        bad = self.contracts_file([self.g1.iin, BIN, "", "", "02.09.2024", "2024-13-01"])
        code, out = self.call(bad, "--kind", "contracts", "--cohorts", "2024")
        assert code == 1 and [e["code"] for e in out["errors"]] == ["bad_date"]

        code, out = self.call([["ИИН"]], "--kind", "contracts", "--cohorts", "2024")
        assert code == 2 and set(out) == {"error"}
        code, out = self.call(good, "--kind", "contracts", "--cohorts", "2024", "--profile", "nope")
        assert code == 2 and "nope" in out["error"]
        code, out = self.call(good, "--kind", "contracts", "--cohorts", "двадцать")
        assert code == 2
