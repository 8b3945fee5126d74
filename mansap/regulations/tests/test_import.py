"""import_documents (issue #17): the issue's columns, each error code with its row and column, all or nothing,
predecessors superseded from the successor's effective date, idempotent re-import."""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
from pathlib import Path
from typing import Any

from django.core.management import call_command

from mansap.common.testing import BaseTestCase, workbook_bytes
from mansap.regulations.models import Document, DocumentVersion, Review
from mansap.regulations.tests.factories import document, in_force

HEADER = ["code", "type", "title_kk", "title_ru", "title_en", "unit", "version", "approved_on", "effective_on",
          "last_review_on", "review_interval_years", "classification", "replaces"]  # fmt: skip
D = dt.date


def row(code: str, **values: Any) -> list[Any]:
    base = {"type": "regulation", "title_ru": "Положение", "version": "1.0", "approved_on": "18.06.2025",
            "effective_on": "18.06.2025", "classification": "internal"}  # fmt: skip
    base.update(values)
    return [code, *(base.get(name, "") for name in HEADER[1:])]


class ImportDocumentsTests(BaseTestCase):
    def setUp(self) -> None:
        self._dir = tempfile.TemporaryDirectory()

    def tearDown(self) -> None:
        self._dir.cleanup()

    def run_command(self, rows: list[list[Any]], *extra: str) -> tuple[int, dict]:
        path = Path(self._dir.name) / "register.xlsx"
        path.write_bytes(workbook_bytes({"register": [HEADER, *rows]}))
        out = io.StringIO()
        try:
            call_command("import_documents", str(path), "--json", "--language", "en", *extra, stdout=out,
                         stderr=io.StringIO())  # fmt: skip
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, json.loads(out.getvalue())

    def good(self) -> list[list[Any]]:
        return [
            row("ПСП 11-02.112.-2023", type="unit_regulation", title_ru="О центре обслуживания студентов",
                version="3.0", approved_on="12.11.2021", effective_on="12.11.2021"),
            row("ПСП 11-02.112-2022", type="unit_regulation", title_kk="Білім алушыларға қызмет көрсету орталығы",
                title_ru="Положение о центре обслуживания обучающихся", unit="IS", version="4.0",
                approved_on="29.02.2024", effective_on="29.02.2024", last_review_on="03.03.2025",
                review_interval_years=3, replaces="ПСП 11-02.112.-2023"),
            row("KazUTB-CC-RPA-7.2-2025-01", title_en="Regulations on the employment of graduates",
                unit="Career Center", classification="public", review_interval_years=""),
            row("ҚазТБУ-СДД-ПАК-5.3/9.3-2026-02", type="process_map", version="1.0", approved_on="", effective_on=""),
        ]  # fmt: skip

    def codes(self, report: dict) -> list[tuple[int, str, str]]:
        return [(e["row"], e["column"], e["code"]) for e in report["errors"]]

    def test_a_valid_register_is_imported(self) -> None:
        code, report = self.run_command(self.good())
        self.assertEqual((code, report["created"], report["errors"]), (0, 4, []))
        ssc = Document.objects.get(code="ПСП 11-02.112-2022")
        self.assertEqual((ssc.type, ssc.department, ssc.status, ssc.next_review_on),
                         ("unit_regulation", self.dept_a, "in_force", D(2028, 3, 3)))  # fmt: skip
        self.assertEqual(ssc.replaces.code, "ПСП 11-02.112.-2023")
        old = DocumentVersion.objects.get(document__code="ПСП 11-02.112.-2023")
        self.assertEqual((old.major, old.status, old.ended_on), (3, "superseded", D(2024, 2, 29)))
        employment = Document.objects.get(code="KazUTB-CC-RPA-7.2-2025-01")
        self.assertEqual((employment.unit_name_en, employment.classification, employment.review_interval_years,
                          employment.next_review_on), ("Career Center", "public", 3, D(2028, 6, 18)))  # fmt: skip
        process_map = Document.objects.get(code="ҚазТБУ-СДД-ПАК-5.3/9.3-2026-02")
        self.assertEqual((process_map.status, process_map.next_review_on), ("approved", None))

    def test_the_same_file_twice_changes_nothing(self) -> None:
        self.run_command(self.good())
        counts = (Document.objects.count(), DocumentVersion.objects.count(), Review.objects.count())
        code, report = self.run_command(self.good())
        self.assertEqual((code, report["created"], report["updated"], report["unchanged"]), (0, 0, 0, 4))
        self.assertEqual((Document.objects.count(), DocumentVersion.objects.count(), Review.objects.count()), counts)

    def test_a_new_version_of_a_registered_document_supersedes_the_old_one(self) -> None:
        doc = document(self.institution, code="KazUTB-CC-RPA-7.2-2025-01", title_ru="Положение")
        first = in_force(doc, D(2025, 6, 18))
        code, report = self.run_command([row("KazUTB-CC-RPA-7.2-2025-01", version="1.1", approved_on="01.09.2026",
                                             effective_on="01.09.2026")])  # fmt: skip
        self.assertEqual((code, report["updated"]), (0, 1))
        first.refresh_from_db()
        self.assertEqual((first.status, first.ended_on), ("superseded", D(2026, 9, 1)))

    def test_bad_code(self) -> None:
        code, report = self.run_command([*self.good(), row("Положение 12"), row("KazUTB-CC-RPA-7.2-2025-09",
                                                                                replaces="old one")])  # fmt: skip
        self.assertEqual(code, 1)
        self.assertEqual(self.codes(report), [(6, "code", "bad_code"), (7, "replaces", "bad_code")])
        self.assertEqual(Document.objects.count(), 0)

    def test_bad_date_and_date_order(self) -> None:
        code, report = self.run_command([
            row("KazUTB-CC-RPA-7.2-2025-01", approved_on="31.02.2025"),
            row("KazUTB-CC-RPA-7.2-2025-02", approved_on="18.06.2025", effective_on="17.06.2025"),
        ])  # fmt: skip
        self.assertEqual(code, 1)
        self.assertEqual(self.codes(report), [(2, "approved_on", "bad_date"), (3, "effective_on", "date_order")])
        self.assertEqual(Document.objects.count(), 0)

    def test_unknown_predecessor(self) -> None:
        code, report = self.run_command([row("ПСП 11-02.112-2022", replaces="ПСП 11-02.112.-2023")])
        self.assertEqual((code, self.codes(report)), (1, [(2, "replaces", "unknown_predecessor")]))
        self.assertEqual(Document.objects.count(), 0)

    def test_duplicate_code(self) -> None:
        code, report = self.run_command([row("KazUTB-CC-RPA-7.2-2025-01"), row("KazUTB-CC-RPA-7.2-2025-01")])
        self.assertEqual((code, self.codes(report)), (1, [(3, "code", "duplicate_code")]))
        self.assertIn("row 2", report["errors"][0]["message"])

    def test_dry_run_writes_nothing(self) -> None:
        code, report = self.run_command(self.good(), "--dry-run")
        self.assertEqual((code, report["created"], Document.objects.count()), (0, 4, 0))

    def test_russian_headers_and_values(self) -> None:
        path = Path(self._dir.name) / "ru.xlsx"
        header = ["Код", "Тип", "Название (каз)", "Название (рус)", "Название (англ)", "Подразделение", "Редакция",
                  "Дата утверждения", "Дата введения", "Дата последней проверки", "Периодичность проверки", "Гриф",
                  "Взамен"]  # fmt: skip
        data = ["ПСП 11-02.112-2022", "Положение", "", "Положение о ЦОО", "", "ЦОО", "Редакция 4", "29.02.2024",
                "29.02.2024", "", "3", "внутренний", ""]  # fmt: skip
        path.write_bytes(workbook_bytes({"r": [header, data]}))
        out = io.StringIO()
        call_command("import_documents", str(path), "--json", stdout=out, stderr=io.StringIO())
        self.assertEqual(json.loads(out.getvalue())["created"], 1)
        version = DocumentVersion.objects.get()
        self.assertEqual((version.major, version.minor, version.document.unit_name_ru), (4, 0, "ЦОО"))
