"""The graduates list, whose rows are rendered from plain values (#19): sorting, the link to a graduate, and its
screenshots at 1366 px in kk, ru and en (shots_dir("graduate-list"))."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import shots_dir, signed_in

pytestmark = [pytest.mark.browser]


def test_sort_and_open_a_graduate(browser: Browser, live_url: str, staff_user: Any, students: list[Any]) -> None:
    staff_user("cc")
    context, page = signed_in(browser, live_url, "cc", "en", width=1366, height=900)
    try:
        page.goto("/org/graduates/")
        rows = page.locator("table tbody tr")
        expect(rows).to_have_count(4)
        page.locator("th a", has_text="Full name").click()
        expect(rows.first.locator("td").first).to_contain_text("Karimov")
        page.locator("th a", has_text="Full name").click()
        expect(rows.first.locator("td").first).to_contain_text("Zhumabayeva")
        rows.first.locator("td a").first.click()
        expect(page.locator("h1")).to_contain_text("Zhumabayeva")
    finally:
        context.close()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(language: str, browser: Browser, live_url: str, staff_user: Any, students: list[Any]) -> None:
    staff_user("cc", first_name="Aliya", last_name="Sarsenova")
    context, page = signed_in(browser, live_url, "cc", language, width=1366, height=900)
    try:
        folder = shots_dir("graduate-list")
        folder.mkdir(parents=True, exist_ok=True)
        response = page.goto("/org/graduates/")
        assert response is not None and response.status == 200
        assert page.locator("html").get_attribute("lang") == language
        expect(page.locator("table tbody tr")).to_have_count(4)
        page.screenshot(path=str(folder / f"{language}-graduates.png"), full_page=True)
    finally:
        context.close()
