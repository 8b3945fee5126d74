"""KPI pages (#13; their scope matrix is in test_scope_matrix.py): the register and its export, the process
page's KPIs, the KPI page (trend, drill-down, provider missing, small numbers), the lifecycle forms with their
errors, the evidence file."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from mansap.common.testing import ScopedMatrixTestCase, make_student
from mansap.quality.choices import KPIStatus
from mansap.quality.models import KPIDefinition, KPITarget, KPIValue
from mansap.quality.tests.factories import make_process
from mansap.quality.tests.kpi_fixtures import make_kpi, make_target, make_value

Y = "2025-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class KPIPageTests(ScopedMatrixTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.process = make_process(cls.institution, 9, owner_user=cls.registrar)
        cls.entered = make_kpi(cls.process, "9.1", unit="count", higher_is_better=True)
        cls.computed = make_kpi(cls.process, "9.2", source="computed", indicator="tests.graduated_share")
        cls.missing = make_kpi(cls.process, "9.3", source="computed", indicator="graduates.not_there_yet")
        cls.declared = make_kpi(cls.process, "9.4", agreed=False)
        for graduated in (True, True, True, True, False):
            make_student(cls.program_a, admission_year=2025, graduation_date=dt.date(2026, 6, 1) if graduated else None)
        make_student(cls.program_b, admission_year=2025, graduation_date=dt.date(2026, 6, 1))

    def url(self, name: str, kpi: KPIDefinition) -> str:
        return reverse(name, args=[kpi.pk])

    def test_the_owner_sets_a_target_enters_a_value_and_sees_the_colour(self) -> None:
        response = self.post_as(self.registrar, self.url("quality:kpi_target", self.entered), {
            "period": Y, "target": "10", "amber_threshold": "8", "red_threshold": "5",
        })  # fmt: skip
        self.assertRedirects(response, f"{self.entered.get_absolute_url()}?period={Y}", fetch_redirect_response=False)
        self.client.force_login(self.registrar)
        response = self.client.post(self.url("quality:kpi_value", self.entered), {
            "period": Y, "value": "7", "evidence": SimpleUploadedFile("report.pdf", PDF, "application/pdf"),
            "note": "from the annual report",
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        value = KPIValue.objects.get(definition=self.entered)
        self.assertEqual((value.value, value.entered_by, value.period), (D("7"), self.registrar, Y))
        page = self.get_as(self.rector, f"{self.entered.get_absolute_url()}?period={Y}")
        self.assertContains(page, 'id="kpi-rag"><span class="badge text-bg-warning rag rag-amber">')
        evidence = self.get_as(self.aigerim, reverse("quality:kpi_value_evidence", args=[value.pk]))
        self.assertEqual(evidence.status_code, 200)
        self.entered.refresh_from_db()
        self.assertEqual(self.entered.status, KPIStatus.MEASURED)

    def test_shares_are_typed_as_percentages(self) -> None:
        self.post_as(self.cc, self.url("quality:kpi_target", self.computed), {
            "period": Y, "target": "80", "amber_threshold": "75", "red_threshold": "60",
        })  # fmt: skip
        target = KPITarget.objects.get(definition=self.computed)
        self.assertEqual((target.target, target.amber_threshold, target.red_threshold), (D("0.8"), D("0.75"), D("0.6")))
        page = self.get_as(self.rector, f"{self.computed.get_absolute_url()}?period={Y}")
        self.assertContains(page, "83.3%")  # 5 of 6 graduated
        self.assertContains(page, "rag-green")

    def test_form_errors_are_named_and_nothing_changes(self) -> None:
        response = self.post_as(self.registrar, self.url("quality:kpi_target", self.entered), {
            "period": "2025", "target": "10", "amber_threshold": "12", "red_threshold": "5",
        })  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Write the period as 2025-2026.", status_code=400)
        response = self.post_as(self.registrar, self.url("quality:kpi_target", self.entered), {
            "period": Y, "target": "10", "amber_threshold": "12", "red_threshold": "5",
        })  # fmt: skip
        self.assertContains(response, "red threshold ≤ amber threshold ≤ target", status_code=400)
        response = self.post_as(
            self.registrar, self.url("quality:kpi_value", self.entered), {"period": Y, "value": "7"}
        )
        self.assertContains(response, "Attach the evidence: a file or a link.", status_code=400)
        response = self.post_as(self.registrar, self.url("quality:kpi_value", self.entered), {
            "period": Y, "value": "7", "evidence": SimpleUploadedFile("x.pdf", b"<html>", "application/pdf"),
        })  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertFalse(KPITarget.objects.exists() or KPIValue.objects.exists())

    def test_who_may_use_the_forms(self) -> None:
        for user, status in [(self.cc, 200), (self.registrar, 200), (self.rector, 403), (self.aigerim, 403)]:
            with self.subTest(user=user.username):
                self.assert_status(user, self.url("quality:kpi_target", self.entered), status)
        self.assert_status(self.registrar, self.url("quality:kpi_agree", self.declared), 403)
        self.assert_status(self.cc, self.url("quality:kpi_agree", self.declared), 200)
        self.assert_status(self.student_user, self.url("quality:kpi_target", self.entered), 403)
        other = make_kpi(make_process(self.other_institution, 9), "9.1")
        self.assert_status(self.cc, self.url("quality:kpi_target", other), 404)
        self.assert_status(self.cc, self.url("quality:kpidefinition_detail", other), 404)

    def test_agree_the_formula_through_the_page(self) -> None:
        response = self.post_as(self.cc, self.url("quality:kpi_agree", self.declared), {
            "formula_en": "", "unit": "", "higher_is_better": "", "period_kind": "",
        })  # fmt: skip
        self.assertContains(response, "Choose whether a higher value is better.", status_code=400)
        response = self.post_as(self.cc, self.url("quality:kpi_agree", self.declared), {
            "formula_ru": "a / b", "unit": "share", "higher_is_better": "false", "period_kind": "calendar_year",
        })  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.declared.refresh_from_db()
        self.assertEqual((self.declared.status, self.declared.higher_is_better), (KPIStatus.FORMULA_AGREED, False))

    def test_provider_missing_is_a_state_not_an_error(self) -> None:
        page = self.get_as(self.rector, self.missing.get_absolute_url())
        self.assertContains(page, 'id="provider-missing"')
        self.assertContains(page, "graduates.not_there_yet")
        process_page = self.get_as(self.rector, self.process.get_absolute_url())
        self.assertContains(process_page, "provider missing")
        register = self.get_as(self.rector, reverse("quality:kpidefinition_list"))
        self.assertContains(register, "provider missing")
        self.assertEqual(
            self.post_as(self.cc, self.url("quality:kpi_measure", self.missing), {"period": Y}).status_code, 400
        )

    def test_the_process_page_lists_its_kpis_with_value_target_and_colour(self) -> None:
        make_target(self.entered, "2026-2027", "10", "8", "5")
        make_value(self.entered, "2026-2027", "4")
        make_target(self.entered, Y, "10", "8", "5")
        make_value(self.entered, Y, "9")
        page = self.get_as(self.rector, self.process.get_absolute_url())
        self.assertContains(page, 'data-kpi="9.1"')
        # the current period (today's academic year) decides which value is shown
        self.assertContains(page, "rag-")

    def test_drill_down_and_small_numbers(self) -> None:
        url = f"{self.computed.get_absolute_url()}?period={Y}"
        page = self.get_as(self.cc, url)
        self.assertContains(page, 'id="kpi-drill"')
        self.assertContains(page, f"faculty={self.faculty.pk}")
        dept_b = self.get_as(self.cc, f"{url}&department={self.dept_b.pk}")
        self.assertContains(dept_b, "No figure: it would rest on fewer than 5 people")
        program_a = self.get_as(self.cc, f"{url}&program={self.program_a.pk}")
        self.assertContains(program_a, 'id="kpi-records"')
        self.assertEqual(program_a.content.decode().count('<li><a href="/'), 4)
        # department A's staff cannot open department B's breakdown
        self.assert_status(self.aigerim, f"{url}&department={self.dept_b.pk}", 404)
        self.assert_status(self.aigerim, f"{url}&program={self.program_b.pk}", 404)
        self.assert_status(self.aigerim, f"{url}&department=abc", 200)  # a bad id is ignored

    def test_register_filters_and_export(self) -> None:
        page = self.get_as(self.rector, reverse("quality:kpidefinition_list") + "?source=computed")
        self.assertContains(page, "9.2")
        self.assertNotContains(page, ">9.1<")
        response = self.get_as(self.rector, reverse("quality:kpidefinition_list") + "?export=xlsx&status=declared",
                               HTTP_ACCEPT_LANGUAGE="ru")  # fmt: skip
        sheet = load_workbook(BytesIO(response.content)).active
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(len(rows), 2)
        self.assertEqual(rows[1][0], "9.4")
