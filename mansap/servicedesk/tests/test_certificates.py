"""The certificates' texts kept in the register of controlled documents (issues #16, #17, R-152): a revised text is
printed on the certificates issued from its date in kk/ru/en, an older certificate keeps the words it was issued
with, the code's default text applies without a register entry, and the version used is recorded; the catalogue
shows each service's template."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import unittest

import openpyxl
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.core.choices import Access, Role
from mansap.core.tests.factories import EducationalProgramFactory, MembershipFactory, StudentFactory, UserFactory
from mansap.regulations.models import Document
from mansap.regulations.services import templates
from mansap.servicedesk.choices import DocumentKind, Eligibility
from mansap.servicedesk.models import IssuedDocument, Service
from mansap.servicedesk.services import certificates
from mansap.servicedesk.services.catalogue import ensure_catalogue
from mansap.servicedesk.services.documents import issue_document, render_pdf
from mansap.servicedesk.services.requests import submit_request
from mansap.servicedesk.tests.factories import desk_clerk

PDFTOTEXT = shutil.which("pdftotext")
GCVP_KK = (
    "Анықтама Зейнетақы төлеу жөніндегі мемлекеттік орталыққа ұсыну үшін берілді және ағымдағы оқу жылы ішінде жарамды."
)
GCVP_RU = (
    "Справка выдана для предоставления в Государственный центр по выплате пенсий (ГЦВП) и действительна в течение "
    "текущего учебного года."
)
GCVP_EN = (
    "This certificate is issued for the State Centre for Pension Payments and is valid for the current academic year."
)
NEW_TEXTS = {
    "kk": "{{ student }} — біздің студент.\n\nАнықтама ЗТМО-ға 2027 жылғы 1 қыркүйекке дейін жарамды.",
    "ru": "{{ student }} — наш студент.\n\nСправка для ГЦВП действительна до 1 сентября 2027 года.",
    "en": "{{ student }} is our student.\n\nThe certificate for the pension centre is valid until 1 September 2027.",
}


def text_of(content: bytes) -> str:
    found = subprocess.run([PDFTOTEXT, "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout
    return " ".join(found.decode().split())


def file_text(document: IssuedDocument) -> str:
    with document.file.open("rb") as handle:
        return text_of(handle.read())


class CertificateData(TestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        cls.program = EducationalProgramFactory(code="6B06101", name_en="Information systems")
        cls.institution = cls.program.department.faculty.institution
        ensure_catalogue(cls.institution)
        cls.clerk = desk_clerk(cls.institution)
        cls.editor = UserFactory(username="quality")
        MembershipFactory(user=cls.editor, institution=cls.institution, role=Role.CAREER_CENTER, access=Access.EDIT)
        cls.student = StudentFactory(program=cls.program, last_name="Ахметова", first_name="Айгерим", middle_name="",
                                     course=2)  # fmt: skip
        cls.services = {s.code: s for s in Service.objects.filter(institution=cls.institution)}
        cls.gcvp = cls.services["study_certificate_gcvp"]


class TemplateKeyTests(CertificateData):
    def test_each_certificate_has_its_template_and_the_other_documents_none(self) -> None:
        keys = {code: certificates.template_key(service) for code, service in self.services.items()}
        self.assertEqual(
            {code: key for code, key in keys.items() if key},
            {
                "study_certificate": "servicedesk.certificate.study_certificate",
                "study_certificate_gcvp": "servicedesk.certificate.study_certificate_gcvp",
                "study_certificate_military": "servicedesk.certificate.study_certificate_military",
                "archive_certificate": "servicedesk.certificate.archive_certificate",
            },
        )
        added = Service(institution=self.institution, code="visa", document_kind=DocumentKind.CERTIFICATE,
                        eligibility=Eligibility.ANY)  # fmt: skip
        self.assertEqual(certificates.template_key(added), "servicedesk.certificate.certificate")

    def test_the_templates_are_registered_with_kazutb_codes(self) -> None:
        self.assertEqual(templates.ensure_templates(self.institution), {"templates": 9})
        documents = Document.objects.filter(template__key__startswith="servicedesk.certificate.").order_by("code")
        self.assertEqual(
            [(d.code, d.template.key, d.unit_name_en) for d in documents],
            [
                ("KazUTB-SSC-F-8.3-2025-01", "servicedesk.certificate.study_certificate", "Student Service Center"),
                ("KazUTB-SSC-F-8.3-2025-02", "servicedesk.certificate.study_certificate_gcvp",
                 "Student Service Center"),
                ("KazUTB-SSC-F-8.3-2025-03", "servicedesk.certificate.study_certificate_military",
                 "Student Service Center"),
                ("KazUTB-SSC-F-8.3-2025-04", "servicedesk.certificate.archive_certificate", "Student Service Center"),
                ("KazUTB-SSC-F-8.3-2025-05", "servicedesk.certificate.certificate", "Student Service Center"),
            ],
        )  # fmt: skip
        gcvp = documents.get(template__key="servicedesk.certificate.study_certificate_gcvp")
        self.assertEqual(gcvp.title_ru, "Текст справки с места учёбы (для ГЦВП)")
        text = templates.template_text("servicedesk.certificate.study_certificate_gcvp", "ru", gcvp.versions.get())
        self.assertTrue(text.endswith("»." + chr(10) + chr(10) + GCVP_RU), text)

    def test_the_text_renders_the_student_s_data(self) -> None:
        document = IssuedDocument(
            institution=self.institution, service=self.services["study_certificate"], student=self.student,
            language="en", issued_on=dt.date(2026, 12, 7),
        )  # fmt: skip
        self.assertEqual(
            certificates.body(document),
            [
                "This is to certify that Ахметова Айгерим (IIN " + self.student.iin + ") is a student in year 2 of "
                + self.institution.name_en + ", enrolled in the educational programme “6B06101 Information systems”.",
                "This certificate is issued for presentation where required.",
            ],
        )  # fmt: skip


@unittest.skipUnless(PDFTOTEXT, "pdftotext (poppler-utils) is not installed")
class IssuedTextTests(CertificateData):
    def test_without_a_register_entry_the_default_text_is_printed_and_no_version_recorded(self) -> None:
        document = issue_document(self.gcvp, self.student, language="kk", acting_user=self.clerk)
        self.assertIsNone(document.template_version)
        text = file_text(document)
        self.assertIn(GCVP_KK, text)
        self.assertIn("Нысан мәтіні: KazUTB-SSC-F-8.3-2025-02", text)

    def test_a_revised_text_is_printed_from_its_date_and_an_older_document_keeps_its_own(self) -> None:
        templates.ensure_templates(self.institution)
        old = issue_document(self.gcvp, self.student, language="en", acting_user=self.clerk)
        self.assertEqual(
            (old.template_version.document.code, old.template_version.number), ("KazUTB-SSC-F-8.3-2025-02", "1.0")
        )
        self.assertIn(GCVP_EN, file_text(old))
        document = Document.objects.get(template__key="servicedesk.certificate.study_certificate_gcvp")
        templates.revise_template(document, acting_user=self.editor, texts=NEW_TEXTS)
        issued = {
            language: issue_document(self.gcvp, self.student, language=language, acting_user=self.clerk)
            for language in ("kk", "ru", "en")
        }
        self.assertEqual({language: d.template_version.number for language, d in issued.items()},
                         {"kk": "1.1", "ru": "1.1", "en": "1.1"})  # fmt: skip
        self.assertEqual(IssuedDocument.objects.get(pk=issued["ru"].pk).template_version.number, "1.1")
        kk, ru, en = (file_text(issued[language]) for language in ("kk", "ru", "en"))
        self.assertIn("Ахметова Айгерим — біздің студент.", kk)
        self.assertIn("Анықтама ЗТМО-ға 2027 жылғы 1 қыркүйекке дейін жарамды.", kk)
        self.assertNotIn(GCVP_KK, kk)
        self.assertIn("Справка для ГЦВП действительна до 1 сентября 2027 года.", ru)
        self.assertIn("The certificate for the pension centre is valid until 1 September 2027.", en)
        self.assertIn("Text of the form: KazUTB-SSC-F-8.3-2025-02, version 1.1", en)
        verify = self.client.get(issued["en"].get_verify_path(), HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(
            verify, '<dd class="col-7" id="document-template">KazUTB-SSC-F-8.3-2025-02, version 1.1</dd>'
        )
        # The older certificate, rendered again from the database, prints the words it was issued with.
        again = text_of(render_pdf(IssuedDocument.objects.get(pk=old.pk)))
        self.assertIn(GCVP_EN, again)
        self.assertNotIn("valid until 1 September 2027", again)
        self.assertIn("Text of the form: KazUTB-SSC-F-8.3-2025-02, version 1.0", again)

    def test_a_value_in_the_text_is_printed_as_written(self) -> None:
        templates.ensure_templates(self.institution)
        service = self.services["study_certificate"]
        document = Document.objects.get(template__key="servicedesk.certificate.study_certificate")
        templates.revise_template(document, acting_user=self.editor,
                                  texts={"en": "For {{ destination }} & co: <b>{{ student }}</b>."})  # fmt: skip
        request = submit_request(service, self.student, answers={"destination": "A&B <Ltd>"}, language="en",
                                 acting_user=self.clerk)  # fmt: skip
        issued = issue_document(service, self.student, language="en", acting_user=self.clerk, request=request)
        self.assertIn("For A&B <Ltd> & co: <b>Ахметова Айгерим</b>.", file_text(issued))


class CataloguePageTests(CertificateData):
    def test_the_catalogue_shows_each_service_s_template_and_the_editor_s_link(self) -> None:
        templates.ensure_templates(self.institution)
        document = Document.objects.get(template__key="servicedesk.certificate.study_certificate_gcvp")
        version = templates.revise_template(document, acting_user=self.editor, texts=NEW_TEXTS,
                                            effective_on=dt.date.today())  # fmt: skip
        self.client.force_login(self.editor)
        page = self.client.get(reverse("servicedesk:service_list"))
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        self.assertIn('id="template-note"', html)
        edit = reverse("regulations:template_edit", args=[document.pk])
        self.assertIn(f'href="{edit}?next=/servicedesk/catalogue/"', html)
        self.assertIn(f'data-template="KazUTB-SSC-F-8.3-2025-02" data-version="1.1" '
                      f'data-since="{version.effective_on:%d.%m.%Y}"', html)  # fmt: skip
        self.assertIn('data-template="KazUTB-SSC-F-8.3-2025-04" data-version="1.0" data-since="01.09.2025"', html)
        # The desk maintains its catalogue's texts too (#16): its clerk gets the same link.
        self.client.force_login(self.clerk)
        html = self.client.get(reverse("servicedesk:service_list")).content.decode()
        self.assertIn('data-template="KazUTB-SSC-F-8.3-2025-02" data-version="1.1"', html)
        self.assertIn(edit, html)
        export = self.client.get(reverse("servicedesk:service_list") + "?export=xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
        rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
        column = rows[0].index("Text of the document")
        self.assertEqual(
            {row[0]: row[column] for row in rows[1:] if row[column]},
            {
                "study_certificate": "KazUTB-SSC-F-8.3-2025-01 v1.0 (01.09.2025)",
                "study_certificate_gcvp": f"KazUTB-SSC-F-8.3-2025-02 v1.1 ({version.effective_on:%d.%m.%Y})",
                "study_certificate_military": "KazUTB-SSC-F-8.3-2025-03 v1.0 (01.09.2025)",
                "archive_certificate": "KazUTB-SSC-F-8.3-2025-04 v1.0 (01.09.2025)",
            },
        )

    def test_the_desk_revises_its_texts_and_nobody_else_outside_the_quality_department(self) -> None:
        templates.ensure_templates(self.institution)
        document = Document.objects.get(template__key="servicedesk.certificate.study_certificate_gcvp")
        version = templates.revise_template(document, acting_user=self.clerk, texts=NEW_TEXTS,
                                            effective_on=dt.date.today())  # fmt: skip
        self.assertEqual(version.number, "1.1")
        stranger = UserFactory(username="someone")
        self.assertFalse(templates.may_revise(stranger, document))
        with self.assertRaises(PermissionDenied):
            templates.revise_template(document, acting_user=stranger, texts=NEW_TEXTS, effective_on=dt.date.today())
        self.client.force_login(stranger)
        self.assertEqual(self.client.get(reverse("regulations:template_edit", args=[document.pk])).status_code, 403)

    def test_without_a_register_entry_the_page_says_the_default_applies(self) -> None:
        self.client.force_login(self.clerk)
        html = self.client.get(reverse("servicedesk:service_list")).content.decode()
        self.assertIn('data-template="KazUTB-SSC-F-8.3-2025-02" data-version="" data-since=""', html)
        self.assertEqual(html.count('data-template="'), 4)

    def test_the_page_s_queries_do_not_grow_with_the_services(self) -> None:
        templates.ensure_templates(self.institution)
        self.client.force_login(self.clerk)
        url = reverse("servicedesk:service_list")
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for n in range(9):
            Service.objects.create(institution=self.institution, code=f"extra{n}", name_en=f"Extra {n}",
                                   document_kind=DocumentKind.CERTIFICATE, position=500 + n)  # fmt: skip
        with self.assertNumQueries(len(few)):
            self.client.get(url)
