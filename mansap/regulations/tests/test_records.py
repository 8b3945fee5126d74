"""The change registration sheet, the distribution log, the control sheets (PDF and DOCX in kk/ru/en), the
developing unit named in three languages, the download service and the KPI providers (issue #17)."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from mansap.common.indicators import WHOLE, Breakdown, Period, get
from mansap.common.testing import ScopedCRUDTests
from mansap.regulations.models import Agreement, ChangeRecord, DownloadLog
from mansap.regulations.reports.due import documents_due
from mansap.regulations.services import documents as services
from mansap.regulations.services.changes import record_change
from mansap.regulations.services.distribution import issue_copy, withdraw_copy
from mansap.regulations.services.downloads import download
from mansap.regulations.services.familiarization import acknowledge, assign
from mansap.regulations.services.reviews import record_review
from mansap.regulations.tests.factories import approved, document, in_force, with_file

D = dt.date


def pdf_text(content: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(content)
        handle.flush()
        return subprocess.run(
            ["pdftotext", "-layout", handle.name, "-"], capture_output=True, check=True
        ).stdout.decode()


class RecordsTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.doc = document(cls.institution, code="ПСП 11-02.112-2022", type="unit_regulation",
                           title_kk="Білім алушыларға қызмет көрсету орталығы туралы ереже",
                           title_ru="Положение о центре обслуживания обучающихся",
                           title_en="Regulation on the Student Service Center",
                           unit_name_kk="Мансап орталығы", unit_name_ru="Центр карьеры",
                           unit_name_en="Career Center")  # fmt: skip
        cls.v4 = in_force(cls.doc, D(2024, 2, 29), major=4)
        services.add_agreement(cls.v4, acting_user=None, position="Проректор по учебно-методической работе",
                               full_name="Жамангарин Д.С.", agreed_on=D(2024, 2, 22))  # fmt: skip

    # ---- the change registration sheet ----
    def test_changes_are_numbered_in_turn(self) -> None:
        first = record_change(self.doc, acting_user=self.cc, notice_number="1", sheets_replaced="5, 6",
                              total_sheets=14, made_on=D(2025, 3, 1), made_by_name="Нурбаева М.З.")  # fmt: skip
        second = record_change(self.doc, acting_user=self.cc, sheets_new="15", made_on=D(2025, 9, 1),
                               made_by_name="Нурбаева М.З.")  # fmt: skip
        self.assertEqual((first.number, second.number, first.made_by), (1, 2, self.cc))
        with self.assertRaises(ValidationError) as raised:
            record_change(self.doc, acting_user=self.cc, number=2, sheets_new="16", made_on=D(2025, 9, 2),
                          made_by_name="X")  # fmt: skip
        self.assertIn("already has a change with this number", str(raised.exception))

    def test_a_change_names_its_sheets_and_only_the_quality_department_records_it(self) -> None:
        with self.assertRaises(ValidationError) as raised:
            record_change(self.doc, acting_user=self.cc, made_on=D(2025, 3, 1), made_by_name="X")
        self.assertEqual(list(raised.exception.message_dict), ["sheets_changed"])
        with self.assertRaises(PermissionDenied):
            record_change(self.doc, acting_user=self.aigerim, sheets_new="1", made_on=D(2025, 3, 1), made_by_name="X")
        self.assertEqual(ChangeRecord.objects.count(), 0)

    def test_the_change_form_and_list(self) -> None:
        url = reverse("regulations:change_add", args=[self.doc.pk])
        self.assert_status(self.aigerim, url, 403)
        response = self.post_as(self.cc, url, {"notice_number": "7", "sheets_changed": "3", "total_sheets": "14",
                                               "made_on": "2025-03-01", "made_by_name": "Нурбаева М.З."})  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assert_page_shows(self.aigerim, self.doc.get_absolute_url(), "Change registration sheet", "Нурбаева М.З.")
        response = self.post_as(self.cc, url, {"made_on": "2025-03-01", "made_by_name": "X"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("Name the sheets the change concerns", response.content.decode())

    # ---- the distribution log ----
    def test_a_copy_is_issued_and_withdrawn(self) -> None:
        copy = issue_copy(self.doc, acting_user=self.cc, issued_on=D(2024, 3, 1), department=self.dept_a)
        other = issue_copy(self.doc, acting_user=self.cc, issued_on=D(2024, 3, 1), recipient_name="ЦОО")
        self.assertEqual((copy.number, copy.version, copy.recipient, other.number, other.recipient),
                         (1, self.v4, "Information Systems", 2, "ЦОО"))  # fmt: skip
        with self.assertRaises(ValidationError):
            withdraw_copy(copy, acting_user=self.cc, on=D(2024, 2, 1))  # before it was issued
        withdraw_copy(copy, acting_user=self.cc, on=D(2025, 1, 10))
        copy.refresh_from_db()
        self.assertEqual((copy.withdrawn_on, copy.withdrawn_by), (D(2025, 1, 10), self.cc))
        with self.assertRaises(ValidationError) as raised:
            withdraw_copy(copy, acting_user=self.cc, on=D(2025, 1, 11))
        self.assertEqual(raised.exception.messages, ["Copy No. 1 was withdrawn on 10.01.2025."])
        with self.assertRaises(ValidationError):
            issue_copy(self.doc, acting_user=self.cc, issued_on=D(2024, 3, 1))  # no recipient
        with self.assertRaises(PermissionDenied):
            issue_copy(self.doc, acting_user=self.aigerim, issued_on=D(2024, 3, 1), department=self.dept_a)

    def test_only_a_document_in_force_is_distributed(self) -> None:
        draft = document(self.institution, code="KazUTB-CC-RPA-7.2-2025-09")
        services.add_version(draft, acting_user=None)
        with self.assertRaises(ValidationError) as raised:
            issue_copy(draft, acting_user=self.cc, issued_on=D(2026, 1, 1), department=self.dept_a)
        self.assertEqual(raised.exception.messages, ["Only a document in force is distributed."])

    def test_the_copy_pages(self) -> None:
        response = self.post_as(self.cc, reverse("regulations:copy_add", args=[self.doc.pk]),
                                {"department": self.dept_b.pk, "issued_on": "2024-03-01"})  # fmt: skip
        self.assertEqual(response.status_code, 302)
        copy = self.doc.copies.get()
        self.assert_status(self.aigerim, reverse("regulations:copy_withdraw", args=[copy.pk]), 403)
        response = self.post_as(self.cc, reverse("regulations:copy_withdraw", args=[copy.pk]),
                                {"withdrawn_on": "2025-01-10"})  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assert_page_shows(self.aigerim, self.doc.get_absolute_url(), "Distribution log", "10.01.2025")

    # ---- the developing unit in three languages ----
    def test_the_unit_given_as_text_is_shown_in_the_page_language(self) -> None:
        for language, name in (("kk", "Мансап орталығы"), ("ru", "Центр карьеры"), ("en", "Career Center")):
            with translation.override(language):
                self.assertEqual(self.doc.unit, name)
        self.client.force_login(self.aigerim)
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "kk"
        page = self.client.get(self.doc.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="kk").content.decode()
        self.assertIn("Мансап орталығы", page)
        self.assertNotIn("Career Center", page)

    def test_an_imported_unit_name_goes_to_its_language(self) -> None:
        ssc = "Центр обслуживания обучающихся"
        self.assertEqual(services.unit_name_fields(ssc), {"unit_name_kk": "", "unit_name_ru": ssc, "unit_name_en": ""})
        self.assertEqual(services.unit_name_fields("Мансап орталығы")["unit_name_kk"], "Мансап орталығы")
        self.assertEqual(services.unit_name_fields("Career Center")["unit_name_en"], "Career Center")

    # ---- downloads: one service for the page and the API ----
    def test_the_download_service_logs_an_internal_document(self) -> None:
        with_file(self.v4, "ru")
        response = download(self.v4, "ru", acting_user=self.aigerim)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(DownloadLog.objects.values_list("user__username", "language")), [("aigerim", "ru")])
        self.api_as(self.aigerim).get(reverse("documentversion-download", args=[self.v4.pk]) + "?language=ru")
        self.assertEqual(DownloadLog.objects.count(), 2)

    # ---- the control sheets ----
    def test_the_four_sheets_as_pdf_in_three_languages(self) -> None:
        record_change(self.doc, acting_user=None, notice_number="12", sheets_replaced="5", total_sheets=14,
                      made_on=D(2025, 3, 1), made_by_name="Нурбаева М.З.")  # fmt: skip
        record_review(self.doc, acting_user=None, reviewed_on=D(2026, 2, 1), reviewer="Тлеуженова В.Б.",
                      result="no_change")  # fmt: skip
        expected = {
            ("approval", "kk"): ["КЕЛІСУ ПАРАҒЫ", "Лауазымы", "Жамангарин", "22.02.2024"],
            ("approval", "ru"): ["ЛИСТ СОГЛАСОВАНИЯ", "Должность", "Ф.И.О.", "Подпись"],
            ("approval", "en"): ["APPROVAL SHEET", "Position", "Full name", "Signature"],
            ("familiarization", "ru"): ["ЛИСТ ОЗНАКОМЛЕНИЯ", "Должность"],
            ("changes", "kk"): ["ӨЗГЕРІСТЕРДІ ТІРКЕУ ПАРАҒЫ", "Нурбаева", "01.03.2025"],
            ("changes", "ru"): ["ЛИСТ РЕГИСТРАЦИИ ИЗМЕНЕНИЙ", "аннулированных", "Всего", "Нурбаева"],
            ("reviews", "ru"): [
                "ЛИСТ УЧЁТА ПЕРИОДИЧЕСКИХ ПРОВЕРОК",
                "Формулировка",
                "Тлеуженова",
                "без изменений",
            ],
            ("reviews", "en"): ["PERIODIC REVIEW SHEET", "Remarks", "01.02.2026"],
        }
        self.client.force_login(self.aigerim)
        for (kind, language), texts in expected.items():
            response = self.client.get(reverse("regulations:control_sheet", args=[self.doc.pk, kind, language, "pdf"]))
            self.assertEqual(response["Content-Type"], "application/pdf")
            text = pdf_text(response.content)
            for wanted in texts:
                self.assertIn(wanted, text, (kind, language))

    def test_a_sheet_as_docx(self) -> None:
        import docx

        record_change(self.doc, acting_user=None, notice_number="12", sheets_replaced="5", total_sheets=14,
                      made_on=D(2025, 3, 1), made_by_name="Нурбаева М.З.")  # fmt: skip
        self.client.force_login(self.aigerim)
        response = self.client.get(reverse("regulations:control_sheet", args=[self.doc.pk, "changes", "ru", "docx"]))
        self.assertEqual(response.status_code, 200)
        table = docx.Document(io.BytesIO(response.content)).tables[1]
        self.assertEqual([c.text for c in table.rows[1].cells][2:6], ["изменённых", "заменённых", "новых",
                                                                       "аннулированных"])  # fmt: skip
        self.assertEqual([c.text for c in table.rows[2].cells], ["1", "12", "", "5", "", "", "14", "01.03.2025",
                                                                 "Нурбаева М.З.", ""])  # fmt: skip

    def test_sheets_outside_the_scope_or_unknown_answer_404(self) -> None:
        self.assert_status(self.student_user, reverse("regulations:control_sheet",
                                                      args=[self.doc.pk, "approval", "ru", "pdf"]), 404)  # fmt: skip
        self.assert_status(self.aigerim, reverse("regulations:control_sheet",
                                                 args=[self.doc.pk, "distribution", "ru", "pdf"]), 404)  # fmt: skip

    # ---- the KPI providers ----
    def test_current_documents_is_documents_dues_share(self) -> None:
        old = document(self.institution, code="KazUTB-CC-RPA-7.2-2025-03")
        in_force(old, D(2020, 1, 10))
        period = Period.calendar_year(2025)
        measured = get("regulations.current_documents").measure(self.institution, period)
        self.assertEqual((str(measured.value), measured.numerator, measured.denominator), ("0.5000", 1, 2))
        self.assertEqual(documents_due(self.institution, D(2025, 12, 31))["current_share"], 0.5)

    def test_familiarization_completion_whole_and_per_department(self) -> None:
        assign(self.doc, acting_user=None, department=self.dept_a)
        assign(self.doc, acting_user=None, department=self.dept_b)
        acknowledge(self.v4, acting_user=self.aigerim)
        indicator = get("regulations.familiarization_completion")
        period = Period.calendar_year(timezone.localdate().year)
        whole = indicator.measure(self.institution, period, WHOLE)
        self.assertEqual((str(whole.value), whole.numerator, whole.denominator), ("0.3333", 1, 3))
        dept_a = indicator.measure(self.institution, period, Breakdown(department=self.dept_a.pk))
        self.assertEqual((str(dept_a.value), dept_a.numerator, dept_a.denominator), ("0.5000", 1, 2))

    def test_share_approved_electronically(self) -> None:
        other = document(self.institution, code="KazUTB-CC-RPA-7.2-2025-04")
        imported = approved(other, on=D(2024, 5, 1))
        type(imported).objects.filter(pk=imported.pk).update(imported=True)
        measured = get("regulations.approved_electronically").measure(self.institution, Period.calendar_year(2024))
        self.assertEqual((str(measured.value), measured.numerator, measured.denominator), ("0.5000", 1, 2))
        self.assertEqual(Agreement.objects.count(), 1)
