"""Issued documents: the register's numbers, the stored PDF's SHA-256, the verification code, revocation, the
commands' JSON and exit codes."""

import hashlib
import io
import json
import re
from contextlib import redirect_stdout

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase

from mansap.core.choices import StudentStatus
from mansap.core.tests.factories import EducationalProgramFactory, StudentFactory
from mansap.servicedesk.choices import DocumentStatus
from mansap.servicedesk.models import IssuedDocument, Service
from mansap.servicedesk.services.catalogue import ensure_catalogue
from mansap.servicedesk.services.documents import (
    CODE_ALPHABET,
    issue_document,
    mask_name,
    revoke_document,
    stored_sha256,
)
from mansap.servicedesk.tests.factories import desk_clerk


class DocumentData(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.program = EducationalProgramFactory()
        cls.institution = cls.program.department.faculty.institution
        ensure_catalogue(cls.institution)
        cls.clerk = desk_clerk(cls.institution)
        cls.student = StudentFactory(
            program=cls.program, last_name="Ахметова", first_name="Айгерим", middle_name="Бауыржановна", course=2
        )
        cls.certificate = Service.objects.get(institution=cls.institution, code="study_certificate_gcvp")


class IssueTests(DocumentData):
    def test_a_document_is_numbered_stored_and_hashed(self) -> None:
        first = issue_document(self.certificate, self.student, language="kk", acting_user=self.clerk)
        second = issue_document(self.certificate, self.student, language="en", acting_user=self.clerk)
        year = first.issued_on.year
        self.assertEqual([first.number, second.number], [f"СД-{year}-000001", f"СД-{year}-000002"])
        self.assertEqual(first.sha256, stored_sha256(first))
        with first.file.open("rb") as handle:
            content = handle.read()
        self.assertTrue(content.startswith(b"%PDF"))
        self.assertEqual(hashlib.sha256(content).hexdigest(), first.sha256)
        self.assertRegex(first.verification_code, f"^[{CODE_ALPHABET}]{{12}}$")
        self.assertNotEqual(first.verification_code, second.verification_code)
        self.assertEqual(first.issued_by, self.clerk)

    def test_an_expelled_student_gets_no_study_certificate_and_nothing_is_written(self) -> None:
        expelled = StudentFactory(program=self.program, status=StudentStatus.EXPELLED)
        with self.assertRaises(ValidationError) as caught:
            issue_document(self.certificate, expelled, language="ru", acting_user=self.clerk)
        self.assertEqual(caught.exception.code, "not_eligible")
        self.assertFalse(IssuedDocument.objects.exists())

    def test_revocation_needs_a_reason_and_happens_once(self) -> None:
        document = issue_document(self.certificate, self.student, language="ru", acting_user=self.clerk)
        with self.assertRaises(ValidationError):
            revoke_document(document, reason=" ", acting_user=self.clerk)
        revoke_document(document, reason="Issued with a typo", acting_user=self.clerk)
        document.refresh_from_db()
        self.assertEqual(document.status, DocumentStatus.REVOKED)
        self.assertEqual(document.revocation_reason, "Issued with a typo")
        self.assertIsNotNone(document.revoked_at)
        with self.assertRaises(ValidationError) as caught:
            revoke_document(document, reason="again", acting_user=self.clerk)
        self.assertEqual(caught.exception.code, "revoked")

    def test_the_public_page_masks_the_holder_s_name(self) -> None:
        self.assertEqual(mask_name(self.student), "Ах*** А. Б.")


class CommandTests(DocumentData):
    def run_command(self, *args: str) -> tuple[int, dict]:
        out = io.StringIO()
        code = 0
        with redirect_stdout(out):
            try:
                call_command(*args, stdout=out)
            except SystemExit as exc:
                code = int(exc.code or 0)
        return code, json.loads(out.getvalue().strip().splitlines()[-1])

    def test_issue_document_prints_the_register_entry_as_json(self) -> None:
        code, result = self.run_command(
            "issue_document", "--service", "study_certificate_military", "--student", self.student.iin,
            "--language", "kk", "--user", "clerk", "--institution", self.institution.code, "--json",
        )  # fmt: skip
        self.assertEqual(code, 0)
        self.assertEqual(set(result), {"number", "verification_code", "verify_url", "sha256", "file"})
        document = IssuedDocument.objects.get()
        self.assertEqual(result["number"], document.number)
        self.assertEqual(result["sha256"], stored_sha256(document))
        self.assertTrue(result["verify_url"].endswith(f"/servicedesk/verify/{document.verification_code}/"))
        self.assertEqual(document.issued_by, self.clerk)

    def test_issue_document_refuses_with_a_code_and_writes_nothing(self) -> None:
        graduate = StudentFactory(program=self.program, status=StudentStatus.GRADUATED)
        cases = [
            (("--service", "study_certificate", "--student", graduate.iin), "not_eligible"),
            (("--service", "study_certificate", "--student", "000000000000"), "unknown_student"),
            (("--service", "no_such_service", "--student", self.student.iin), "unknown_service"),
        ]
        for args, error in cases:
            with self.subTest(error):
                code, result = self.run_command(
                    "issue_document", *args, "--language", "ru", "--institution", self.institution.code, "--json"
                )
                self.assertEqual((code, result["error"]), (1, error))
        self.assertFalse(IssuedDocument.objects.exists())

    def test_revoke_document(self) -> None:
        document = issue_document(self.certificate, self.student, language="ru", acting_user=None)
        code, result = self.run_command(
            "revoke_document", document.number, "--reason", "Lost", "--institution", self.institution.code, "--json"
        )
        self.assertEqual((code, result["status"]), (0, "revoked"))
        code, result = self.run_command(
            "revoke_document", document.number, "--reason", "Lost", "--institution", self.institution.code
        )
        self.assertEqual((code, result["error"]), (1, "revoked"))
        other = issue_document(self.certificate, self.student, language="kk", acting_user=None)
        for args, error in (((other.number, "--reason", "  "), "reason_required"),
                            (("СД-2026-999999", "--reason", "Lost"), "unknown_document"),
                            ((other.number, "--reason", "Lost", "--user", "nobody"), "unknown_user")):  # fmt: skip
            with self.subTest(error):
                code, result = self.run_command("revoke_document", *args, "--institution", self.institution.code)
                self.assertEqual((code, result["error"]), (1, error))
        other.refresh_from_db()
        self.assertEqual((other.status, other.revoked_at), (DocumentStatus.VALID, None))
        self.assertTrue(re.match(r"^СД-\d{4}-000001$", document.number))
