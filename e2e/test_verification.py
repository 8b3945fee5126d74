"""Verified employment (#20) through a real browser: the Career Center reconciles a cohort with the official
extracts, the department accepts the official evidence of a discrepancy, the Career Center freezes the round; and
screenshots of the pages in kk, ru and en (1366 px) in screenshots/verification/ (or $MANSAP_SHOTS_DIR/verification/).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("verification")
AS_OF = "2026-03-15"
BIN = "180140000018"


def _data(org: dict[str, Any], graduates: list[Any]) -> None:
    """Four graduates of 2025: employed with a contract (confirmed), employed without a trace (contradicted),
    unknown with contributions (official only), unemployed without a trace (consistent)."""
    from mansap.graduates.choices import Channel
    from mansap.graduates.services.records import record_employment
    from mansap.graduates.tests.factories import add_contract, add_contributions, make_extract

    confirmed, contradicted, official_only, consistent = graduates
    for graduate, status in ((confirmed, "employed_specialty"), (contradicted, "employed_other"),
                             (consistent, "unemployed_seeking")):  # fmt: skip
        record_employment(
            graduate, acting_user=None, status=status, started_on=dt.date(2025, 8, 1), channel=Channel.TELEPHONE
        )
    contracts = make_extract(org["institution"], "contracts", cohorts=(2025,))
    contributions = make_extract(org["institution"], "contributions", cohorts=(2025,))
    add_contract(contracts, confirmed, dt.date(2025, 9, 1), employer_bin=BIN, employer_name="Kaspi Bank")
    add_contributions(
        contributions, official_only, dt.date(2026, 2, 1), dt.date(2026, 3, 1), payer_bin=BIN, payer_name="Kaspi Bank"
    )


def _round(org: dict[str, Any]) -> None:
    """Cohort 2025's first collection round of the current academic year, over on 30 September 2025."""
    from mansap.core.models import AcademicYear
    from mansap.graduates.models import CollectionRound

    year, _created = AcademicYear.objects.update_or_create(
        institution=org["institution"], start_year=2025,
        defaults={"starts_on": dt.date(2025, 9, 1), "ends_on": dt.date(2026, 6, 30), "is_current": True},
    )  # fmt: skip
    CollectionRound.objects.create(
        institution=org["institution"], academic_year=year, number=1, cohort=2025,
        opens_on=dt.date(2025, 9, 1), deadline=dt.date(2025, 9, 30),
    )  # fmt: skip


def _reconcile(page: Page) -> None:
    page.goto("/employment/verification/")
    form = page.locator("#reconcile-form")
    form.locator("select[name=cohort]").select_option("2025")
    form.locator("input[name=as_of]").fill(AS_OF)
    with page.expect_navigation():
        form.locator("#reconcile-submit").click()


def test_reconcile_accept_and_freeze(
    page: Page, browser: Any, live_url: str, staff_user: Any, login: Any, org: dict[str, Any], students: list[Any]
) -> None:
    from mansap.core.choices import Role
    from mansap.graduates.models import EmploymentRecord, Reconciliation

    _data(org, students[4:])
    official_only = students[6]
    login(staff_user("cc"))
    _reconcile(page)
    expect(page.locator('#state-cards [data-state="confirmed"]')).to_have_text("1")
    expect(page.locator('#state-cards [data-state="contradicted"]')).to_have_text("1")
    expect(page.locator('#state-cards [data-state="official_only"]')).to_have_text("1")
    expect(page.locator('#state-cards [data-state="consistent"]')).to_have_text("1")
    # (1 confirmed + 1 official only) / 4 graduates, none out of the labour force.
    expect(page.locator('[data-rate="verified_employment_rate"]')).to_contain_text("50")
    expect(page.locator('[data-rate="covered_share"]')).to_contain_text("100")

    # The department accepts the official evidence of the official-only graduate from its journal.
    department = staff_user("aigerim", role=Role.DEPARTMENT)
    context, dept_page = signed_in(browser, live_url, department.username, "en", width=1366, height=900)
    try:
        dept_page.goto("/employment/journal/")
        with dept_page.expect_navigation():
            dept_page.locator("#journal-discrepancies").click()
        rows = dept_page.locator("#discrepancy-tasks tbody tr")
        expect(rows).to_have_count(2)
        row = rows.filter(has_text=official_only.last_name)
        expect(row).to_contain_text("Kaspi Bank")
        row.locator("select[name$=status]").select_option("employed_specialty")
        with dept_page.expect_navigation():
            row.locator("[data-action=accept]").click()
        expect(dept_page.locator(".alert-success")).to_contain_text("the official evidence is recorded")
        expect(dept_page.locator("#discrepancy-tasks tbody tr")).to_have_count(1)
    finally:
        context.close()
    made = EmploymentRecord.objects.get(graduate=official_only)
    assert (made.status, made.channel, made.employer_bin) == ("employed_specialty", "official_extract", BIN)

    # The Career Center freezes: the accepted graduate is now confirmed, and the figures are kept as issued.
    page.reload()
    with page.expect_navigation():
        page.locator("#freeze").click()
    expect(page.locator("#frozen-badge")).to_be_visible()
    expect(page.locator('#state-cards [data-state="confirmed"]')).to_have_text("2")
    expect(page.locator('#state-cards [data-state="official_only"]')).to_have_text("0")
    expect(page.locator("#freeze")).to_have_count(0)
    assert Reconciliation.objects.get().figures["verified_employment_rate"] == 0.5
    # The discrepancy report as PDF, in the page's language.
    with page.expect_download() as download:
        page.locator("#discrepancy-report-pdf").click()
    assert download.value.suggested_filename.endswith(".pdf")


