"""The analytics page's breakdown and rounds' trend, loaded after the page (graduates:analytics_breakdown,
graduates:analytics_rounds, issue #19): the figures on hand-built data, the same selection and scope as the page,
a fragment for htmx and a page of its own without JavaScript, bounded queries, and the figures' cache (kinds
"breakdown" and "rounds") that a new record makes compute again."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mansap.common.testing import make_student
from mansap.core.models import AcademicYear
from mansap.graduates.models import CollectionRound
from mansap.graduates.reports import analytics
from mansap.graduates.tests.factories import EmptyCache
from mansap.graduates.tests.test_analytics import AS_OF, QUERY, AnalyticsTestCase, add

D = dt.date
PAGE = reverse("graduates:analytics")
BREAKDOWN = reverse("graduates:analytics_breakdown")
ROUNDS = reverse("graduates:analytics_rounds")
HTMX = {"HTTP_HX_REQUEST": "true"}


def breakdown_table(response: Any) -> dict[str, list[str]]:
    """The breakdown's rows as {first cell's text: [the other cells]} (the total row under "Total")."""
    html = response.content.decode()
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", html, flags=re.S):
        cells = [re.sub(r"<[^>]+>", " ", cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        cells = [re.sub(r"[ \t\r\n]+", " ", cell).strip() for cell in cells]  # (no-break spaces kept)
        if len(cells) > 1:
            rows[cells[0]] = cells[1:]
    return rows


def round_figures(response: Any) -> list[tuple[str, str]]:
    """(knowledge rate, employment rate) of each round, in the rounds' table."""
    html = response.content.decode()
    knowledge = re.findall(r'data-round-figure="knowledge_rate">([^<]*)<', html)
    employment = re.findall(r'data-round-figure="employment_rate">([^<]*)<', html)
    return list(zip(knowledge, employment, strict=True))


