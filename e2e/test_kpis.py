"""KPIs (#13) in the browser: a process owner opens their KPI from the register, sets a target, enters a value
with its evidence and sees the colour, on the KPI page and on the process page. The screenshots test (marked
`screenshots`, like `make screenshots`) photographs the KPI pages in kk, ru and en at 1366 px."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def _kpis(org: dict[str, Any], owner: Any) -> dict[str, Any]:
    from mansap.common.testing import make_student
    from mansap.quality.services.processes import load_process_map
    from mansap.quality.tests.factories import make_process
    from mansap.quality.tests.kpi_fixtures import make_kpi, make_target, make_value

    load_process_map(org["institution"], owner=owner, acting_user=None)
    process = make_process(org["institution"], 30, owner_user=owner, name_en="Career guidance",
                           name_ru="Профориентация", name_kk="Кәсіптік бағдар")  # fmt: skip
    entered = make_kpi(
        process, "30.1", name_en="Events held with employers", name_ru="Мероприятия с работодателями",
        name_kk="Жұмыс берушілермен өткізілген іс-шаралар", unit="count", formula_en="Count of events in the year",
        formula_ru="Количество мероприятий за год", formula_kk="Жыл ішіндегі іс-шаралар саны", status="measured",
    )  # fmt: skip
    computed = make_kpi(
        process, "30.2", source="computed", indicator="tests.graduated_share", name_en="Share of graduated students",
        name_ru="Доля выпускников", name_kk="Түлектердің үлесі", formula_en="graduated / admitted",
        formula_ru="выпустившиеся / принятые", formula_kk="бітіргендер / қабылданғандар", status="target_set",
    )  # fmt: skip
    for year, value in ((2022, "6"), (2023, "8"), (2024, "11"), (2025, "9")):
        make_value(entered, f"{year}-{year + 1}", value)
        make_target(entered, f"{year}-{year + 1}", "10", "8", "5")
    for year, (graduated, total) in {2022: (5, 8), 2023: (6, 9), 2024: (7, 9), 2025: (4, 6), 2026: (6, 7)}.items():
        for i in range(total):
            make_student(org["program"], admission_year=year,
                         graduation_date=dt.date(year + 1, 6, 20) if i < graduated else None)  # fmt: skip
        make_target(computed, f"{year}-{year + 1}", "0.8", "0.7", "0.6")
    return {"process": process, "entered": entered, "computed": computed, "value": Decimal("7")}


def test_owner_sets_a_target_enters_a_value_and_sees_the_colour(
    page: Page, staff_user: Any, login: Any, org: dict[str, Any]
) -> None:
    from mansap.common.indicators import Period, PeriodKind
    from mansap.quality.models import KPIValue

    owner = staff_user("owner", role="registrar", first_name="Dana", last_name="Owner")
    data = _kpis(org, owner)
    entered = data["entered"]
    current = Period.containing(PeriodKind.ACADEMIC_YEAR, dt.date.today()).label
    login(owner)

    page.goto("/quality/kpis/?source=entered&q=30.1")
    with page.expect_navigation():
        page.get_by_role("link", name="Events held with employers").click()
    expect(page.locator("h1")).to_contain_text("30.1")

    with page.expect_navigation():
        page.get_by_role("link", name="Set a target").click()
    expect(page.locator("input[name=period]")).to_have_value(current)
    page.locator("input[name=target]").fill("12")
    page.locator("input[name=amber_threshold]").fill("10")
    page.locator("input[name=red_threshold]").fill("6")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success").first).to_contain_text(f"Target set for {current}")

    with page.expect_navigation():
        page.get_by_role("link", name="Enter a value").click()
    page.locator("input[name=value]").fill("7")
    page.locator("input[name=evidence_url]").fill("https://docs.example.kz/events-report")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success").first).to_contain_text(f"Value saved for {current}")
    expect(page.locator("#kpi-value")).to_have_text("7")
    expect(page.locator("#kpi-rag .badge")).to_have_text("amber")
    stored = KPIValue.objects.get(definition=entered, period=current)
    assert (stored.value, stored.entered_by, stored.evidence_url) == (
        Decimal("7"), owner, "https://docs.example.kz/events-report",
    )  # fmt: skip

    page.goto(data["process"].get_absolute_url())
    row = page.locator("#process-kpis tr[data-kpi='30.1']")
    expect(row).to_contain_text("7")
    expect(row.locator(".rag")).to_have_text("amber")


# Outside the repository when KPI_SHOTS_DIR says so (the reviewers' folder), else screenshots/ as `make screenshots`.
SHOTS = Path(os.environ.get("KPI_SHOTS_DIR") or Path(__file__).resolve().parent.parent / "screenshots")


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_kpi_screenshots(language: str, page: Page, live_url: str, staff_user: Any, login: Any, org: Any) -> None:
    owner = staff_user("cc", first_name="Aliya", last_name="Sarsenova")
    data = _kpis(org, owner)
    login(owner)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    SHOTS.mkdir(parents=True, exist_ok=True)
    pages = {
        "register": "/quality/kpis/",
        "kpi-entered": data["entered"].get_absolute_url(),
        "kpi-computed": data["computed"].get_absolute_url(),
        "kpi-computed-program": f"{data['computed'].get_absolute_url()}?program={org['program'].pk}",
        "kpi-17-1": "/quality/kpis/?q=17.",
        "process": data["process"].get_absolute_url(),
        "target-form": f"/quality/kpis/{data['entered'].pk}/target/",
    }
    for name, url in pages.items():
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert page.locator("html").get_attribute("lang") == language, url
        page.screenshot(path=str(SHOTS / f"{language}-kpis-{name}.png"), full_page=True)
