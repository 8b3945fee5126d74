"""Bounded queries: the register, its export and the quality API lists cost the same with 2 or 20 rows."""

from __future__ import annotations

import datetime as dt
import itertools

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.core.tests.test_query_counts import QueryCountTestCase
from mansap.quality.models import Process
from mansap.quality.tests.factories import assess, make_action, make_process, make_risk
from mansap.quality.tests.kpi_fixtures import make_kpi, make_target, make_value

_numbers = itertools.count(1)


class QualityQueryCountTests(QueryCountTestCase):
    def add_risks(self, n: int) -> None:
        for _ in range(n):
            process = make_process(self.institution, next(_numbers))
            risk = make_risk(process, self.cc)
            assess(risk, dt.date(2025, 1, 10), 3, 4)
            make_action(risk, dt.date(2025, 3, 1))

    def test_risk_register(self) -> None:
        # session, user, memberships, COUNT, the user's institution, process 3's KPIs (risk ids, the scores at both
        # dates, processes covered and all, 3 action counts), the filter's process and owner choices, the page of
        # rows (their zones annotated, process and owner joined)
        self.check_bounded(self.rector, reverse("quality:risk_list"), self.add_risks, pinned=16)

    def test_risk_register_export(self) -> None:
        url = reverse("quality:risk_list") + "?export=xlsx"
        self.check_bounded(self.rector, url, self.add_risks, pinned=5)

    def test_api_lists(self) -> None:
        for name in ("risk-list", "riskassessment-list", "riskaction-list", "process-list"):
            with self.subTest(name):
                self.check_bounded(self.cc, reverse(name), self.add_risks, pinned=4, api=True)

    def test_the_map_and_the_heat_map(self) -> None:
        self.client.force_login(self.rector)
        for url in (reverse("quality:process_list"), reverse("quality:heat_map")):
            self.add_risks(2)
            self.client.get(url)
            with CaptureQueriesContext(connection) as few:
                self.client.get(url)
            self.add_risks(18)
            with CaptureQueriesContext(connection) as many:
                self.assertEqual(self.client.get(url).status_code, 200)
            self.assertEqual(len(few), len(many), url)


class KPIQueryCountTests(QueryCountTestCase):
    """The KPI register, its export, the API lists and the process page's KPIs at 2 and 20 KPIs."""

    def add_kpis(self, n: int) -> None:
        process = Process.objects.filter(institution=self.institution, number=9).first() or make_process(
            self.institution, 9
        )
        for _ in range(n):
            kpi = make_kpi(process, f"9.{next(_numbers)}", unit="count")
            make_target(kpi, "2024-2025", "10", "8", "5")
            make_value(kpi, "2024-2025", "9", entered_by=self.cc)

    def test_register(self) -> None:
        # session, user, memberships, COUNT, the filter's process choices, the page of rows (process joined)
        self.check_bounded(self.rector, reverse("quality:kpidefinition_list"), self.add_kpis, pinned=6)

    def test_register_export(self) -> None:
        # session, user, memberships, the filter's process choices, the rows (process joined)
        url = reverse("quality:kpidefinition_list") + "?export=xlsx"
        self.check_bounded(self.rector, url, self.add_kpis, pinned=5)

    def test_api_lists(self) -> None:
        for name in ("kpidefinition-list", "kpitarget-list", "kpivalue-list"):
            with self.subTest(name):
                self.check_bounded(self.cc, reverse(name), self.add_kpis, pinned=4, api=True)

    def test_the_process_page(self) -> None:
        self.client.force_login(self.rector)
        self.add_kpis(2)
        url = Process.objects.get(number=9).get_absolute_url()
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        self.add_kpis(18)
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(self.client.get(url).status_code, 200)
        self.assertEqual(len(few), len(many))
