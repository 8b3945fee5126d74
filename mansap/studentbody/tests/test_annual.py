"""The registrar's annual report (issue #15, R-130) on a hand-built academic year 2025-2026: its figures (the
contingent at the start and end, the movement by order type, the session results read through academics'
indicators, the requests within SLA through the service desk's), regeneration keeping the registrar's edits,
issuing freezing it, the documents in kk/ru/en, and the registrar alone seeing it (others 404)."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from mansap.academics.tests.factories import make_course, make_grade
from mansap.common.testing import BaseTestCase, make_student
from mansap.servicedesk.models import Service, ServiceRequest
from mansap.servicedesk.services import requests as desk
from mansap.servicedesk.services.catalogue import ensure_catalogue
from mansap.studentbody.models import AnnualReport
from mansap.studentbody.services import annual
from mansap.studentbody.tests.factories import signed

D = dt.date
TODAY = D(2026, 10, 15)


def at(y: int, m: int, d: int, h: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime(y, m, d, h))


class AnnualReportTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        p = cls.program_a
        cls.s1 = make_student(p, admission_year=2023, course=3)  # a leave from November to March
        cls.s2 = make_student(p, admission_year=2022, course=4)  # graduates on 30 June
        cls.s3 = make_student(p, admission_year=2024, course=2)  # expelled in January
        cls.s4 = make_student(p, admission_year=2025, course=1)  # admitted on 1 September (the people import)
        cls.s5 = make_student(p, admission_year=2024, course=2)  # on leave from May, still at the year's end
        signed(cls.s1, "academic_leave", D(2025, 11, 10), ground="illness")
        signed(cls.s1, "leave_return", D(2026, 3, 1))
        signed(cls.s2, "graduation", D(2026, 6, 30))
        signed(cls.s3, "expulsion", D(2026, 1, 15), ground="own_wish")
        signed(cls.s5, "academic_leave", D(2026, 5, 1), ground="illness")
        math = make_course(cls.institution, "MAT201", 5)
        make_grade(cls.s1, math, "2025-2026", "1", "A")
        make_grade(cls.s3, math, "2025-2026", "1", "F")
        make_grade(cls.s4, math, "2025-2026", "1", "C")
        make_grade(cls.s4, math, "2024-2025", "1", "F")  # another year: not counted
        ensure_catalogue(cls.institution)
        leave = Service.objects.get(institution=cls.institution, code="academic_leave")  # 5 working days

        def closed(received: dt.datetime, issued: dt.datetime) -> None:
            request = desk.submit_request(leave, cls.s4, acting_user=None, received_at=received, mail=False,
                                          answers={"reason": "x", "from_date": "2026-04-01"})  # fmt: skip
            ServiceRequest.objects.filter(pk=request.pk).update(status="issued", closed_at=issued)

        closed(at(2025, 10, 6, 10), at(2025, 10, 6, 14))  # within the SLA
        closed(at(2025, 10, 6, 9), at(2025, 10, 27, 9))  # late

    def setUp(self) -> None:
        translation.activate("en")
        patcher = mock.patch("django.utils.timezone.localdate", return_value=TODAY)
        patcher.start()
        self.addCleanup(patcher.stop)

    def generate(self, **kwargs: object) -> AnnualReport:
        return annual.generate(self.institution, 2025, acting_user=self.registrar, **kwargs)  # type: ignore[arg-type]

    def test_the_figures_of_a_hand_built_year(self) -> None:
        report = self.generate(language="en")
        faculty = self.program_a.department.faculty.code
        self.assertEqual(report.figures["contingent"], {
            "start": 5, "start_on_leave": 0, "end": 2, "end_on_leave": 1, "by_faculty": {faculty: [5, 0, 2, 1]},
        })  # fmt: skip
        # on 31 August 2025: s1, s2, s3, s5; s4 arrives on 1 September; s1 leaves and returns, s5 leaves
        self.assertEqual(report.figures["movement"], {
            "start": 4, "end": 2, "arrivals": {"enrolment": 1, "leave_return": 1},
            "departures": {"academic_leave": 2, "expulsion": 1, "graduation": 1},
        })  # fmt: skip
        self.assertEqual(report.figures["sessions"], {
            "absolute": {"value": "0.6667", "numerator": 2, "denominator": 3},
            "quality": {"value": "0.3333", "numerator": 1, "denominator": 3},
        })  # fmt: skip
        self.assertEqual(
            report.figures["services"], {"requests_within_sla": {"value": "0.5000", "numerator": 1, "denominator": 2}}
        )
        texts = {s.code: s.text for s in report.sections.all()}
        self.assertEqual(list(texts), ["contingent", "movement", "sessions", "services", "conclusions"])
        self.assertEqual(texts["contingent"], "On 01.09.2025 the contingent numbered 5 students studying and 0 on "
                         "academic leave; on 31.08.2026, 2 studying and 1 on academic leave.")  # fmt: skip
        self.assertEqual(texts["services"], "Of 2 service desk requests issued in the year, 1 were served within "
                         "the SLA (50.0 %).")  # fmt: skip
        self.assertEqual(texts["conclusions"], "")

    def test_the_text_is_generated_in_the_reports_language(self) -> None:
        report = self.generate(language="ru")
        self.assertTrue(report.sections.get(code="contingent").text.startswith("На 01.09.2025"))

    def test_regeneration_keeps_the_edited_texts_and_refreshes_the_figures(self) -> None:
        report = self.generate(language="en")
        annual.save_texts(report, {"contingent": "Our own words.", "conclusions": "A good year."},
                          acting_user=self.registrar)  # fmt: skip
        make_student(self.program_a, admission_year=2025, course=1)  # a late addition to the year's data
        report = self.generate()
        sections = {s.code: s for s in report.sections.all()}
        self.assertEqual(report.figures["contingent"]["start"], 6)
        self.assertEqual((sections["contingent"].text, sections["contingent"].edited), ("Our own words.", True))
        self.assertEqual(sections["conclusions"].text, "A good year.")
        self.assertTrue(sections["movement"].text.startswith("During the year 3 students joined"))
        self.assertFalse(sections["movement"].edited)
        # an emptied text is generated again
        annual.save_texts(report, {"contingent": ""}, acting_user=self.registrar)
        self.assertTrue(
            report.sections.get(code="contingent").text.startswith("On 01.09.2025 the contingent numbered 6")
        )

    def test_an_issued_report_is_frozen(self) -> None:
        report = annual.issue(self.generate(), acting_user=self.registrar)
        self.assertEqual((report.status, report.issued_by), ("issued", self.registrar))
        for change in (
            lambda: self.generate(),
            lambda: annual.save_texts(report, {"contingent": "x"}, acting_user=self.registrar),
            lambda: annual.issue(report, acting_user=self.registrar),
        ):
            with self.assertRaises(ValidationError) as caught:
                change()
            self.assertEqual(caught.exception.code, "issued")
        self.assertFalse(report.sections.filter(text="x").exists())

    def test_a_year_out_of_range_is_refused(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            annual.generate(self.institution, 2027, acting_user=self.registrar)
        self.assertEqual(
            caught.exception.message_dict, {"start_year": ["The academic year begins between 2000 and 2026."]}
        )
        self.assertFalse(AnnualReport.objects.exists())

    def test_the_registrar_alone_sees_it(self) -> None:
        report = self.generate()
        pages = [reverse("studentbody:annual_reports"), report.get_absolute_url(),
                 reverse("studentbody:annual_document", args=[report.pk, "pdf"])]  # fmt: skip
        for user in (self.dean, self.aigerim, self.rector, self.cc, self.student_user):
            self.client.force_login(user)
            for url in pages:
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.get(url).status_code, 404)
            self.assertEqual(self.client.post(reverse("studentbody:annual_issue", args=[report.pk])).status_code, 404)
        self.client.force_login(self.registrar)
        for url in pages[:2]:
            self.assertEqual(self.client.get(url).status_code, 200)

    def test_the_pages_generate_edit_and_issue(self) -> None:
        self.client.force_login(self.registrar)
        response = self.client.post(reverse("studentbody:annual_reports"), {"start_year": "2025", "language": "en"})
        report = AnnualReport.objects.get()
        self.assertRedirects(response, report.get_absolute_url())
        page = self.client.get(report.get_absolute_url())
        self.assertContains(page, "Requests issued within the SLA")
        self.assertContains(page, "50.0 %")
        self.client.post(report.get_absolute_url(), {"language": "en", "conclusions": "Written by hand."})
        self.assertEqual(report.sections.get(code="conclusions").text, "Written by hand.")
        self.client.post(reverse("studentbody:annual_issue", args=[report.pk]))
        report.refresh_from_db()
        self.assertEqual(report.status, "issued")
        bad = self.client.post(reverse("studentbody:annual_reports"), {"start_year": "1990", "language": "en"})
        self.assertEqual(bad.status_code, 400)

    def test_the_documents_in_three_languages(self) -> None:
        report = self.generate(language="en")
        self.client.force_login(self.registrar)
        for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK")):
            for lang in ("kk", "ru", "en"):
                with self.subTest(fmt=fmt, lang=lang):
                    url = reverse("studentbody:annual_document", args=[report.pk, fmt]) + f"?lang={lang}"
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertTrue(response.content.startswith(magic))
        from mansap.studentbody.reports.annual import annual_document

        with translation.override("ru"):
            document = annual_document(report, list(report.sections.all()))
        words = [getattr(block, "text", "") for block in document.pages[0].blocks]
        self.assertIn("ПРОЕКТ", words)
        self.assertIn("Учебный год 2025-2026", words)
