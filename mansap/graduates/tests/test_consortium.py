"""The consortium page (#18): aggregates side by side per institution, small figures suppressed, and a
consortium-only login that reaches nothing else."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation
from openpyxl import load_workbook

from mansap.common.testing import ScopedMatrixTestCase, make_user
from mansap.core.models import Consortium
from mansap.employers.tests.factories import make_agreement, make_org
from mansap.graduates.models import EmploymentRecord
from mansap.graduates.reports import consortium as report
from mansap.graduates.tests.factories import make_graduate

AS_OF = dt.date(2026, 6, 1)
QUERY = {"cohort": 2025, "as_of": "2026-06-01"}


def employ(graduate, status: str = "employed_specialty", salary: int | None = 300_000) -> None:
    EmploymentRecord.objects.create(
        graduate=graduate, status=status, started_on=dt.date(2025, 9, 1), channel="telephone", salary=salary
    )


class ConsortiumTests(ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        # KazUTB: 10 graduates of 2025, 5 employed by specialty (300,000 each), 5 with no record.
        for n in range(10):
            graduate = make_graduate(cls.program_a)
            if n < 5:
                employ(graduate)
        # OtherU: 3 graduates, all employed: every figure rests on fewer than 5 people.
        for _n in range(3):
            employ(make_graduate(cls.other_program))
        org = make_org(cls.institution)
        for _n in range(2):
            make_agreement(org, valid_from=dt.date(2025, 1, 1))
        cls.consortium = Consortium.objects.create(name_kk="Министрлік", name_ru="Министерство", name_en="Ministry")
        cls.consortium.institutions.set([cls.institution, cls.other_institution])
        cls.ministry = make_user("ministry")
        cls.consortium.members.add(cls.ministry)

    def table(self) -> dict[str, list[str]]:
        with translation.override("en"):
            built = report.build([self.institution, self.other_institution], 2025, AS_OF, "en")
        return {row.figure.key: [cell.text for cell in row.cells] for row in built.rows}

    def test_figures_side_by_side_with_small_ones_suppressed(self) -> None:
        self.assertEqual(
            self.table(),
            {
                "cohort": ["10", "< 5", "< 5"],  # the total would give OtherU's 3 back: suppressed too
                "knowledge_rate": ["50.0%", "< 5", "< 5"],
                "employment_rate": ["50.0%", "< 5", "< 5"],
                "employment_by_specialty_rate": ["50.0%", "< 5", "< 5"],
                "own_business_share": ["0.0%", "< 5", "< 5"],
                "career_outcomes_rate": ["100.0%", "< 5", "< 5"],
                "average_salary": ["300,000\xa0₸", "< 5", "< 5"],
                "agreements": ["2", "0", "2"],  # agreements are not people
                "joint_units": ["0", "0", "0"],
                "targeted_students": ["0", "0", "0"],
            },
        )

    def test_a_share_whose_complement_is_small_is_suppressed(self) -> None:
        for _n in range(2):  # OtherU: 5 graduates of 7 employed, 2 unknown
            make_graduate(self.other_program)
        for _n in range(2):
            employ(make_graduate(self.other_program))
        table = self.table()
        self.assertEqual(table["cohort"], ["10", "7", "17"])
        # 5 of 7 known and employed: the other 2 would show through; and then so would the total.
        self.assertEqual(table["knowledge_rate"], ["50.0%", "< 5", "< 5"])
        self.assertEqual(table["employment_rate"], ["50.0%", "< 5", "< 5"])
        self.assertEqual(table["employment_by_specialty_rate"], ["50.0%", "< 5", "< 5"])
        self.assertEqual(table["average_salary"], ["300,000\xa0₸", "300,000\xa0₸", "300,000\xa0₸"])

    def test_the_member_sees_both_institutions_and_no_person(self) -> None:
        self.client.force_login(self.ministry)
        response = self.client.get(reverse("graduates:consortium"), QUERY, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        page = response.content.decode()
        self.assertIn('data-column="KAZUTB"', page)
        self.assertIn('data-column="OTHERU"', page)
        self.assertIn("Ministry", page)
        self.assertIn("fewer than 5 people", page)  # the legend
        self.assertNotIn("Студент", page)

    def test_the_page_speaks_kazakh_and_russian(self) -> None:
        self.client.force_login(self.ministry)
        for language, text in (("kk", "Министрлік"), ("ru", "Министерство")):
            with self.subTest(language):
                self.client.cookies["django_language"] = language
                response = self.client.get(reverse("graduates:consortium"), QUERY)
                self.assertContains(response, text)

    def test_xlsx_export_is_the_same_table(self) -> None:
        self.client.force_login(self.ministry)
        with translation.override("en"):
            response = self.client.get(reverse("graduates:consortium_export"), QUERY, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(response.status_code, 200)
        sheet = load_workbook(BytesIO(response.content)).active
        rows = {row[0]: row[1:4] for row in sheet.iter_rows(values_only=True) if row and row[0]}
        self.assertEqual(rows["Figure"], ("KazUTB", "OtherU", "All institutions"))
        self.assertEqual(rows["Graduates in the cohort"], (10, "< 5", "< 5"))
        self.assertEqual(rows["Employment rate"], (0.5, "< 5", "< 5"))
        self.assertEqual(rows["Average salary"], (300000, "< 5", "< 5"))

    def test_anyone_else_gets_404_and_another_consortium_is_404(self) -> None:
        url = reverse("graduates:consortium")
        for persona in (self.cc, self.rector, self.other_cc, self.student_user):
            with self.subTest(persona.username):
                self.client.force_login(persona)
                self.assertEqual(self.client.get(url).status_code, 404)
                self.assertEqual(self.client.get(reverse("graduates:consortium_export")).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)  # to the login page
        other = Consortium.objects.create(name_kk="Басқа", name_ru="Другой", name_en="Other")
        other.institutions.set([self.other_institution])
        self.client.force_login(self.ministry)
        self.assertEqual(self.client.get(url, {"consortium": other.pk}).status_code, 404)
        self.client.force_login(self.admin)  # a superuser opens any consortium
        self.assertEqual(self.client.get(url, {"consortium": other.pk}).status_code, 200)

    def test_a_consortium_only_login_reaches_no_other_page_or_api(self) -> None:
        self.client.force_login(self.ministry)
        self.assertRedirects(
            self.client.get(reverse("home")), reverse("graduates:consortium"), fetch_redirect_response=False
        )
        allowed = {"", "employment/consortium/", "employment/consortium/export.xlsx", "vacancies/"}
        walked = 0
        for path in plain_paths():
            if path in allowed or path.startswith(
                ("accounts/logout", "accounts/password/", "i18n/", "accounts/session")
            ):
                continue
            with self.subTest(path):
                status = self.client.get("/" + path).status_code
                self.assertIn(status, (403, 404), path)
                walked += 1
        self.assertGreater(walked, 100)
        self.assertEqual(self.client.get("/api/v1/students/").status_code, 404)
        self.assertEqual(self.client.get(reverse("graduates:consortium")).status_code, 200)

    def test_a_staff_member_of_a_consortium_keeps_their_pages(self) -> None:
        self.consortium.members.add(self.cc)
        self.client.force_login(self.cc)
        self.assertEqual(self.client.get(reverse("graduates:journal")).status_code, 200)
        self.assertEqual(self.client.get(reverse("graduates:consortium"), QUERY).status_code, 200)


def plain_paths(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every URL of the project with no argument to fill in (the fuzz walk fills in the rest)."""
    found: list[str] = []
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if "<" in route or "(" in route or "^" in route or "\\" in route:
            continue
        if isinstance(entry, URLResolver):
            found += plain_paths(entry, route)
        elif isinstance(entry, URLPattern):
            found.append(route.rstrip("$"))
    return found


def test_no_share_of_a_hidden_cohort_is_shown() -> None:
    """8 of 15 known (53.3 %) in a total whose cohort is hidden, beside an institution's 12, would say 3."""
    figures = {f.key: f for f in report.FIGURES}
    shown, hidden = report.Cell(12, "12"), report.Cell(None, report.SUPPRESSED, suppressed=True)
    rows = [
        report.Row(figures["cohort"], [shown, hidden, hidden]),
        report.Row(figures["knowledge_rate"], [hidden, hidden, report.Cell(0.5333, "53.3%")]),
        report.Row(figures["average_salary"], [report.Cell(300000, "300,000"), report.Cell(None, "—"), hidden]),
        report.Row(figures["agreements"], [report.Cell(2, "2"), report.Cell(0, "0"), report.Cell(2, "2")]),
    ]
    report.hide_figures_of_hidden_cohorts(rows)
    assert [[cell.text for cell in row.cells] for row in rows] == [
        ["12", "< 5", "< 5"],
        ["< 5", "< 5", "< 5"],
        ["300,000", "< 5", "< 5"],
        ["2", "0", "2"],  # not people
    ]
