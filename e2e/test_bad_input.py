"""A bad filter value or a NUL in an address: the page says what is wrong (400), never a server error (#11)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_a_bad_filter_value_is_named_above_an_empty_list(
    page: Page, staff_user: Any, login: Any, students: list[Any]
) -> None:
    login(staff_user("cc"))
    response = page.goto("/org/graduates/?cohort=0")
    assert response is not None and response.status == 400
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Cohort:")
    expect(alert).to_contain_text("Select a valid choice. 0 is not one of the available choices.")
    expect(page.locator("#id_cohort")).to_have_class("form-select form-select-sm is-invalid")
    expect(page.get_by_text("Nothing matches these filters.")).to_be_visible()

    # Choosing a valid cohort from the same form lists the graduates again.
    page.locator("#id_cohort").select_option("")
    with page.expect_navigation():
        page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("alert")).to_have_count(0)
    expect(page.locator("table tbody tr").first).to_be_visible()


def test_a_nul_in_the_address_answers_the_400_page(page: Page, staff_user: Any, login: Any) -> None:
    login(staff_user("cc"))
    response = page.goto("/org/students/?q=%00")
    assert response is not None and response.status == 400
    expect(page.get_by_role("heading", name="The request was refused")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_text("The request holds a NUL character, which no field may contain.")
    with page.expect_navigation():
        page.get_by_role("link", name="Go to the home page").click()
    assert page.url.endswith("/")
