"""The register of regulations' main path (issue #17): the quality department registers a document with a
version and a Russian file, puts it in force; a department's staff member finds it by a Russian word and downloads
it (logged: the document is internal); a student gets 404 for it. Screenshots of the register's pages in kk, ru
and en (1366 px; the public register also at 390 px) in screenshots/reg17/ (or $MANSAP_SHOTS_DIR/reg17)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import E2E_PASSWORD, shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("reg17")


def test_register_put_in_force_find_and_download(
    page: Page, browser: Any, live_url: str, staff_user: Any, login: Any, students: list[Any], tmp_path: Path
) -> None:
    from mansap.common.demo import tiny_pdf
    from mansap.core.choices import Role
    from mansap.core.models import User
    from mansap.regulations.models import Document, DownloadLog

    login(staff_user("cc", role=Role.CAREER_CENTER, first_name="Gulnar", last_name="Sapar"))
    page.goto("/regulations/")
    with page.expect_navigation():
        page.get_by_role("link", name="Register a document").click()
    page.locator("input[name=code]").fill("KazUTB-CC-INS-7.5-2026-03")
    page.locator("select[name=type]").select_option("instruction")
    page.locator("input[name=title_ru]").fill("Инструкция по оформлению дневника практики")
    page.locator("input[name=title_kk]").fill("Практика күнделігін рәсімдеу жөніндегі нұсқаулық")
    page.locator("select[name=classification]").select_option("internal")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("KazUTB-CC-INS-7.5-2026-03")

    pdf = tmp_path / "instruction.pdf"
    pdf.write_bytes(tiny_pdf("Instruction"))
    with page.expect_navigation():
        page.get_by_role("link", name="New version").click()
    page.locator("input[name=approved_by_position]").fill("Rector")
    page.locator("input[name=approved_by_name]").fill("L.K. Baibolova")
    page.locator("input[name=approved_on]").fill("2026-09-01")
    page.locator("input[name=file_ru]").set_input_files(str(pdf))
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("#document-versions tbody tr")).to_have_count(1)
    for target, date in (("in_agreement", ""), ("approved", ""), ("in_force", "2026-09-01")):
        with page.expect_navigation():
            page.locator("#document-versions").get_by_role("link", name="Change status").click()
        page.locator("select[name=target]").select_option(target)
        if date:
            page.locator("input[name=on]").fill(date)
        with page.expect_navigation():
            page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("in force")
    expect(page.locator("#next-review")).to_contain_text("01.09.2029")
    document = Document.objects.get(code="KazUTB-CC-INS-7.5-2026-03")
    assert document.status == "in_force"

    reader = staff_user("aigerim", role=Role.DEPARTMENT)
    page.context.clear_cookies()
    login(reader)
    page.goto("/regulations/")
    page.locator("input[name=q]").fill("дневника")
    with page.expect_navigation():
        page.locator("input[name=q]").press("Enter")
    expect(page.locator("table tbody tr")).to_have_count(1)
    with page.expect_navigation():
        page.get_by_role("link", name="KazUTB-CC-INS-7.5-2026-03").click()
    link = page.locator("#document-versions").get_by_role("link", name="ru")
    href = link.get_attribute("href")
    assert href
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert list(DownloadLog.objects.values_list("user__username", "language")) == [("aigerim", "ru")]

    student = students[0]
    student.user = User.objects.create_user(username="aigerim.abenova", password=E2E_PASSWORD)
    student.save()
    context, phone = signed_in(browser, live_url, "aigerim.abenova", "en")
    answer = phone.goto(href)
    assert answer is not None and answer.status == 404
    context.close()
    assert DownloadLog.objects.count() == 1


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(language: str, page: Page, browser: Any, live_url: str, staff_user: Any, login: Any) -> None:
    from mansap.regulations.demo import seed
    from mansap.regulations.models import Document

    cc = staff_user("cc", first_name="Gulnar", last_name="Sapar")
    institution = cc.memberships.get().institution
    import random

    seed(institution, rng=random.Random(1), today=dt.date(2026, 12, 6))
    ssc = Document.objects.get(code="ПСП 11-02.112-2022")
    form = Document.objects.get(code="KazUTB-CC-F-7.5-2025-04")
    draft = form.versions.get(major=2)
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(cc)
    pages = {
        "register": "/regulations/",
        "register-overdue": "/regulations/?overdue=true",
        "document-ssc": f"/regulations/{ssc.pk}/",
        "document-form": f"/regulations/{form.pk}/",
        "document-new": "/regulations/add/",
        "version-new": f"/regulations/{form.pk}/versions/add/",
        "transition": f"/regulations/versions/{draft.pk}/status/",
        "review": f"/regulations/{ssc.pk}/reviews/add/",
        "import": "/regulations/import/",
    }
    problems = shoot_pages(page, pages, SHOTS_DIR, language)
    page.locator("nav .dropdown-toggle").filter(
        has_text={"kk": "Сапа", "ru": "Качество", "en": "Quality"}[language]
    ).first.click()
    page.screenshot(path=str(SHOTS_DIR / f"{language}-menu.png"))
    for width, height, suffix in ((1366, 900, ""), (390, 844, "-390")):
        context = browser.new_context(base_url=live_url, viewport={"width": width, "height": height})
        context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
        public = context.new_page()
        response = public.goto("/regulations/public/")
        public.wait_for_load_state("networkidle")
        public.screenshot(path=str(SHOTS_DIR / f"{language}-public{suffix}.png"), full_page=True)
        if response is None or response.status != 200:
            problems.append("public register answered " + str(response.status if response else None))
        expect(public.locator("#public-documents")).to_contain_text("KazUTB-CC-RPA-7.2-2025-02")
        expect(public.locator("#public-documents")).not_to_contain_text("ПСП 11-02.112-2022")
        context.close()
    assert not problems, problems
