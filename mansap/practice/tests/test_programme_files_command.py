"""programme_files_to_register: the loose programme files uploaded per practice move into the register (issue #17):
the newest file of a program's type of practice becomes the linked document's version in force's file, all or
nothing, --dry-run, --json, idempotent."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

from django.core.files.base import ContentFile
from django.core.management import call_command

from mansap.common.demo import tiny_pdf
from mansap.common.testing import BaseTestCase
from mansap.practice.choices import PracticeKind
from mansap.practice.models import Practice
from mansap.practice.services.programmes import link_programme, programmes_for
from mansap.practice.tests.factories import make_practice
from mansap.regulations.models import DocumentVersion
from mansap.regulations.tests import factories as regulations

D = dt.date


class ProgrammeFilesToRegisterTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.old = make_practice(cls.program_a, starts_on=D(2026, 6, 1), course=2)
        cls.new = make_practice(cls.program_a, starts_on=D(2026, 9, 1), ends_on=D(2026, 9, 28), course=3)
        cls.educational = make_practice(cls.program_b, kind=PracticeKind.EDUCATIONAL)
        cls.document = regulations.document(cls.institution, code="KazUTB-CC-RPA-7.2-2025-31",
                                            title_ru="Программа производственной практики 6B06101")  # fmt: skip
        cls.version = regulations.in_force(cls.document, D(2025, 9, 1))
        cls.guide = regulations.document(cls.institution, code="KazUTB-CC-RPA-7.2-2025-32",
                                         title_ru="Программа учебной практики")  # fmt: skip
        cls.guide_version = regulations.in_force(cls.guide, D(2025, 9, 1))
        link_programme(program=cls.program_a, kind=PracticeKind.PRODUCTION, document=cls.document, acting_user=None)
        link_programme(program=cls.program_b, kind=PracticeKind.EDUCATIONAL, document=cls.guide, acting_user=None)

    def setUp(self) -> None:
        # Files in setUp: each test has its own MEDIA_ROOT (conftest).
        for practice, text in ((self.old, "old programme"), (self.new, "new programme"),
                               (self.educational, "educational programme")):  # fmt: skip
            practice.programme_file.save("programme.pdf", ContentFile(tiny_pdf(text)), save=True)

    def run_command(self, *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
        out = StringIO()
        try:
            call_command("programme_files_to_register", "--language", "ru", "--json", *args, stdout=out)
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0)
        return code, json.loads(out.getvalue())

    def loose(self) -> list[str]:
        return [p.programme_file.name for p in Practice.objects.order_by("pk")]

    def test_the_newest_file_moves_into_the_version_in_force_and_the_uploads_are_cleared(self) -> None:
        self.guide_version.file_ru.save("register.pdf", ContentFile(tiny_pdf("the register's own")), save=True)
        code, result = self.run_command()
        self.assertEqual(code, 0)
        self.assertEqual(
            [(r["program"], r["kind"], r["practices"], r["document"], r["version"]) for r in result["moved"]],
            [(self.program_a.code, "production", [self.new.pk, self.old.pk], "KazUTB-CC-RPA-7.2-2025-31", "1.0")],
        )
        self.assertEqual([(r["program"], r["practices"]) for r in result["kept_register_file"]],
                         [(self.program_b.code, [self.educational.pk])])  # fmt: skip
        self.assertEqual((result["errors"], result["dry_run"]), ([], False))
        version = DocumentVersion.objects.get(pk=self.version.pk)
        with version.file_ru.open("rb") as handle:
            self.assertEqual(handle.read(), tiny_pdf("new programme"))
        self.assertEqual((version.file_kk.name, version.file_en.name), ("", ""))
        with DocumentVersion.objects.get(pk=self.guide_version.pk).file_ru.open("rb") as handle:
            self.assertEqual(handle.read(), tiny_pdf("the register's own"))
        self.assertEqual(self.loose(), ["", "", ""])
        self.assertEqual(
            Practice.history.filter(history_change_reason="programme file moved to the register").count(), 3
        )
        # The practice page now links the register's version in force.
        rows = programmes_for(Practice.objects.get(pk=self.new.pk), self.aigerim)
        self.assertEqual(rows[0].files, [("Russian", f"/regulations/versions/{self.version.pk}/ru/")])
        # Idempotent: nothing left to move.
        self.assertEqual(self.run_command(), (0, {"moved": [], "kept_register_file": [], "errors": [],
                                                  "dry_run": False}))  # fmt: skip

    def test_dry_run_writes_nothing(self) -> None:
        before = self.loose()
        code, result = self.run_command("--dry-run")
        self.assertEqual((code, len(result["moved"]), len(result["kept_register_file"]), result["dry_run"]),
                         (0, 2, 0, True))  # fmt: skip
        self.assertEqual(self.loose(), before)
        self.assertEqual(DocumentVersion.objects.get(pk=self.version.pk).file_ru.name, "")

    def test_all_or_nothing_not_linked_and_no_version_in_force(self) -> None:
        unlinked = make_practice(self.program_c, kind=PracticeKind.EDUCATIONAL)
        unlinked.programme_file.save("c.pdf", ContentFile(tiny_pdf("c")), save=True)
        draft_doc = regulations.document(self.institution, code="KazUTB-CC-RPA-7.2-2025-33")
        regulations.approved(draft_doc)
        link_programme(program=self.program_b, kind=PracticeKind.EDUCATIONAL, document=draft_doc, acting_user=None)
        before = self.loose()
        code, result = self.run_command()
        self.assertEqual(code, 1)
        self.assertEqual(
            sorted((e["code"], e["program"], e["practices"]) for e in result["errors"]),
            [("no_version_in_force", self.program_b.code, [self.educational.pk]),
             ("not_linked", self.program_c.code, [unlinked.pk])],
        )  # fmt: skip
        self.assertEqual(self.loose(), before)
        self.assertEqual(DocumentVersion.objects.get(pk=self.version.pk).file_ru.name, "")

    def test_a_file_missing_from_storage(self) -> None:
        self.new.programme_file.storage.delete(self.new.programme_file.name)
        code, result = self.run_command()
        self.assertEqual((code, [(e["code"], e["practices"]) for e in result["errors"]]),
                         (1, [("missing_file", [self.new.pk, self.old.pk])]))  # fmt: skip
        self.assertEqual(DocumentVersion.objects.get(pk=self.version.pk).file_ru.name, "")

    def test_a_file_the_register_would_refuse(self) -> None:
        self.new.programme_file.save("programme.pdf", ContentFile(b"not a pdf at all"), save=True)
        code, result = self.run_command()
        self.assertEqual((code, [(e["code"], e["practices"]) for e in result["errors"]]),
                         (1, [("bad_file", [self.new.pk, self.old.pk])]))  # fmt: skip
        self.assertTrue(result["errors"][0]["message"])
        self.assertEqual(DocumentVersion.objects.get(pk=self.version.pk).file_ru.name, "")
        self.assertNotIn("", self.loose())

    def test_the_text_report_and_a_bad_institution(self) -> None:
        out = StringIO()
        call_command("programme_files_to_register", "--language", "ru", "--dry-run", stdout=out)
        self.assertEqual(out.getvalue(), "would move 2 file(s) into the register; 0 already there\n")
        with self.assertRaises(SystemExit) as exit_:
            call_command("programme_files_to_register", "--language", "ru", "--institution", "NOPE",
                         stdout=StringIO(), stderr=StringIO())  # fmt: skip
        self.assertEqual(exit_.exception.code, 2)
