"""Practice documents: every document builds in kk, ru and en as DOCX and PDF with the data in it;
issuing referrals and notices records the dates and warns when late (R-021, R-022, R-025, R-026).

Set DOCS_DUMP=/some/dir to keep the generated files (to look at the PDFs as images).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile
from io import BytesIO
from pathlib import Path
from urllib.parse import quote

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from mansap.common.testing import BaseTestCase, make_student
from mansap.core.models import ProgramGroup
from mansap.employers.tests.factories import make_org
from mansap.practice.choices import PlacementStatus, PracticeKind
from mansap.practice.models import DiaryEntry, Placement, PracticeOrder
from mansap.practice.reports import documents
from mansap.practice.reports.documents import content
from mansap.practice.services.documents import issue_deadline, issue_referrals
from mansap.practice.tests.factories import make_base, make_contract, make_employee, make_placement, make_practice

LANGS = ("kk", "ru", "en")
KAZAKH_NAME = "Құрманғазықызы"
START = dt.date(2026, 6, 1)


def docx_text(data: bytes) -> str:
    import docx

    doc = docx.Document(BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def docx_title(data: bytes) -> str:
    import docx

    return docx.Document(BytesIO(data)).core_properties.title


def pdf_text(data: bytes) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "doc.pdf"
        path.write_bytes(data)
        text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    # Table cells wrap: compare words, not lines (pages stay separated by form feeds).
    return "\f".join(" ".join(page.split()) for page in text.split("\f"))


class DocumentsData(BaseTestCase):
    """A production practice of program A with three students at two bases (Kazakh names)."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        group = ProgramGroup.objects.create(
            code="B057", name_kk="Ақпараттық технологиялар", name_ru="Информационные технологии",
            name_en="Information technologies",
        )  # fmt: skip
        cls.program_a.group = group
        cls.program_a.save()
        cls.institution.city = "Астана"
        cls.institution.save()
        cls.practice = make_practice(cls.program_a, starts_on=START)
        org_1 = make_org(cls.institution, name_kk="«Қазақтелеком» АҚ", name_ru="АО «Казахтелеком»",
                         name_en="Kazakhtelecom JSC")  # fmt: skip
        org_2 = make_org(cls.institution, name_kk="«Ғарыш» ЖШС", name_ru="ТОО «Гарыш»", name_en="Garysh LLP")
        cls.base_1 = make_base(cls.institution, programs=[cls.program_a], organization=org_1)
        cls.base_2 = make_base(cls.institution, programs=[cls.program_a], organization=org_2)
        cls.contract = make_contract(cls.base_1, number="ДП-17")
        cls.supervisor = make_employee(cls.dept_a, last_name="Сәрсенбаев", first_name="Нұрлан")
        cls.students = [
            make_student(cls.program_a, last_name=KAZAKH_NAME, first_name="Әсел", group="ИС-23-1", course=3),
            make_student(cls.program_a, last_name="Иванов", first_name="Пётр", group="ИС-23-2", course=3),
            make_student(cls.program_a, last_name="Өтегенов", first_name="Ұлан", group="ИС-23-1", course=3),
        ]
        cls.placements = [
            make_placement(cls.practice, cls.students[0], cls.base_1, supervisor=cls.supervisor),
            make_placement(cls.practice, cls.students[1], cls.base_1, supervisor=cls.supervisor),
            make_placement(cls.practice, cls.students[2], cls.base_2, supervisor=cls.supervisor),
        ]
        cls.placement = cls.placements[0]
        DiaryEntry.objects.create(placement=cls.placement, day=START, work_done="Қауіпсіздік техникасы нұсқауы")

    def dump(self, name: str, data: bytes) -> None:
        target = os.environ.get("DOCS_DUMP")
        if target:
            Path(target).mkdir(parents=True, exist_ok=True)
            (Path(target) / name).write_bytes(data)


