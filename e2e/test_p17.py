"""Process 17 (#13): the Career Center sets the criteria of successful graduates for the cohort 2025, opens the
process 17 dashboard of 2025-2026, reads KPI-17.4 and follows it to the graduates behind it. Screenshots of the
three pages in kk, ru and en at 1366 px go to /work/wt/shots/p17dash/ when that folder's parent exists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

SHOTS = Path("/work/wt/shots/p17dash")


def _careers(students: list[Any], org: dict[str, Any]) -> None:
    """The four graduates of 2025 (30.06.2025): one by specialty at 400 000, one with a business, one in a
    master's abroad, one unknown; a memorandum and a sponsored student for 17.5 and 17.7."""
    from mansap.core.choices import ProgramLevel, Region
    from mansap.employers.models import Organization, PartnershipAgreement
    from mansap.graduates.models import EmploymentRecord

    zarina, kairat, nazerke, _olzhas = students[4:]
    common = {"channel": "telephone"}
    EmploymentRecord.objects.create(graduate=zarina, status="employed_specialty", started_on=dt.date(2025, 8, 1),
                                    salary=400_000, **common)  # fmt: skip
    EmploymentRecord.objects.create(graduate=kairat, status="own_business", started_on=dt.date(2025, 9, 1), **common)
    EmploymentRecord.objects.create(graduate=nazerke, status="continuing_education", started_on=dt.date(2025, 9, 1),
                                    region=Region.ABROAD, study_level=ProgramLevel.MASTER, **common)  # fmt: skip
    partner = Organization.objects.create(institution=org["institution"], name_kk="Kaspi", name_ru="Kaspi",
                                          name_en="Kaspi")  # fmt: skip
    PartnershipAgreement.objects.create(organization=partner, kind="social_partnership", number="SP-7",
                                        signed_on=dt.date(2025, 1, 10), valid_from=dt.date(2025, 1, 10),
                                        department=org["department"])  # fmt: skip
    students[0].sponsor = partner
    students[0].save()
    # #20: a contribution extract for the cohort 2025 with Zarina's contributions of June 2026 (the as-of month).
    from mansap.graduates.tests.factories import add_contributions, make_extract

    extract = make_extract(org["institution"], "contributions", cohorts=(2025,))
    add_contributions(extract, zarina, dt.date(2026, 6, 1))


def test_criteria_dashboard_and_the_list_behind(
    page: Page, live_url: str, staff_user: Any, login: Any, org: dict[str, Any], students: list[Any]
) -> None:
    _careers(students, org)
    cc = staff_user("cc", first_name="Aliya", last_name="Sarsenova")
    login(cc)

    page.goto("/employment/successful/")
    row = page.locator("#success-cohorts tr[data-cohort='2025']")
    expect(row).to_contain_text("No criteria set")
    with page.expect_navigation():
        row.get_by_role("link", name="Edit").click()
    first, second = page.locator("tr[data-rule='1']"), page.locator("tr[data-rule='2']")
    first.locator("select[name$=outcome]").select_option("employed_specialty")
    first.locator("input[name$=min_salary]").fill("300000")
    second.locator("select[name$=outcome]").select_option("continuing_education")
    second.locator("select[name$=study_level]").select_option("master")
    second.locator("input[name$=abroad]").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success").first).to_contain_text("The criteria of the cohort 2025 are saved.")
    expect(page.locator("#success-cohorts tr[data-cohort='2025']")).to_contain_text(
        "continuing education · master's · abroad"
    )

    page.goto("/quality/process-17/?year=2025-2026")
    expect(page.locator("#p17-subtitle")).to_contain_text("cohort 2025")
    kpi = page.locator("#p17-kpis tr[data-kpi='17.4']")
    expect(kpi.locator("[data-value]")).to_have_text("50.0%")  # Zarina and Nazerke of 4
    expect(kpi.locator("[data-basis]")).to_have_text("2 of 4")
    expect(page.locator("#p17-kpis tr[data-kpi='17.1'] [data-value]")).to_have_text(
        "33.3%"
    )  # 1 of 3 in the labour force
    # #20: beside 17.1, the verified employment rate (Zarina's contributions confirm her: 1 of 3) and the share of
    # the cohort the contribution extract covers (4 of 4), as of the same date (30.06.2026).
    kpi_171 = page.locator("#p17-kpis tr[data-kpi='17.1']")
    expect(kpi_171.locator("[data-beside='graduates.verified_employment_rate'] [data-beside-value]")).to_have_text(
        "33.3%"
    )
    expect(kpi_171.locator("[data-beside='graduates.covered_share']")).to_contain_text("100.0% (4 of 4)")
    expect(page.locator("#p17-kpis tr[data-kpi='17.5'] [data-value]")).to_have_text("1")
    expect(page.locator("#p17-departments tr[data-department='IS']")).to_contain_text("1")
    with page.expect_navigation():
        kpi.get_by_role("link", name="List").click()
    expect(page.locator("#p17-rows tbody tr")).to_have_count(2)
    expect(page.locator("#p17-rows")).to_contain_text("Zhumabayeva")
    expect(page.locator("#p17-rows")).to_contain_text("Nurlanova")

    if SHOTS.parent.exists():
        SHOTS.mkdir(exist_ok=True)
        page.set_viewport_size({"width": 1366, "height": 900})
        for language in ("kk", "ru", "en"):
            page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
            for name, url in (
                ("dashboard", "/quality/process-17/?year=2025-2026"),
                ("rows", "/quality/process-17/kpi/17.4/?year=2025-2026"),
                ("criteria-list", "/employment/successful/"),
                ("criteria-form", "/employment/successful/2025/"),
            ):
                page.goto(url)
                expect(page.locator("html")).to_have_attribute("lang", language)
                page.screenshot(path=str(SHOTS / f"{language}-{name}.png"), full_page=True)
            pdf = page.request.get(f"/quality/process-17/report.pdf?year=2025-2026&lang={language}")
            assert (pdf.status, pdf.body()[:4]) == (200, b"%PDF")
            (SHOTS / f"{language}-report.pdf").write_bytes(pdf.body())
