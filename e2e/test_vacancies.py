"""The public vacancy board on a phone-sized screen: filter, open a vacancy, no console errors."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser


def test_public_board_on_a_phone(browser: Browser, live_url: str, org: dict[str, Any]) -> None:
    from django.utils import timezone

    from mansap.employers.models import Organization, Vacancy

    today = timezone.localdate()
    company = Organization.objects.create(
        institution=org["institution"], name_kk="Kaspi Bank", name_ru="Kaspi Bank", name_en="Kaspi Bank"
    )

    def vacancy(title: str, kind: str, status: str = "approved") -> Vacancy:
        created = Vacancy.objects.create(
            institution=org["institution"], organization=company, title=title, description="Python, Django, SQL",
            kind=kind, status=status, region="astana", city="Astana", salary_from=300000, salary_to=450000,
            published_on=today, expires_on=today + dt.timedelta(days=60),
        )  # fmt: skip
        created.programs.set([org["program"]])
        return created

    published = vacancy("Junior Python developer", "job")
    vacancy("Summer internship", "internship")
    vacancy("Draft vacancy", "job", status="draft")

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-US", base_url=live_url, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto("/vacancies/")
        cards = page.locator(".vacancy-card")
        expect(cards).to_have_count(2)
        expect(page.get_by_text("Draft vacancy")).to_have_count(0)
        # Nothing wider than the screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390

        page.locator("select[name=kind]").select_option("job")
        with page.expect_navigation():
            page.locator("#board-filters button[type=submit]").click()
        expect(cards).to_have_count(1)
        expect(page.get_by_text("Summer internship")).to_have_count(0)

        with page.expect_navigation():
            page.get_by_role("link", name="Junior Python developer").click()
        assert page.url.endswith(f"/vacancies/{published.pk}/")
        expect(page.locator("h1")).to_have_text("Junior Python developer")
        expect(page.get_by_text("Log in to apply")).to_be_visible()

        # The language switcher works for anonymous visitors (the menu collapses on a phone).
        page.locator(".navbar-toggler").click()
        with page.expect_navigation():
            page.locator("#language-form button[value=ru]").click()
        expect(page.locator("html")).to_have_attribute("lang", "ru")
        assert errors == [], errors
    finally:
        context.close()