class ContentTests(DocumentsData):
    def all_placements(self):
        return Placement.objects.filter(practice=self.practice)

    def build_all(self, language: str) -> dict[str, documents.Document]:
        built = {
            doc: documents.build_for_practice(self.practice, doc, self.all_placements(), language)
            for doc in documents.PRACTICE_DOCUMENTS
        }
        built["package"] = documents.build_package(self.practice, self.base_1, self.all_placements(), language)
        return built

    def test_every_document_has_the_data_in_every_language(self) -> None:
        for language in LANGS:
            for name, document in self.build_all(language).items():
                text = document.text()
                with self.subTest(language=language, document=name):
                    self.assertIn(self.students[0].full_name, text)
                    self.assertIn("01.06.2026", text)  # dates dd.mm.yyyy
                    self.assertIn(
                        {"kk": "«Қазақтелеком» АҚ", "ru": "АО «Казахтелеком»", "en": "Kazakhtelecom JSC"}[language],
                        text,
                    )
                    self.assertIn(self.program_a.code, text)
                    self.assertEqual(document.language, language)

    def test_names_follow_the_document_language_not_the_screen(self) -> None:
        with translation.override("en"):
            kk = documents.build_for_placement(self.placement, "referral", "kk")
        self.assertIn(self.institution.name_kk, kk.text())
        self.assertIn(self.dept_a.name_kk, kk.text())
        self.assertNotIn(self.dept_a.name_en, kk.text())
        with translation.override("kk"):
            ru = documents.build_for_placement(self.placement, "referral", "ru")
        self.assertIn(self.dept_a.name_ru, ru.text())
        self.assertIn("АО «Казахтелеком»", ru.text())

    def test_unknown_language_falls_back_to_kazakh(self) -> None:
        self.assertEqual(documents.build_for_placement(self.placement, "notice", "de").language, "kk")

    def test_submission_lists_students_bases_and_supervisors(self) -> None:
        document = documents.build_for_practice(self.practice, "submission", self.all_placements(), "ru")
        table = next(b for page in document.pages for b in page.blocks if isinstance(b, documents.content.Table))
        self.assertEqual(len(table.rows), 3)
        names = [row[1] for row in table.rows]
        self.assertEqual(names, sorted(names))  # alphabetical
        row = next(r for r in table.rows if r[1] == self.students[2].full_name)
        self.assertEqual(row[2], "ИС-23-1")
        self.assertEqual(row[3], "ТОО «Гарыш»")
        self.assertIn("Сәрсенбаев Нұрлан", row[4])
        self.assertIn("Ахметов Серік", row[5])

    def test_submission_of_an_order_shows_its_number_and_date(self) -> None:
        order = PracticeOrder.objects.create(
            practice=self.practice, order_number="245-П", order_date=dt.date(2026, 5, 15)
        )
        text = documents.build_submission(order, self.all_placements(), "ru").text()
        self.assertIn("245-П", text)
        self.assertIn("15.05.2026", text)
        # Placements linked to the order: only those are listed.
        Placement.objects.filter(pk=self.placement.pk).update(order=order)
        text = documents.build_submission(order, self.all_placements(), "ru").text()
        self.assertIn(self.students[0].full_name, text)
        self.assertNotIn(self.students[1].full_name, text)

    def test_cancelled_placements_are_left_out(self) -> None:
        Placement.objects.filter(pk=self.placements[1].pk).update(status=PlacementStatus.CANCELLED)
        text = documents.build_for_practice(self.practice, "submission", self.all_placements(), "kk").text()
        self.assertNotIn(self.students[1].full_name, text)
        self.assertIn(self.students[0].full_name, text)

    def test_package_has_schedule_groups_and_only_the_base_students(self) -> None:
        document = documents.build_package(self.practice, self.base_1, self.all_placements(), "en")
        text = document.text()
        self.assertIn(self.students[0].full_name, text)
        self.assertIn(self.students[1].full_name, text)
        self.assertNotIn(self.students[2].full_name, text)  # at the other base
        self.assertIn("ДП-17", text)  # the contract in force
        tables = [b for page in document.pages for b in page.blocks if isinstance(b, documents.content.Table)]
        schedule, groups = tables[0], tables[1]
        # 01.06–28.06.2026: four weeks of seven days
        self.assertEqual([row[1] for row in schedule.rows], [
            "01.06.2026 – 07.06.2026", "08.06.2026 – 14.06.2026", "15.06.2026 – 21.06.2026", "22.06.2026 – 28.06.2026",
        ])  # fmt: skip
        self.assertEqual(groups.rows, [["B057", "Information technologies", "6B06101 Information systems", "2"]])

    def test_objectives_of_the_type_of_practice(self) -> None:
        text = documents.build_package(self.practice, self.base_1, self.all_placements(), "en").text()
        self.assertIn("Mastering innovative technologies", text)  # 001 §10.3.3
        educational = make_practice(self.program_a, kind=PracticeKind.EDUCATIONAL, starts_on=dt.date(2026, 7, 1))
        make_placement(educational, self.students[0], self.base_1)
        text = documents.build_package(educational, self.base_1, Placement.objects.all(), "en").text()
        self.assertIn("Studying business correspondence", text)  # 001 §9.2.5

    def test_weeks_cover_the_period(self) -> None:
        self.assertEqual(
            content.weeks(dt.date(2026, 6, 1), dt.date(2026, 6, 1)), [(1, dt.date(2026, 6, 1), dt.date(2026, 6, 1))]
        )
        rows = content.weeks(dt.date(2026, 6, 1), dt.date(2026, 6, 10))
        self.assertEqual([r[0] for r in rows], [1, 2])
        self.assertEqual(rows[-1][2], dt.date(2026, 6, 10))
        # A one-week practice still gets the briefing first and the report last.
        short = make_practice(
            self.program_a, kind=PracticeKind.EDUCATIONAL, starts_on=dt.date(2026, 7, 1), ends_on=dt.date(2026, 7, 5)
        )
        schedule = content.calendar_schedule(short)
        self.assertEqual(len(schedule), 1)

    def test_diary_prefills_entries_or_working_days(self) -> None:
        document = documents.build_for_placement(self.placement, "diary", "kk")
        self.assertIn("Қауіпсіздік техникасы нұсқауы", document.text())
        other = documents.build_for_placement(self.placements[1], "diary", "kk")
        table = next(b for b in other.pages[1].blocks if isinstance(b, documents.content.Table))
        days = [row[0] for row in table.rows]
        self.assertEqual(days[0], "01.06.2026")  # Monday
        self.assertNotIn("06.06.2026", days)  # Saturday
        self.assertEqual(len(days), 20)  # four weeks of working days

    def test_report_form_for_pre_graduate_practice_has_the_thesis_topic(self) -> None:
        pre = make_practice(self.program_a, kind=PracticeKind.PRE_GRADUATE, starts_on=dt.date(2027, 1, 11))
        placement = make_placement(
            pre, self.students[0], self.base_1, thesis_topic="Мансап орталығының ақпараттық жүйесі"
        )
        text = documents.build_for_placement(placement, "report", "kk").text()
        self.assertIn("Мансап орталығының ақпараттық жүйесі", text)
        self.assertIn("Астана, 2027", text)

    def test_titles_change_with_the_language_where_translated(self) -> None:
        titles = {lang: documents.build_for_placement(self.placement, "referral", lang).title for lang in LANGS}
        self.assertEqual(titles["en"], "Referral to professional practice")
        for lang in ("kk", "ru"):
            with translation.override(lang):
                translated = translation.gettext("Referral to professional practice")
            if translated != titles["en"]:  # the catalog has it
                self.assertEqual(titles[lang], translated)

    def test_no_english_words_left_in_kazakh_and_russian_documents(self) -> None:
        """Every English phrase of the English documents is translated (a label in an f-string once was not)."""
        english = {
            piece.strip()
            for document in self.build_all("en").values()
            for line in document.text().splitlines()
            for piece in line.split(":")
            if re.fullmatch(r"[A-Za-z][A-Za-z ,.()'-]{6,}", piece.strip())
        }
        self.assertIn("Head of the department", english)  # the check sees labels
        for language in ("kk", "ru"):
            for name, document in self.build_all(language).items():
                with self.subTest(language=language, document=name):
                    left = sorted(phrase for phrase in english if phrase in document.text())
                    self.assertEqual(left, [])

    def test_long_dates_have_kazakh_month_names(self) -> None:
        self.assertIn("маусым", content.long_date(dt.date(2026, 6, 1), "kk"))
        self.assertIn("июня", content.long_date(dt.date(2026, 6, 1), "ru"))


