"""The session results page and the summary record sheet (issue #14; R-096, R-115, R-092, R-114, R-121), with
their XLSX and PDF, on a hand-built group, with literal values.

The group IS-24-1 (program A, admitted 2024): Abenov and Bekova; Sadykov studies program B (department B).
2024-2025, term 1: Abenov MAT101 A, PHY101 FX (retaken in the summer: C), PE100 pass; Bekova MAT101 B-, PHY101 C,
HIS101 FX then a retake D in the same term; Sadykov MAT101 F (a debt), PHY101 pass. Term 2: Abenov DB201 F.
"""

from __future__ import annotations

import subprocess
from decimal import Decimal
from io import BytesIO

from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from mansap.academics.models import Grade
from mansap.academics.reports.exports import score_text, share_text
from mansap.academics.reports.session import BY_GROUP, narrowed, session_report, session_results
from mansap.academics.reports.summary_sheet import cell_text, summary_sheet
from mansap.academics.tests.factories import make_course, make_grade
from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import Student

D = Decimal
YEAR = "2024-2025"


def pdf_text(content: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True
    ).stdout.decode()


class SessionFixture(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        i = cls.institution
        cls.math, cls.phys = make_course(i, "MAT101", 5), make_course(i, "PHY101", 3)
        cls.pe, cls.his, cls.db = make_course(i, "PE100", 2), make_course(i, "HIS101", 4), make_course(i, "DB201", 4)
        group = {"group": "IS-24-1", "admission_year": 2024}
        cls.abenov = make_student(cls.program_a, last_name="Абенов", first_name="Арман", **group)
        cls.bekova = make_student(cls.program_a, last_name="Бекова", first_name="Дана", **group)
        cls.sadykov = make_student(cls.program_b, last_name="Садыков", first_name="Ерлан", group="EC-24-1",
                                   admission_year=2024)  # fmt: skip
        make_grade(cls.abenov, cls.math, YEAR, "1", "A")
        make_grade(cls.abenov, cls.phys, YEAR, "1", "FX")
        make_grade(cls.abenov, cls.phys, YEAR, "summer", "C", attempt="summer")
        make_grade(cls.abenov, cls.pe, YEAR, "1", "", kind="pass")
        make_grade(cls.abenov, cls.db, YEAR, "2", "F")
        make_grade(cls.bekova, cls.math, YEAR, "1", "B-")
        make_grade(cls.bekova, cls.phys, YEAR, "1", "C")
        make_grade(cls.bekova, cls.his, YEAR, "1", "FX")
        make_grade(cls.bekova, cls.his, YEAR, "1", "D", attempt="retake")
        make_grade(cls.sadykov, cls.math, YEAR, "1", "F")
        make_grade(cls.sadykov, cls.phys, YEAR, "1", "", kind="pass")


class SessionReportTests(SessionFixture):
    def test_term_1_whole_and_by_program(self) -> None:
        report = session_report(Grade.objects.all(), self.institution, YEAR, "1")
        r = report.results
        # A 4.00, FX 0.50, B- 2.67, C 2.00, D 1.00 (the retake replaced the FX in the same term), F 0.00; pass rows
        # are not counted
        self.assertEqual((report.students, r.total, r.passed, r.quality), (3, 6, 4, 2))
        self.assertEqual((r.absolute_share, r.quality_share), (D("0.6667"), D("0.3333")))
        self.assertEqual(r.average, D("1.70"))  # 10.17 / 6 = 1.695 → 1.70 half up
        # Abenov's FX was retaken in the summer: no debt; Sadykov's F stands
        self.assertEqual(
            [(g.student.last_name, g.course.code, g.letter) for g in r.debts], [("Садыков", "MAT101", "F")]
        )
        self.assertEqual((report.debt_students, report.debt_credits), (1, 5))
        rows = [(u.code, u.students, u.results.total, u.results.passed, u.results.average, len(u.results.debts))
                for u in report.rows]  # fmt: skip
        self.assertEqual(
            rows, [(self.program_a.code, 2, 5, 4, D("2.03"), 0), (self.program_b.code, 1, 1, 0, D("0.00"), 1)]
        )

    def test_the_same_figures_as_the_kpi_readings(self) -> None:
        for term in ("1", "2", "summer", None):
            whole = session_report(Grade.objects.all(), self.institution, YEAR, term).results
            kpi = session_results(Grade.objects.all(), self.institution, YEAR, term)
            self.assertEqual(
                (whole.total, whole.passed, whole.quality, whole.average, [g.pk for g in whole.debts]),
                (kpi.total, kpi.passed, kpi.quality, kpi.average, [g.pk for g in kpi.debts]),
            )

    def test_the_summer_term_and_term_2(self) -> None:
        summer = session_report(Grade.objects.all(), self.institution, YEAR, "summer").results
        self.assertEqual(
            (summer.total, summer.passed, summer.quality, summer.average, summer.debts), (1, 1, 0, D("2.00"), [])
        )
        second = session_report(Grade.objects.all(), self.institution, YEAR, "2").results
        self.assertEqual(
            [(g.student.last_name, g.course.code, g.letter) for g in second.debts], [("Абенов", "DB201", "F")]
        )

    def test_a_group_by_group(self) -> None:
        grades = narrowed(Grade.objects.all(), program=self.program_a.pk, group="IS-24-1")
        report = session_report(grades, self.institution, YEAR, "1", by=BY_GROUP)
        self.assertEqual(
            [(u.code, u.results.total, u.results.quality_share) for u in report.rows], [("IS-24-1", 5, D("0.4000"))]
        )

    def test_numbers_in_the_languages_style(self) -> None:
        self.assertEqual((share_text(D("0.6667"), "en"), score_text(D("1.70"), "en")), ("66.7%", "1.70"))
        self.assertEqual((share_text(D("0.6667"), "ru"), score_text(D("1.70"), "ru")), ("66,7\xa0%", "1,70"))
        self.assertEqual(score_text(D("1.70"), "kk"), "1,70")
        self.assertIn(",", share_text(D("0.6667"), "kk"))


class SessionPageTests(SessionFixture):
    url = reverse("academics:session_results")

    def test_the_ssc_sees_the_figures_breakdown_and_debts(self) -> None:
        with translation.override("en"):
            response = self.assert_page_shows(
                self.registrar, f"{self.url}?year={YEAR}&term=1&lang=en", "66.7%", "33.3%", "1.70", "Садыков", "MAT101"
            )
        self.assertEqual([u.code for u in response.context["report"].rows], [self.program_a.code, self.program_b.code])

    def test_the_latest_term_by_default(self) -> None:
        response = self.assert_status(self.registrar, self.url, 200)
        self.assertEqual((response.context["query"].year, response.context["query"].term), (YEAR, "2"))

    def test_a_department_sees_only_its_own(self) -> None:
        response = self.assert_status(self.dana, f"{self.url}?year={YEAR}&term=1", 200)
        report = response.context["report"]
        self.assertEqual((report.students, report.results.total), (1, 1))
        self.assertEqual([u.code for u in report.rows], [self.program_b.code])
        self.assertNotContains(response, "Абенов")
        self.assert_status(self.dana, f"{self.url}?department={self.dept_a.pk}", 404)
        self.assert_status(self.dana, f"{self.url}?program={self.program_a.pk}", 404)
        self.assert_status(self.dana, reverse("academics:session_xlsx") + f"?program={self.program_a.pk}", 404)

    def test_a_dean_sees_the_faculty(self) -> None:
        response = self.assert_status(self.dean, f"{self.url}?year={YEAR}&term=1", 200)
        self.assertEqual(response.context["report"].students, 3)

    def test_bad_values_give_messages(self) -> None:
        response = self.assert_status(self.registrar, f"{self.url}?year=1999-2000&term=7&program=abc", 404)
        response = self.assert_status(self.registrar, f"{self.url}?year=1999-2000&term=7", 200)
        self.assertEqual(len(response.context["query"].errors), 2)

    def test_students_are_turned_away(self) -> None:
        self.assert_status(self.student_user, self.url, 403)

    def test_the_xlsx(self) -> None:
        with translation.override("ru"):
            response = self.assert_status(
                self.registrar, reverse("academics:session_xlsx") + f"?year={YEAR}&term=1&lang=ru", 200
            )
        workbook = load_workbook(BytesIO(response.content))
        summary, units, debts = workbook.worksheets
        self.assertEqual(summary.title, "Итоги сессии")
        values = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and row[0]}
        self.assertEqual(values["Учебный год"], YEAR)
        self.assertEqual(values["Абсолютная успеваемость"], 0.6667)
        self.assertEqual(values["Средний числовой балл"], 1.7)
        shares = [row[1] for row in summary.iter_rows() if row[0].value == "Абсолютная успеваемость"]
        self.assertEqual(shares[0].number_format, "0.0%")
        self.assertEqual(
            [list(r) for r in units.iter_rows(values_only=True)][1][:4],
            [self.program_a.code, "Информационные системы", 2, 5],
        )
        self.assertEqual(
            [list(r) for r in debts.iter_rows(values_only=True)][1],
            ["Садыков Ерлан", self.sadykov.iin, "EC-24-1", self.program_b.code, "MAT101", "Дисциплина MAT101", 5, "F",
             YEAR, "1-й семестр"],
        )  # fmt: skip

    def test_the_debts_xlsx(self) -> None:
        with translation.override("en"):
            rows = self.xlsx_rows(
                self.get_as(self.registrar, reverse("academics:session_debts_xlsx") + f"?year={YEAR}&term=2")
            )
        self.assertEqual(rows[0][:3], ["Student", "IIN", "Group"])
        self.assertEqual([r[0] for r in rows[1:]], ["Абенов Арман"])

    def test_the_pdf(self) -> None:
        for language, words in (("kk", ("66,7", "1,70")), ("ru", ("66,7", "1,70")), ("en", ("66.7%", "1.70"))):
            with self.subTest(language):
                response = self.get_as(
                    self.registrar, reverse("academics:session_pdf") + f"?year={YEAR}&term=1&lang={language}"
                )
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.content.startswith(b"%PDF"))
                text = pdf_text(response.content)
                for word in (*words, "Садыков", "MAT101"):
                    self.assertIn(word, text)


