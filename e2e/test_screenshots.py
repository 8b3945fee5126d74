"""Full-page screenshots of the main pages in Kazakh, Russian and English (`make screenshots`).

Not part of `make test`: the PNGs in screenshots/<lang>-<page>.png are for people
to look at. A page that does not answer 200 is still photographed, then reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from e2e.conftest import shoot_pages

pytestmark = [pytest.mark.browser, pytest.mark.screenshots]

SCREENSHOTS_DIR = Path(__file__).resolve().parent.parent / "screenshots"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(staff_user("cc", first_name="Aliya", last_name="Sarsenova"))
    pages = {
        "home": "/",
        "students": "/org/students/",
        "graduates": "/org/graduates/",
        "student": f"/org/students/{students[0].pk}/",
        "programs": "/org/programs/",
        "import": "/org/imports/new/",
    }
    problems = shoot_pages(page, pages, SCREENSHOTS_DIR, language)
    assert not problems, f"screenshots taken, but: {problems}"
