"""A student's pages fit a 1366 px screen in kk, ru and en: the bar once held eleven links (record, grades,
transcript, curriculum, orders, personal file, …) and the page grew to 1,606 px in English and 2,237 px in
Kazakh. The record and study pages are now one "My studies" menu, and a bar that still overflows wraps.
Screenshots under $MANSAP_SHOTS_DIR/student-menu."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from e2e.conftest import E2E_PASSWORD, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("student-menu")
STUDIES = {"kk": "Менің оқуым", "ru": "Моя учёба", "en": "My studies"}
TRANSCRIPT = {"kk": "Менің транскриптім", "ru": "Мой транскрипт", "en": "My transcript"}


def test_a_students_pages_fit_1366_px_and_the_studies_menu_opens(
    browser: Any, live_url: str, students: list[Any]
) -> None:
    from mansap.core.models import User

    student = students[0]
    student.user = User.objects.create_user(username="menu.student", password=E2E_PASSWORD, email="m@example.kz")
    student.save()
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    for language in ("kk", "ru", "en"):
        context, page = signed_in(browser, live_url, "menu.student", language, width=1366, height=800)
        for url in ("/", "/academics/my-transcript/", "/servicedesk/services/", "/servicedesk/my-requests/"):
            response = page.goto(url)
            assert response is not None and response.status == 200, f"{language} {url}: {response and response.status}"
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 1366, f"{language} {url}: the page is {width} px wide"
        page.screenshot(path=str(SHOTS_DIR / f"{language}-studies-menu.png"))
        page.get_by_role("button", name=STUDIES[language]).or_(page.get_by_role("link", name=STUDIES[language])).click()
        with page.expect_navigation():
            page.get_by_role("link", name=TRANSCRIPT[language]).click()
        expect(page).to_have_url(re.compile(r"/academics/records/\d+/transcript/$"))
        context.close()
