"""Order documents and extracts (issue #15): the DOCX (read back with python-docx) and the PDF (pdftotext) carry
the institution, the number, the type's wording and each student's paragraph in kk, ru and en; a draft is marked;
an extract carries its student only; who may download what (others 404)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
import unittest

from django.urls import reverse
from django.utils import translation

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.studentbody.services import orders
from mansap.studentbody.tests.factories import draft

D = dt.date


def docx_text(content: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(content))
    footer = "\n".join(p.text for p in document.sections[0].footer.paragraphs)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([*(p.text for p in document.paragraphs), *cells, footer])


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        out = subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


class OrderDocumentTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.mine = make_student(
            cls.program_a, admission_year=2024, course=2, user=cls.student_user, last_name="Серікова",
            first_name="Айгерім", middle_name="Бекқызы", funding="grant", study_form="full_time",
        )  # fmt: skip
        cls.other = make_student(
            cls.program_b, admission_year=2024, course=3, last_name="Омаров", first_name="Бауыржан"
        )
        cls.order = draft(cls.institution, "expulsion", number="125-С", date=D(2026, 10, 5),
                          signatory="Ректор Ә. Әбенов")  # fmt: skip
        cls.item = orders.add_item(cls.order, student=cls.mine, acting_user=None, effective_date=D(2026, 10, 6),
                                   ground="own_wish")  # fmt: skip
        cls.other_item = orders.add_item(cls.order, student=cls.other, acting_user=None,
                                         effective_date=D(2026, 10, 7), ground="academic_failure")  # fmt: skip

    def download(self, user, url_name, pk, fmt, lang):  # type: ignore[no-untyped-def]
        self.client.force_login(user)
        response = self.client.get(reverse(f"studentbody:{url_name}", args=[pk, fmt]), {"lang": lang})
        self.assertEqual(response.status_code, 200, response.content[:300])
        return b"".join(response.streaming_content) if response.streaming else response.content

    def sign(self) -> None:
        orders.sign_order(self.order, acting_user=None)

    def test_the_order_docx_in_each_language(self) -> None:
        expected = {
            "en": ["KazUTB", "ORDER", "No. 125-С of 05.10.2026", "On the expulsion of students", "I ORDER:",
                   "1. Омаров Бауыржан (program 6B06102 «Computer science», year of study 3",
                   "is expelled from 07.10.2026. Ground: academic failure.",
                   "2. Серікова Айгерім Бекқызы (program 6B06101 «Information systems», year of study 2, full-time, "
                   "state educational grant) is expelled from 06.10.2026. Ground: own wish.",
                   "Ректор Ә. Әбенов", "DRAFT"],
            "ru": ["КазУТБ", "ПРИКАЗ", "№ 125-С от 05.10.2026", "Об отчислении обучающихся", "ПРИКАЗЫВАЮ:",
                   "Серікова Айгерім Бекқызы (образовательная программа 6B06101 «Информационные системы», 2 курс",
                   "отчислить с 06.10.2026. Основание: по собственному желанию.", "ПРОЕКТ"],
            "kk": ["ҚазТБУ", "БҰЙРЫҚ", "05.10.2026 № 125-С", "Білім алушыларды оқудан шығару туралы", "БҰЙЫРАМЫН:",
                   "Серікова Айгерім Бекқызы (6B06101 «Ақпараттық жүйелер» білім беру бағдарламасы, 2-курс",
                   "06.10.2026 бастап оқудан шығарылсын. Негіздеме: өз еркімен.", "ЖОБА"],
        }  # fmt: skip
        for lang, phrases in expected.items():
            with self.subTest(lang):
                text = docx_text(self.download(self.registrar, "order_document", self.order.pk, "docx", lang))
                for phrase in phrases:
                    self.assertIn(phrase, text)

    @unittest.skipUnless(shutil.which("pdftotext"), "pdftotext (poppler-utils) is not installed")
    def test_the_order_pdf_in_each_language_and_a_signed_order_has_no_draft_mark(self) -> None:
        self.sign()
        for lang, phrases, mark in (
            ("en", ["ORDER", "No. 125-С of 05.10.2026", "On the expulsion of students", "Омаров Бауыржан"], "DRAFT"),
            ("ru", ["ПРИКАЗ", "Об отчислении обучающихся", "Серікова Айгерім Бекқызы"], "ПРОЕКТ"),
            ("kk", ["БҰЙРЫҚ", "Білім алушыларды оқудан шығару туралы", "Серікова Айгерім Бекқызы"], "ЖОБА"),
        ):
            with self.subTest(lang):
                text = pdf_text(self.download(self.registrar, "order_document", self.order.pk, "pdf", lang))
                for phrase in phrases:
                    self.assertIn(phrase, text)
                self.assertNotIn(mark, text)

    def test_an_extract_carries_its_student_only(self) -> None:
        self.sign()
        for lang, title in (("en", "EXTRACT FROM ORDER"), ("ru", "ВЫПИСКА ИЗ ПРИКАЗА"), ("kk", "БҰЙРЫҚТАН ҮЗІНДІ")):
            with self.subTest(lang):
                text = docx_text(self.download(self.student_user, "item_extract", self.item.pk, "docx", lang))
                self.assertIn(title, text)
                self.assertIn("Серікова Айгерім Бекқызы", text)
                self.assertIn("1. Серікова", text)
                self.assertNotIn("Омаров", text)
        if shutil.which("pdftotext"):
            text = pdf_text(self.download(self.student_user, "item_extract", self.item.pk, "pdf", "ru"))
            self.assertIn("ВЫПИСКА ИЗ ПРИКАЗА", text)
            self.assertNotIn("Омаров", text)

    def test_who_downloads_what(self) -> None:
        self.sign()
        order = lambda fmt="pdf": reverse("studentbody:order_document", args=[self.order.pk, fmt])  # noqa: E731
        extract = lambda item: reverse("studentbody:item_extract", args=[item.pk, "docx"])  # noqa: E731
        for user, whole, mine, other in (
            (self.registrar, 200, 200, 200),
            (self.rector, 200, 200, 200),
            (self.dean, 200, 200, 200),
            (self.aigerim, 404, 200, 404),  # department A: its student's extract, not the order of both
            (self.dana, 404, 404, 200),
            (self.cc, 200, 200, 200),  # an institution-wide office
        ):
            with self.subTest(user.username):
                self.assert_status(user, order(), whole)
                self.assert_status(user, extract(self.item), mine)
                self.assert_status(user, extract(self.other_item), other)
        self.assert_status(self.student_user, order(), 403)
        self.assert_status(self.student_user, extract(self.item), 200)
        self.assert_status(self.student_user, extract(self.other_item), 404)
        self.assert_status(self.registrar, order("exe"), 404)

    def test_a_draft_is_for_the_ssc_only(self) -> None:
        self.assert_status(self.rector, reverse("studentbody:order_document", args=[self.order.pk, "pdf"]), 404)
        self.assert_status(self.student_user, reverse("studentbody:item_extract", args=[self.item.pk, "pdf"]), 404)

    def test_the_buttons(self) -> None:
        self.sign()
        translation.activate("en")
        page = self.get_as(self.registrar, reverse("studentbody:order_detail", args=[self.order.pk]))
        self.assertContains(page, 'id="order-document-pdf"')
        self.assertContains(page, f'id="extract-{self.item.pk}-pdf"')
        history = self.get_as(self.student_user, reverse("studentbody:student_history", args=[self.mine.pk]))
        self.assertContains(history, f'id="extract-{self.item.pk}-pdf"')
        self.assertNotContains(history, 'id="order-document-pdf"')
        department = self.get_as(self.aigerim, reverse("studentbody:order_detail", args=[self.order.pk]))
        self.assertNotContains(department, 'id="order-document-pdf"')
