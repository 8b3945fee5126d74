"""The analytics page's filter through a real browser (#19): its options come from one query of values, rendered
without model instances; choosing a program and showing gives that program's figures; screenshots of the page in
kk, ru and en (1366 px) in screenshots/analytics/ (or $MANSAP_SHOTS_DIR/analytics/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import expect

from e2e.conftest import shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("analytics")
URL = "/employment/analytics/?cohort=2025&as_of=2026-03-15"


def _second_program(org: dict[str, Any], graduates: list[Any]) -> Any:
    """Program 6B06102 of the same department, with the last graduate moved to it and one graduate of 2024."""
    from mansap.core.models import EducationalProgram, Student

    program = EducationalProgram.objects.create(
        code="6B06102", level="bachelor", department=org["department"],
        name_kk="Информатика", name_ru="Информатика", name_en="Computer Science",
    )  # fmt: skip
    Student.objects.filter(pk=graduates[-1].pk).update(program=program)
    Student.objects.filter(pk=graduates[0].pk).update(graduation_date=dt.date(2024, 6, 28))
    return program


def test_filter_by_program(
    browser: Any, live_url: str, staff_user: Any, org: dict[str, Any], students: list[Any]
) -> None:
    program = _second_program(org, students[4:])
    staff_user("cc")
    context, page = signed_in(browser, live_url, "cc", "en", width=1366, height=900)
    try:
        page.goto(URL)
        expect(page.locator('[data-count="cohort"]')).to_have_text("3")  # graduates of 2025: 2 + 1
        expect(page.locator("select[name=cohort] option")).to_have_text(["2025", "2024"])
        options = page.locator("select[name=program] option")
        expect(options).to_have_text(["all", "6B06101 Information Systems", "6B06102 Computer Science"])
        page.locator("select[name=program]").select_option(str(program.pk))
        with page.expect_navigation():
            page.locator("#analytics-filters button[type=submit]").click()
        expect(page.locator('[data-count="cohort"]')).to_have_text("1")
        expect(page.locator("select[name=program]")).to_have_value(str(program.pk))
    finally:
        context.close()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, browser: Any, live_url: str, staff_user: Any, org: dict[str, Any], students: list[Any]
) -> None:
    from mansap.graduates.choices import Channel
    from mansap.graduates.services.records import record_employment

    _second_program(org, students[4:])
    for graduate, status in zip(students[5:], ("employed_specialty", "continuing_education"), strict=False):
        record_employment(
            graduate, acting_user=None, status=status, started_on=dt.date(2025, 8, 1), channel=Channel.TELEPHONE,
        )  # fmt: skip
    staff_user("cc")
    context, page = signed_in(browser, live_url, "cc", language, width=1366, height=900)
    try:
        problems = shoot_pages(page, {"analytics": URL}, SHOTS_DIR, language)
    finally:
        context.close()
    assert not problems, problems
