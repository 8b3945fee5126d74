"""The process 17 dashboard (#13): every figure pinned on the hand-built data of p17_data.py, the same numbers
on the page, in the XLSX, the PDF's HTML and the API; targets and RAG; the scope matrix; bounded queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from io import BytesIO
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from mansap.common import indicators
from mansap.common.indicators import WHOLE, Breakdown, Period
from mansap.common.testing import ScopedCRUDTests
from mansap.quality.models import KPIDefinition, KPITarget
from mansap.quality.reports import p17
from mansap.quality.reports.kpis import as_number
from mansap.quality.services.processes import load_process_map
from mansap.quality.tests import p17_data

Y2024 = Period.academic_year(2024)  # "2024-2025": the cohort 2024
AS_OF = dt.date(2025, 8, 31)
URL = "/quality/process-17/"


def measure(code: str, breakdown: Breakdown = WHOLE, institution: Any = None) -> indicators.Measurement:
    return indicators.get(code).measure(institution, Y2024, breakdown)


class P17Data(ScopedCRUDTests):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        p17_data.build(cls)


class IndicatorTests(P17Data):
    def test_employment_kpis_as_the_analytics_computes_them(self) -> None:
        m = measure("graduates.employed_by_specialty", institution=self.institution)
        self.assertEqual((m.value, m.numerator, m.denominator, m.as_of), (D("0.4286"), 3, 7, AS_OF))
        self.assertEqual(sorted(s.last_name for s in m.rows), ["Бекова", "Жанов", "Әлиев"])
        m = measure("graduates.average_salary", institution=self.institution)
        self.assertEqual((m.value, m.numerator, m.denominator), (287_500, 1_150_000, 4))
        m = measure("graduates.own_business_share", institution=self.institution)
        self.assertEqual(
            (m.value, m.numerator, m.denominator, [s.pk for s in m.rows]), (D("0.1429"), 1, 7, [self.g3.pk])
        )

    def test_breakdowns(self) -> None:
        fit = Breakdown(faculty=self.faculty.pk)
        i = self.institution
        self.assertEqual(measure("graduates.employed_by_specialty", fit, i).value, D("0.7500"))
        self.assertEqual(measure("graduates.average_salary", fit, i).value, 316_667)
        self.assertEqual(measure("graduates.own_business_share", fit, i).value, D("0.2500"))
        dept = Breakdown(department=self.dept_c.pk)
        m = measure("graduates.employed_by_specialty", dept, i)  # g5 other job, g6 seeking, g7 unknown
        self.assertEqual((m.value, m.numerator, m.denominator), (D("0.0000"), 0, 3))
        m = measure("graduates.successful", Breakdown(program=self.program_b.pk), i)
        self.assertEqual((m.value, m.numerator, m.denominator), (D("1.0000"), 2, 2))

    def test_the_as_of_date_follows_the_cohort(self) -> None:
        from mansap.graduates import indicators as gi

        self.assertEqual(gi.cohort_of(Y2024), 2024)
        self.assertEqual(gi.cohort_of(Period.calendar_year(2025)), 2024)
        self.assertEqual(gi.cohort_as_of(self.institution, Y2024), AS_OF)  # 20.12.2025 is after the year's end
        self.assertEqual(gi.cohort_as_of(self.institution, Period.academic_year(2023)), dt.date(2024, 6, 20))
        self.assertEqual(gi.cohort_as_of(self.institution, Y2024, today=dt.date(2025, 3, 1)), dt.date(2025, 3, 1))

    def test_successful_graduates(self) -> None:
        m = measure("graduates.successful", institution=self.institution)
        self.assertEqual((m.value, m.numerator, m.denominator), (D("0.5000"), 4, 8))
        self.assertEqual(sorted(s.pk for s in m.rows), sorted([self.g1.pk, self.g3.pk, self.g4.pk, self.g6.pk]))
        m = measure("graduates.successful", Breakdown(faculty=self.faculty.pk), self.institution)
        self.assertEqual((m.value, m.numerator, m.denominator), (D("0.6000"), 3, 5))
        # No criteria for the cohort 2023: no figure, never a zero.
        m = indicators.get("graduates.successful").measure(self.institution, Period.academic_year(2023))
        self.assertEqual((m.value, m.numerator, m.denominator), (None, None, 1))

    def test_partnerships_and_survey(self) -> None:
        i = self.institution
        self.assertEqual(measure("employers.partnership_agreements", institution=i).value, 2)
        self.assertEqual(measure("employers.partnership_agreements", Breakdown(faculty=self.faculty.pk), i).value, 1)
        self.assertEqual(measure("employers.joint_units", institution=i).value, 1)
        self.assertEqual(measure("employers.targeted_students", institution=i).value, 2)
        self.assertEqual(measure("employers.targeted_students", Breakdown(program=self.program_c.pk), i).value, 1)
        on_march = indicators.get("employers.partnership_agreements").measure_on(i, dt.date(2025, 3, 1))  # type: ignore[attr-defined]
        self.assertEqual(on_march.value, 3)  # SP-2 in force then
        m = measure("surveys.employer_training_quality", institution=i)
        self.assertEqual((m.value, m.numerator, m.denominator, m.rows), (D("3.90"), 5, 5, [self.campaign]))
        later = indicators.get("surveys.employer_training_quality").measure(i, Period.academic_year(2026))
        self.assertIsNone(later.value)  # closed more than a year before 31.08.2027


EXPECTED = {
    "17.1": (0.4286, 3, 7),
    "17.2": (287500, 1150000, 4),
    "17.3": (0.1429, 1, 7),
    "17.4": (0.5, 4, 8),
    "17.5": (2, 2, None),
    "17.6": (1, 1, None),
    "17.7": (2, 2, None),
    "17.8": (3.9, 5, 5),
}


class DashboardTests(P17Data):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        load_process_map(cls.institution, owner=cls.cc, acting_user=cls.cc)  # KPI-17.1…17.8, computed
        definitions = {d.code: d for d in KPIDefinition.objects.filter(institution=cls.institution, process__number=17)}
        # 17.1 = 0.4286: amber (0.40 <= value < 0.50); 17.5 = 2 agreements: green from 2.
        KPITarget.objects.create(definition=definitions["17.1"], period="2024-2025", target=D("0.6"),
                                 amber_threshold=D("0.5"), red_threshold=D("0.4"))  # fmt: skip
        KPITarget.objects.create(definition=definitions["17.5"], period="2024-2025", target=D("3"),
                                 amber_threshold=D("2"), red_threshold=D("1"))  # fmt: skip

    def test_page_xlsx_pdf_and_api_give_the_same_numbers(self) -> None:
        dashboard = p17.read(p17.scope_for(self.cc), Y2024)
        api = self.api_as(self.cc).get("/api/v1/process-17/", {"year": "2024-2025"})
        self.assertEqual(api.status_code, 200)
        kpis = {k["number"]: k for k in api.json()["kpis"]}
        for number, (value, numerator, denominator) in EXPECTED.items():
            self.assertEqual((kpis[number]["value"], kpis[number]["numerator"], kpis[number]["denominator"]),
                             (value, numerator, denominator), number)  # fmt: skip
            figure = dashboard.figure(number)
            self.assertEqual((as_number(figure.value), figure.numerator, figure.denominator),
                             (value, numerator, denominator), number)  # fmt: skip
        self.assertEqual((kpis["17.1"]["target"], kpis["17.1"]["status"]), (0.6, "amber"))
        self.assertEqual((kpis["17.5"]["target"], kpis["17.5"]["status"]), (3, "green"))
        self.assertEqual(kpis["17.2"]["status"], "none")
        self.assertEqual(api.json()["cohort"], 2024)
        by_dept = {row["code"]: (row["17.5"], row["17.6"], row["17.7"]) for row in api.json()["by_department"]}
        self.assertEqual(by_dept, {"IS": (1, 0, 1), "CS": (0, 1, 0), "EC": (0, 0, 1)})
        self.assertEqual({r["code"]: r["17.7"] for r in api.json()["by_program"]}, {"6B06101": 1, "6B04101": 1})

        page = self.get_as(self.cc, URL + "?year=2024-2025&lang=en")
        self.assertEqual(page.status_code, 200)
        shown = {c["figure"].number: c["text"] for c in page.context["cards"]}
        self.assertEqual(
            shown,
            {"17.1": "42.9%", "17.2": "287,500\xa0₸", "17.3": "14.3%", "17.4": "50.0%",
             "17.5": "2", "17.6": "1", "17.7": "2", "17.8": "3.90"},
        )  # fmt: skip
        self.assertContains(page, 'data-status="amber"')

        xlsx = self.get_as(self.cc, reverse("quality:p17_xlsx") + "?year=2024-2025&lang=en")
        rows = list(load_workbook(BytesIO(xlsx.content), read_only=True).worksheets[0].iter_rows(values_only=True))
        table = {r[0]: r[2:5] for r in rows if r and isinstance(r[0], str) and r[0].startswith("KPI-")}
        self.assertEqual(table["KPI-17.1"], (0.4286, 3, 7))
        self.assertEqual(table["KPI-17.2"], (287500, 1150000, 4))
        self.assertEqual(table["KPI-17.4"], (0.5, 4, 8))
        self.assertEqual(table["KPI-17.7"], (2, 2, None))
        self.assertEqual(table["KPI-17.8"], (3.9, 5, 5))

        from mansap.quality.reports import p17_exports

        html = p17_exports.html(dashboard, "ru")
        for text in ("42,9", "287\xa0500", "14,3", "50,0", "3,90"):
            self.assertIn(text, html)
        pdf = self.get_as(self.cc, reverse("quality:p17_pdf") + "?year=2024-2025&lang=kk")
        self.assertEqual((pdf.status_code, pdf["Content-Type"], pdf.content[:4]), (200, "application/pdf", b"%PDF"))

    def test_the_command_prints_the_same_numbers(self) -> None:
        import io
        import json

        from django.core.management import call_command

        out = io.StringIO()
        call_command("process_kpis", "--process", "17", "--year", "2024-2025", "--institution",
                     self.institution.code, "--json", stdout=out)  # fmt: skip
        printed = {row["code"]: row for row in json.loads(out.getvalue())}
        api = self.api_as(self.rector).get("/api/v1/process-17/", {"year": "2024-2025"}).json()
        for kpi in api["kpis"]:
            number = kpi["number"]
            self.assertEqual(
                {key: printed[number][key] for key in ("value", "numerator", "denominator", "target", "status")},
                {key: kpi[key] for key in ("value", "numerator", "denominator", "target", "status")},
                number,
            )
            self.assertEqual((kpi["value"], kpi["numerator"], kpi["denominator"]), EXPECTED[number], number)
        # A department: the command's --department and the dashboard narrowed to it.
        out = io.StringIO()
        call_command("process_kpis", "--process", "17", "--year", "2024-2025", "--institution",
                     self.institution.code, "--department", "IS", "--json", stdout=out)  # fmt: skip
        printed = {row["code"]: row for row in json.loads(out.getvalue())}
        api = self.api_as(self.cc).get("/api/v1/process-17/", {"year": "2024-2025", "department": self.dept_a.pk})
        shown = {k["number"]: k["value"] for k in api.json()["kpis"]}
        for number in ("17.1", "17.2", "17.3", "17.4", "17.5", "17.6", "17.7"):
            self.assertEqual(printed[number]["value"], shown[number], number)
        self.assertEqual((shown["17.1"], shown["17.5"], shown["17.7"]), (None, 1, 1))

    def test_partnerships_as_of_another_date(self) -> None:
        api = self.api_as(self.cc).get("/api/v1/process-17/", {"year": "2024-2025", "on": "2025-03-01"})
        kpis = {k["number"]: k["value"] for k in api.json()["kpis"]}
        self.assertEqual((kpis["17.5"], kpis["17.6"], kpis["17.7"], kpis["17.1"]), (3, 1, 3, 0.4286))

    def test_bad_input_is_a_message_not_a_500(self) -> None:
        page = self.get_as(self.cc, URL + "?year=2025&on=31.08.2025")
        self.assertEqual(page.status_code, 200)
        self.assertEqual(len(page.context["query"].errors), 2)
        api = self.api_as(self.cc).get("/api/v1/process-17/", {"year": "20x5", "on": "x"})
        self.assertEqual(api.status_code, 400)
        self.assertEqual(set(api.json()), {"year", "on"})
        self.assertEqual(self.get_as(self.cc, URL + "?faculty=99999999999999999999999").status_code, 200)

    def test_scope_matrix(self) -> None:
        """The Career Center and management read the institution, a dean their faculty, others 403."""
        year = "?year=2024-2025"
        for user in (self.cc, self.rector, self.registrar, self.admin):
            page = self.get_as(user, URL + year)
            self.assertEqual(page.status_code, 200, user)
            self.assertEqual(page.context["dashboard"].figure("17.1").value, D("0.4286"), user)
        page = self.get_as(self.dean, URL + year)
        self.assertEqual(page.status_code, 200)
        figures = {f.number: f for f in page.context["dashboard"].figures}
        # FIT: 17.4 = 3 of 5; 17.1 rests on 4 people in the labour force, 17.2 on 3 salaries: no figure (< 5).
        self.assertEqual((figures["17.4"].value, figures["17.4"].numerator, figures["17.5"].value), (D("0.6000"), 3, 1))
        self.assertEqual((figures["17.1"].value, figures["17.1"].suppressed, figures["17.2"].value), (None, True, None))
        self.assertTrue(figures["17.8"].whole_institution)
        self.assertEqual(figures["17.8"].value, D("3.90"))
        self.assertEqual([r.code for r in page.context["dashboard"].departments], ["CS", "IS"])
        self.assertEqual(self.get_as(self.dean, URL + year + f"&faculty={self.other_faculty.pk}").status_code, 404)
        self.assertEqual(self.get_as(self.dean, URL + year + f"&department={self.dept_c.pk}").status_code, 404)
        narrowed = self.get_as(self.dean, URL + year + f"&department={self.dept_a.pk}")
        self.assertEqual((narrowed.context["dashboard"].figure("17.5").value,
                          narrowed.context["dashboard"].figure("17.7").value), (1, 1))  # fmt: skip
        for user in (self.aigerim, self.bolat, self.student_user):
            self.assertEqual(self.get_as(user, URL + year).status_code, 403, user)
            self.assertEqual(self.get_as(user, reverse("quality:p17_xlsx")).status_code, 403, user)
            self.assertEqual(self.get_as(user, reverse("quality:p17_rows", args=["17.1"])).status_code, 403, user)
            self.assertEqual(self.api_as(user).get("/api/v1/process-17/").status_code, 403, user)
        self.assertEqual(self.get_as(None, URL).status_code, 302)
        dean_api = self.api_as(self.dean).get("/api/v1/process-17/", {"year": "2024-2025"})
        self.assertEqual({k["number"]: k["value"] for k in dean_api.json()["kpis"]}["17.7"], 1)

    def test_drill_lists(self) -> None:
        page = self.get_as(self.dean, reverse("quality:p17_rows", args=["17.4"]) + "?year=2024-2025")
        self.assertEqual(page.status_code, 200)
        names = [row[0][0] for row in page.context["cells"]]
        self.assertEqual(sorted(names), sorted([self.g1.full_name, self.g3.full_name, self.g4.full_name]))
        page = self.get_as(self.cc, reverse("quality:p17_rows", args=["17.5"]) + "?year=2024-2025")
        self.assertEqual([row[1][0] for row in page.context["cells"]], ["SP-1", "SP-3"])
        self.assertEqual(self.get_as(self.cc, reverse("quality:p17_rows", args=["17.9"])).status_code, 404)

    def test_queries_are_bounded(self) -> None:
        self.client.force_login(self.cc)
        self.client.get(URL + "?year=2024-2025")  # warm the session and the caches
        with CaptureQueriesContext(connection) as few:
            self.client.get(URL + "?year=2024-2025")
        for i in range(20):
            p17_data.make_student(self.program_a, graduation_date=dt.date(2024, 6, 25), last_name=f"Қосымша{i}")
        with CaptureQueriesContext(connection) as many:
            self.client.get(URL + "?year=2024-2025")
        self.assertEqual(len(few), len(many))
        self.assertLessEqual(len(many), 40)
        with CaptureQueriesContext(connection) as rows:
            self.client.get(reverse("quality:p17_rows", args=["17.1"]) + "?year=2024-2025")
        self.assertLessEqual(len(rows), 30)


class VerifiedBesideKpi171Tests(P17Data):
    """#20: beside KPI-17.1, the verified employment rate and the covered share of the same cohort as of the same
    date (graduates.verified_employment_rate / graduates.covered_share), on the page, XLSX, PDF and API.

    A contribution extract requested for the cohort 2024, contributions for August 2025 (the as-of month, 31.08.2025)
    of g1 (employed by specialty: confirmed), g5 (employed: confirmed), g7 (unknown: official only) and g6 (seeking:
    contradicted); g9 refused the official check (not covered). g2, g3 employed without a trace: contradicted; g4
    continuing education: consistent. Verified = g1, g5, g7 = 3 over cohort 8 − out of the labour force 1 (g4) = 7
    → 0.4286; covered 7 of 8 → 0.8750."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        from mansap.graduates.models import OfficialCheckConsent
        from mansap.graduates.tests.factories import add_contributions, make_extract

        extract = make_extract(cls.institution, "contributions", cohorts=(2024,))
        for graduate in (cls.g1, cls.g5, cls.g7, cls.g6):
            add_contributions(extract, graduate, dt.date(2025, 8, 1))
        OfficialCheckConsent.objects.create(graduate=cls.g9, status="refused")

    def test_the_reader_measures_them_beside_17_1(self) -> None:
        dashboard = p17.read(p17.scope_for(self.cc), Y2024)
        beside = [(b.code, b.value, b.numerator, b.denominator, b.as_of) for b in dashboard.figure("17.1").beside]
        self.assertEqual(
            beside,
            [
                ("graduates.verified_employment_rate", D("0.4286"), 3, 7, AS_OF),
                ("graduates.covered_share", D("0.8750"), 7, 8, AS_OF),
            ],
        )
        self.assertEqual([b.status for b in dashboard.figure("17.1").beside], ["none", "none"])
        self.assertEqual(dashboard.figure("17.2").beside, [])

    def test_page_xlsx_pdf_and_api(self) -> None:
        api = self.api_as(self.cc).get("/api/v1/process-17/", {"year": "2024-2025"})
        kpi = next(k for k in api.json()["kpis"] if k["number"] == "17.1")
        self.assertEqual(
            [(b["code"], b["value"], b["numerator"], b["denominator"], b["as_of"]) for b in kpi["beside"]],
            [
                ("graduates.verified_employment_rate", 0.4286, 3, 7, "2025-08-31"),
                ("graduates.covered_share", 0.875, 7, 8, "2025-08-31"),
            ],
        )
        page = self.get_as(self.cc, URL + "?year=2024-2025&lang=en")
        self.assertContains(page, 'data-beside="graduates.verified_employment_rate"')
        card = next(c for c in page.context["cards"] if c["figure"].number == "17.1")
        self.assertEqual([(b["text"], b["basis"]) for b in card["beside"]], [("42.9%", "3 of 7"), ("87.5%", "7 of 8")])
        xlsx = self.get_as(self.cc, reverse("quality:p17_xlsx") + "?year=2024-2025&lang=en")
        rows = list(load_workbook(BytesIO(xlsx.content), read_only=True).worksheets[0].iter_rows(values_only=True))
        at = next(i for i, r in enumerate(rows) if r and r[0] == "KPI-17.1")
        self.assertEqual(
            [r[1:5] for r in rows[at + 1 : at + 3]],
            [
                ("Verified employment rate", 0.4286, 3, 7),
                ("Share of the cohort covered by official extracts", 0.875, 7, 8),
            ],
        )
        self.assertEqual(rows[at + 3][0], "KPI-17.2")
        from mansap.quality.reports import p17_exports

        html = p17_exports.html(p17.read(p17.scope_for(self.cc), Y2024), "ru")
        self.assertIn("87,5", html)
