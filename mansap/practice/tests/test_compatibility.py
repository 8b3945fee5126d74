"""What the practice app kept when it moved onto the shared kernels (issue #10), pinned by literals made with the
old code: company-supervisor links issued before still open the same way, stored files are served with the
same headers, uploads are refused with the same codes and messages, the head of practice's notice reads the same.

The tokens below were made by the old practice/tokens.py make_token at a fixed clock (NOW) and SECRET_KEY, for
a placement with pk 910001, a practice ending on 28 June 2026 and the supervisor "Supervisor@Example.kz ",
on 10 June 2026 (last day 28 July 2026) and, for the late one, on 25 July 2026 (last day 8 August 2026).
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from unittest import mock

from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from mansap.common.links import EXPIRED, INVALID, USED, LinkError
from mansap.common.testing import ScopedCRUDTests, close_response, make_student
from mansap.core.models import Employee
from mansap.practice.models import BaseVetting, Conference, Placement, PracticeDocument
from mansap.practice.services import assessment as svc
from mansap.practice.services import links
from mansap.practice.tests.factories import make_base, make_contract, make_placement, make_practice
from mansap.practice.tests.test_review import ReviewSetup

NOW = 1_800_000_000.0
SECRET = "mansap-practice-literal-tokens"
PK = 910001
MADE_ON = dt.date(2026, 6, 10)
LAST_DAY = dt.date(2026, 7, 28)

TOKENS = {
    "kk": "eyJwIjo5MTAwMDEsImwiOiJrayIsIngiOiIyMDI2LTA3LTI4IiwiZSI6ImJlNTFlMGFkOGYifQ:1xocE4:"
    "aPSfP9pMCQx9LD2lIREyc01nVXNJFvSMj4enj3o0hzo",
    "ru": "eyJwIjo5MTAwMDEsImwiOiJydSIsIngiOiIyMDI2LTA3LTI4IiwiZSI6ImJlNTFlMGFkOGYifQ:1xocE4:"
    "Ws4We9JLdoV982xAtUAXU5MQTtGVHc1-8vP5_gT_ZK4",
    "en": "eyJwIjo5MTAwMDEsImwiOiJlbiIsIngiOiIyMDI2LTA3LTI4IiwiZSI6ImJlNTFlMGFkOGYifQ:1xocE4:"
    "qu4rWYWOGg98I7b05ydH_RGuTpYh_KF0F7aURdeQ_eU",
}
LATE_RU = (
    "eyJwIjo5MTAwMDEsImwiOiJydSIsIngiOiIyMDI2LTA4LTA4IiwiZSI6ImJlNTFlMGFkOGYifQ:1xocE4:"
    "t-rL1-G86qxbVjeQj-JeT-iv7dFVj1Td0eCUJLQ03Lw"
)
FORGED = {  # correctly signed, malformed payloads: {"x": "someday"}, {"p": "abc"}, a list
    "bad day": "eyJwIjo5MTAwMDEsImwiOiJydSIsIngiOiJzb21lZGF5IiwiZSI6IiJ9:1xocE4:"
    "cSj00V3nNc4G3BvHSOsNkRVXJGd69cqq3t0nOhl8hB0",
    "bad pk": "eyJwIjoiYWJjIiwibCI6InJ1IiwieCI6IjIwMjYtMDctMjgiLCJlIjoiYmU1MWUwYWQ4ZiJ9:1xocE4:"
    "LPq4XHp0AAEIXApUp17xlvWQaZhgtPBrh6q6AYURIsw",
    "a list": "WzkxMDAwMSwicnUiXQ:1xocE4:8ZsGneUyR-5-pBfuSyfOhHxDfL2HlmfG-_GGsBkx8ZQ",
}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
ZIP = b"PK\x03\x04\x14\x00\x00\x00docx"
HTML = b"<html><script>alert(1)</script></html>"


def frozen(at: float = NOW) -> Any:
    return mock.patch("django.core.signing.time.time", return_value=at)


def failure(token: str, today: dt.date) -> tuple[str, str | None] | None:
    try:
        links.read_token(token, today)
    except LinkError as exc:
        return exc.reason, exc.language
    return None


@override_settings(SECRET_KEY=SECRET)
class OldCompanyLinksTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        practice = make_practice(cls.program_a, starts_on=dt.date(2026, 6, 1))  # ends on 28 June 2026
        base = make_base(cls.institution, programs=[cls.program_a])
        cls.placement = make_placement(
            practice, make_student(cls.program_a), base, pk=PK, company_supervisor_email="Supervisor@Example.kz "
        )

    def test_old_tokens_open_in_their_language_until_their_last_day(self) -> None:
        for language, token in TOKENS.items():
            for today in (MADE_ON, LAST_DAY):
                opened = links.read_token(token, today)
                self.assertEqual((opened.obj, opened.language), (self.placement, language))
                self.assertEqual(links.COMPANY_LINK.expires_on(opened), LAST_DAY)
        opened = links.read_token(LATE_RU, dt.date(2026, 8, 8))  # made late: at least 14 days
        self.assertEqual((opened.obj.pk, opened.language), (PK, "ru"))

    def test_new_tokens_are_the_old_ones(self) -> None:
        with frozen():
            for language, token in TOKENS.items():
                self.assertEqual(links.make_token(self.placement, language, MADE_ON), token)
            with self.settings(LANGUAGE_CODE="kk"):  # no language, or an unknown one: the site's
                self.assertEqual(links.make_token(self.placement, "", MADE_ON), TOKENS["kk"])
                self.assertEqual(links.make_token(self.placement, "de", MADE_ON), TOKENS["kk"])
            self.assertEqual(links.make_token(self.placement, "ru", dt.date(2026, 7, 25)), LATE_RU)
            self.assertEqual(links.link_path(self.placement, "en", MADE_ON), f"/practice/company/{TOKENS['en']}/")

    def test_old_tokens_fail_for_the_same_reasons(self) -> None:
        token = TOKENS["en"]
        self.assertEqual(failure(token, LAST_DAY + dt.timedelta(days=1)), (EXPIRED, "en"))
        self.assertEqual(failure(token[:-2] + "xx", MADE_ON), (INVALID, None))
        for name, forged in FORGED.items():
            self.assertEqual(failure(forged, MADE_ON), (INVALID, None), name)
        with override_settings(SECRET_KEY="another-secret"):
            self.assertEqual(failure(token, MADE_ON), (INVALID, None))
        Placement.objects.filter(pk=PK).update(company_supervisor_email="new.head@company.kz")
        self.assertEqual(failure(token, MADE_ON), (INVALID, "en"))  # another supervisor: the old link stops
        Placement.objects.filter(pk=PK).update(company_supervisor_email="supervisor@example.kz")  # case, spaces
        self.assertIsNone(failure(token, MADE_ON))
        Placement.objects.filter(pk=PK).update(company_submitted_at=timezone.now())
        self.assertEqual(failure(token, MADE_ON), (USED, "en"))
        Placement.objects.filter(pk=PK).update(company_submitted_at=None, status="cancelled")
        self.assertEqual(failure(token, MADE_ON), (INVALID, "en"))

    def test_the_page_opens_an_old_link(self) -> None:
        with mock.patch("django.utils.timezone.localdate", return_value=MADE_ON):
            response = self.client.get(f"/practice/company/{TOKENS['ru']}/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'lang="ru"')
        self.assertContains(response, "28.07.2026")


class FileHeadersTests(ScopedCRUDTests):
    """The practice's stored files: type by content (a zip as application/zip), nosniff, private and not stored;
    uploads of the student and the company's reading as attachments under their uploaded name, scans inline."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a)
        cls.base = make_base(cls.institution, programs=[cls.program_a])
        cls.placement = make_placement(cls.practice, make_student(cls.program_a), cls.base)

    def headers(self, response: Any) -> dict[str, str]:
        names = ("Content-Type", "Content-Disposition", "X-Content-Type-Options", "Cache-Control")
        found = {name: response[name] for name in names if response.has_header(name)}
        b"".join(response.streaming_content)
        close_response(response)
        return found

    def document(self, content: bytes, original_name: str) -> PracticeDocument:
        document = PracticeDocument(placement=self.placement, kind="report", original_name=original_name)
        document.file.save("stored-report.bin", ContentFile(content), save=False)
        document.save()
        return document

    def test_uploads_are_attachments_under_their_uploaded_name(self) -> None:
        for content, content_type in ((PDF, "application/pdf"), (ZIP, "application/zip"),
                                      (HTML, "application/octet-stream")):  # fmt: skip
            document = self.document(content, "Есеп.docx")
            response = self.get_as(self.aigerim, reverse("practice:document_file", args=[document.pk]))
            self.assertEqual(
                self.headers(response),
                {
                    "Content-Type": content_type,
                    "Content-Disposition": "attachment; filename*=utf-8''%D0%95%D1%81%D0%B5%D0%BF.docx",
                    "X-Content-Type-Options": "nosniff",
                    "Cache-Control": "private, no-store",
                },
            )

    def test_an_upload_without_a_name_keeps_its_stored_name(self) -> None:
        document = self.document(PDF, "")
        response = self.get_as(self.aigerim, reverse("practice:document_file", args=[document.pk]))
        disposition = self.headers(response)["Content-Disposition"]
        self.assertEqual(disposition, f'attachment; filename="{document.file.name.rsplit("/", 1)[-1]}"')

    def test_the_company_reads_the_report_as_an_attachment_of_a_private_link(self) -> None:
        document = self.document(PDF, "report.pdf")
        token = links.make_token(self.placement, "en")
        response = self.client.get(reverse("practice:company_document", args=[token, document.pk]))
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertEqual(response["X-Robots-Tag"], "noindex, nofollow")
        self.assertEqual(
            self.headers(response),
            {
                "Content-Type": "application/pdf",
                "Content-Disposition": 'attachment; filename="report.pdf"',
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, no-store, max-age=0, no-cache, must-revalidate",  # never_cache adds
            },
        )

    def test_minutes_are_attachments_under_their_stored_name(self) -> None:
        conference = Conference(practice=self.practice, kind="final", held_on=dt.date(2026, 6, 28))
        conference.minutes_file.save("minutes.png", ContentFile(PNG), save=False)
        conference.save()
        response = self.get_as(self.aigerim, reverse("practice:conference_minutes", args=[conference.pk]))
        self.assertEqual(
            self.headers(response),
            {
                "Content-Type": "image/png",
                "Content-Disposition": f'attachment; filename="{conference.minutes_file.name.rsplit("/", 1)[-1]}"',
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "private, no-store",
            },
        )

    def test_scans_are_inline_under_their_stored_name(self) -> None:
        contract = make_contract(self.base)
        contract.scan.save("contract.pdf", ContentFile(PDF), save=True)
        vetting = BaseVetting.objects.create(base=self.base, checked_on=dt.date(2025, 9, 1), decision="approved")
        vetting.evidence_file.save("evidence.png", ContentFile(HTML), save=True)
        for url, field, content_type in (
            (reverse("practice:practicecontract_scan", args=[contract.pk]), contract.scan, "application/pdf"),
            (reverse("practice:basevetting_evidence", args=[vetting.pk]), vetting.evidence_file,
             "application/octet-stream"),
        ):  # fmt: skip
            self.assertEqual(
                self.headers(self.get_as(self.aigerim, url)),
                {
                    "Content-Type": content_type,
                    "Content-Disposition": f'inline; filename="{field.name.rsplit("/", 1)[-1]}"',
                    "X-Content-Type-Options": "nosniff",
                    "Cache-Control": "private, no-store",
                },
            )


