"""Program revisions with employers and advisory boards (002 p10; R-052, R-059, R-060): process 10's KPI pinned
with literal values, the scope of who records what, the forms and the minutes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mansap.common import indicators
from mansap.common.indicators import Breakdown, Period
from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import EducationalProgram
from mansap.employers.tests.factories import make_org
from mansap.quality.models import AdvisoryBoard, AdvisoryBoardMember, ProgramRevision
from mansap.quality.services import programs as services
from mansap.quality.tests.factories import make_board, make_revision

YEAR = Period.academic_year(2025)  # 1 Sep 2025 – 31 Aug 2026
PDF = b"%PDF-1.4\n minutes \n%%EOF"


class ProgramsWithEmployersTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org = make_org(cls.institution, name_ru="ТОО Казахтелеком", name_en="ТОО Казахтелеком")
        cls.org2 = make_org(cls.institution, name_ru="АО Kaspi", name_en="АО Kaspi")
        cls.program_d = EducationalProgram.objects.create(
            code="6B06103", level="bachelor", name_kk="Д", name_ru="Д", name_en="D", department=cls.dept_a
        )
        cls.inactive = EducationalProgram.objects.create(
            code="6B06104", level="bachelor", name_kk="Е", name_ru="Е", name_en="E", department=cls.dept_a,
            is_active=False,
        )  # fmt: skip
        # a: two revisions in the year with employers (counted once); b: a revision without employers;
        # c: with employers but the year before; d: none; the inactive program: with employers, not counted.
        make_revision(cls.program_a, dt.date(2025, 9, 1), employers=[cls.org])
        make_revision(cls.program_a, dt.date(2026, 8, 31), employers=[cls.org, cls.org2])
        make_revision(cls.program_b, dt.date(2026, 3, 1))
        make_revision(cls.program_c, dt.date(2025, 8, 31), employers=[cls.org])
        make_revision(cls.inactive, dt.date(2026, 1, 10), employers=[cls.org])

    def measure(self, breakdown: Breakdown = indicators.WHOLE, period: Period = YEAR) -> indicators.Measurement:
        return indicators.get("quality.programs_with_employers").measure(self.institution, period, breakdown)

    def test_the_share_of_active_programs_revised_with_employers_in_the_year(self) -> None:
        result = self.measure()
        self.assertEqual((result.numerator, result.denominator, result.value), (1, 4, Decimal("0.2500")))
        rows = {p.code: (p.revised_with_employers, p.revision_count) for p in result.rows}
        self.assertEqual(
            rows,
            {"6B04101": (False, 0), "6B06101": (True, 2), "6B06102": (False, 1), "6B06103": (False, 0)},
        )

    def test_the_year_before_counts_program_c(self) -> None:
        result = self.measure(period=Period.academic_year(2024))
        self.assertEqual((result.numerator, result.denominator, result.value), (1, 4, Decimal("0.2500")))
        self.assertEqual([p.code for p in result.rows if p.revised_with_employers], ["6B04101"])

    def test_breakdowns(self) -> None:
        by_faculty = self.measure(Breakdown(faculty=self.faculty.pk))
        self.assertEqual((by_faculty.numerator, by_faculty.denominator), (1, 3))
        by_department = self.measure(Breakdown(department=self.dept_b.pk))
        self.assertEqual((by_department.numerator, by_department.denominator, by_department.value), (0, 1, Decimal(0)))
        other = self.measure(Breakdown(faculty=self.other_faculty.pk))
        self.assertEqual((other.numerator, other.denominator), (0, 1))

    def test_no_programs_no_value(self) -> None:
        empty = self.measure(Breakdown(department=-1))
        self.assertEqual((empty.numerator, empty.denominator, empty.value), (0, 0, None))

    def test_the_indicator_declares_its_contract(self) -> None:
        indicator = indicators.get("quality.programs_with_employers")
        self.assertEqual((indicator.unit, indicator.higher_is_better), ("share", True))
        self.assertEqual(indicator.breakdowns, ("faculty", "department"))

    def test_the_list_shows_the_kpi_of_the_chosen_year(self) -> None:
        url = reverse("quality:programrevision_list") + "?year=2025-2026"
        response = self.assert_page_shows(self.rector, url, "25%", "1 of 4 active programs")
        self.assertEqual(response.context["kpi_period"].label, "2025-2026")


class RevisionScopeTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org = make_org(cls.institution, name_ru="ТОО Казахтелеком", name_en="ТОО Казахтелеком")
        cls.rev_a = make_revision(cls.program_a, dt.date(2026, 2, 1), employers=[cls.org])
        cls.rev_b = make_revision(cls.program_b, dt.date(2026, 2, 1))
        cls.rev_c = make_revision(cls.program_c, dt.date(2026, 2, 1))

    def listed(self, user: object) -> set[int]:
        response = self.get_as(user, reverse("quality:programrevision_list"))  # type: ignore[arg-type]
        return {r.pk for r in response.context["table"].data}

    def test_who_sees_which_revisions(self) -> None:
        everything = {self.rev_a.pk, self.rev_b.pk, self.rev_c.pk}
        self.assertEqual(self.listed(self.cc), everything)
        self.assertEqual(self.listed(self.rector), everything)
        self.assertEqual(self.listed(self.dean), {self.rev_a.pk, self.rev_b.pk})
        self.assertEqual(self.listed(self.aigerim), {self.rev_a.pk})
        self.assertEqual(self.listed(self.bolat), {self.rev_a.pk})
        self.assertEqual(self.listed(self.dana), {self.rev_b.pk})
        self.assert_status(self.dana, reverse("quality:programrevision_detail", args=[self.rev_a.pk]), 404)
        self.assert_status(self.dean, reverse("quality:programrevision_detail", args=[self.rev_c.pk]), 404)

    def test_who_records_revisions_of_which_programs(self) -> None:
        def programs(user: object) -> set[str]:
            return set(services.revision_programs(user).values_list("code", flat=True))  # type: ignore[arg-type]

        self.assertEqual(programs(self.cc), {"6B06101", "6B06102", "6B04101"})
        self.assertEqual(programs(self.dean), {"6B06101", "6B06102"})
        self.assertEqual(programs(self.aigerim), {"6B06101"})
        self.assertEqual(programs(self.bolat), set())
        self.assertEqual(programs(self.registrar), set())
        self.assertEqual(programs(self.rector), set())
        with self.assertRaises(PermissionDenied):
            services.save_revision(
                ProgramRevision(program=self.program_b, revised_on=dt.date(2026, 1, 1), summary_en="x"),
                acting_user=self.aigerim,
            )
        self.assert_status(self.registrar, reverse("quality:programrevision_add"), 403)
        self.assert_status(self.bolat, reverse("quality:programrevision_edit", args=[self.rev_a.pk]), 403)

    def test_a_department_records_a_revision_with_an_employer_alumni_and_students(self) -> None:
        alumnus = make_student(self.program_a, iin="020514650018", graduation_date=dt.date(2024, 6, 25))
        student = make_student(self.program_a, iin="040101650011")
        response = self.post_as(
            self.aigerim,
            reverse("quality:programrevision_add"),
            {
                "program": self.program_a.pk, "revised_on": "2026-03-02", "summary_ru": "Новый модуль по ИИ",
                "employers": [self.org.pk], "alumni": alumnus.iin, "students": f"{student.iin}\n",
                "minutes": SimpleUploadedFile("protocol.pdf", PDF, "application/pdf"),
            },
        )  # fmt: skip
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        revision = ProgramRevision.objects.get(summary_ru="Новый модуль по ИИ")
        self.assertEqual(list(revision.employers.all()), [self.org])
        self.assertEqual(list(revision.alumni.all()), [alumnus])
        self.assertEqual(list(revision.students.all()), [student])
        self.assertEqual(revision.recorded_by, self.aigerim)
        minutes = self.get_as(self.bolat, reverse("quality:programrevision_minutes", args=[revision.pk]))
        self.assertEqual((minutes.status_code, minutes["Content-Type"]), (200, "application/pdf"))
        self.assert_status(self.dana, reverse("quality:programrevision_minutes", args=[revision.pk]), 404)
        page = self.assert_page_shows(
            self.aigerim, revision.get_absolute_url(), "Новый модуль по ИИ", "ТОО Казахтелеком"
        )
        self.assertContains(page, alumnus.full_name)

    def test_bad_input_is_refused_with_the_field_named(self) -> None:
        student = make_student(self.program_a, iin="040101650011")
        response = self.post_as(
            self.aigerim,
            reverse("quality:programrevision_add"),
            {"program": self.program_b.pk, "revised_on": "2026-03-02", "alumni": f"{student.iin} 000000000000"},
        )
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        self.assertEqual(set(errors), {"program", "alumni", "summary_kk"})
        self.assertIn("040101650011, 000000000000", errors["alumni"][0])
        self.assertEqual(ProgramRevision.objects.count(), 3)

    def test_a_minutes_file_must_be_a_document(self) -> None:
        response = self.post_as(
            self.aigerim,
            reverse("quality:programrevision_add"),
            {
                "program": self.program_a.pk, "revised_on": "2026-03-02", "summary_en": "x",
                "minutes": SimpleUploadedFile("protocol.pdf", b"<html>", "application/pdf"),
            },
        )  # fmt: skip
        self.assertEqual(response.status_code, 200)
        self.assertIn("minutes", response.context["form"].errors)

    def test_the_export_lists_the_revisions_in_scope(self) -> None:
        response = self.get_as(self.dean, reverse("quality:programrevision_list") + "?export=xlsx")
        rows = self.xlsx_rows(response)
        self.assertEqual(
            rows[0], ["Revised on", "Program", "Department", "What changed", "Employers", "Alumni", "Students"]
        )
        self.assertEqual(sorted(r[1] for r in rows[1:]), ["6B06101 Information systems", "6B06102 Computer science"])
        self.assertEqual(sorted(r[4] for r in rows[1:]), [0, 1])

    def test_filters(self) -> None:
        base = reverse("quality:programrevision_list")
        for query, expected in (
            (f"?faculty={self.faculty.pk}", {self.rev_a.pk, self.rev_b.pk}),
            (f"?department={self.dept_b.pk}", {self.rev_b.pk}),
            (f"?program={self.program_c.pk}", {self.rev_c.pk}),
            ("?year=2025-2026", {self.rev_a.pk, self.rev_b.pk, self.rev_c.pk}),
            ("?year=2024-2025", set()),
            ("?with_employers=true", {self.rev_a.pk}),
        ):
            with self.subTest(query):
                response = self.get_as(self.cc, base + query)
                self.assertEqual({r.pk for r in response.context["table"].data}, expected)
        self.assert_status(self.cc, base + "?year=2025", 400)


class AdvisoryBoardTests(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.org = make_org(cls.institution, name_ru="ТОО Казахтелеком", name_en="ТОО Казахтелеком")
        cls.board = make_board(cls.program_a)
        cls.alumnus = make_student(cls.program_a, iin="020514650018", graduation_date=dt.date(2024, 6, 25))

    def test_a_program_board_takes_its_program_faculty(self) -> None:
        board = services.save_board(
            AdvisoryBoard(program=self.program_c, name_en="Economics board"), acting_user=self.cc
        )
        self.assertEqual(board.faculty, self.other_faculty)
        with self.assertRaises(ValidationError):
            services.save_board(AdvisoryBoard(name_en="Nowhere"), acting_user=self.cc)
        with self.assertRaises(PermissionDenied):  # a department keeps its own programs' boards only
            services.save_board(AdvisoryBoard(program=self.program_b, name_en="B"), acting_user=self.aigerim)
        with self.assertRaises(PermissionDenied):  # and not a faculty's
            services.save_board(AdvisoryBoard(faculty=self.faculty, name_en="F"), acting_user=self.aigerim)
        faculty_board = services.save_board(AdvisoryBoard(faculty=self.faculty, name_en="F"), acting_user=self.dean)
        self.assertIsNone(faculty_board.program)

    def test_members_of_each_kind(self) -> None:
        url = reverse("quality:advisoryboardmember_add", args=[self.board.pk])
        cases = [
            ({"kind": "employer", "organization": self.org.pk, "person_name": "Ахметов Ерлан", "role": "chair"}, None),
            ({"kind": "alumnus", "alumnus": self.alumnus.iin, "role": "member"}, None),
            ({"kind": "other", "person_name": "Қоғамдық қор өкілі", "role": "secretary"}, None),
            ({"kind": "employer", "person_name": "Без организации", "role": "member"}, "organization"),
            ({"kind": "alumnus", "alumnus": "040101650011", "role": "member"}, "alumnus"),
            ({"kind": "other", "role": "member", "member_to": "2020-01-01"}, "person_name"),
        ]
        for data, error in cases:
            with self.subTest(data):
                response = self.post_as(self.aigerim, url, {"member_from": "2025-09-01", **data})
                if error is None:
                    self.assertEqual(response.status_code, 302)
                else:
                    self.assertEqual(response.status_code, 400)
                    self.assertIn(error, response.context["form"].errors)
        names = [m.display_name for m in AdvisoryBoardMember.objects.filter(board=self.board).order_by("pk")]
        self.assertEqual(names, ["Ахметов Ерлан", self.alumnus.full_name, "Қоғамдық қор өкілі"])
        self.assert_status(self.dana, url, 403)  # dana reads every board, keeps only her programs'
        page = self.assert_page_shows(self.bolat, self.board.get_absolute_url(), "Ахметов Ерлан", "ТОО Казахтелеком")
        self.assertNotContains(page, reverse("quality:advisoryboardmember_add", args=[self.board.pk]))

    def test_a_meeting_with_minutes(self) -> None:
        url = reverse("quality:advisoryboardmeeting_add", args=[self.board.pk])
        response = self.post_as(
            self.dean, url,
            {"held_on": "2026-02-10", "agenda": "Обсуждение учебного плана", "decisions": "Добавить курс по DevOps",
             "minutes": SimpleUploadedFile("m.pdf", PDF, "application/pdf")},
        )  # fmt: skip
        self.assertEqual(response.status_code, 302)
        meeting = self.board.meetings.get()
        self.assertEqual((meeting.held_on, meeting.decisions), (dt.date(2026, 2, 10), "Добавить курс по DevOps"))
        self.assert_page_shows(self.dana, self.board.get_absolute_url(), "Обсуждение учебного плана")
        self.assert_status(self.dana, reverse("quality:advisoryboardmeeting_minutes", args=[meeting.pk]), 200)
        self.assert_status(self.dana, url, 403)