def test_analytics_loads_the_verified_cards_after_the_page(
    page: Page, live_url: str, staff_user: Any, login: Any, org: dict[str, Any], students: list[Any]
) -> None:
    """The analytics page shows its KPIs at once, and the verified cards, the breakdown and the rounds' trend
    once htmx has fetched them."""
    _data(org, students[4:])
    _round(org)
    login(staff_user("cc"))
    page.goto(f"/employment/analytics/?cohort=2025&as_of={AS_OF}")
    # The first screen: 2 employed of the 4 graduates, none out of the labour force.
    expect(page.locator('#kpi-cards [data-kpi="employment_rate"]')).to_have_text("50.0%")
    # The breakdown's total: 3 of 4 with a known status, 2 of 4 employed.
    expect(page.locator("#breakdown-total td").nth(5)).to_have_text("75.0%")
    expect(page.locator("#breakdown-total td").nth(6)).to_have_text("50.0%")
    expect(page.locator("#breakdown-slot")).to_have_count(0)
    # Round 1 (30 September 2025): the three records of 1 August 2025, so the same rates; and its chart.
    expect(page.locator('#round-table [data-round-figure="employment_rate"]')).to_have_text("50.0%")
    expect(page.locator("#round-chart")).to_have_attribute("data-drawn", "1")  # drawn once it came
    expect(page.locator("#round-trend-slot")).to_have_count(0)
    expect(page.locator("#breakdown-error")).to_have_count(0)
    # (1 confirmed + 1 official only) / 4 graduates, none out of the labour force; all 4 covered.
    expect(page.locator('#verified-cards [data-verified="verified_employment_rate"]')).to_contain_text("50")
    expect(page.locator('#verified-cards [data-verified="covered_share"]')).to_contain_text("100")
    expect(page.locator("#verified-cards-slot")).to_have_count(0)  # the placeholder was replaced
    expect(page.locator("#verified-cards-error")).to_have_count(0)


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, browser: Any, live_url: str, staff_user: Any, org: dict[str, Any], students: list[Any]
) -> None:
    from mansap.core.choices import Role
    from mansap.graduates.services.reconcile import reconcile

    _data(org, students[4:])
    _round(org)
    cc = staff_user("cc")
    staff_user("aigerim", role=Role.DEPARTMENT)
    saved = reconcile(org["institution"], 2025, dt.date(2026, 3, 15), acting_user=cc)
    problems = []
    context, page = signed_in(browser, live_url, "cc", language, width=1366, height=900)
    try:
        problems += shoot_pages(
            page,
            {
                "reconciliation-list": "/employment/verification/",
                "reconciliation": f"/employment/verification/{saved.pk}/",
                "analytics": "/employment/analytics/?cohort=2025&as_of=2026-03-15",
                "p17": "/quality/process-17/?year=2025-2026",
            },
            SHOTS_DIR,
            language,
        )
        pdf = page.request.get(f"/employment/verification/{saved.pk}/discrepancies.pdf?lang={language}")
        assert (pdf.status, pdf.body()[:4]) == (200, b"%PDF")
        SHOTS_DIR.mkdir(parents=True, exist_ok=True)
        (SHOTS_DIR / f"{language}-discrepancies.pdf").write_bytes(pdf.body())
    finally:
        context.close()
    context, page = signed_in(browser, live_url, "aigerim", language, width=1366, height=900)
    try:
        problems += shoot_pages(page, {"tasks": "/employment/journal/discrepancies/"}, SHOTS_DIR, language)
    finally:
        context.close()
    assert not problems, problems
