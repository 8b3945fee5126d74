"""The practice cycle in the browser: the student writes a diary entry (htmx, no reload), then the
company supervisor opens the signed link on a phone and submits the evaluation once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import E2E_PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def placement(org: dict[str, Any], students: list[Any]) -> Any:
    from django.utils import timezone

    from mansap.core.models import User
    from mansap.practice.tests.factories import make_base, make_placement, make_practice

    today = timezone.localdate()
    practice = make_practice(org["program"], starts_on=today - dt.timedelta(days=10))
    base = make_base(org["institution"], programs=[org["program"]])
    student = students[0]
    student.user = User.objects.create_user(username="abenova", password=E2E_PASSWORD, first_name="Aigerim")
    student.save()
    return make_placement(practice, student, base, company_supervisor_name="Serik Akhmetov")


def test_student_diary_and_company_link(
    page: Page, browser: Browser, live_url: str, login: Callable[[Any], Page], placement: Any
) -> None:
    from django.utils import timezone

    from mansap.practice.models import DiaryEntry, Placement
    from mansap.practice.services import links as tokens

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(placement.student.user)
    page.goto("/practice/my/")
    expect(page.locator("#diary")).to_be_visible()
    page.locator("#diary-add input[name=day]").fill(timezone.localdate().isoformat())
    page.locator("#diary-add textarea[name=work_done]").fill("Set up the development environment")
    page.locator("#diary-add button[type=submit]").click()
    expect(page.locator("#diary-entries")).to_contain_text("Set up the development environment")
    assert DiaryEntry.objects.filter(placement=placement).count() == 1
    # A date in the future is refused in place
    page.locator("#diary-add input[name=day]").fill((timezone.localdate() + dt.timedelta(days=3)).isoformat())
    page.locator("#diary-add textarea[name=work_done]").fill("Plans")
    page.locator("#diary-add button[type=submit]").click()
    expect(page.locator("#diary-add .invalid-feedback")).to_be_visible()
    assert DiaryEntry.objects.filter(placement=placement).count() == 1

    # The company supervisor, on a phone, without an account
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="ru-RU", base_url=live_url, is_mobile=True, has_touch=True
    )
    phone = context.new_page()
    phone.on("pageerror", lambda error: errors.append(str(error)))
    try:
        url = tokens.link_path(placement, "ru")
        phone.goto(url)
        expect(phone.locator("html")).to_have_attribute("lang", "ru")
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        practice = placement.practice
        phone.locator("input[name=safety_briefing_on]").fill(practice.starts_on.isoformat())
        phone.locator("textarea[name=characterization]").fill(
            "Responsible and punctual; learned our tools quickly and finished every task on time."
        )
        phone.locator("input[name=company_report_score]").fill("92")
        with phone.expect_navigation():
            phone.locator("#company-form button[type=submit]").click()
        expect(phone.locator("#company-done")).to_be_visible()
        saved = Placement.objects.get(pk=placement.pk)
        assert saved.company_report_score == 92 and saved.company_submitted_at is not None
        phone.goto(url)
        expect(phone.locator("#company-error")).to_have_attribute("data-reason", "used")
    finally:
        context.close()
    assert errors == []
