"""API tokens through a real browser: create one on the tokens page, call the API with it, revoke it."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def api_status(url: str, key: str) -> tuple[int, Any]:
    """GET with the token only (no session cookie): the status and the JSON body."""
    request = urllib.request.Request(url, headers={"Authorization": f"Token {key}", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_create_use_and_revoke_a_token(
    page: Page, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    login(staff_user("aigerim", role="department"))

    # The user menu leads to the page.
    page.locator("a.dropdown-toggle[title]").click()
    with page.expect_navigation():
        page.locator(".dropdown-menu-end a[href='/accounts/tokens/']").click()
    expect(page.locator("h1")).to_have_text("API tokens")

    form = page.locator("main form[novalidate]")
    form.locator("input[name=name]").fill("Nightly export")
    form.locator("input[name=days]").fill("30")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()

    key = page.locator("#new-token-key").input_value()
    assert len(key) == 64
    page.locator("[data-copy-from='#new-token-key']").click()
    expect(page.locator("[data-copy-from='#new-token-key']")).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == key

    status, body = api_status(f"{live_url}/api/v1/students/", key)
    assert status == 200
    assert body["count"] == len(students)  # the department's students, as on the pages

    # The list shows the token by name and first characters, never the key again once left.
    page.goto("/accounts/tokens/")
    row = page.locator("#api-tokens tr", has_text="Nightly export")
    expect(row).to_contain_text(key[:8])
    assert key not in page.content()

    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        row.locator("button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("Nightly export")
    expect(page.locator("#api-tokens")).to_have_count(0)

    status, _body = api_status(f"{live_url}/api/v1/students/", key)
    assert status == 401
