"""The employers' uploads and private files on the common kernels, pinned with literals.

These replace the comparisons of common/tests/test_uploads.py and test_files.py with the employers' own copies
(validate_pdf of the vacancies models, the vacancy views' _file_response, the agreement scan view), deleted
when the app moved onto common.uploads and common.files: the same codes, messages and headers.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import SimpleTestCase
from django.urls import reverse
from django.utils import translation

from mansap.common import uploads
from mansap.common.testing import close_response, make_student, make_user
from mansap.common.tests.test_files import FileFixture, body, headers
from mansap.common.tests.test_uploads import DOC, HTML, JPEG, PDF, PNG
from mansap.employers.choices import VacancyStatus
from mansap.employers.models import (
    Application,
    EmployerContact,
    PartnershipAgreement,
    Shortlist,
    ShortlistEntry,
    StudentProfile,
)
from mansap.employers.tests.factories import make_agreement, make_org
from mansap.employers.tests.test_vacancies import make_vacancy

MB = 1024 * 1024

NOT_PDF_RU = "Загрузите резюме в виде PDF-файла (проверяется содержимое файла)."


def too_large(size: str) -> str:
    # Formatted with the size when raised, so in the language active then (English here), as the copy did.
    return f"The file is too large: {size} MB; the limit is 5 MB."


def outcome(file: Any) -> tuple[str, str] | None:
    """(code, message rendered in Russian) of the CV rule's refusal, or None when the file passes."""
    try:
        uploads.validate_pdf(file)
    except ValidationError as exc:
        with translation.override("ru"):
            return exc.code or "", " ".join(str(m) for m in exc.messages)
    return None


def upload(content: bytes, size: int | None = None) -> SimpleUploadedFile:
    file = SimpleUploadedFile("cv.pdf", content)
    if size is not None:
        file.size = size  # a large file without allocating it: the size is read first
    return file


class CVRuleTests(SimpleTestCase):
    def test_the_models_use_the_common_rules(self) -> None:
        for model in (Application, StudentProfile):
            self.assertIn(uploads.validate_pdf, model._meta.get_field("cv").validators, model.__name__)
        self.assertIn(uploads.validate_evidence, PartnershipAgreement._meta.get_field("scan").validators)

    def test_codes_and_russian_messages(self) -> None:
        """The answers employers' validate_pdf gave (common/tests/test_uploads.py compared them until its removal)."""
        expected = [
            (upload(PDF), None),
            (upload(PNG), ("wrong_type", NOT_PDF_RU)),
            (upload(JPEG), ("wrong_type", NOT_PDF_RU)),
            (upload(DOC), ("wrong_type", NOT_PDF_RU)),
            (upload(HTML), ("wrong_type", NOT_PDF_RU)),
            (upload(b""), ("wrong_type", NOT_PDF_RU)),
            (upload(PDF, 5 * MB), None),
            (upload(PDF, 5 * MB + 1), ("too_large", too_large("5.0"))),
            (upload(HTML, 7 * MB), ("too_large", too_large("7.0"))),
            (upload(PDF, 20 * MB), ("too_large", too_large("20.0"))),
            (upload(DOC, 20 * MB + 1), ("too_large", too_large("20.0"))),
        ]
        for file, answer in expected:
            self.assertEqual(outcome(file), answer, f"{file.read(8)!r} of {file.size}")