class UploadRulesTests(ScopedCRUDTests):
    """The report rule: PDF, DOCX/ODT (zip) or DOC up to 20 MB, its wrong-type message translated when raised;
    the scans: PDF, JPG or PNG up to 5 MB."""

    def outcome(self, kind: str, content: bytes, size: int | None = None) -> tuple[str, list[str]] | None:
        file = SimpleUploadedFile("file.pdf", content)
        if size is not None:
            file.size = size
        try:
            svc.validate_upload(kind, file)
        except ValidationError as exc:
            return exc.code or "", [str(m) for m in exc.messages]
        return None

    def test_report(self) -> None:
        doc, jpeg, gif = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\xff\xd8\xff\xe0\x00\x10JFIF", b"GIF89a\x01\x00"
        mb = 1024 * 1024
        codes = [
            ((PDF, None), None), ((ZIP, None), None), ((doc, None), None), ((PDF, 5 * mb + 1), None),
            ((PDF, 20 * mb), None), ((PNG, None), "wrong_type"), ((jpeg, None), "wrong_type"),
            ((gif, None), "wrong_type"), ((HTML, None), "wrong_type"), ((b"", None), "wrong_type"),
            ((b"PK\x05\x06", None), "wrong_type"), ((HTML, 7 * mb), "wrong_type"), ((doc, 20 * mb + 1), "too_large"),
        ]  # fmt: skip
        for (content, size), code in codes:
            found = self.outcome("report", content, size)
            self.assertEqual(found and found[0], code, f"{content[:8]!r} of {size}")
        expected = {
            "ru": [
                ("wrong_type", ["Неверный тип файла: загрузите отчёт в формате PDF, DOCX, DOC или ODT "
                                "(содержимое файла проверено)."]),
                ("too_large", ["Файл слишком большой: 25.0 МБ; предел — 20 МБ."]),
            ],
            "kk": [
                ("wrong_type", ["Файл түрі дұрыс емес: есепті PDF, DOCX, DOC немесе ODT пішімінде жүктеңіз "
                                "(файлдың мазмұны тексерілді)."]),
                ("too_large", ["Файл тым үлкен: 25.0 МБ; шегі — 20 МБ."]),
            ],
            "en": [
                ("wrong_type", ["Wrong file type: upload the report as PDF, DOCX, DOC or ODT "
                                "(the file's content was checked)."]),
                ("too_large", ["The file is too large: 25.0 MB; the limit is 20 MB."]),
            ],
        }  # fmt: skip
        for language, (wrong, large) in expected.items():
            with translation.override(language):
                self.assertEqual(self.outcome("report", HTML), wrong)
                self.assertEqual(self.outcome("report", PDF, 25 * 1024 * 1024), large)
        with translation.override("ru"):  # raised in Russian, read in English: stays Russian (translated when raised)
            found = self.outcome("report", PNG)
        self.assertEqual(found, expected["ru"][0])

    def test_scans(self) -> None:
        self.assertIsNone(self.outcome("report_scan", PNG))
        with translation.override("ru"):
            self.assertEqual(self.outcome("report_scan", HTML)[0], "wrong_type")  # type: ignore[index]
            self.assertEqual(
                self.outcome("diary_scan", PDF, 5 * 1024 * 1024 + 1),
                ("too_large", ["Файл слишком большой: 5.0 МБ; допустимо не более 5 МБ."]),
            )


