"""The Student Service Center's session results and summary record sheet (issue #14; R-096, R-115, R-121): open the
session results, filter a term, download the XLSX; open a group's summary record sheet. Screenshots of both pages
and their PDFs (turned to PNG with pdftoppm) in kk, ru and en in screenshots/session14/."""

from __future__ import annotations

import subprocess
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from e2e.conftest import shoot_pages, shots_dir

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("session14")
YEAR = "2024-2025"


def _grades(students: list[Any]) -> None:
    """Term 1 of 2024-2025: A B FX C B- F C (F retaken in the summer: C) → 5 of 7 passed, 3 of 7 A to B-,
    average 14.17 / 7 = 2.02; the debt: Bekov's MAT101 FX."""
    from mansap.academics.models import Course, Grade

    institution = students[0].institution
    math = Course.objects.create(institution=institution, code="MAT101", credits=5, name_kk="Математика",
                                 name_ru="Математика", name_en="Mathematics")  # fmt: skip
    phys = Course.objects.create(institution=institution, code="PHY101", credits=3, name_kk="Физика",
                                 name_ru="Физика", name_en="Physics")  # fmt: skip
    abenova, bekov, dauletova, yesenov = students[:4]
    rows = [
        (abenova, math, "1", "A", "regular"), (abenova, phys, "1", "B", "regular"),
        (bekov, math, "1", "FX", "regular"), (bekov, phys, "1", "C", "regular"),
        (dauletova, math, "1", "B-", "regular"), (dauletova, phys, "1", "F", "regular"),
        (dauletova, phys, "summer", "C", "summer"), (yesenov, math, "1", "C", "regular"),
    ]  # fmt: skip
    for student, course, term, letter, attempt in rows:
        Grade.objects.create(student=student, course=course, academic_year=YEAR, term=term, letter=letter,
                             attestation="exam", attempt=attempt)  # fmt: skip


def test_session_results_filter_download_and_the_summary_sheet(
    page: Page, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.core.choices import Role

    _grades(students)
    login(staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova"))
    page.goto("/")
    page.locator(".nav-link.dropdown-toggle", has_text="Academics").click()
    with page.expect_navigation():
        page.get_by_role("link", name="Session results").click()
    page.locator("#session-term").select_option("summer")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    expect(page.locator("#session-figures")).to_contain_text("100.0%")  # the summer C
    page.locator("#session-term").select_option("1")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    figures = page.locator("#session-figures")
    expect(figures).to_contain_text("71.4%")
    expect(figures).to_contain_text("42.9%")
    expect(figures).to_contain_text("2.02")
    debts = page.locator("#session-debts tbody tr")
    expect(debts).to_have_count(1)
    expect(debts.first).to_contain_text("Bekov Bolat")
    expect(debts.first).to_contain_text("FX")

    with page.expect_download() as download:
        page.locator("#session-xlsx").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    workbook = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    figures_sheet = {row[0]: row[1] for row in workbook.worksheets[0].iter_rows(values_only=True) if row and row[0]}
    assert figures_sheet["Absolute performance"] == pytest.approx(0.7143)
    assert [row[4] for row in workbook.worksheets[2].iter_rows(values_only=True)] == ["Course code", "MAT101"]

    page.goto("/academics/summary-sheet/")
    with page.expect_navigation():
        page.locator("#sheet-groups a", has_text="IS-22-1").first.click()
    sheet = page.locator("#summary-sheet")
    expect(sheet.locator("thead")).to_contain_text("MAT101")
    abenova = sheet.locator("tbody tr", has_text="Abenova Aigerim")
    expect(abenova.locator("[data-gpa]")).to_have_text("3.63")  # (5 × 4.00 + 3 × 3.00) / 8 = 3.625 → 3.63
    expect(sheet.locator("tbody tr", has_text="Dauletova Dana")).to_contain_text("C")  # the retake's letter


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.core.choices import Role

    _grades(students)
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova"))
    sheet = f"?program={students[0].program_id}&admission_year=2022&group=IS-22-1"
    pages = {
        "session": f"/academics/session/?year={YEAR}&term=1",
        "sheet-groups": "/academics/summary-sheet/",
        "sheet": f"/academics/summary-sheet/{sheet}",
    }
    problems = shoot_pages(page, pages, SHOTS_DIR, language)
    for name, url in (
        ("session-pdf", f"/academics/session/results.pdf?year={YEAR}&term=1&lang={language}"),
        ("sheet-pdf", f"/academics/summary-sheet/sheet.pdf{sheet}&lang={language}"),
    ):
        answer = page.request.get(url)
        assert answer.ok and answer.body().startswith(b"%PDF"), url
        target = SHOTS_DIR / f"{language}-{name}.pdf"
        target.write_bytes(answer.body())
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(target), str(target.with_suffix(""))], check=True)
    assert not problems, problems
