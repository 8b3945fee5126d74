"""The menus every staff page carries, remembered per roles and language (#19), and the graduates list's department
and program selects read with values(): a staff member opens a menu, filters the list by program, changes the
language; screenshots of the home page and the graduates list at 1366 px in kk, ru and en, the home page at 390 px
too (shots_dir("l"))."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from e2e.conftest import shots_dir, signed_in

pytestmark = [pytest.mark.browser]


def test_menu_filter_and_language(browser: Browser, live_url: str, staff_user: Any, students: list[Any]) -> None:
    staff_user("cc")
    context, page = signed_in(browser, live_url, "cc", "en", width=1366, height=900)
    try:
        page.goto("/org/graduates/")
        page.locator("#mainnav .dropdown-toggle", has_text="People").click()
        expect(page.locator("#mainnav .dropdown-menu.show a", has_text="Graduates")).to_be_visible()
        page.locator("select[name=program]").select_option(label="6B06101 Information Systems")
        page.locator("select[name=department]").select_option(label="Department of Information Systems")
        with page.expect_navigation():
            page.locator("form[role=search] button[type=submit]").click()
        expect(page.locator("table tbody tr")).to_have_count(4)
        expect(page.locator("select[name=program] option:checked")).to_have_text("6B06101 Information Systems")
        with page.expect_navigation():
            page.locator("#language-form button[value=ru]").click()
        expect(page.locator("select[name=program] option:checked")).to_have_text("6B06101 Информационные системы")
        expect(page.locator("#mainnav .dropdown-toggle", has_text="Люди")).to_be_visible()
    finally:
        context.close()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(language: str, browser: Browser, live_url: str, staff_user: Any, students: list[Any]) -> None:
    staff_user("cc", first_name="Aliya", last_name="Sarsenova")
    folder = shots_dir("l")
    folder.mkdir(parents=True, exist_ok=True)
    for width, height, pages in ((1366, 900, ("home", "graduates")), (390, 844, ("home",))):
        context, page = signed_in(browser, live_url, "cc", language, width=width, height=height)
        try:
            for name in pages:
                response = page.goto({"home": "/", "graduates": "/org/graduates/"}[name])
                assert response is not None and response.status == 200
                assert page.locator("html").get_attribute("lang") == language
                page.screenshot(path=str(folder / f"{language}-{name}-{width}.png"), full_page=True)
        finally:
            context.close()