class SupervisorNoticeTests(ReviewSetup):
    """The e-mail to the department's head of practice when the company has answered, in their language."""

    def notify(self, language: str | None) -> mail.EmailMessage:
        from mansap.common.testing import make_user

        user = make_user(f"notice-{language}", language=language or "") if language is not None else None
        Employee.objects.filter(pk=self.placement.supervisor_id).update(email="head@kazutb.example", user=user)
        Placement.objects.filter(pk=self.placement.pk).update(company_report_score=88)
        placement = Placement.objects.get(pk=self.placement.pk)
        mail.outbox.clear()
        with self.captureOnCommitCallbacks(execute=True):
            self.assertIs(svc.notify_supervisor(placement, "https://m.example/"), True)
        self.assertEqual(len(mail.outbox), 1)
        return mail.outbox[0]

    def test_literal_subject_and_body(self) -> None:
        student = self.placement.student.full_name
        organization = self.placement.base.organization
        url = f"https://m.example/practice/placements/{self.placement.pk}/"
        ru_body = (
            f"Руководитель практики от организации {organization.name_ru} направил характеристику студента "
            f"{student} и оценил отчёт: 88 из 100.\n{url}\n"
        )
        kk_body = (
            f"{organization.name_kk} базасынан практика жетекшісі студент {student} туралы мінездеме жіберіп, "
            f"есепті бағалады: 100 балдан 88 балл.\n{url}\n"
        )
        ru = self.notify("ru")
        self.assertEqual(
            (ru.subject, ru.body, ru.to, ru.from_email),
            (f"Получена оценка организации: {student}", ru_body, ["head@kazutb.example"], "mansap@localhost"),
        )
        kk = self.notify("kk")
        self.assertEqual((kk.subject, kk.body), (f"Ұйымның бағалауы алынды: {student}", kk_body))
        both = self.notify(None)
        self.assertEqual(
            (both.subject, both.body),
            (f"Ұйымның бағалауы алынды: {student} / Получена оценка организации: {student}", f"{kk_body}\n\n{ru_body}"),
        )