class RenderingTests(DocumentsData):
    """DOCX opened again with python-docx; PDF read back with pdftotext (Kazakh letters survive)."""

    def test_docx_and_pdf_of_every_document_in_every_language(self) -> None:
        placements = Placement.objects.filter(practice=self.practice)
        for language in LANGS:
            built = {
                doc: documents.build_for_practice(self.practice, doc, placements, language)
                for doc in documents.PRACTICE_DOCUMENTS
            }
            built["package"] = documents.build_package(self.practice, self.base_1, placements, language)
            for name, document in built.items():
                with self.subTest(language=language, document=name):
                    data = documents.render(document, "docx")
                    self.assertEqual(data[:2], b"PK")
                    self.dump(f"{name}-{language}.docx", data)
                    text = docx_text(data)
                    self.assertIn(f"{KAZAKH_NAME} Әсел", text)
                    self.assertIn("01.06.2026", text)
                    self.assertIn(self.students[1].full_name, text)
                    self.assertEqual(docx_title(data), document.title)

    def test_pdf_has_the_kazakh_letters(self) -> None:
        if not shutil.which("pdftotext"):
            self.skipTest("poppler-utils is not installed")
        placements = Placement.objects.filter(practice=self.practice)
        for language in LANGS:
            for doc in documents.PRACTICE_DOCUMENTS:
                with self.subTest(language=language, document=doc):
                    data = documents.render(
                        documents.build_for_practice(self.practice, doc, placements, language), "pdf"
                    )
                    self.assertTrue(data.startswith(b"%PDF"))
                    self.dump(f"{doc}-{language}.pdf", data)
                    text = pdf_text(data)
                    self.assertIn(f"{KAZAKH_NAME} Әсел", text)
                    self.assertIn("01.06.2026", text)
            data = documents.render(documents.build_package(self.practice, self.base_1, placements, language), "pdf")
            self.dump(f"package-{language}.pdf", data)
            self.assertIn(KAZAKH_NAME, pdf_text(data))

    def test_bulk_documents_have_one_page_set_per_student(self) -> None:
        document = documents.build_for_practice(self.practice, "referral", Placement.objects.all(), "kk")
        self.assertEqual(len(document.pages), 3)
        data = documents.render(document, "pdf")
        text = pdf_text(data)
        self.assertEqual(text.count("\f"), 3)  # three pages
        for student in self.students:
            self.assertIn(student.full_name, text)

    def test_file_response_headers(self) -> None:
        response = documents.file_response(documents.build_for_placement(self.placement, "notice", "kk"), "pdf")
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertIn("attachment;", response["Content-Disposition"])
        self.assertIn(".pdf", response["Content-Disposition"])
        self.assertNotIn("/", documents.safe_filename("a/b\\c:d"))
        disposition = response["Content-Disposition"]
        self.assertIn(quote(f"{KAZAKH_NAME} Әсел"), disposition)  # RFC 5987 name in any script
        self.assertRegex(disposition, r'^attachment; filename="[ -~]+\.pdf"; ')  # an ASCII fallback too
        self.assertEqual(documents.safe_filename("«Ғарыш» ЖШС / 6B06101"), "Ғарыш ЖШС _ 6B06101")