class FragmentCase(AnalyticsTestCase):
    """test_analytics's cohort 2025 (A: 5 graduates, B: 3, C: 2), and two rounds of the current academic year,
    over on 30 September and on 31 December 2025."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        year = AcademicYear.objects.create(
            institution=cls.institution, start_year=2025, starts_on=D(2025, 9, 1), ends_on=D(2026, 6, 30),
            is_current=True,
        )  # fmt: skip
        for number, deadline in ((1, D(2025, 9, 30)), (2, D(2025, 12, 31))):
            CollectionRound.objects.create(
                institution=cls.institution, academic_year=year, number=number, cohort=2025,
                opens_on=deadline - dt.timedelta(days=20), deadline=deadline,
            )  # fmt: skip


class BreakdownTests(FragmentCase):
    def test_the_figures_of_each_department_and_the_total(self) -> None:
        # On 1 March 2026, by hand. A (IS): 5, a4 unknown, a2 studying, a0 a1 employed: 80.0% known, 2 / 4
        # employed. B (CS): 3, b2 unknown, b0 b1 employed: 2 / 3. C (EC): 2, c1's job starts in May (unknown),
        # c0 in the army: 1 known, 0 employed of 1 in the labour force. Total: 7 / 10 known, 4 / 8 employed.
        response = self.get_as(self.cc, BREAKDOWN + QUERY + "&by=department", **HTMX)
        table = breakdown_table(response)
        # Graduates, unknown, employed, out of the labour force, then the knowledge and employment rates first.
        self.assertEqual(table[f"CS {self.dept_b.name_en}"][:6], ["3", "1", "2", "0", "66.7%", "66.7%"])
        self.assertEqual(table[f"EC {self.dept_c.name_en}"][:6], ["2", "1", "0", "1", "50.0%", "0.0%"])
        self.assertEqual(table[f"IS {self.dept_a.name_en}"][:6], ["5", "1", "2", "1", "80.0%", "50.0%"])
        self.assertEqual(table["Total"][:6], ["10", "3", "4", "2", "70.0%", "50.0%"])
        self.assertEqual(table["Total"][-2:], ["350,000\xa0₸", "310,000\xa0₸"])  # (310 + 240 + 500) / 3; the middle
        self.assertEqual([row.code for row in response.context["rows"]], ["CS", "EC", "IS"])
        # The same figures as the page's cards and compute_kpis(), for every dimension.
        expected = analytics.compute_kpis(self.cohort(), AS_OF)
        for dimension in analytics.DIMENSIONS:
            with self.subTest(dimension):
                response = self.get_as(self.cc, BREAKDOWN + QUERY + f"&by={dimension}", **HTMX)
                self.assertEqual(response.context["breakdown_total"]["figures"][:2], ["70.0%", "50.0%"])
                self.assertEqual(sum(row.kpis["counts"]["cohort"] for row in response.context["rows"]), 10)
                total = response.context["breakdown_total"]["counts"]
                self.assertEqual(total, expected["counts"])

    def test_another_departments_graduates_never_counted(self) -> None:
        response = self.get_as(self.aigerim, BREAKDOWN + QUERY, **HTMX)
        table = breakdown_table(response)
        self.assertEqual(list(table), [f"IS {self.dept_a.name_en}", "Total"])
        self.assertEqual(table["Total"][:6], ["5", "1", "2", "1", "80.0%", "50.0%"])
        self.assertNotContains(response, self.dept_b.name_en)
        # Asking for department B as department A's staff: answered over no graduate, as the page does.
        response = self.get_as(self.aigerim, BREAKDOWN + QUERY + f"&department={self.dept_b.pk}", **HTMX)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["rows"], [])
        self.assertContains(response, "No graduates match these filters.")
        # The dean: the faculty (A and B), not C.
        table = breakdown_table(self.get_as(self.dean, BREAKDOWN + QUERY, **HTMX))
        self.assertEqual(table["Total"][:6], ["8", "2", "4", "1", "75.0%", "57.1%"])

    def test_filters_and_dimension(self) -> None:
        response = self.get_as(self.cc, BREAKDOWN + QUERY + "&by=funding&study_form=part_time", **HTMX)
        self.assertEqual([row.key for row in response.context["rows"]], ["paid"])
        self.assertEqual(breakdown_table(response)["Total"][:4], ["2", "1", "0", "1"])


class RoundsTests(FragmentCase):
    def test_the_cohort_as_of_each_deadline(self) -> None:
        # 30 September 2025: b1's business (October) and c1's job (May) not yet, a4 and b2 never: 6 / 10 known;
        # a2 studying and c0 in the army: 3 employed (a0 a1 b0) of 8. 31 December: b1 too, 7 / 10 and 4 / 8.
        response = self.get_as(self.cc, ROUNDS + QUERY, **HTMX)
        self.assertEqual(round_figures(response), [("60.0%", "37.5%"), ("70.0%", "50.0%")])
        rounds = response.context["round_trend"]
        self.assertEqual([p.label for p in rounds], ["Round 1", "Round 2"])
        self.assertEqual([p.as_of for p in rounds], [D(2025, 9, 30), D(2025, 12, 31)])
        self.assertEqual(rounds[1].kpis, analytics.compute_kpis(self.cohort(), D(2025, 12, 31)))
        self.assertEqual(response.context["chart"]["rounds"]["knowledge"], [60.0, 70.0])
        self.assertEqual(response.context["chart"]["rounds"]["employment"], [37.5, 50.0])
        self.assertContains(response, 'id="round-chart"')
        self.assertContains(response, 'id="round-chart-data"')

    def test_another_departments_graduates_never_counted(self) -> None:
        # Department A on 30 September: a0..a3 known (4 / 5), a2 studying, a0 a1 employed (2 / 4).
        response = self.get_as(self.aigerim, ROUNDS + QUERY, **HTMX)
        self.assertEqual(round_figures(response), [("80.0%", "50.0%"), ("80.0%", "50.0%")])
        response = self.get_as(self.aigerim, ROUNDS + QUERY + f"&department={self.dept_b.pk}", **HTMX)
        self.assertEqual(round_figures(response), [("—", "—"), ("—", "—")])
        self.assertEqual([p.kpis["counts"]["cohort"] for p in response.context["round_trend"]], [0, 0])

    def test_a_cohort_without_rounds(self) -> None:
        response = self.get_as(self.cc, ROUNDS + "?cohort=2024&as_of=2026-03-01", **HTMX)
        self.assertEqual(response.context["round_trend"], [])
        self.assertContains(response, "No collection rounds for cohort 2024 in the current academic year.")
        self.assertNotContains(response, 'id="round-chart"')


class FragmentPagesTests(FragmentCase):
    def test_who_may_open_them(self) -> None:
        for url in (BREAKDOWN, ROUNDS):
            with self.subTest(url):
                self.client.logout()
                response = self.client.get(url + QUERY, **HTMX)
                self.assertEqual(response.status_code, 302)
                self.assertIn(reverse("login"), response["Location"])
                self.assert_status(self.student_user, url + QUERY, 403)  # as the page
                users = (self.aigerim, self.bolat, self.dana, self.dean, self.cc, self.registrar, self.rector)
                for user in (*users, self.admin):
                    self.assert_status(user, url + QUERY, 200)
        self.assert_status(self.student_user, PAGE + QUERY, 403)

    def test_the_page_loads_them_after_it_has_shown(self) -> None:
        response = self.get_as(self.cc, PAGE + QUERY + "&by=program")
        for name in ("rows", "round_trend", "analysis", "breakdown"):
            self.assertNotIn(name, response.context)  # not computed with the page
        self.assertNotContains(response, 'id="breakdown-total"')
        self.assertNotContains(response, 'id="round-chart"')
        query = "?cohort=2025&amp;as_of=2026-03-01&amp;by=program"
        for url, slot in ((BREAKDOWN, "breakdown-slot"), (ROUNDS, "round-trend-slot")):
            self.assertContains(response, f'<div id="{slot}" hx-get="{url}{query}" hx-trigger="load"')
            self.assertContains(response, f'<a class="small" href="{url}{query}">')  # in <noscript>
        self.assertContains(response, "Loading the breakdown…")
        self.assertContains(response, "The breakdown could not be loaded.")
        self.assertContains(response, "Loading the figures of the collection rounds…")
        self.assertContains(response, "The figures of the collection rounds could not be loaded.")
        # The first screen is there: the cards and the counts, as compute_kpis() gives them.
        self.assertContains(response, '<div class="kpi-value fs-3 fw-semibold" data-kpi="employment_rate">50.0%</div>')
        self.assertContains(response, '<td class="text-end" data-count="cohort">10</td>', html=False)

    def test_a_fragment_for_htmx_a_page_without_javascript(self) -> None:
        fragment = self.get_as(self.cc, BREAKDOWN + QUERY, **HTMX)
        self.assertNotContains(fragment, "<html")
        self.assertContains(fragment, 'id="breakdown-total"')
        page = self.get_as(self.cc, BREAKDOWN + QUERY + "&by=faculty", HTTP_ACCEPT_LANGUAGE="ru")
        html = page.content.decode()
        self.assertTrue('<html lang="ru">' in html, "a page of its own, in the user's language")
        self.assertTrue("Разбивка: Факультет" in html, "its title names the dimension")
        self.assertTrue("Выпуск 2025, статус на 1 марта 2026" in html, "the selection it shows")
        self.assertTrue(f'href="{PAGE}?cohort=2025&amp;as_of=2026-03-01&amp;by=faculty"' in html, "the way back")
        self.assertEqual(breakdown_table(page)["Итого"][4:6], ["70,0\xa0%", "50,0\xa0%"])

        fragment = self.get_as(self.cc, ROUNDS + QUERY, **HTMX)
        self.assertNotContains(fragment, "<html")
        page = self.get_as(self.cc, ROUNDS + QUERY, HTTP_ACCEPT_LANGUAGE="kk")
        html = page.content.decode()
        self.assertTrue('<html lang="kk">' in html)
        self.assertNotIn('id="round-chart"', html)  # no chart without JavaScript: the table
        self.assertEqual(round_figures(page), [("60,0%", "37,5%"), ("70,0%", "50,0%")])
        for english in ("Round 1", "Knowledge rate", "Graduates", "Collection rounds"):
            self.assertNotIn(english, html)

    def test_bounded_queries(self) -> None:
        def count(url: str) -> int:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url + "?cohort=2023&as_of=2026-03-01&by=program", **HTMX)
            self.assertEqual(response.status_code, 200)
            return len(queries)

        self.client.force_login(self.cc)
        for graduate in [make_student(self.program_a, graduation_date=D(2023, 6, 30)) for _ in range(2)]:
            add(graduate, self.cc, "employed_specialty", D(2023, 9, 1), salary=300_000)
        few = {url: count(url) for url in (BREAKDOWN, ROUNDS)}
        for i in range(18):
            graduate = make_student(
                (self.program_a, self.program_b, self.program_c)[i % 3], graduation_date=D(2023, 6, 30)
            )
            add(graduate, self.cc, "unemployed_seeking", D(2023, 8, 1))
            add(graduate, self.cc, "employed_other", D(2023, 10, 1), salary=200_000 + i)
        with CaptureQueriesContext(connection):
            rows = self.client.get(BREAKDOWN + "?cohort=2023&as_of=2026-03-01&by=program", **HTMX).context["rows"]
        self.assertEqual(len(rows), 3)  # from one program's row to three
        for url in (BREAKDOWN, ROUNDS):
            with self.subTest(url):
                self.assertEqual(count(url), few[url])
                self.assertLessEqual(few[url], 12)


@override_settings(MANSAP_KPI_CACHE=True)
class FragmentCacheTests(EmptyCache, FragmentCase):
    """The breakdown and the rounds come from the figures' cache until a record of the cohort changes them."""

    def setUp(self) -> None:
        super().setUp()
        self.client.force_login(self.cc)

    def test_served_from_the_cache_until_a_record_changes(self) -> None:
        def get(url: str) -> tuple[Any, int]:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url + QUERY, **HTMX)
            return response, len(queries)

        breakdown, computed = get(BREAKDOWN)
        again, cached = get(BREAKDOWN)
        self.assertEqual(breakdown_table(again), breakdown_table(breakdown))
        self.assertEqual(computed - cached, 2)  # the records grouped per slice, the slices' names
        rounds, computed = get(ROUNDS)
        again, cached = get(ROUNDS)
        self.assertEqual(round_figures(again), round_figures(rounds))
        self.assertEqual(round_figures(again), [("60.0%", "37.5%"), ("70.0%", "50.0%")])
        self.assertEqual(computed - cached, 1)  # the records grouped per round
        # b2 (department B) found employed since August 2025: counted at once, in both.
        add(self.b[2], self.cc, "employed_other", D(2025, 8, 15), salary=200_000)
        self.assertEqual(breakdown_table(get(BREAKDOWN)[0])["Total"][:6], ["10", "2", "5", "2", "80.0%", "62.5%"])
        self.assertEqual(round_figures(get(ROUNDS)[0]), [("70.0%", "50.0%"), ("80.0%", "62.5%")])
