"""Practice programmes page (issue #17, R-018, R-019) in the browser: the Career Center follows "Link a programme
from the register" from the practice page, links the register's instruction as the production practice's
programme, and sees its version in force on the practice page. Screenshots in kk, ru and en at 1366 px in
screenshots/prog27/ (or $MANSAP_SHOTS_DIR/prog27)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import shoot_pages, shots_dir

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("prog27")


@pytest.fixture
def programme_data(org: dict[str, Any]) -> dict[str, Any]:
    from django.utils import timezone

    from mansap.practice.choices import ProgrammeRole
    from mansap.practice.services.programmes import link_programme
    from mansap.practice.tests.factories import make_practice
    from mansap.regulations.choices import Classification, DocumentType
    from mansap.regulations.tests import factories as register

    institution = org["institution"]
    practice = make_practice(org["program"], starts_on=timezone.localdate() + dt.timedelta(days=20))
    programme = register.document(
        institution, code="KazUTB-CC-PP-7.8-2025-41", type=DocumentType.INSTRUCTION,
        title_kk="Өндірістік практика бағдарламасы, 6B06101", title_ru="Программа производственной практики, 6B06101",
        title_en="Programme of production practice, 6B06101",
    )  # fmt: skip
    register.with_file(register.in_force(programme, dt.date(2025, 9, 1)), "en")
    guidelines = register.document(
        institution, code="KazUTB-CC-PP-7.8-2025-42", classification=Classification.PUBLIC,
        type=DocumentType.INSTRUCTION, title_kk="Практика бойынша әдістемелік нұсқаулар, 6B06101",
        title_ru="Методические указания по практике, 6B06101",
        title_en="Methodological guidelines on practice, 6B06101",
    )  # fmt: skip
    register.in_force(guidelines, dt.date(2025, 9, 1))
    register.document(institution, code="KazUTB-CC-PM-7.8-2025-43", type=DocumentType.PROCESS_MAP,
                      title_en="Process map of practice")  # fmt: skip
    return {"practice": practice, "programme": programme, "guidelines": guidelines, "link": link_programme,
            "role": ProgrammeRole}  # fmt: skip


def test_link_a_programme_and_see_it_on_the_practice_page(
    page: Page, staff_user: Any, login: Any, programme_data: dict[str, Any]
) -> None:
    practice = programme_data["practice"]
    login(staff_user("cc"))
    page.goto(practice.get_absolute_url())
    expect(page.locator("#programmes")).to_contain_text("No programme in the register yet.")
    page.locator("#programmes").get_by_role("link", name="Link a programme from the register").click()
    form = page.locator("#link-programme")
    # Program and type of practice come from the practice page; the process map is no programme.
    expect(form.locator("select[name=program] option:checked")).to_contain_text("6B06101")
    expect(form.locator("select[name=kind] option:checked")).to_have_text("production practice")
    expect(form.locator("select[name=document] option", has_text="KazUTB-CC-PM-7.8-2025-43")).to_have_count(0)
    form.locator("select[name=document]").select_option(label="KazUTB-CC-PP-7.8-2025-41 Programme of production "
                                                             "practice, 6B06101")  # fmt: skip
    form.get_by_role("button", name="Link").click()
    expect(page.locator(".alert-success")).to_contain_text("KazUTB-CC-PP-7.8-2025-41 is linked to 6B06101")
    expect(page.locator("table")).to_contain_text("1.0 since 01.09.2025")
    page.goto(practice.get_absolute_url())
    block = page.locator("#programmes")
    expect(block).to_contain_text("KazUTB-CC-PP-7.8-2025-41")
    expect(block).to_contain_text("version 1.0 in force since 01.09.2025")
    expect(block.get_by_role("link", name="English")).to_have_count(1)


def test_a_guidelines_link_without_a_document_names_the_field(
    page: Page, staff_user: Any, login: Any, programme_data: dict[str, Any]
) -> None:
    login(staff_user("cc"))
    page.goto("/practice/programmes/")
    form = page.locator("#link-programme")
    form.locator("select[name=program]").select_option(index=1)
    form.get_by_role("button", name="Link").click()
    expect(page.locator("#link-programme")).to_contain_text("This field is required.")
    expect(page.locator("#link-programme")).to_contain_text("Choose the type of practice the programme is for.")
    expect(page.locator(".empty-state")).to_be_visible()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, live_url: str, staff_user: Any, login: Any, programme_data: dict[str, Any]
) -> None:
    data = programme_data
    program = data["practice"].program
    data["link"](program=program, kind="production", document=data["programme"], acting_user=None)
    data["link"](program=program, role=data["role"].GUIDELINES, document=data["guidelines"], acting_user=None)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(staff_user("cc", first_name="Gulnar", last_name="Sapar"))
    problems = shoot_pages(page, {
        "programmes": "/practice/programmes/",
        "practice-detail": data["practice"].get_absolute_url(),
    }, SHOTS_DIR, language)  # fmt: skip
    page.goto("/practice/programmes/")
    page.locator("#link-programme button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=str(SHOTS_DIR / f"{language}-programmes-invalid.png"), full_page=True)
    # The staff menu bar still fits on one line at 1366 px.
    page.goto("/practice/programmes/")
    bar = page.locator("nav.navbar").first
    box = bar.bounding_box()
    assert box is not None and box["height"] < 80, box
    assert not problems, problems
