"""import_risk_register: three sheets, coded row errors with their sheet, all or nothing, idempotent by key."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

from django.core.management import call_command
from django.test import override_settings

from mansap.common.testing import BaseTestCase, workbook_bytes
from mansap.quality.models import Risk, RiskAction, RiskAssessment
from mansap.quality.tests.factories import make_process, make_risk

D = dt.date


workbook = workbook_bytes

RISKS_HEADER = ["key", "process", "title", "owner_email", "category"]
ASSESSMENTS_HEADER = ["key", "assessed_on", "likelihood", "impact"]
ACTIONS_HEADER = ["key", "action", "due_on", "done_on"]


class ImportRiskRegisterTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.p7 = make_process(cls.institution, 7, code="ҚазТБУ-Р-ПАК-8.1/8.2-2026-07")
        cls.p17 = make_process(cls.institution, 17, code="ҚазТБУ-АСП-ПАК-8.2/9.1.2-2026-17")
        cls.cc.email = "cc@kazutb.kz"
        cls.cc.save()
        cls.aigerim.email = "aigerim@kazutb.kz"
        cls.aigerim.save()
        cls.existing = make_risk(cls.p17, cls.cc, "P17-R1", title_kk="Дағдарыс", title_ru="Кризис", title_en="Crisis")

    def run_command(self, data: bytes, *extra: str) -> tuple[int, dict[str, Any]]:
        path = Path(self.tmp) / "register.xlsx"
        path.write_bytes(data)
        out = io.StringIO()
        try:
            call_command("import_risk_register", str(path), "--json", "--language", "en", *extra, stdout=out,
                         stderr=io.StringIO())  # fmt: skip
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, json.loads(out.getvalue())

    def setUp(self) -> None:
        import tempfile

        self._dir = tempfile.TemporaryDirectory()
        self.tmp = self._dir.name

    def tearDown(self) -> None:
        self._dir.cleanup()

    def good(self) -> bytes:
        return workbook({
            "risks": [
                RISKS_HEADER,
                ["P17-R1", 17, "Crisis", "cc@kazutb.kz", "operational"],
                ["X-1", "07", "Memoranda signed only formally", "Aigerim@KazUTB.kz", "anti-corruption (ISO 37001)"],
                ["X-2", "ҚазТБУ-АСП-ПАК-8.2/9.1.2-2026-17", "Skills gap", "cc@kazutb.kz", "operational"],
            ],
            "assessments": [
                ASSESSMENTS_HEADER,
                ["P17-R1", "01.03.2025", 4, 4],
                ["X-1", D(2025, 3, 1), 2, 5],
            ],
            "actions": [
                ACTIONS_HEADER,
                ["X-1", "Vet the partner organizations", "2025-06-30", "2025-06-20"],
                ["P17-R1", "Monitor the key partners", "2025-12-31", None],
            ],
        })  # fmt: skip

    def test_a_good_workbook_is_imported_and_importing_it_again_adds_nothing(self) -> None:
        code, report = self.run_command(self.good())
        self.assertEqual(code, 0, report)
        self.assertEqual(
            {k: report[k] for k in ("rows", "valid", "invalid", "created", "updated", "unchanged")},
            {"rows": 7, "valid": 7, "invalid": 0, "created": 6, "updated": 0, "unchanged": 1},
        )
        x1 = Risk.objects.get(key="X-1")
        self.assertEqual((x1.process, x1.owner, x1.category), (self.p7, self.aigerim, "anti_corruption"))
        self.assertEqual((x1.title_kk, x1.title_ru, x1.title_en), ("Memoranda signed only formally",) * 3)
        self.assertEqual(Risk.objects.get(key="X-2").process, self.p17)
        self.assertEqual(
            list(RiskAssessment.objects.order_by("risk__key").values_list("risk__key", "assessed_on", "score")),
            [("P17-R1", D(2025, 3, 1), 16), ("X-1", D(2025, 3, 1), 10)],
        )
        done = RiskAction.objects.get(risk=x1)
        self.assertEqual((done.owner, done.done_on, done.status), (self.aigerim, D(2025, 6, 20), "done"))
        self.assertEqual(RiskAction.objects.get(risk=self.existing).status, "planned")

        code, again = self.run_command(self.good())
        self.assertEqual(code, 0)
        self.assertEqual((again["created"], again["updated"], again["unchanged"]), (0, 0, 7))
        self.assertEqual((Risk.objects.count(), RiskAssessment.objects.count(), RiskAction.objects.count()), (3, 2, 2))

    def test_a_changed_row_updates_its_risk_assessment_or_action(self) -> None:
        self.run_command(self.good())
        changed = workbook({
            "risks": [RISKS_HEADER, ["X-2", 7, "Skills gap", "aigerim@kazutb.kz", "operational"]],
            "assessments": [ASSESSMENTS_HEADER, ["X-1", "2025-03-01", 3, 5]],
            "actions": [ACTIONS_HEADER, ["P17-R1", "Monitor the key partners", "2025-12-31", "2025-11-30"]],
        })  # fmt: skip
        code, report = self.run_command(changed)
        self.assertEqual((code, report["created"], report["updated"], report["unchanged"]), (0, 0, 3, 0))
        x2 = Risk.objects.get(key="X-2")
        self.assertEqual((x2.process, x2.owner), (self.p7, self.aigerim))
        self.assertEqual(RiskAssessment.objects.get(risk__key="X-1").score, 15)
        self.assertEqual(RiskAction.objects.get(risk=self.existing).status, "done")

    @override_settings(TIME_ZONE="Asia/Almaty")
    def test_every_error_code_with_its_sheet_row_and_column_and_nothing_written(self) -> None:
        bad = workbook({
            "risks": [
                RISKS_HEADER,
                ["N-1", 23, "Bad process", "cc@kazutb.kz", "operational"],
                ["N-2", 17, "Nobody's", "nobody@example.com", "operational"],
                ["N-3", 17, "Fine", "cc@kazutb.kz", "operational"],
                ["N-3", 17, "Twice", "cc@kazutb.kz", "operational"],
                ["N-4", 17, "Odd category", "cc@kazutb.kz", "weather"],
            ],
            "assessments": [
                ASSESSMENTS_HEADER,
                ["NOPE", "2025-01-01", 1, 1],
                ["N-3", "2025-01-01", 6, 0],
                ["N-3", "31.02.2025", 2, 2],
                ["N-3", "2999-01-01", 2, 2],
            ],
            "actions": [
                ACTIONS_HEADER,
                ["GONE", "Do it", "2025-01-01", None],
                ["N-3", "Do it", "soon", None],
            ],
        })  # fmt: skip
        code, report = self.run_command(bad)
        self.assertEqual(code, 1)
        found = [(e["sheet"], e["row"], e["column"], e["code"]) for e in report["errors"]]
        self.assertEqual(
            found,
            [
                ("risks", 2, "process", "bad_process"),
                ("risks", 3, "owner_email", "unknown_owner"),
                ("risks", 5, "key", "duplicate_row"),
                ("risks", 6, "category", "bad_choice"),
                ("assessments", 2, "key", "unknown_risk"),
                ("assessments", 3, "likelihood", "bad_number"),
                ("assessments", 3, "impact", "bad_number"),
                ("assessments", 4, "assessed_on", "bad_date"),
                ("assessments", 5, "assessed_on", "bad_date"),
                ("actions", 2, "key", "unknown_risk"),
                ("actions", 3, "due_on", "bad_date"),
            ],
        )
        self.assertEqual(
            report["errors"][0]["message"], "23 is not a process of the map: give its number (1–22) or its code."
        )
        self.assertEqual(
            report["errors"][4]["message"],
            "There is no risk with the key NOPE, neither on the risks sheet nor in the register.",
        )
        self.assertEqual((report["created"], Risk.objects.count(), RiskAssessment.objects.count()), (0, 1, 0))

    def test_a_dry_run_counts_and_writes_nothing(self) -> None:
        code, report = self.run_command(self.good(), "--dry-run")
        self.assertEqual((code, report["created"], report["unchanged"]), (0, 6, 1))
        self.assertEqual((Risk.objects.count(), RiskAssessment.objects.count(), RiskAction.objects.count()), (1, 0, 0))

    def test_a_missing_column_and_missing_sheets(self) -> None:
        code, report = self.run_command(workbook({"assessments": [["key", "likelihood", "impact"], ["P17-R1", 2, 2]]}))
        self.assertEqual(code, 1)
        self.assertEqual(
            [(e["sheet"], e["row"], e["column"], e["code"]) for e in report["errors"]],
            [("assessments", 1, "assessed_on", "missing_field")],
        )
        code, report = self.run_command(workbook({"Sheet": [["a"], ["b"]]}))
        self.assertEqual(code, 2)
        self.assertEqual(
            report, {"error": "The workbook register.xlsx has no sheet named risks, assessments, actions."}
        )

    def test_only_quality_editors_import(self) -> None:
        code, report = self.run_command(self.good(), "--user", "aigerim")
        self.assertEqual(code, 2)
        self.assertEqual(report, {"error": "Only the quality department imports the risk register."})
        code, report = self.run_command(self.good(), "--user", "cc")
        self.assertEqual(code, 0)
        self.assertEqual(Risk.objects.get(key="X-1").history.first().history_user, self.cc)