class SummarySheetTests(SessionFixture):
    url = reverse("academics:summary_sheet")

    def params(self) -> str:
        return f"?program={self.program_a.pk}&admission_year=2024&group=IS-24-1"

    def test_cells_gpa_and_credits(self) -> None:
        students = Student.objects.filter(program=self.program_a, admission_year=2024, group="IS-24-1")
        sheet = summary_sheet(students, self.institution, self.program_a, 2024, "IS-24-1")
        self.assertEqual([c.code for c in sheet.columns], ["HIS101", "MAT101", "PE100", "PHY101", "DB201"])
        with translation.override("en"):
            cells = [[cell_text(row.cell(c)) for c in sheet.columns] for row in sheet.rows]
        self.assertEqual(cells, [["", "A", "pass", "C", "F"], ["D", "B-", "", "C", ""]])
        # Abenov: (5×4.00 + 3×2.00 + 4×0.00) / 12 = 2.1666… → 2.17; earned 5 + 3 + 2 (pass); Bekova: (4×1.00 + 5×2.67
        # + 3×2.00) / 12 = 1.9458… → 1.95; earned 12
        self.assertEqual(
            [(r.gpa.cumulative, r.gpa.credits_earned) for r in sheet.rows], [(D("2.17"), 10), (D("1.95"), 12)]
        )

    def test_the_page_lists_groups_then_shows_a_sheet(self) -> None:
        response = self.assert_page_shows(self.registrar, self.url, "IS-24-1", "EC-24-1")
        self.assertEqual(len(response.context["groups"]), 2)
        response = self.get_as(self.registrar, self.url + self.params(), HTTP_ACCEPT_LANGUAGE="ru")
        for text in ("Абенов Арман", "2,17", "1,95", "HIS101", "Сводная ведомость"):
            self.assertContains(response, text)

    def test_scope(self) -> None:
        response = self.assert_status(self.dana, self.url, 200)
        self.assertEqual([line.group for line, _params in response.context["groups"]], ["EC-24-1"])
        self.assert_status(self.dana, self.url + self.params(), 404)
        self.assert_status(self.dana, reverse("academics:summary_sheet_pdf") + self.params(), 404)
        self.assert_status(self.aigerim, self.url + self.params(), 200)

    def test_the_xlsx(self) -> None:
        with translation.override("en"):
            response = self.get_as(self.registrar, reverse("academics:summary_sheet_xlsx") + self.params() + "&lang=en")
        self.assertEqual(response.status_code, 200)
        workbook = load_workbook(BytesIO(response.content))
        rows = [list(r) for r in workbook.worksheets[0].iter_rows(values_only=True)]
        header = next(r for r in rows if r and r[0] == "№")
        self.assertEqual(
            header, ["№", "Student", "IIN", "HIS101", "MAT101", "PE100", "PHY101", "DB201", "GPA", "Credits earned"]
        )
        at = rows.index(header)
        self.assertEqual(rows[at + 1], [None, "Credits", None, 4, 5, 2, 3, 4, None, None])
        self.assertEqual(rows[at + 2], [1, "Абенов Арман", self.abenov.iin, None, "A", "pass", "C", "F", 2.17, 10])
        legend = [list(r) for r in workbook.worksheets[1].iter_rows(values_only=True)]
        self.assertEqual(legend[1], ["HIS101", "Course HIS101", 4])

    def test_the_pdf(self) -> None:
        for language, gpa in (("kk", "2,17"), ("ru", "2,17"), ("en", "2.17")):
            with self.subTest(language):
                response = self.get_as(
                    self.registrar, reverse("academics:summary_sheet_pdf") + self.params() + f"&lang={language}"
                )
                self.assertTrue(response.content.startswith(b"%PDF"))
                text = pdf_text(response.content)
                for word in ("IS-24-1", "Абенов", "HIS101", gpa):
                    self.assertIn(word, text)