class IssueTests(DocumentsData):
    def test_issue_records_both_dates_and_keeps_the_first(self) -> None:
        day = issue_deadline(START)
        result = issue_referrals(self.placements, acting_user=self.aigerim, today=day)
        self.assertEqual(len(result.issued), 3)
        self.assertEqual(result.warnings, [])
        for placement in Placement.objects.filter(practice=self.practice):
            self.assertEqual((placement.referral_issued_on, placement.notice_issued_on), (day, day))
        again = issue_referrals(
            list(Placement.objects.filter(practice=self.practice)),
            acting_user=self.aigerim,
            today=day + dt.timedelta(days=3),
        )
        self.assertEqual((len(again.issued), len(again.already)), (0, 3))
        self.assertEqual(Placement.objects.get(pk=self.placement.pk).referral_issued_on, day)
        self.assertEqual(Placement.objects.get(pk=self.placement.pk).history.first().history_user, self.aigerim)

    def test_issue_a_week_before_is_on_time_a_day_later_is_late(self) -> None:
        self.assertEqual(issue_deadline(START), dt.date(2026, 5, 25))
        on_time = issue_referrals([self.placements[0]], acting_user=self.aigerim, today=dt.date(2026, 5, 25))
        self.assertEqual((on_time.late, on_time.warnings), ([], []))
        late = issue_referrals([self.placements[1]], acting_user=self.aigerim, today=dt.date(2026, 5, 26))
        self.assertEqual(late.late, [self.placements[1]])
        self.assertIn("01.06.2026", late.warnings[0])

    def test_issue_refuses_cancelled_and_out_of_scope(self) -> None:
        Placement.objects.filter(pk=self.placements[2].pk).update(status=PlacementStatus.CANCELLED)
        with self.assertRaises(ValidationError):
            issue_referrals(list(Placement.objects.filter(practice=self.practice)), acting_user=self.aigerim)
        with self.assertRaises(PermissionDenied):
            issue_referrals([self.placement], acting_user=self.dana)  # another department
        with self.assertRaises(PermissionDenied):
            issue_referrals([self.placement], acting_user=self.bolat)  # read-only
        with self.assertRaises(ValidationError):
            issue_referrals([], acting_user=self.aigerim)
        self.assertIsNone(Placement.objects.get(pk=self.placement.pk).referral_issued_on)

    def test_issued_date_is_printed_on_the_referral(self) -> None:
        issue_referrals([self.placement], acting_user=self.aigerim, today=dt.date(2026, 5, 20))
        text = documents.build_for_placement(Placement.objects.get(pk=self.placement.pk), "referral", "en").text()
        self.assertIn("20.05.2026", text)
