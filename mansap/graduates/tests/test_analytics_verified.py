"""The analytics page's verified cards (#20's verified employment rate and covered share), loaded after the page
(graduates:analytics_verified): the same selection and scope as the page, bounded queries, and the figures'
cache (kind "verified") that an extract stored or deleted and a consent recorded make compute again."""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.common.testing import ScopedCRUDTests
from mansap.core.models import Student
from mansap.graduates.choices import Channel, ConsentStatus
from mansap.graduates.models import OfficialExtract
from mansap.graduates.services import extracts
from mansap.graduates.services.extracts import ExtractParams
from mansap.graduates.services.records import record_employment
from mansap.graduates.tests.factories import EmptyCache, add_contract, add_contributions, make_extract, make_graduate

D = dt.date
QUERY = "?cohort=2025&as_of=2026-03-15"
URL = reverse("graduates:analytics_verified")
PAGE = reverse("graduates:analytics")
HTMX = {"HTTP_HX_REQUEST": "true"}


def cards(response: Any) -> dict[str, str]:
    return dict(re.findall(r'data-verified="(\w+)">([^<]*)<', response.content.decode()))


def employ(graduate: Student, status: str = "employed_specialty") -> None:
    record_employment(graduate, acting_user=None, status=status, started_on=D(2025, 8, 1), channel=Channel.TELEPHONE)


