"""The round calendar through a real browser (#12): the Career Center moves a deadline; a bad month is refused."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_career_center_edits_the_round_calendar(
    page: Page, live_url: str, staff_user: Any, login: Any, org: dict[str, Any]
) -> None:
    from mansap.core.models import AcademicYear
    from mansap.graduates.models import RoundRule

    AcademicYear.objects.create(
        institution=org["institution"], start_year=2026, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30),
        is_current=True,
    )  # fmt: skip
    login(staff_user("cc"))
    page.goto("/employment/rounds/")
    with page.expect_navigation():
        page.get_by_role("link", name="Round calendar").first.click()
    expect(page.locator("h1")).to_have_text("Round calendar")
    table = page.locator("#round-calendar")
    expect(table.locator("tbody tr")).to_have_count(4)  # the regulation's four rounds
    row = table.locator("tbody tr", has_text="Round 2")
    expect(row).to_contain_text("30.11.2026")

    row.locator("input[name$=collection_day]").fill("10")
    row.locator("select[name$=collection_month]").select_option("12")
    row.locator("input[name$=platonus_day]").fill("15")
    with page.expect_navigation():
        row.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success")).to_contain_text("Round 2: the calendar is saved.")
    expect(table.locator("tbody tr", has_text="Round 2")).to_contain_text("10.12.2026")

    # A Platonus deadline before the collection deadline is refused on its row; nothing changes.
    row = table.locator("tbody tr", has_text="Round 4")
    row.locator("select[name$=platonus_month]").select_option("3")
    row.locator("input[name$=platonus_day]").fill("1")
    with page.expect_navigation():
        row.get_by_role("button", name="Save").click()
    expect(table.locator("tbody tr", has_text="Round 4")).to_contain_text(
        "The Platonus deadline cannot come before the round's collection deadline."
    )
    rule = RoundRule.objects.get(institution=org["institution"], number=4)
    assert (rule.platonus_month, rule.platonus_day) == (None, None)
