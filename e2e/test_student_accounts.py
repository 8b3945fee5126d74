"""Issue #12 in the browser: the Career Center invites a student, the student sets the password from the
e-mail, logs in and writes in their practice diary; a student claims their login on the public page.

With SHOTS_DIR set (e.g. SHOTS_DIR=/work/wt/shots/students12), the pages are also photographed in kk, ru and
en (1366 px; the student's and the public pages at 390 px too)."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import E2E_PASSWORD

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ["SHOTS_DIR"]) if os.environ.get("SHOTS_DIR") else None


def shoot(browser: Browser, live_url: str, name: str, url: str, *, user: Any = None, mobile: bool = False,
          post: dict[str, str] | None = None) -> None:  # fmt: skip
    """Photograph a page in kk, ru and en (at 1366 px, and 390 px when `mobile`), logged in as `user`."""
    if SHOTS is None:
        return
    from django.conf import settings

    SHOTS.mkdir(parents=True, exist_ok=True)
    widths = [1366, 390] if mobile else [1366]
    for language in ("kk", "ru", "en"):
        for width in widths:
            context = browser.new_context(viewport={"width": width, "height": 900}, base_url=live_url)
            page = context.new_page()
            if user is not None:
                page.goto("/accounts/login/")
                page.locator("input[name=username]").fill(user.username)
                page.locator("input[name=password]").fill(E2E_PASSWORD)
                with page.expect_navigation():
                    page.locator("form button[type=submit]").last.click()
            context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_url}])
            page.goto(url)
            if post:
                for field, value in post.items():
                    page.locator(f"[name={field}]").fill(value)
                with page.expect_navigation():
                    page.locator("main form button[type=submit]").first.click()
            page.screenshot(path=str(SHOTS / f"{name}-{language}-{width}.png"), full_page=True)
            context.close()


@pytest.fixture
def practice_in_progress(org: dict[str, Any], students: list[Any]) -> Any:
    from django.utils import timezone

    from mansap.practice.tests.factories import make_base, make_placement, make_practice

    student = students[0]
    student.email = "aigerim.abenova@example.kz"
    student.study_language = "ru"
    student.save()
    practice = make_practice(org["program"], starts_on=timezone.localdate() - dt.timedelta(days=3))
    base = make_base(org["institution"], programs=[org["program"]])
    return make_placement(practice, student, base, company_supervisor_name="Serik Akhmetov")


def link_in(body: str) -> str:
    found = re.search(r"https?://\S+", body)
    assert found is not None, body
    return found.group(0)


def test_invite_set_password_log_in_and_write_the_diary(
    page: Page, browser: Browser, live_url: str, login: Callable[..., Page], staff_user: Any,
    practice_in_progress: Any,
) -> None:  # fmt: skip
    from django.core import mail
    from django.utils import timezone

    from mansap.practice.models import DiaryEntry

    student = practice_in_progress.student
    cc = staff_user("cc", first_name="Gulnar", last_name="Akhmetova")
    shoot(browser, live_url, "student-page-staff", f"/org/students/{student.pk}/", user=cc)
    shoot(browser, live_url, "students-invite-list", "/org/students/invite/?status=studying", user=cc)
    login(cc)
    page.goto(f"/org/students/{student.pk}/")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.locator("#student-login button[type=submit]").click()
    expect(page.locator(".alert-success")).to_contain_text("aigerim.abenova@example.kz")
    expect(page.locator("#student-login")).to_contain_text("Has a login")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["aigerim.abenova@example.kz"]
    assert "Здравствуйте" in mail.outbox[0].body  # the student's language

    # The student, on a phone, follows the e-mailed link, sets a password and logs in.
    context = browser.new_context(viewport={"width": 390, "height": 844}, base_url=live_url, locale="ru-RU")
    phone = context.new_page()
    try:
        phone.goto(link_in(mail.outbox[0].body))
        password = "Abenova-Diary-2026"
        phone.locator("input[name=new_password1]").fill(password)
        phone.locator("input[name=new_password2]").fill(password)
        with phone.expect_navigation():
            phone.locator("main form button[type=submit]").click()
        phone.goto("/accounts/login/")
        phone.locator("input[name=username]").fill("aigerim.abenova@example.kz")
        phone.locator("input[name=password]").fill(password)
        with phone.expect_navigation():
            phone.locator("main form button[type=submit]").click()
        assert "/accounts/login/" not in phone.url
        phone.goto("/practice/my/")
        expect(phone.locator("#diary")).to_be_visible()
        phone.locator("#diary-add input[name=day]").fill(timezone.localdate().isoformat())
        phone.locator("#diary-add textarea[name=work_done]").fill("Изучил структуру отдела")
        phone.locator("#diary-add button[type=submit]").click()
        expect(phone.locator("#diary-entries")).to_contain_text("Изучил структуру отдела")
        assert DiaryEntry.objects.filter(placement=practice_in_progress).count() == 1
        assert phone.evaluate("document.documentElement.scrollWidth") <= 390
        # My data: no link to a page the student may not open.
        phone.goto(f"/org/students/{student.pk}/")
        hrefs = phone.locator("main a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert not [h for h in hrefs if h and h.startswith(("/org/programs/", "/org/employees/", "/org/students/"))]
    finally:
        context.close()
    student.refresh_from_db()
    student.user.set_password(E2E_PASSWORD)  # the screenshots log in with the shared test password
    student.user.save()
    shoot(browser, live_url, "my-data-student", f"/org/students/{student.pk}/", user=student.user, mobile=True)


def test_claim_the_login_on_the_public_page(page: Page, browser: Browser, live_url: str, students: list[Any]) -> None:
    from django.core import mail

    student = students[1]
    student.email = "bolat.bekov@example.kz"
    student.save()
    shoot(browser, live_url, "claim", "/accounts/claim/", mobile=True)
    shoot(browser, live_url, "claim-done", "/accounts/claim/", mobile=True,
          post={"iin": "990101300123", "email": "nobody@example.kz"})  # fmt: skip
    mail.outbox.clear()
    page.goto("/accounts/login/")
    with page.expect_navigation():
        page.locator("a[href='/accounts/claim/']").click()
    page.locator("input[name=iin]").fill(student.iin)
    page.locator("input[name=email]").fill("Bolat.Bekov@example.kz")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#claim-account-done")).to_be_visible()
    assert [m.to for m in mail.outbox] == [["bolat.bekov@example.kz"]]
    page.goto(link_in(mail.outbox[0].body))
    expect(page.locator("input[name=new_password1]")).to_be_visible()
    # A miss answers the same page and sends nothing.
    page.goto("/accounts/claim/")
    page.locator("input[name=iin]").fill(student.iin)
    page.locator("input[name=email]").fill("someone.else@example.kz")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("#claim-account-done")).to_be_visible()
    assert len(mail.outbox) == 1
