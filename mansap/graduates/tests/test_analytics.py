"""The analytics page, its XLSX and PDF reports and the employment_kpis command: scope, and the same numbers."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from io import BytesIO, StringIO
from typing import Any

from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from mansap.common.testing import ScopedCRUDTests, make_student
from mansap.core.models import Student
from mansap.graduates.management.commands.employment_kpis import Command as KpisCommand
from mansap.graduates.reports import analytics
from mansap.graduates.services.records import record_employment

D = dt.date
AS_OF = D(2026, 3, 1)
FIGURES = (*analytics.RATE_NAMES, *analytics.SALARY_NAMES)
URL = reverse("graduates:analytics")
BREAKDOWN_URL = reverse("graduates:analytics_breakdown")
ROUNDS_URL = reverse("graduates:analytics_rounds")
HTMX = {"HTTP_HX_REQUEST": "true"}
XLSX_URL = reverse("graduates:analytics_xlsx")
PDF_URL = reverse("graduates:analytics_pdf")
QUERY = "?cohort=2025&as_of=2026-03-01"


def add(graduate: Student, user: Any, status: str, started_on: dt.date, **fields: Any) -> None:
    record_employment(graduate, acting_user=user, status=status, started_on=started_on, channel="telephone", **fields)


def page_figures(html: str) -> dict[str, str]:
    return dict(re.findall(r'data-kpi="(\w+)">([^<]*)<', html))


def pdf_text(content: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout
    return normalise(out.decode())


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " "))


def workbook(response: Any) -> Any:
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(BytesIO(response.content))


def kpi_sheet_values(book: Any) -> dict[str, Any]:
    """The KPI sheet's figure values by name (the rows follow analytics.FIGURES order)."""
    rows = [list(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    labels = {str(analytics.KPI_LABELS[name]): name for name in FIGURES}
    return {labels[row[0]]: row[1] for row in rows if row and row[0] in labels}


class AnalyticsTestCase(ScopedCRUDTests):
    """Cohort 2025: five graduates in department A, three in B, two in C (the other faculty); one of 2024."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cc = cls.cc
        grad = D(2025, 6, 30)
        a = [make_student(cls.program_a, graduation_date=grad, funding="grant") for _ in range(5)]
        b = [make_student(cls.program_b, graduation_date=grad) for _ in range(3)]
        c = [make_student(cls.program_c, graduation_date=grad, study_form="part_time") for _ in range(2)]
        add(a[0], cc, "employed_specialty", D(2025, 8, 1), salary=310_000, employer_name="Kaspi Bank")
        add(a[1], cc, "employed_other", D(2025, 9, 1), salary=240_000)
        add(a[2], cc, "continuing_education", D(2025, 9, 1))
        add(a[3], cc, "unemployed_seeking", D(2025, 8, 1))
        add(b[0], cc, "employed_specialty", D(2025, 8, 1), salary=500_000, employer_name="Қазақтелеком")
        add(b[1], cc, "own_business", D(2025, 10, 1))
        add(c[0], cc, "military_service", D(2025, 7, 1))
        add(c[1], cc, "employed_specialty", D(2026, 5, 1), salary=290_000)  # after the as-of date
        old = make_student(cls.program_a, graduation_date=D(2024, 6, 30))
        add(old, cc, "employed_specialty", D(2024, 8, 1), salary=250_000)
        cls.a, cls.b, cls.c = a, b, c

    def cohort(self) -> Any:
        return Student.objects.graduates().filter(graduation_date__year=2025)


class AnalyticsPageTests(AnalyticsTestCase):
    def test_who_may_open_it(self) -> None:
        self.client.logout()
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 302)
        self.assert_status(self.student_user, URL, 403)
        self.assert_status(self.student_user, XLSX_URL, 403)
        for user in (self.aigerim, self.bolat, self.dana, self.dean, self.cc, self.registrar, self.rector, self.admin):
            self.assert_status(user, URL, 200)

    def test_department_staff_see_only_their_department(self) -> None:
        response = self.assert_status(self.aigerim, URL + QUERY, 200)
        # Department A's cohort of 5 on 1 March 2026, by hand: a0 employed by specialty (310,000), a1 employed
        # not by specialty (240,000), a2 continuing education, a3 unemployed, a4 without a record (unknown).
        # Labour force 5 − 1 = 4; known 5 − 1 = 4; outcomes 2 employed + 1 studying = 3.
        self.assertEqual(
            page_figures(response.content.decode()),
            {
                "knowledge_rate": "80.0%",  # 4 / 5
                "employment_rate": "50.0%",  # 2 / 4
                "employment_by_specialty_rate": "25.0%",  # 1 / 4
                "own_business_share": "0.0%",  # 0 / 4
                "career_outcomes_rate": "75.0%",  # 3 / 4
                "average_salary": "275,000\xa0₸",  # (310,000 + 240,000) / 2
                "median_salary": "275,000\xa0₸",  # the mean of the two salaries
            },
        )
        for name, count in {"cohort": 5, "unknown": 1, "employed": 2, "employed_specialty": 1,
                            "continuing_education": 1, "with_salary": 2}.items():  # fmt: skip
            self.assertContains(response, f'<td class="text-end" data-count="{name}">{count}</td>', html=False)
        self.assertNotContains(response, "Қазақтелеком")
        self.assertNotContains(response, self.dept_b.name_en)
        # Asking for another department's graduates is refused, not answered.
        response = self.get_as(self.aigerim, URL + QUERY + f"&department={self.dept_b.pk}")
        self.assertContains(response, '<td class="text-end" data-count="cohort">0</td>', html=False)
        self.assertEqual(page_figures(response.content.decode())["employment_rate"], "—")
        # ... and so is its export.
        book = workbook(self.get_as(self.aigerim, XLSX_URL + QUERY + f"&department={self.dept_b.pk}"))
        self.assertEqual(book.worksheets[2].max_row, 1)

    def test_management_sees_every_department(self) -> None:
        response = self.assert_status(self.rector, URL + QUERY + "&by=faculty", 200)
        expected = analytics.compute_kpis(self.cohort(), AS_OF)
        self.assertEqual(expected["counts"]["cohort"], 10)
        self.assertEqual(
            page_figures(response.content.decode()), {n: analytics.format_kpi(n, expected, "en") for n in FIGURES}
        )
        # The breakdown by faculty comes after the page (its fragment): both faculties.
        breakdown = self.get_as(self.rector, BREAKDOWN_URL + QUERY + "&by=faculty", **HTMX)
        self.assertContains(breakdown, self.faculty.name_en)
        self.assertContains(breakdown, self.other_faculty.name_en)

    def test_dean_sees_the_faculty(self) -> None:
        response = self.assert_status(self.dean, URL + QUERY, 200)
        self.assertContains(response, '<td class="text-end" data-count="cohort">8</td>', html=False)

    def test_filters(self) -> None:
        cases = {
            f"&department={self.dept_b.pk}": self.cohort().filter(program__department=self.dept_b),
            f"&faculty={self.other_faculty.pk}": self.cohort().filter(program__department=self.dept_c),
            f"&program={self.program_a.pk}": self.cohort().filter(program=self.program_a),
            "&funding=grant": self.cohort().filter(funding="grant"),
            "&study_form=part_time": self.cohort().filter(study_form="part_time"),
        }
        for query, graduates in cases.items():
            with self.subTest(query):
                response = self.get_as(self.cc, URL + QUERY + query)
                expected = analytics.compute_kpis(graduates, AS_OF)
                self.assertEqual(
                    page_figures(response.content.decode()),
                    {n: analytics.format_kpi(n, expected, "en") for n in FIGURES},
                )
        # The as-of date moves c[1] into employment.
        response = self.get_as(self.cc, URL + "?cohort=2025&as_of=2026-06-01")
        expected = analytics.compute_kpis(self.cohort(), D(2026, 6, 1))
        self.assertEqual(
            page_figures(response.content.decode())["employment_rate"],
            analytics.format_kpi("employment_rate", expected, "en"),
        )

    def test_defaults_latest_cohort_and_today(self) -> None:
        response = self.get_as(self.cc, URL)
        self.assertEqual(response.context["selection"].cohort, 2025)
        self.assertEqual(response.context["selection"].as_of, dt.date.today())
        self.assertContains(response, "How these figures are computed")
        self.assertContains(response, "(cohort − unknown) / cohort")
        self.assertContains(response, "vendor/chartjs/chart.umd.min.js")
        self.assertNotContains(response, "cdn.")

    def test_breakdown_rows(self) -> None:
        response = self.get_as(self.cc, BREAKDOWN_URL + QUERY + "&by=department", **HTMX)
        rows = response.context["rows"]
        self.assertEqual([row.code for row in rows], ["CS", "EC", "IS"])
        for row, department in zip(rows, (self.dept_b, self.dept_c, self.dept_a), strict=True):
            self.assertEqual(
                row.kpis, analytics.compute_kpis(self.cohort().filter(program__department=department), AS_OF)
            )
        for dimension in analytics.DIMENSIONS:
            with self.subTest(dimension):
                response = self.get_as(self.cc, BREAKDOWN_URL + QUERY + f"&by={dimension}", **HTMX)
                total = sum(row.kpis["counts"]["cohort"] for row in response.context["rows"])
                self.assertEqual(total, 10)

    def test_cohort_trend(self) -> None:
        response = self.get_as(self.cc, URL + QUERY)
        self.assertContains(response, reverse("graduates:analytics_trend") + "?cohort=2025&amp;as_of=2026-03-01")
        trend = self.get_as(self.cc, reverse("graduates:analytics_trend") + QUERY).json()
        self.assertEqual(trend["labels"], ["2024", "2025"])
        # 2024: one year after graduation (30.06.2025); 2025: the as-of date, which comes earlier
        old = analytics.compute_kpis(Student.objects.filter(graduation_date__year=2024), D(2025, 6, 30))
        new = analytics.compute_kpis(self.cohort(), AS_OF)
        self.assertEqual(
            trend["employment"], [round(old["employment_rate"] * 100, 1), round(new["employment_rate"] * 100, 1)]
        )
        self.assertEqual(
            trend["knowledge"], [round(old["knowledge_rate"] * 100, 1), round(new["knowledge_rate"] * 100, 1)]
        )
        # department staff: only their department's cohorts
        trend = self.get_as(self.dana, reverse("graduates:analytics_trend") + QUERY).json()
        self.assertEqual(trend["labels"], ["2025"])
        self.assert_status(self.student_user, reverse("graduates:analytics_trend"), 403)

    def test_round_trend(self) -> None:
        from mansap.core.models import AcademicYear
        from mansap.graduates.models import CollectionRound

        year = AcademicYear.objects.create(
            institution=self.institution,
            start_year=2025,
            starts_on=D(2025, 9, 1),
            ends_on=D(2026, 6, 30),
            is_current=True,
        )
        for number, deadline in ((1, D(2025, 9, 30)), (2, D(2025, 12, 31))):
            CollectionRound.objects.create(
                institution=self.institution, academic_year=year, number=number, cohort=2025,
                opens_on=deadline - dt.timedelta(days=20), deadline=deadline,
            )  # fmt: skip
        response = self.get_as(self.cc, ROUNDS_URL + QUERY, **HTMX)
        rounds = response.context["round_trend"]
        self.assertEqual([point.as_of for point in rounds], [D(2025, 9, 30), D(2025, 12, 31)])
        self.assertEqual(rounds[0].kpis, analytics.compute_kpis(self.cohort(), D(2025, 9, 30)))
        self.assertContains(response, 'id="round-chart"')

    def test_bounded_queries(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(URL + "?cohort=2023&as_of=2026-03-01&by=program")
            self.assertEqual(response.status_code, 200)
            return len(queries)

        self.client.force_login(self.cc)
        made = [make_student(self.program_a, graduation_date=D(2023, 6, 30)) for _ in range(2)]
        for graduate in made:
            add(graduate, self.cc, "employed_specialty", D(2023, 9, 1), salary=300_000)
        few = count()
        for i in range(18):
            graduate = make_student(
                (self.program_a, self.program_b, self.program_c)[i % 3], graduation_date=D(2023, 6, 30)
            )
            add(graduate, self.cc, "unemployed_seeking", D(2023, 8, 1))
            add(graduate, self.cc, "employed_other", D(2023, 10, 1), salary=200_000 + i)
        many = count()
        self.assertEqual(few, many)
        self.assertLessEqual(many, 15)


class SameNumbersEverywhereTests(AnalyticsTestCase):
    """Page == XLSX == PDF == command, for the whole university and for one department."""

    def command_json(self, *args: str) -> dict[str, Any]:
        out = StringIO()
        call_command("employment_kpis", "--cohort", "2025", "--as-of", "2026-03-01", "--json", *args, stdout=out)
        return json.loads(out.getvalue())

    def test_page_xlsx_pdf_and_command_agree(self) -> None:
        for user, query, args in (
            (self.cc, "", ()),
            (self.aigerim, f"&department={self.dept_a.pk}", ("--department", "IS")),
        ):
            with self.subTest(user=user.username):
                page = page_figures(self.get_as(user, URL + QUERY + query).content.decode())
                command = self.command_json(*args)
                kpis = {name: command[name] for name in FIGURES}
                self.assertEqual(page, {name: analytics.format_kpi(name, kpis, "en") for name in FIGURES})

                book = workbook(self.get_as(user, XLSX_URL + QUERY + query))
                self.assertEqual(kpi_sheet_values(book), kpis)
                breakdown = [list(row) for row in book.worksheets[1].iter_rows(values_only=True)]
                total = breakdown[-1]
                self.assertEqual(total[1], "Total")
                self.assertEqual(
                    total[2 : 2 + len(analytics.COUNT_NAMES)], [command["counts"][n] for n in analytics.COUNT_NAMES]
                )
                self.assertEqual(total[2 + len(analytics.COUNT_NAMES) :], [command[n] for n in FIGURES])
                graduates = list(book.worksheets[2].iter_rows(values_only=True))
                self.assertEqual(len(graduates) - 1, command["counts"]["cohort"])

                response = self.get_as(user, PDF_URL + QUERY + query + "&lang=en")
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response["Content-Type"], "application/pdf")
                self.assertEqual(response["Cache-Control"], "private, no-store")  # personal data: never cached
                text = pdf_text(response.content)
                for name in FIGURES:
                    self.assertIn(normalise(page[name]), text, name)

    def test_xlsx_per_graduate_statuses(self) -> None:
        book = workbook(self.get_as(self.cc, XLSX_URL + QUERY))
        rows = list(book.worksheets[2].iter_rows(values_only=True))
        header, body = rows[0], rows[1:]
        self.assertEqual(header[:5], ("IIN", "Full name", "Educational program", "Department", "Graduation date"))
        by_iin = {row[0]: row for row in body}
        first = by_iin[self.a[0].iin]
        self.assertEqual(first[5], "employed by specialty")
        self.assertEqual(first[6], "Kaspi Bank")
        self.assertEqual(first[8], 310_000)
        self.assertEqual(by_iin[self.c[1].iin][5], "unknown")  # the job starts after the as-of date
        self.assertIsNone(by_iin[self.c[1].iin][8])
        self.assertEqual(by_iin[self.b[0].iin][6], "Қазақтелеком")
        self.assertEqual(len(body), 10)

    def test_pdf_in_kazakh_and_russian(self) -> None:
        kpis = analytics.compute_kpis(self.cohort(), AS_OF)
        for language, name in (("kk", "Ақпараттық жүйелер"), ("ru", "Информационные системы")):
            with self.subTest(language):
                response = self.get_as(self.cc, PDF_URL + QUERY + f"&lang={language}")
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.content.startswith(b"%PDF"))
                text = pdf_text(response.content)
                self.assertIn(name, text)
                for figure in FIGURES:
                    self.assertIn(normalise(analytics.format_kpi(figure, kpis, language)), text, figure)

    def test_pdf_html_carries_the_figures_and_definitions(self) -> None:
        from mansap.graduates.reports.exports import EmploymentAnalyticsReport
        from mansap.graduates.reports.selection import Selection

        selection = Selection(cohort=2025, as_of=AS_OF, dimension="program")
        report = EmploymentAnalyticsReport(user=self.cc, selection=selection, formatter="pdf")
        data = report.get_data()
        html = report.formatter.html(data)
        kpis = analytics.compute_kpis(self.cohort(), AS_OF)
        self.assertEqual(data.kpis, kpis)
        for figure in FIGURES:
            self.assertIn(analytics.format_kpi(figure, kpis, "en"), html)
        self.assertIn("(employed + continuing education + military service) / (cohort − unknown)", html)
        self.assertIn('"Noto Sans", "DejaVu Sans", sans-serif', html)
        self.assertIn("size: A4", html)
        self.assertFalse(EmploymentAnalyticsReport.is_available_to(self.student_user))


class CommandTests(AnalyticsTestCase):
    def run_json(self, *args: str) -> dict[str, Any]:
        out = StringIO()
        call_command("employment_kpis", *args, "--json", stdout=out)
        return json.loads(out.getvalue())

    def test_json_shape_and_values(self) -> None:
        result = self.run_json("--cohort", "2025", "--as-of", "2026-03-01")
        kpis = analytics.compute_kpis(self.cohort(), AS_OF)
        self.assertEqual(result["cohort"], 2025)
        self.assertEqual(result["as_of"], "2026-03-01")
        self.assertIsNone(result["department"])
        for name in FIGURES:
            self.assertEqual(result[name], kpis[name], name)
        self.assertEqual(set(result["counts"]), set(analytics.COUNT_NAMES))
        self.assertEqual(result["counts"], kpis["counts"])
        for name in analytics.RATE_NAMES:
            self.assertTrue(result[name] is None or 0 <= result[name] <= 1)
        # hand-checked: 10 graduates; 3 unknown (a[4], b[2], c[1]); employed 4; out 2 (CE, MS); labour force 8
        self.assertEqual(result["employment_rate"], 4 / 8)
        self.assertEqual(result["knowledge_rate"], 7 / 10)
        self.assertEqual(result["career_outcomes_rate"], 6 / 7)
        self.assertEqual(result["average_salary"], 350_000)  # (310 000 + 240 000 + 500 000) / 3
        self.assertEqual(result["median_salary"], 310_000)

    def test_department_filter(self) -> None:
        result = self.run_json(
            "--cohort", "2025", "--as-of", "2026-03-01", "--department", "IS", "--institution", "KAZUTB"
        )
        self.assertEqual(result["department"], "IS")
        expected = analytics.compute_kpis(self.cohort().filter(program__department=self.dept_a), AS_OF)
        self.assertEqual({k: result[k] for k in expected}, expected)
        self.assertEqual(result["counts"]["cohort"], 5)

    def test_default_as_of_is_today(self) -> None:
        result = self.run_json("--cohort", "2025")
        self.assertEqual(result["as_of"], dt.date.today().isoformat())

    def test_unknown_department_exits_2(self) -> None:
        with self.assertRaises(CommandError) as caught:
            call_command("employment_kpis", "--cohort", "2025", "--department", "NOPE", "--json")
        self.assertEqual(caught.exception.returncode, 2)
        self.assertIn("NOPE", str(caught.exception))
        err = StringIO()
        command = KpisCommand(stderr=err)
        with self.assertRaises(SystemExit) as exited:
            command.run_from_argv(["manage.py", "employment_kpis", "--cohort", "2025", "--department", "NOPE"])
        self.assertEqual(exited.exception.code, 2)
        self.assertIn("unknown department", err.getvalue())

    def test_readable_table(self) -> None:
        out = StringIO()
        call_command("employment_kpis", "--cohort", "2025", "--as-of", "2026-03-01", stdout=out)
        text = out.getvalue()
        self.assertIn("employment_rate", text)
        self.assertIn("50.0%", text)
        self.assertIn("350 000 KZT", text)


class GraduatesSheetTests(AnalyticsTestCase):
    """The per-graduate sheet, read back: header, real dates and numbers, and no formula from typed-in text."""

    def test_values_types_and_formula_safety(self) -> None:
        add(self.b[2], self.cc, "employed_other", D(2025, 9, 15), salary=200_000, employer_name='=HYPERLINK("x")')
        book = workbook(self.get_as(self.cc, XLSX_URL + QUERY))
        self.assertEqual(book.sheetnames, ["KPIs", "Breakdown", "Graduates"])
        sheet = book.worksheets[2]
        rows = list(sheet.iter_rows())
        self.assertEqual(
            [cell.value for cell in rows[0]],
            ["IIN", "Full name", "Educational program", "Department", "Graduation date",
             "Status as of 01.03.2026", "Employer", "Since", "Salary, KZT"],
        )  # fmt: skip
        self.assertTrue(all(cell.font.b for cell in rows[0]))
        by_iin = {row[0].value: row for row in rows[1:]}
        kaspi = by_iin[self.a[0].iin]
        self.assertEqual(kaspi[4].value, dt.datetime(2025, 6, 30))  # a real Excel date
        self.assertTrue(kaspi[4].is_date)
        self.assertEqual(kaspi[7].value, dt.datetime(2025, 8, 1))
        self.assertEqual((kaspi[8].value, kaspi[8].data_type), (310_000, "n"))
        typed = by_iin[self.b[2].iin]
        self.assertEqual((typed[6].value, typed[6].data_type), ('=HYPERLINK("x")', "s"))  # text, not a formula
        self.assertEqual(len(rows) - 1, 10)
        self.assertEqual(sheet.column_dimensions["B"].width, 34)
