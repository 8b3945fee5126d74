"""The record documents (issues #14 R-134 and #16): the transcript, the archive certificate, the diploma supplement and
the duplicate's data sheet, issued as verifiable documents; the GPA figures read back from the PDF's text."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
import subprocess
import tempfile
import unittest
from contextlib import redirect_stdout

from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from mansap.academics.tests.test_transcript import make_transcript_record
from mansap.core.choices import StudentStatus
from mansap.core.tests.factories import EducationalProgramFactory, StudentFactory
from mansap.servicedesk.models import IssuedDocument, Service
from mansap.servicedesk.services.catalogue import ensure_catalogue
from mansap.servicedesk.services.documents import issue_document
from mansap.servicedesk.tests.factories import desk_clerk
from mansap.studentbody.tests.factories import signed

PDFTOTEXT = shutil.which("pdftotext")


def pdf_text(document: IssuedDocument) -> str:
    with document.file.open("rb") as handle, tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(handle.read())
        pdf.flush()
        return subprocess.run([PDFTOTEXT, "-layout", pdf.name, "-"], capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return " ".join(text.split())


class RecordDocumentData(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.program = EducationalProgramFactory()
        cls.institution = cls.program.department.faculty.institution
        ensure_catalogue(cls.institution)
        cls.clerk = desk_clerk(cls.institution)
        cls.student = StudentFactory(program=cls.program, last_name="Ахметова", first_name="Айгерим", course=2)
        make_transcript_record(cls.student, cls.institution)
        cls.graduate = StudentFactory(
            program=cls.program, status=StudentStatus.GRADUATED, graduation_date=dt.date(2025, 6, 30),
            diploma_number="JB-B 1234567", with_honours=True, last_name="Сәрсенбаев", first_name="Ерлан",
        )  # fmt: skip
        make_transcript_record(cls.graduate, cls.institution)
        cls.expelled = StudentFactory(program=cls.program, status=StudentStatus.EXPELLED)
        cls.services = {s.code: s for s in Service.objects.filter(institution=cls.institution)}


@unittest.skipUnless(PDFTOTEXT, "pdftotext (poppler-utils) is not installed")
class TranscriptDocumentTests(RecordDocumentData):
    def test_the_transcript_prints_term_and_cumulative_gpa(self) -> None:
        document = issue_document(self.services["transcript"], self.student, language="en", acting_user=self.clerk)
        text = squeeze(pdf_text(document))
        self.assertIn("TRANSCRIPT OF RECORDS", text)
        # Term 1, term 2 and the summer term (see academics/tests/test_transcript.py for the arithmetic)
        self.assertIn("Term GPA: 3.67 · Cumulative GPA: 3.67 · Credits earned: 3", text)
        self.assertIn("Term GPA: 3.00 · Cumulative GPA: 3.29 · Credits earned: 6", text)
        self.assertIn("Term GPA: 2.33 · Cumulative GPA: 2.89 · Credits earned: 5", text)
        self.assertIn("Cumulative GPA 2.89", text)
        self.assertIn("Credits earned 14", text)
        self.assertIn("MAT101", text)
        self.assertIn("superseded by a later attempt", text)
        self.assertIn(document.number, text)

    def test_kazakh_and_russian_write_a_decimal_comma(self) -> None:
        kk = squeeze(pdf_text(issue_document(self.services["transcript"], self.student, language="kk",
                                             acting_user=self.clerk)))  # fmt: skip
        self.assertIn("ТРАНСКРИПТ", kk)
        self.assertIn("Семестрлік GPA: 3,67 · Жинақталған GPA: 3,67", kk)
        self.assertIn("Қазақстанның қазіргі заманғы", kk)
        ru = squeeze(pdf_text(issue_document(self.services["transcript"], self.student, language="ru",
                                             acting_user=self.clerk)))  # fmt: skip
        self.assertIn("GPA за семестр: 2,33 · Накопительный GPA: 2,89", ru)

    def test_the_diploma_supplement_holds_the_three_languages(self) -> None:
        document = issue_document(self.services["diploma_supplement"], self.graduate, language="ru",
                                  acting_user=self.clerk)  # fmt: skip
        text = squeeze(pdf_text(document))
        expected = (
            "ДИПЛОМҒА ҚОСЫМША", "ПРИЛОЖЕНИЕ К ДИПЛОМУ", "DIPLOMA SUPPLEMENT", "8. Қазақстанның жоғары",
            "Information on the national higher education system", "Математикалық талдау", "Математический анализ",
            "Mathematical analysis", "JB-B 1234567", "4,00 3,67 3,33",
        )  # fmt: skip
        for heading in expected:
            self.assertIn(heading, text)
        self.assertIn("2,89", text)  # the overall classification (cumulative GPA) in the document's language

    def test_a_supplement_without_grades_says_so_and_counts_no_credits(self) -> None:
        bare = StudentFactory(program=self.program, status=StudentStatus.GRADUATED,
                              graduation_date=dt.date(2025, 6, 30), diploma_number="JB-B 7654321")  # fmt: skip
        document = issue_document(self.services["diploma_supplement"], bare, language="kk", acting_user=self.clerk)
        text = squeeze(pdf_text(document))
        self.assertIn("Үлгерім туралы мәліметтер жоқ Сведения об успеваемости отсутствуют · No results recorded", text)
        self.assertNotIn("· 0 кредит / кредитов / credits", text)

    def test_the_duplicate_s_data_sheet_and_the_archive_certificate(self) -> None:
        duplicate = issue_document(self.services["diploma_duplicate"], self.graduate, language="kk",
                                   acting_user=self.clerk)  # fmt: skip
        text = squeeze(pdf_text(duplicate))
        self.assertIn("DIPLOMA DUPLICATE DATA SHEET", text)
        self.assertIn("JB-B 1234567", text)
        leaving = StudentFactory(program=self.program, admission_year=2024)
        order = signed(leaving, "expulsion", dt.date(2025, 2, 3), ground="own_wish")
        leaving.refresh_from_db()
        self.assertEqual(leaving.status, StudentStatus.EXPELLED)
        archive = issue_document(self.services["archive_certificate"], leaving, language="ru", acting_user=self.clerk)
        text = squeeze(pdf_text(archive))
        self.assertIn("АРХИВНАЯ СПРАВКА", text)
        self.assertIn("был(а) отчислен(а)", text)
        self.assertIn(f"отчисление {order.number} 03.02.2025 03.02.2025", text)
        self.assertIn("Периоды обучения", text)


class EligibilityTests(RecordDocumentData):
    def assert_refused(self, code: str, student) -> None:  # type: ignore[no-untyped-def]
        with self.assertRaises(ValidationError) as caught:
            issue_document(self.services[code], student, language="en", acting_user=self.clerk)
        self.assertEqual(caught.exception.code, "not_eligible")

    def test_who_may_have_which_document(self) -> None:
        self.assert_refused("transcript", self.expelled)  # an expelled student's is the archive certificate
        self.assert_refused("archive_certificate", self.student)
        for code in ("diploma_supplement", "diploma_duplicate"):
            self.assert_refused(code, self.student)
            self.assert_refused(code, self.expelled)
        self.assertFalse(IssuedDocument.objects.exists())
        on_leave = StudentFactory(program=self.program, status=StudentStatus.ACADEMIC_LEAVE)
        self.assertEqual(
            sorted(
                s.code
                for s in self.services.values()
                if s.issues_document and s.eligibility in ("enrolled", "former", "graduates")
            ),
            ["archive_certificate", "diploma_duplicate", "diploma_supplement", "transcript"],
        )
        issue_document(self.services["transcript"], on_leave, language="en", acting_user=self.clerk)
        issue_document(self.services["transcript"], self.graduate, language="en", acting_user=self.clerk)
        issue_document(self.services["archive_certificate"], self.graduate, language="en", acting_user=self.clerk)

    def test_the_command_issues_a_kazakh_transcript_and_refuses_with_a_code(self) -> None:
        out = io.StringIO()
        with redirect_stdout(out):
            call_command("issue_document", "--service", "transcript", "--student", self.student.iin, "--language", "kk",
                         "--institution", self.institution.code, "--json", stdout=out)  # fmt: skip
        result = json.loads(out.getvalue())
        self.assertEqual(set(result), {"number", "verification_code", "verify_url", "sha256", "file"})
        document = IssuedDocument.objects.get(number=result["number"])
        self.assertEqual((document.service.code, document.language), ("transcript", "kk"))
        out = io.StringIO()
        with self.assertRaises(SystemExit) as exit_:
            call_command("issue_document", "--service", "transcript", "--student", self.expelled.iin,
                         "--language", "kk", "--institution", self.institution.code, "--json", stdout=out)  # fmt: skip
        self.assertEqual(exit_.exception.code, 1)
        self.assertEqual(json.loads(out.getvalue())["error"], "not_eligible")
        self.assertEqual(IssuedDocument.objects.count(), 1)

    def test_the_verify_page_shows_a_transcript(self) -> None:
        document = issue_document(self.services["transcript"], self.student, language="en", acting_user=self.clerk)
        response = self.client.get(
            reverse("servicedesk:verify", args=[document.verification_code]), HTTP_ACCEPT_LANGUAGE="en"
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Transcript")
        self.assertContains(response, document.number)
        self.assertContains(response, "Ах*** А.")
        self.assertContains(response, document.sha256)
        self.assertNotContains(response, "Ахметова")
