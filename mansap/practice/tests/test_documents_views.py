"""Document downloads and issuing through the browser: scoping (404 outside, 403 read-only or student),
a student's own forms only, headers, language choice, and queries that do not grow with the students."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.employers.tests.factories import make_org
from mansap.practice.choices import PlacementStatus
from mansap.practice.models import CompanyPackage, DiaryEntry, Placement, PracticeOrder
from mansap.practice.tests.factories import make_base, make_employee, make_placement, make_practice

START = dt.date(2026, 6, 1)


def docx_text(data: bytes) -> str:
    import docx

    doc = docx.Document(BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def doc_url(practice_pk: int, doc: str, fmt: str = "docx") -> str:
    return reverse("practice:practice_document", args=[practice_pk, doc, fmt])


def placement_url(placement_pk: int, doc: str, fmt: str = "docx") -> str:
    return reverse("practice:placement_document", args=[placement_pk, doc, fmt])


class DocumentViewsTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a, starts_on=START)
        org = make_org(cls.institution, name_kk="«Ақжол» ЖШС", name_ru="ТОО «Акжол»", name_en="Akzhol LLP")
        cls.base = make_base(cls.institution, programs=[cls.program_a], organization=org)
        cls.other_base = make_base(cls.institution, programs=[cls.program_a])
        cls.supervisor = make_employee(cls.dept_a)
        cls.own_student = make_student(
            cls.program_a, last_name="Жұмабекова", first_name="Ләззат", user=cls.student_user
        )
        cls.other_student = make_student(cls.program_a, last_name="Серікбаев", first_name="Мұрат")
        cls.own = make_placement(cls.practice, cls.own_student, cls.base, supervisor=cls.supervisor)
        cls.other = make_placement(cls.practice, cls.other_student, cls.base, supervisor=cls.supervisor)
        # Department B's practice: out of department A's scope.
        cls.practice_b = make_practice(cls.program_b, starts_on=START)
        cls.base_b = make_base(cls.institution, programs=[cls.program_b])
        cls.placement_b = make_placement(cls.practice_b, make_student(cls.program_b), cls.base_b)

    # ---- downloads ---------------------------------------------------------------------------------------------
    def test_department_staff_download_every_practice_document(self) -> None:
        for doc in ("submission", "referral", "notice", "diary", "report"):
            for fmt, content_type in (("docx", "wordprocessingml"), ("pdf", "application/pdf")):
                with self.subTest(doc=doc, fmt=fmt):
                    response = self.assert_status(self.aigerim, doc_url(self.practice.pk, doc, fmt) + "?lang=kk", 200)
                    self.assertIn(content_type, response["Content-Type"])
                    self.assertEqual(response["Cache-Control"], "private, no-store")
                    self.assertIn(f".{fmt}", response["Content-Disposition"])
                    self.assertIn("attachment;", response["Content-Disposition"])
                    if fmt == "pdf":
                        self.assertTrue(response.content.startswith(b"%PDF"))
                    else:
                        self.assertIn("Жұмабекова Ләззат", docx_text(response.content))

    def test_language_is_chosen_by_the_query_not_the_screen(self) -> None:
        url = placement_url(self.own.pk, "referral")
        self.client.force_login(self.aigerim)
        ru = docx_text(self.client.get(url + "?lang=ru", HTTP_ACCEPT_LANGUAGE="kk").content)
        self.assertIn("ТОО «Акжол»", ru)
        en = docx_text(self.client.get(url + "?lang=en").content)
        self.assertIn("Akzhol LLP", en)
        kk = docx_text(self.client.get(url + "?lang=kk").content)
        self.assertIn("«Ақжол» ЖШС", kk)

    def test_readers_of_the_whole_institution_may_download(self) -> None:
        for user in (self.cc, self.rector, self.dean, self.bolat):
            self.assert_status(user, doc_url(self.practice.pk, "submission"), 200)

    def test_other_department_gets_404(self) -> None:
        self.assert_status(self.dana, doc_url(self.practice.pk, "submission"), 404)
        self.assert_status(self.dana, placement_url(self.own.pk, "referral"), 404)
        self.assert_status(
            self.dana, reverse("practice:package_document", args=[self.practice.pk, self.base.pk, "pdf"]), 404
        )
        self.assert_status(self.dana, reverse("practice:practice_documents", args=[self.practice.pk]), 404)
        self.assert_status(self.aigerim, doc_url(self.practice_b.pk, "referral"), 404)

    def test_student_downloads_only_their_own_forms(self) -> None:
        for doc in ("referral", "notice", "diary", "report"):
            response = self.assert_status(self.student_user, placement_url(self.own.pk, doc), 200)
            text = docx_text(response.content)
            self.assertIn("Жұмабекова Ләззат", text)
            self.assertNotIn("Серікбаев", text)
            self.assert_status(self.student_user, placement_url(self.other.pk, doc), 404)
        self.assert_status(self.student_user, placement_url(self.own.pk, "referral", "pdf"), 200)
        # Nothing of the whole practice: the submission, bulk forms, packages, the panel, issuing.
        self.assert_status(self.student_user, doc_url(self.practice.pk, "submission"), 403)
        self.assert_status(self.student_user, doc_url(self.practice.pk, "referral"), 403)
        self.assert_status(
            self.student_user, reverse("practice:package_document", args=[self.practice.pk, self.base.pk, "docx"]), 403
        )
        self.assert_status(self.student_user, reverse("practice:practice_documents", args=[self.practice.pk]), 403)
        self.assert_status(
            self.student_user, reverse("practice:placement_issue_referrals", args=[self.own.pk]), 403, "post"
        )

    def test_anonymous_is_sent_to_log_in(self) -> None:
        response = self.assert_status(None, placement_url(self.own.pk, "referral"), 302)
        self.assertIn("login", response["Location"])

    def test_cancelled_placement_has_no_documents(self) -> None:
        Placement.objects.filter(pk=self.other.pk).update(status=PlacementStatus.CANCELLED)
        self.assert_status(self.aigerim, placement_url(self.other.pk, "referral"), 404)
        text = docx_text(self.assert_status(self.aigerim, doc_url(self.practice.pk, "referral"), 200).content)
        self.assertNotIn("Серікбаев", text)

    def test_practice_without_students_redirects_with_a_message(self) -> None:
        empty = make_practice(self.program_a, starts_on=dt.date(2026, 9, 1), course=2)
        response = self.assert_status(self.aigerim, doc_url(empty.pk, "referral"), 302)
        self.assertTrue(any("No students" in str(m) for m in get_messages(response.wsgi_request)))

    def test_bulk_pdf_above_the_limit_suggests_docx_or_per_student(self) -> None:
        from unittest import mock

        from mansap.practice.views import documents as views_documents

        with mock.patch.object(views_documents, "BULK_PDF_LIMIT", 1):  # the practice has 2 students
            response = self.assert_status(self.aigerim, doc_url(self.practice.pk, "referral", "pdf"), 302)
            self.assertEqual(response["Location"], reverse("practice:practice_detail", args=[self.practice.pk]))
            notes = [str(m) for m in get_messages(response.wsgi_request)]
            self.assertTrue(any("all 2 students" in n and "DOCX" in n for n in notes), notes)
            # The DOCX, and the submission (one table), are still built
            self.assert_status(self.aigerim, doc_url(self.practice.pk, "referral", "docx"), 200)
            self.assert_status(self.aigerim, doc_url(self.practice.pk, "submission", "pdf"), 200)
        with mock.patch.object(views_documents, "BULK_PDF_LIMIT", 2):  # at the limit: built
            self.assert_status(self.aigerim, doc_url(self.practice.pk, "referral", "pdf"), 200)

    def test_package_only_for_a_base_of_the_practice(self) -> None:
        url = reverse("practice:package_document", args=[self.practice.pk, self.base.pk, "docx"])
        response = self.assert_status(self.aigerim, url + "?lang=en", 200)
        text = docx_text(response.content)
        self.assertIn("Akzhol LLP", text)
        self.assertIn("Жұмабекова Ләззат", text)
        self.assert_status(
            self.aigerim, reverse("practice:package_document", args=[self.practice.pk, self.other_base.pk, "docx"]), 404
        )

    def test_package_defaults_to_its_recorded_language(self) -> None:
        CompanyPackage.objects.create(practice=self.practice, base=self.base, language="ru")
        url = reverse("practice:package_document", args=[self.practice.pk, self.base.pk, "docx"])
        self.assertIn("ТОО «Акжол»", docx_text(self.assert_status(self.aigerim, url, 200).content))

    def test_order_submission_in_the_order_language(self) -> None:
        order = PracticeOrder.objects.create(
            practice=self.practice, language="ru", order_number="88-П", order_date=dt.date(2026, 5, 12)
        )
        url = reverse("practice:order_submission", args=[order.pk, "docx"])
        text = docx_text(self.assert_status(self.aigerim, url, 200).content)
        self.assertIn("88-П", text)
        self.assertIn("ТОО «Акжол»", text)
        self.assertIn("Akzhol LLP", docx_text(self.assert_status(self.aigerim, url + "?lang=en", 200).content))
        self.assert_status(self.dana, url, 404)

    def test_unknown_document_or_format_is_404(self) -> None:
        self.client.force_login(self.aigerim)
        self.assertEqual(
            self.client.get(f"/practice/documents/practice/{self.practice.pk}/secret.pdf").status_code, 404
        )
        self.assertEqual(self.client.get(f"/practice/documents/placement/{self.own.pk}/referral.exe").status_code, 404)
        self.assertEqual(
            self.client.get(f"/practice/documents/placement/{self.own.pk}/submission.pdf").status_code, 404
        )

    # ---- issuing -----------------------------------------------------------------------------------------------
    def test_issue_for_the_practice_records_dates(self) -> None:
        url = reverse("practice:practice_issue_referrals", args=[self.practice.pk])
        self.assert_status(self.aigerim, url, 302, "post")
        for placement in Placement.objects.filter(practice=self.practice):
            self.assertIsNotNone(placement.referral_issued_on)
            self.assertIsNotNone(placement.notice_issued_on)
        self.assertIsNone(Placement.objects.get(pk=self.placement_b.pk).referral_issued_on)

    def test_issue_late_warns(self) -> None:
        # The practice starts "tomorrow" relative to the test date: always later than a week before.
        from django.utils import timezone

        soon = make_practice(self.program_a, starts_on=timezone.localdate() + dt.timedelta(days=1), course=2)
        placement = make_placement(soon, self.own_student, self.base)
        self.client.force_login(self.aigerim)
        response = self.client.post(reverse("practice:placement_issue_referrals", args=[placement.pk]), {"next": "/x/"})
        self.assertEqual(response["Location"], "/x/")
        texts = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any("7 days" in t for t in texts), texts)
        self.assertEqual(Placement.objects.get(pk=placement.pk).referral_issued_on, timezone.localdate())

    def test_issue_scoping(self) -> None:
        url = reverse("practice:practice_issue_referrals", args=[self.practice.pk])
        self.assert_status(self.bolat, url, 403, "post")  # read-only
        self.assert_status(self.rector, url, 403, "post")  # management reads only
        self.assert_status(self.dana, url, 404, "post")  # other department
        self.assert_status(self.dana, reverse("practice:placement_issue_referrals", args=[self.own.pk]), 404, "post")
        self.assert_status(self.bolat, reverse("practice:placement_issue_referrals", args=[self.own.pk]), 403, "post")
        self.assertFalse(Placement.objects.filter(referral_issued_on__isnull=False).exists())
        self.assert_status(self.aigerim, url, 405)  # GET is not an issue

    def test_issue_refuses_an_external_next(self) -> None:
        self.client.force_login(self.aigerim)
        url = reverse("practice:placement_issue_referrals", args=[self.own.pk])
        response = self.client.post(url, {"next": "https://evil.example/"})
        self.assertNotIn("evil", response["Location"])

    # ---- the panel and the placement include ---------------------------------------------------------------
    def test_panel_lists_documents_bases_and_issue_button(self) -> None:
        url = reverse("practice:practice_documents", args=[self.practice.pk])
        response = self.assert_page_shows(
            self.aigerim, url, reverse("practice:practice_document", args=[self.practice.pk, "submission", "pdf"]),
            reverse("practice:package_document", args=[self.practice.pk, self.base.pk, "docx"]),
            reverse("practice:practice_issue_referrals", args=[self.practice.pk]),
        )  # fmt: skip
        self.assertContains(response, "0 of 2")
        # Read-only: no issue button.
        self.assert_page_hides(self.bolat, url, reverse("practice:practice_issue_referrals", args=[self.practice.pk]))
        # Full page without htmx, fragment with it.
        self.assertContains(self.get_as(self.aigerim, url), "<html", html=False)
        self.assertNotContains(self.get_as(self.aigerim, url, HTTP_HX_REQUEST="true"), "<html", html=False)

    def test_placement_include_renders_links(self) -> None:
        from django.template.loader import render_to_string
        from django.test import RequestFactory

        request = RequestFactory().get("/practice/placements/1/")
        request.user = self.aigerim
        html = render_to_string(
            "practice/_placement_documents.html", {"placement": self.own, "can_change": True}, request=request
        )
        for doc in ("referral", "notice", "diary", "report"):
            self.assertIn(placement_url(self.own.pk, doc, "pdf"), html)
        self.assertIn(reverse("practice:placement_issue_referrals", args=[self.own.pk]), html)
        html = render_to_string("practice/_placement_documents.html", {"placement": self.own}, request=request)
        self.assertNotIn(reverse("practice:placement_issue_referrals", args=[self.own.pk]), html)
        html = render_to_string("practice/docs/_practice_documents.html", {"practice": self.practice}, request=request)
        self.assertIn(reverse("practice:practice_documents", args=[self.practice.pk]), html)

    def test_student_documents_default_to_the_language_of_instruction(self) -> None:
        from django.template.loader import render_to_string
        from django.test import RequestFactory
        from django.utils import translation

        request = RequestFactory().get("/practice/placements/1/")
        request.user = self.aigerim
        student = self.own.student
        for study_language, expected in (("ru", "ru"), ("en", "en"), ("", "kk")):
            student.study_language = study_language
            with translation.override("kk"):
                html = render_to_string("practice/_placement_documents.html", {"placement": self.own}, request=request)
            with self.subTest(study_language=study_language):
                self.assertRegex(html, rf'<option value="{expected}" selected>')
                self.assertEqual(html.count(" selected>"), 1)


class BoundedQueriesTests(ScopedCRUDTests):
    """Bulk documents cost the same number of queries for 2 and for 20 students."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.practice = make_practice(cls.program_a, starts_on=START)
        cls.supervisor = make_employee(cls.dept_a)
        cls.bases = [make_base(cls.institution, programs=[cls.program_a], capacity=30) for _ in range(3)]

    def add(self, n: int) -> None:
        for index in range(n):
            placement = make_placement(
                self.practice, make_student(self.program_a), self.bases[index % 3], supervisor=self.supervisor
            )
            DiaryEntry.objects.create(placement=placement, day=START, work_done="Кіріспе")

    def count(self, url: str) -> int:
        self.client.force_login(self.aigerim)
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries)

    def test_bulk_documents_and_panel(self) -> None:
        PracticeOrder.objects.create(practice=self.practice, order_number="1", order_date=dt.date(2026, 5, 1))
        order = PracticeOrder.objects.get()
        urls = [
            doc_url(self.practice.pk, "submission"),
            doc_url(self.practice.pk, "referral"),
            doc_url(self.practice.pk, "notice"),
            doc_url(self.practice.pk, "diary"),
            doc_url(self.practice.pk, "report"),
            reverse("practice:package_document", args=[self.practice.pk, self.bases[0].pk, "docx"]),
            reverse("practice:order_submission", args=[order.pk, "docx"]),
            reverse("practice:practice_documents", args=[self.practice.pk]),
        ]
        self.add(2)
        small = [self.count(url) for url in urls]
        self.add(18)
        large = [self.count(url) for url in urls]
        self.assertEqual(small, large)
