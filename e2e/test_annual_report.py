"""The registrar's annual report (issue #15, R-130), its main path in the browser: generate the draft of a year →
edit a section's text → save → issue → download the PDF and the DOCX; and screenshots of its pages in kk, ru and en
(1366 px) with its PDF in each language, in screenshots/annual15/ (MANSAP_SHOTS_DIR to move it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import shoot_pages, shots_dir

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("annual15")


def _year_with_orders(registrar: Any, students: list[Any]) -> None:
    from mansap.studentbody.services import orders

    institution = students[0].institution
    leave = orders.create_order(institution=institution, acting_user=registrar, number="118-С",
                                date=dt.date(2025, 10, 20), type="academic_leave", signatory="Ректор")  # fmt: skip
    orders.add_item(leave, student=students[0], acting_user=registrar, effective_date=dt.date(2025, 10, 21),
                    ground="illness")  # fmt: skip
    orders.sign_order(leave, acting_user=registrar)
    out = orders.create_order(institution=institution, acting_user=registrar, number="131-С",
                              date=dt.date(2026, 2, 1), type="expulsion", signatory="Ректор")  # fmt: skip
    orders.add_item(out, student=students[1], acting_user=registrar, effective_date=dt.date(2026, 2, 2),
                    ground="own_wish")  # fmt: skip
    orders.sign_order(out, acting_user=registrar)


def test_generate_edit_issue_and_download(page: Page, staff_user: Any, login: Any, students: list[Any]) -> None:
    from mansap.core.choices import Role
    from mansap.studentbody.models import AnnualReport

    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    _year_with_orders(registrar, students)
    login(registrar)
    page.goto("/studentbody/reports/annual/")
    form = page.locator("#annual-generate")
    form.locator("select[name=start_year]").select_option("2025")
    form.locator("select[name=language]").select_option("en")
    with page.expect_navigation():
        form.get_by_role("button", name="Generate").click()
    expect(page.locator("h1")).to_contain_text("Annual report 2025-2026")
    expect(page.locator("#section-movement")).to_contain_text("Departure: expulsion")
    expect(page.locator("#section-contingent textarea")).to_have_value(
        "On 01.09.2025 the contingent numbered 4 students studying and 0 on academic leave; on 31.08.2026, "
        "2 studying and 1 on academic leave."
    )
    page.locator("#section-conclusions textarea").fill("The year went as planned.")
    with page.expect_navigation():
        page.locator("#annual-save").click()
    expect(page.locator("#section-conclusions")).to_contain_text("edited")
    with page.expect_navigation():
        page.locator("#annual-regenerate").click()
    expect(page.locator("#section-conclusions textarea")).to_have_value("The year went as planned.")
    with page.expect_navigation():
        page.locator("#annual-issue").click()
    expect(page.locator("#annual-status")).to_contain_text("issued")
    expect(page.locator("#annual-issue")).to_have_count(0)
    expect(page.locator("#section-conclusions")).to_contain_text("The year went as planned.")
    assert AnnualReport.objects.get().status == "issued"
    with page.expect_download() as download:
        page.locator("#annual-document-pdf").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    assert open(pdf.path(), "rb").read(5) == b"%PDF-"
    page.locator("#annual-document .dropdown-toggle").click()
    with page.expect_download() as download:
        page.locator("#annual-document a[lang=ru][href*='docx']").click()
    assert download.value.suggested_filename.endswith(".docx")


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.core.choices import Role
    from mansap.studentbody.services import annual

    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    _year_with_orders(registrar, students)
    report = annual.generate(students[0].institution, 2025, acting_user=registrar, language=language)
    annual.save_texts(report, {"conclusions": "Контингент стабилен."}, acting_user=registrar)
    issued = annual.generate(students[0].institution, 2024, acting_user=registrar, language=language)
    annual.issue(issued, acting_user=registrar)
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(registrar)
    pages = {
        "annual-list": "/studentbody/reports/annual/",
        "annual-draft": f"/studentbody/reports/annual/{report.pk}/",
        "annual-issued": f"/studentbody/reports/annual/{issued.pk}/",
    }
    problems = shoot_pages(page, pages, SHOTS_DIR, language)
    response = page.request.get(f"/studentbody/reports/annual/{report.pk}/document.pdf?lang={language}")
    assert response.status == 200
    (SHOTS_DIR / f"{language}-annual.pdf").write_bytes(response.body())
    assert not problems, problems