class PrivateFileTests(FileFixture):
    """The CVs and scans are served as the copies served them: type by content, inline, private, nosniff.

    FileFixture (common's file tests) keeps the stored files in a temporary MEDIA_ROOT.
    """

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org = make_org(cls.institution)
        cls.vacancy = make_vacancy(cls.org, VacancyStatus.APPROVED)
        cls.student = make_student(cls.program_a, user=cls.student_user)

    def application(self, content: bytes, name: str) -> Application:
        application = Application(vacancy=self.vacancy, student=make_student(self.program_a))
        application.cv.save(name, ContentFile(content), save=False)
        application.save()
        return application

    def expected(self, content_type: str, name: str, length: int) -> dict[str, str]:
        return {
            "Content-Type": content_type,
            "Content-Disposition": f'inline; filename="{name}"',
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, no-store",
            "Content-Length": str(length),
        }

    def test_application_cv(self) -> None:
        application = self.application(PDF, "cv.pdf")
        response = self.get_as(self.cc, reverse("employers:application_cv", args=[application.pk]))
        self.assertEqual(headers(response), self.expected("application/pdf", "cv.pdf", len(PDF)))
        self.assertEqual(body(response), PDF)

    def test_html_named_pdf_is_never_html(self) -> None:
        application = self.application(HTML, "cv.pdf")  # stored before the content checks existed
        response = self.get_as(self.cc, reverse("employers:application_cv", args=[application.pk]))
        self.assertEqual(headers(response), self.expected("application/octet-stream", "cv.pdf", len(HTML)))
        close_response(response)

    def test_a_file_missing_from_storage_is_404(self) -> None:
        application = self.application(PDF, "gone.pdf")
        application.cv.storage.delete(application.cv.name)
        self.assert_status(self.cc, reverse("employers:application_cv", args=[application.pk]), 404)

    def test_the_applicant_and_the_organizations_contact_read_it_others_do_not(self) -> None:
        application = Application(vacancy=self.vacancy, student=self.student)
        application.cv.save("mine.pdf", ContentFile(PDF), save=False)
        application.save()
        url = reverse("employers:application_cv", args=[application.pk])
        contact = self.contact(self.org, "hr@org.kz")
        other = self.contact(make_org(self.institution), "hr@other.kz")
        for user in (self.student_user, contact, self.cc, self.aigerim):  # aigerim: the student's department
            close_response(self.assert_status(user, url, 200))
        self.assert_status(other, url, 404)
        self.assert_status(self.dana, url, 404)
        self.assertEqual(self.get_as(None, url).status_code, 302)

    def contact(self, organization: Any, email: str) -> Any:
        user = make_user(email, email=email)
        EmployerContact.objects.create(user=user, organization=organization)
        return user

    def test_agreement_scan(self) -> None:
        agreement = make_agreement(self.org, department=self.dept_a)
        agreement.scan.save("scan.png", ContentFile(PNG))
        url = reverse("employers:partnershipagreement_scan", args=[agreement.pk])
        response = self.get_as(self.bolat, url)
        self.assertEqual(headers(response), self.expected("image/png", "scan.png", len(PNG)))
        self.assertEqual(body(response), PNG)
        self.assert_status(self.student_user, url, 403)
        no_scan = make_agreement(self.org, department=self.dept_a)
        self.assert_status(self.cc, reverse("employers:partnershipagreement_scan", args=[no_scan.pk]), 404)

    def test_shortlist_cv(self) -> None:
        profile = StudentProfile(student=self.student, share_cv=True)
        profile.cv.save("profile.pdf", ContentFile(PDF), save=False)
        profile.save()
        shortlist = Shortlist.objects.create(vacancy=self.vacancy, created_by=self.cc)
        ShortlistEntry.objects.create(shortlist=shortlist, student=self.student)
        url = reverse("employers:shortlist_cv", args=[shortlist.pk, self.student.pk])
        response = self.get_as(self.cc, url)
        self.assertEqual(headers(response), self.expected("application/pdf", "profile.pdf", len(PDF)))
        self.assertEqual(body(response), PDF)
        contact = self.contact(self.org, "hr@org.kz")
        self.assert_status(contact, url, 404)  # not sent yet
        Shortlist.objects.filter(pk=shortlist.pk).update(sent_at="2026-01-01T10:00:00+05:00")
        close_response(self.assert_status(contact, url, 200))
        StudentProfile.objects.filter(pk=profile.pk).update(share_cv=False)
        self.assert_status(contact, url, 404)