class VerifiedCase(ScopedCRUDTests):
    """Cohort 2025 as of 15 March 2026. Department A: a1 employed with a contract (confirmed), a2 employed without a
    trace (contradicted), a3 without a record (unknown) and a4 unemployed, neither with a trace. Department B: b1
    and b2 employed with contracts (confirmed). Nobody is out of the labour force."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.a1, cls.a2, cls.a3, cls.a4 = (make_graduate(cls.program_a) for _ in range(4))
        cls.b1, cls.b2 = (make_graduate(cls.program_b) for _ in range(2))
        for graduate in (cls.a1, cls.b1, cls.b2):
            employ(graduate)
        employ(cls.a2, "employed_other")
        employ(cls.a4, "unemployed_seeking")
        cls.contracts = make_extract(cls.institution, "contracts", cohorts=(2025,))
        for graduate in (cls.a1, cls.b1, cls.b2):
            add_contract(cls.contracts, graduate, D(2025, 9, 1), employer_bin="180140000018")


class VerifiedCardsTests(VerifiedCase):
    def test_the_figures_of_the_selection(self) -> None:
        # Whole university: confirmed a1, b1, b2 over the cohort of 6; every graduate is covered.
        response = self.get_as(self.cc, URL + QUERY, **HTMX)
        self.assertEqual(cards(response), {"verified_employment_rate": "50.0%", "covered_share": "100.0%"})
        # Department A: a1 over 4.
        response = self.get_as(self.aigerim, URL + QUERY, **HTMX)
        self.assertEqual(cards(response), {"verified_employment_rate": "25.0%", "covered_share": "100.0%"})
        # The page's filters: department B alone, the other cohort (none).
        response = self.get_as(self.cc, URL + QUERY + f"&department={self.dept_b.pk}", **HTMX)
        self.assertEqual(cards(response), {"verified_employment_rate": "100.0%", "covered_share": "100.0%"})
        response = self.get_as(self.cc, URL + "?cohort=2024&as_of=2026-03-15", **HTMX)
        self.assertEqual(cards(response), {"verified_employment_rate": "—", "covered_share": "—"})

    def test_another_departments_graduates_never_counted(self) -> None:
        # Asking for department B as department A's staff: answered over no graduate, as the page does.
        response = self.get_as(self.aigerim, URL + QUERY + f"&department={self.dept_b.pk}", **HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(cards(response), {"verified_employment_rate": "—", "covered_share": "—"})
        self.assertEqual(cards(self.get_as(self.dana, URL + QUERY, **HTMX))["verified_employment_rate"], "100.0%")

    def test_who_may_open_it(self) -> None:
        self.client.logout()
        response = self.client.get(URL + QUERY, **HTMX)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])
        self.assert_status(self.student_user, URL + QUERY, 403)  # as the page
        self.assert_status(self.student_user, PAGE + QUERY, 403)
        for user in (self.aigerim, self.bolat, self.dana, self.dean, self.cc, self.registrar, self.rector, self.admin):
            self.assert_status(user, URL + QUERY, 200)

    def test_the_page_loads_the_cards_after_it_has_shown(self) -> None:
        response = self.get_as(self.cc, PAGE + QUERY)
        self.assertNotContains(response, "data-verified=")  # not computed with the page
        self.assertContains(response, f'hx-get="{URL}?cohort=2025&amp;as_of=2026-03-15" hx-trigger="load"')
        self.assertContains(response, "Loading the verified employment figures…")
        self.assertContains(response, "The verified employment figures could not be loaded.")
        self.assertContains(response, f'<noscript><a class="small" href="{URL}?cohort=2025&amp;as_of=2026-03-15">')

    def test_a_fragment_for_htmx_a_page_without_javascript(self) -> None:
        fragment = self.get_as(self.cc, URL + QUERY, **HTMX)
        self.assertNotContains(fragment, "<html")
        self.assertContains(fragment, 'id="verified-cards"')
        page = self.get_as(self.cc, URL + QUERY, HTTP_ACCEPT_LANGUAGE="ru")
        html = page.content.decode()
        self.assertTrue('<html lang="ru">' in html, "a page of its own, in the user's language")
        self.assertTrue("Выпуск 2025, статус на 15 марта 2026" in html, "the selection it shows")
        self.assertTrue(f'href="{PAGE}?cohort=2025&amp;as_of=2026-03-15"' in html, "the breadcrumb back")
        self.assertEqual(cards(page), {"verified_employment_rate": "50,0\xa0%", "covered_share": "100,0\xa0%"})
        self.assertEqual(cards(fragment), {"verified_employment_rate": "50.0%", "covered_share": "100.0%"})

    def test_bounded_queries(self) -> None:
        def count() -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(URL + QUERY, **HTMX)
            self.assertEqual(response.status_code, 200)
            return len(queries)

        self.client.force_login(self.cc)
        few = count()
        for index in range(14):  # 20 graduates: a contract, contributions or nothing
            graduate = make_graduate((self.program_a, self.program_b, self.program_c)[index % 3])
            employ(graduate)
            if index % 2:
                add_contract(self.contracts, graduate, D(2025, 10, 1))
        self.assertEqual(Student.objects.graduates().filter(graduation_date__year=2025).count(), 20)
        self.assertEqual(count(), few)
        self.assertLessEqual(few, 12)


def contributions_csv(*graduates: Student) -> bytes:
    rows = [["ИИН", "Период", "БИН плательщика", "Сумма"]]
    months = ("02.2026", "03.2026")
    rows += [[graduate.iin, month, "180140000018", "150000"] for graduate in graduates for month in months]
    return "\n".join(";".join(row) for row in rows).encode()


@override_settings(MANSAP_KPI_CACHE=True)
class VerifiedCacheTests(EmptyCache, VerifiedCase):
    """The cards come from the figures' cache until an extract or a consent changes them, then at once anew."""

    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.cc)

    def figures(self) -> dict[str, str]:
        return cards(self.client.get(URL + QUERY, **HTMX))

    def test_served_from_the_cache(self) -> None:
        with CaptureQueriesContext(connection) as computed:
            self.assertEqual(self.figures(), {"verified_employment_rate": "50.0%", "covered_share": "100.0%"})
        with CaptureQueriesContext(connection) as cached:
            self.assertEqual(self.figures(), {"verified_employment_rate": "50.0%", "covered_share": "100.0%"})
        # The graduates counted (the cache's key) instead of the 7 queries of the reconciliation's rules (the 6
        # of compute() and the graduates' institutions).
        self.assertEqual(len(computed) - len(cached), 7)

    def test_a_stored_extract_changes_the_figures(self) -> None:
        self.assertEqual(self.figures()["verified_employment_rate"], "50.0%")
        report, extract = extracts.run_extract(
            io.BytesIO(contributions_csv(self.a3)),
            "contributions.csv",
            institution=self.institution,
            acting_user=None,
            dry_run=False,
            params=ExtractParams(kind="contributions", cohorts=[2025], source="UAPF", consent_basis="consent forms"),
        )
        self.assertIsNotNone(extract, report.to_dict())
        # a3, unknown to the department, has contributions: official only, counted as verified (4 / 6).
        self.assertEqual(self.figures()["verified_employment_rate"], "66.7%")
        extracts.delete_extract(OfficialExtract.objects.get(pk=extract.pk), acting_user=None)
        self.assertEqual(self.figures()["verified_employment_rate"], "50.0%")

    def test_a_refused_consent_changes_the_figures(self) -> None:
        self.assertEqual(self.figures(), {"verified_employment_rate": "50.0%", "covered_share": "100.0%"})
        extracts.record_consent(self.b2, status=ConsentStatus.REFUSED, acting_user=None)
        # b2 is no longer checked: not covered (5 / 6), not confirmed (2 / 6).
        self.assertEqual(self.figures(), {"verified_employment_rate": "33.3%", "covered_share": "83.3%"})
        extracts.record_consent(self.b2, status=ConsentStatus.GIVEN, acting_user=None)
        self.assertEqual(self.figures(), {"verified_employment_rate": "50.0%", "covered_share": "100.0%"})

    def test_a_new_record_changes_the_figures(self) -> None:
        self.assertEqual(self.figures()["verified_employment_rate"], "50.0%")
        add_contributions(make_extract(self.institution, "contributions"), self.a3, D(2026, 3, 1))
        # Rows written without the services (as the tests' factories do) are not seen...
        self.assertEqual(self.figures()["verified_employment_rate"], "50.0%")
        # ... a record of the cohort is: a3 is now employed with a trace (confirmed).
        employ(self.a3)
        self.assertEqual(self.figures()["verified_employment_rate"], "66.7%")
