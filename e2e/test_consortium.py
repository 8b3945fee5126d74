"""The consortium page (#18) in the browser: the ministry's login lands on it, sees two universities side by side
with small figures suppressed, picks a cohort, downloads the XLSX, and finds every other page closed. The
screenshots test (marked `screenshots`) photographs it in kk, ru and en at 1366 px."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import E2E_PASSWORD, shots_dir

pytestmark = pytest.mark.browser


def _consortium(org: dict[str, Any]) -> Any:
    from mansap.common.testing import make_student
    from mansap.core.models import Consortium, Department, EducationalProgram, Faculty, Institution, User
    from mansap.graduates.models import EmploymentRecord

    second = Institution.objects.create(
        code="ZHSU", short_name="ZhSU", name_kk="Жетісу университеті", name_ru="Жетысуский университет",
        name_en="Zhetysu University",
    )  # fmt: skip
    faculty = Faculty.objects.create(institution=second, code="ENG", name_kk="И", name_ru="И", name_en="Engineering")
    department = Department.objects.create(faculty=faculty, code="CE", name_kk="Қ", name_ru="С", name_en="Civil")
    program = EducationalProgram.objects.create(
        code="6B07301", level="bachelor", name_kk="Құрылыс", name_ru="Строительство", name_en="Civil engineering",
        department=department,
    )  # fmt: skip
    for year in (2024, 2025):
        for n in range(13):  # KazUTB: 13 a cohort, 8 employed by specialty, 5 unknown
            student = make_student(org["program"], graduation_date=dt.date(year, 6, 25))
            if n < 8:
                EmploymentRecord.objects.create(
                    graduate=student, status="employed_specialty", started_on=dt.date(year, 9, 1),
                    channel="telephone", salary=300_000 + n * 10_000,
                )  # fmt: skip
        for _n in range(3):  # ZhSU: 3 a cohort, too few to show
            make_student(program, graduation_date=dt.date(year, 6, 25))
    consortium = Consortium.objects.create(
        name_kk="Ғылым және жоғары білім министрлігі", name_ru="Министерство науки и высшего образования",
        name_en="Ministry of Science and Higher Education",
    )  # fmt: skip
    consortium.institutions.set([org["institution"], second])
    ministry = User.objects.create_user("ministry", password=E2E_PASSWORD, first_name="Asel")
    consortium.members.add(ministry)
    return ministry


def test_the_ministry_sees_two_universities_side_by_side_and_nothing_else(
    page: Page, login: Any, org: dict[str, Any]
) -> None:
    ministry = _consortium(org)
    login(ministry)
    expect(page).to_have_url(re.compile(r"/employment/consortium/"))
    table = page.locator("#consortium-table")
    expect(table.locator("th[data-column=KAZUTB]")).to_be_visible()
    expect(table.locator("th[data-column=ZHSU]")).to_be_visible()
    cohort_row = table.locator("tr[data-figure=cohort] td")
    expect(cohort_row).to_have_text(["13", "< 5", "< 5"])  # the total would give ZhSU's 3 back
    page.locator("#id_cohort").select_option("2024")
    page.locator("#consortium-filters button[type=submit]").click()
    expect(page.locator("#consortium-caption")).to_contain_text("2024")
    expect(table.locator("tr[data-figure=employment_rate] td").first).to_have_text("61.5%")
    with page.expect_download() as download:
        page.locator("a[href*='consortium/export.xlsx']").click()
    assert download.value.suggested_filename.endswith(".xlsx")
    response = page.goto("/employment/journal/")
    assert response is not None and response.status == 404


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_consortium_screenshots(language: str, page: Page, live_url: str, login: Any, org: dict[str, Any]) -> None:
    ministry = _consortium(org)
    login(ministry)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    page.goto("/employment/consortium/?cohort=2025&as_of=2026-06-30")
    page.wait_for_load_state("networkidle")
    folder = shots_dir("consortium")
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{language}-consortium.png"), full_page=True)
    assert page.locator("html").get_attribute("lang") == language
