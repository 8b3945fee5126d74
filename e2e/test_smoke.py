"""Smoke test through a real browser: log in, import graduates from XLSX, see them listed, switch language."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

GRADUATES = [
    ("Aitkaliyeva", "Aruzhan", "F", dt.date(2002, 3, 14)),
    ("Baimukhanov", "Daniyar", "M", dt.date(2001, 11, 2)),
    ("Seitkali", "Madina", "F", dt.date(2002, 7, 25)),
]


def graduates_xlsx(path: Path) -> Path:
    from openpyxl import Workbook

    from mansap.common.identifiers import make_iin

    book = Workbook()
    sheet = book.active
    sheet.append(["iin", "last_name", "first_name", "program_code", "graduation_date", "sex", "birth_date"])
    for serial, (last, first, sex, born) in enumerate(GRADUATES, start=1):
        sheet.append([make_iin(born, sex, serial), last, first, "6B06101", dt.date(2025, 6, 30), sex, born])
    book.save(path)
    return path


def test_login_page_renders_with_css(page: Page, live_url: str, transactional_db: None) -> None:
    response = page.goto("/accounts/login/")
    assert response is not None and response.status == 200
    expect(page.locator("input[name=username]")).to_be_visible()
    expect(page.locator("input[name=password]")).to_be_visible()
    css = page.request.get(f"{live_url}/static/vendor/bootstrap/bootstrap.min.css")
    assert css.status == 200
    assert "bootstrap" in css.text()[:400].lower()
    # The stylesheet is linked by the page and applied (Bootstrap resets the body margin).
    assert page.locator("link[href*='bootstrap.min.css']").count() >= 1
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"


def test_career_center_imports_graduates(page: Page, staff_user: Any, login: Any, tmp_path: Path) -> None:
    login(staff_user("cc"))

    page.goto("/org/imports/new/")
    page.locator("input[type=file]").set_input_files(str(graduates_xlsx(tmp_path / "graduates.xlsx")))
    with page.expect_navigation():
        page.locator("form").filter(has=page.locator("input[type=file]")).locator(
            "button[type=submit], input[type=submit]"
        ).first.click()
    expect(page).to_have_url(re.compile(r"/org/imports/\d+/$"))

    # The check runs in huey's immediate mode under pytest, so it is done by now;
    # the page may still poll (htmx) and reload once.
    confirm = page.locator("form[action$='/confirm/'] button, form[action$='/confirm/'] input[type=submit]").filter(
        has_text=re.compile("Import")
    )
    expect(confirm.first).to_be_visible(timeout=30_000)
    with page.expect_navigation():
        confirm.first.click()  # the import also runs inline, within this request
    expect(page).to_have_url(re.compile(r"/org/imports/\d+/$"))
    expect(confirm).to_have_count(0)

    page.goto("/org/graduates/")
    for last, first, _sex, _born in GRADUATES:
        expect(page.get_by_text(last).first).to_be_visible()
        expect(page.get_by_text(first).first).to_be_visible()


def test_language_switch(page: Page, staff_user: Any, login: Any) -> None:
    login(staff_user("cc"))
    html = page.locator("html")
    expect(html).to_have_attribute("lang", "en")  # the browser asks for en-US
    for language in ("kk", "ru", "en"):
        # The navbar form POSTs `language` to /i18n/setlang/ (one submit button per language).
        page.locator(f"form[action$='/i18n/setlang/'] button[name=language][value={language}]").click()
        expect(html).to_have_attribute("lang", language)
    # The choice sticks across pages.
    page.goto("/org/students/")
    expect(html).to_have_attribute("lang", "en")
