"""Verified employment (#20): the reconciliation pages, the departments' tasks (their scope) and the report."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests
from mansap.graduates.choices import Channel, EmploymentStatus, TaskStatus
from mansap.graduates.models import DiscrepancyTask, EmploymentRecord, Reconciliation
from mansap.graduates.services import reconcile as services
from mansap.graduates.services.records import record_employment
from mansap.graduates.tests.factories import add_contributions, make_extract, make_graduate

S = EmploymentStatus
AS_OF = dt.date(2026, 3, 15)


class PageCase(ScopedCRUDTests):
    def setUp(self) -> None:
        self.contracts = make_extract(self.institution, "contracts", cohorts=(2025,))
        self.contributions = make_extract(self.institution, "contributions", cohorts=(2025,))

    def graduates(self, count: int, program=None) -> None:
        """`count` graduates: each even one employed without a trace, each odd one unknown with contributions."""
        for index in range(count):
            graduate = make_graduate(program or self.program_a)
            if index % 2:
                add_contributions(self.contributions, graduate, dt.date(2026, 3, 1))
            else:
                record_employment(
                    graduate, acting_user=None, status=S.EMPLOYED_OTHER, started_on=dt.date(2025, 8, 1),
                    channel=Channel.TELEPHONE,
                )  # fmt: skip

    def reconcile(self) -> Reconciliation:
        return services.reconcile(self.institution, 2025, AS_OF, acting_user=self.cc)


class ReconciliationPageTests(PageCase):
    def test_the_career_center_reconciles_from_the_page(self) -> None:
        self.graduates(2)
        url = reverse("graduates:reconciliation_list")
        self.assert_status(self.cc, url, 200)
        response = self.post_as(
            self.cc, url, {"cohort": "2025", "as_of": "2026-03-15", "window_required": "5", "window_months": "6"}
        )
        saved = Reconciliation.objects.get()
        self.assertRedirects(response, saved.get_absolute_url())
        page = self.assert_page_shows(self.cc, saved.get_absolute_url(), 'data-state="contradicted">1<')
        self.assertContains(page, 'data-rate="verified_employment_rate"')
        self.assertEqual(saved.tasks.count(), 2)

    def test_bad_window_is_a_form_error(self) -> None:
        self.graduates(1)
        url = reverse("graduates:reconciliation_list")
        response = self.post_as(
            self.cc, url, {"cohort": "2025", "as_of": "2026-03-15", "window_required": "7", "window_months": "6"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Reconciliation.objects.exists())

    def test_departments_and_readers(self) -> None:
        saved = self.reconcile()
        self.assert_status(self.aigerim, reverse("graduates:reconciliation_list"), 404)
        self.assert_status(self.aigerim, saved.get_absolute_url(), 404)
        self.assert_status(self.rector, saved.get_absolute_url(), 200)
        self.assert_status(self.rector, reverse("graduates:reconciliation_freeze", args=[saved.pk]), 403, "post")
        self.assert_status(self.aigerim, reverse("graduates:reconciliation_report", args=[saved.pk]), 404)

    def test_state_filter_and_freeze(self) -> None:
        self.graduates(4)
        saved = self.reconcile()
        response = self.get_as(self.cc, saved.get_absolute_url() + "?state=official_only")
        self.assertEqual([row.state for row, _ in response.context["rows"]], ["official_only", "official_only"])
        self.post_as(self.cc, reverse("graduates:reconciliation_freeze", args=[saved.pk]))
        saved.refresh_from_db()
        self.assertTrue(saved.is_frozen)
        page = self.get_as(self.cc, saved.get_absolute_url())
        self.assertNotContains(page, 'id="freeze"')
        self.post_as(self.cc, reverse("graduates:reconciliation_recompute", args=[saved.pk]))
        self.assertEqual(Reconciliation.objects.get(pk=saved.pk).updated_at, saved.updated_at)

    def test_detail_queries_at_2_and_20_rows(self) -> None:
        def queries() -> int:
            saved = self.reconcile()
            self.client.force_login(self.cc)
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(saved.get_absolute_url()).status_code, 200)
            return len(captured)

        self.graduates(2)
        at_two = queries()
        self.graduates(18)
        self.assertEqual(queries(), at_two)

    def test_discrepancy_report_xlsx(self) -> None:
        self.graduates(2)
        self.graduates(1, program=self.program_b)
        saved = self.reconcile()
        url = reverse("graduates:reconciliation_report", args=[saved.pk])
        response = self.get_as(self.cc, url, HTTP_ACCEPT_LANGUAGE="ru")
        rows = self.xlsx_rows(response)
        self.assertEqual(rows[0][0], "Кафедра")
        self.assertEqual([row[1:] for row in rows[1:]], [[0, 1, 0, 0, 0, 1, 1], [0, 1, 1, 0, 0, 2, 2]])


class TaskPageTests(PageCase):
    def setUp(self) -> None:
        super().setUp()
        self.graduates(2)
        self.graduates(1, program=self.program_b)
        self.saved = self.reconcile()
        self.own = self.saved.tasks.filter(graduate__program=self.program_a).order_by("pk")
        self.other = self.saved.tasks.get(graduate__program=self.program_b)

    def test_a_department_sees_its_own_tasks_only(self) -> None:
        response = self.get_as(self.aigerim, reverse("graduates:discrepancy_tasks"))
        self.assertEqual({task.pk for task, _ in response.context["rows"]}, {t.pk for t in self.own})
        self.assertNotContains(response, f'data-task="{self.other.pk}"')

    def test_another_departments_task_is_404(self) -> None:
        url = reverse("graduates:discrepancy_accept", args=[self.other.pk])
        self.assert_status(self.aigerim, url, 404, "post")
        self.assert_status(self.aigerim, reverse("graduates:discrepancy_keep", args=[self.other.pk]), 404, "post")
        self.assertEqual(DiscrepancyTask.objects.get(pk=self.other.pk).status, TaskStatus.OPEN)

    def test_read_only_staff_cannot_decide(self) -> None:
        task = self.own.first()
        self.assert_status(self.bolat, reverse("graduates:discrepancy_accept", args=[task.pk]), 403, "post")

    def test_accept_and_keep_from_the_page(self) -> None:
        employed, unknown = list(self.own)
        self.post_as(self.aigerim, reverse("graduates:discrepancy_accept", args=[unknown.pk]), {
            f"t{unknown.pk}-status": S.EMPLOYED_SPECIALTY,
        })  # fmt: skip
        made = EmploymentRecord.objects.get(graduate=unknown.graduate)
        self.assertEqual((made.status, made.channel), (S.EMPLOYED_SPECIALTY, "official_extract"))
        self.post_as(self.aigerim, reverse("graduates:discrepancy_keep", args=[employed.pk]), {"reason": ""})
        self.assertEqual(DiscrepancyTask.objects.get(pk=employed.pk).status, TaskStatus.OPEN)
        self.post_as(self.aigerim, reverse("graduates:discrepancy_keep", args=[employed.pk]), {"reason": "abroad"})
        self.assertEqual(DiscrepancyTask.objects.get(pk=employed.pk).status, TaskStatus.KEPT)

    def test_task_list_queries_at_2_and_20_rows(self) -> None:
        def queries() -> int:
            self.client.force_login(self.cc)
            with CaptureQueriesContext(connection) as captured:
                self.assertEqual(self.client.get(reverse("graduates:discrepancy_tasks")).status_code, 200)
            return len(captured)

        at_three = queries()
        self.graduates(18)
        services.recompute(self.saved, acting_user=self.cc)
        self.assertEqual(queries(), at_three)


class DiscrepancyPdfTests(PageCase):
    """The discrepancy report as PDF (#20): the XLSX's reader, laid out by WeasyPrint, in kk, ru and en."""

    def test_the_same_reader_in_three_languages(self) -> None:
        from mansap.graduates.reports import verification as report

        self.graduates(2)
        self.graduates(1, program=self.program_b)
        saved = self.reconcile()
        read = report.discrepancy_report(saved, saved.rows.all())
        self.assertEqual([row[1:] for row in read.summary], [[0, 1, 0, 0, 0, 1, 1], [0, 1, 1, 0, 0, 2, 2]])
        self.assertEqual(len(read.listing), 3)
        url = reverse("graduates:reconciliation_report_pdf", args=[saved.pk])
        words = {"kk": "Кафедралар бойынша", "ru": "По кафедрам", "en": "By department"}
        for language, heading in words.items():
            response = self.get_as(self.cc, f"{url}?lang={language}")
            self.assertEqual((response.status_code, response.content[:4]), (200, b"%PDF"), language)
            self.assertEqual(response["Content-Type"], "application/pdf")
            from django.utils import translation

            with translation.override(language):
                html = report.discrepancy_html(report.discrepancy_report(saved, saved.rows.all(), language), language)
            self.assertIn(heading, html, language)
            self.assertIn(self.dept_b.code, html)
        self.assert_status(self.aigerim, url, 404)
