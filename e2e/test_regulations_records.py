"""The register's second slice (issue #17) in the browser: a department's staff member acknowledges a document in
force; the quality department sees on the familiarization status page who has read it and who is overdue,
registers a change and issues a working copy, and downloads a control sheet (PDF and DOCX). Screenshots of the new
pages in kk, ru and en (1366 px) in $MANSAP_SHOTS_DIR/reg17b."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import shoot_pages, shots_dir

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("reg17b")


def test_acknowledge_then_the_status_page_a_change_a_copy_and_a_sheet(
    page: Page, live_url: str, staff_user: Any, login: Any
) -> None:
    from django.utils import timezone

    from mansap.core.choices import Role
    from mansap.regulations.models import Assignment, ChangeRecord, WorkingCopy
    from mansap.regulations.services.familiarization import assign
    from mansap.regulations.tests.factories import document, in_force

    cc = staff_user("cc", role=Role.CAREER_CENTER, first_name="Gulnar", last_name="Sapar")
    reader = staff_user("aigerim", role=Role.DEPARTMENT, first_name="Aigerim", last_name="Abenova")
    other = staff_user("bolat", role=Role.DEPARTMENT, first_name="Bolat", last_name="Nurov")
    institution = cc.memberships.get().institution
    doc = document(institution, code="KazUTB-CC-RPA-7.2-2025-02", title_ru="Правила практики",
                   title_en="Practice rules", owner=cc)  # fmt: skip
    in_force(doc, dt.date(2025, 6, 18))
    assign(doc, acting_user=None, role=Role.DEPARTMENT, days_to_acknowledge=10)
    Assignment.objects.update(created_at=timezone.now() - dt.timedelta(days=30))

    login(reader)
    page.goto(f"/regulations/{doc.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name="I have read version 1.0").click()
    expect(page.locator("#document-familiarization")).to_contain_text("You have acknowledged version 1.0.")

    page.context.clear_cookies()
    login(cc)
    page.goto(f"/regulations/{doc.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Who has read it").click()
    table = page.locator("#familiarization-status")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("Bolat")
    expect(table).not_to_contain_text("Aigerim")
    expect(page.locator("#familiarization-totals")).to_contain_text("Overdue: 1")

    page.goto(f"/regulations/{doc.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Register a change").click()
    page.locator("input[name=notice_number]").fill("3")
    page.locator("input[name=sheets_replaced]").fill("5, 6")
    page.locator("input[name=total_sheets]").fill("14")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("#document-changes tbody tr")).to_have_count(1)
    assert list(ChangeRecord.objects.values_list("number", "sheets_replaced")) == [(1, "5, 6")]

    with page.expect_navigation():
        page.get_by_role("link", name="Issue a working copy").click()
    page.locator("input[name=recipient_name]").fill("Student Service Center")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("#document-copies tbody tr")).to_have_count(1)
    assert WorkingCopy.objects.get().number == 1

    for sheet, fmt, kind in (("changes-ru-pdf", "pdf", "application/pdf"),
                             ("approval-kk-docx", "docx", "wordprocessingml")):  # fmt: skip
        href = page.locator(f"a[data-sheet={sheet}]").get_attribute("href")
        assert href
        response = page.request.get(href)
        assert response.status == 200 and kind in response.headers["content-type"], (sheet, fmt)
    assert other.pk


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(language: str, page: Page, live_url: str, staff_user: Any, login: Any) -> None:
    from mansap.core.choices import Role
    from mansap.regulations.demo import seed
    from mansap.regulations.models import Document

    cc = staff_user("cc", role=Role.CAREER_CENTER, first_name="Gulnar", last_name="Sapar")
    for name, first in (("aigerim", "Aigerim"), ("bolat", "Bolat"), ("dana", "Dana")):
        staff_user(name, role=Role.DEPARTMENT, first_name=first, last_name="Nurova")
    institution = cc.memberships.get().institution
    seed(institution, rng=random.Random(1), today=dt.date.today())
    ssc = Document.objects.get(code="ПСП 11-02.112-2022")
    copy = ssc.copies.filter(withdrawn_on__isnull=True).first()
    assert copy is not None
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(cc)
    pages = {
        "document-ssc": f"/regulations/{ssc.pk}/",
        "familiarization-status": "/regulations/familiarization/",
        "change-add": f"/regulations/{ssc.pk}/changes/add/",
        "copy-add": f"/regulations/{ssc.pk}/copies/add/",
        "copy-withdraw": f"/regulations/copies/{copy.pk}/withdraw/",
        "assign": f"/regulations/{ssc.pk}/assign/",
    }
    problems = shoot_pages(page, pages, SHOTS_DIR, language)
    # The four control sheets as PDF, turned to PNG to be read (pdftoppm).
    for sheet in ("approval", "familiarization", "changes", "reviews"):
        response = page.request.get(f"/regulations/{ssc.pk}/sheets/{sheet}/{language}/pdf/")
        if response.status != 200:
            problems.append(f"{sheet} {language} answered {response.status}")
            continue
        pdf = SHOTS_DIR / f"{language}-sheet-{sheet}.pdf"
        pdf.write_bytes(response.body())
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", str(pdf), str(pdf.with_suffix(""))],
                       check=True)  # fmt: skip
    assert not problems, problems
