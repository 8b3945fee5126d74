"""Bounded queries of the assessment pages and API lists: the same count with 2 and 20 rows."""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from mansap.common.testing import make_api_token, make_student
from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.practice.choices import DisposalStatus, DocumentKind, PracticeKind
from mansap.practice.models import DefenceCommission, DiaryEntry, Placement, PracticeDocument
from mansap.practice.tests.factories import academic_year, make_base, make_employee, make_placement, make_practice
from mansap.practice.tests.test_student_pages import PDF


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="mansap-practice-queries-"))
class AssessmentQueryTests(QueryCountTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.today = timezone.localdate()
        cls.base = make_base(cls.institution, programs=[cls.program_a])
        cls.student = make_student(cls.program_a, user=cls.student_user)
        cls.pre = make_practice(cls.program_a, kind=PracticeKind.PRE_GRADUATE, starts_on=cls.today - dt.timedelta(10))
        cls.placement = make_placement(cls.pre, cls.student, cls.base)
        cls.chair = make_employee(cls.dept_a)

    # Row factories -------------------------------------------------------------------------------------
    def add_commissions(self, n: int) -> None:
        for _ in range(n):
            year = academic_year(self.institution, 2000 + DefenceCommission.objects.count())
            practice = make_practice(self.program_a, academic_year=year, starts_on=dt.date(year.start_year + 1, 6, 1))
            commission = DefenceCommission.objects.create(practice=practice, order_number="1", order_date=self.today,
                                                          chair=self.chair)  # fmt: skip
            commission.members.set([self.chair, make_employee(self.dept_a)])
            make_placement(practice, make_student(self.program_a), self.base, score=80)

    def add_placements(self, n: int) -> None:
        for _ in range(n):
            placement = make_placement(self.pre, make_student(self.program_a), self.base)
            PracticeDocument.objects.create(
                placement=placement, kind=DocumentKind.REPORT_SCAN, file=SimpleUploadedFile("s.pdf", PDF)
            )

    def add_documents(self, n: int) -> None:
        for _ in range(n):
            placement = make_placement(self.pre, make_student(self.program_a), self.base)
            PracticeDocument.objects.create(
                placement=placement, kind=DocumentKind.REPORT, file=SimpleUploadedFile("r.pdf", PDF),
                disposal_status=DisposalStatus.REVIEW, retain_until=self.today,
            )  # fmt: skip

    def add_entries(self, n: int) -> None:
        for i in range(n):
            DiaryEntry.objects.create(placement=self.placement, day=self.today - dt.timedelta(days=i % 5),
                                      work_done="Work", supervisor_remark="ok")  # fmt: skip
            PracticeDocument.objects.create(
                placement=self.placement, kind=DocumentKind.DIARY_SCAN, file=SimpleUploadedFile("d.pdf", PDF)
            )

    # Pages without a django-tables2 table ---------------------------------------------------------------
    def check_page(self, user: Any, url: str, add: Callable[[int], None], *, api: bool = False) -> int:
        self.client.force_login(user)
        client: Any = self.client
        if api:
            client = self.api_as(None)
            client.credentials(HTTP_AUTHORIZATION=f"Token {make_api_token(user)}")
        add(self.few)
        self.assertEqual(client.get(url).status_code, 200)
        with CaptureQueriesContext(connection) as few:
            client.get(url)
        add(self.many - self.few)
        with CaptureQueriesContext(connection) as many:
            response = client.get(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(few), len(many), f"{url}: {len(few)} queries with {self.few} rows, {len(many)} with many")
        return len(many)

    # Tests ------------------------------------------------------------------------------------------------
    def test_commission_list(self) -> None:
        # session, user, memberships, COUNT, rows (practice, program, department, chair joined; counts annotated)
        self.check_bounded(self.aigerim, reverse("practice:defencecommission_list"), self.add_commissions, pinned=5)

    def test_commission_export(self) -> None:
        url = reverse("practice:defencecommission_list") + "?export=xlsx"
        self.check_bounded(self.cc, url, self.add_commissions, pinned=5)

    def test_document_review_list(self) -> None:
        self.check_bounded(self.cc, reverse("practice:document_review"), self.add_documents, pinned=5)

    def test_grade_sheet(self) -> None:
        self.check_page(self.aigerim, reverse("practice:grade_sheet", args=[self.pre.pk]), self.add_placements)

    def test_grade_sheet_export(self) -> None:
        url = reverse("practice:grade_sheet", args=[self.pre.pk]) + "?export=xlsx"
        self.check_page(self.bolat, url, self.add_placements)

    def test_practice_panel(self) -> None:
        self.check_page(self.aigerim, reverse("practice:practice_assessment", args=[self.pre.pk]), self.add_placements)

    def test_rules_bulk(self) -> None:
        self.check_page(self.aigerim, reverse("practice:rules_bulk", args=[self.pre.pk]), self.add_placements)

    def test_placement_panel(self) -> None:
        url = reverse("practice:placement_assessment", args=[self.placement.pk])
        self.check_page(self.aigerim, url, self.add_entries)

    def test_student_page(self) -> None:
        self.check_page(self.student_user, reverse("practice:my_practice"), self.add_entries)

    def test_api_grades(self) -> None:
        self.check_page(self.aigerim, reverse("practice-grade-list"), self.add_placements, api=True)

    def test_api_diary(self) -> None:
        self.check_page(self.student_user, reverse("practice-diaryentry-list"), self.add_entries, api=True)
        self.check_page(self.aigerim, reverse("practice-diaryentry-list"), self.add_entries, api=True)

    def test_placement_count_sanity(self) -> None:
        self.add_placements(3)
        self.assertEqual(Placement.objects.filter(practice=self.pre).count(), 4)
