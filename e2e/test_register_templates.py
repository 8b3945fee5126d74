"""Document templates and practice programmes in the register (issue #17, R-018, R-019, R-152), in the browser:
the Career Center (the quality department) edits the referral's text, which makes version 1.1 in force today, and
the referral printed next says the new text (and names the version); the practice page shows the programme's
version in force and cites 001 §7.8. Screenshots in kk, ru and en (1366 px; the student's practice page also at
390 px) in screenshots/reg17c/ (or $MANSAP_SHOTS_DIR/reg17c)."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import E2E_PASSWORD, shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("reg17c")


@pytest.fixture
def practice_data(org: dict[str, Any], students: list[Any]) -> dict[str, Any]:
    from django.utils import timezone

    from mansap.core.models import User
    from mansap.practice.choices import PracticeKind, ProgrammeRole
    from mansap.practice.services.programmes import link_programme
    from mansap.practice.tests.factories import make_base, make_placement, make_practice
    from mansap.regulations.choices import Classification
    from mansap.regulations.services.preload import preload_platform_regulations
    from mansap.regulations.tests import factories as register

    institution = org["institution"]
    preload_platform_regulations(institution)  # the platform's regulations and the document templates
    today = timezone.localdate()
    practice = make_practice(org["program"], starts_on=today + dt.timedelta(days=20))
    base = make_base(institution, programs=[org["program"]])
    student = students[0]
    student.user = User.objects.create_user(username="abenova", password=E2E_PASSWORD, first_name="Aigerim")
    student.save()
    placement = make_placement(practice, student, base, company_supervisor_name="Serik Akhmetov")
    programme = register.document(
        institution, code="KazUTB-CC-PP-7.8-2025-41", classification=Classification.INTERNAL,
        title_kk="Өндірістік практика бағдарламасы, 6B06101", title_ru="Программа производственной практики, 6B06101",
        title_en="Programme of production practice, 6B06101",
    )  # fmt: skip
    guidelines = register.document(
        institution, code="KazUTB-CC-PP-7.8-2025-42", classification=Classification.PUBLIC,
        title_kk="Практика бойынша әдістемелік нұсқаулар, 6B06101",
        title_ru="Методические указания по практике, 6B06101",
        title_en="Methodological guidelines on practice, 6B06101",
    )  # fmt: skip
    for document in (programme, guidelines):
        version = register.in_force(document, dt.date(2025, 9, 1))
        for language in ("kk", "ru", "en"):
            register.with_file(version, language)
    link_programme(program=org["program"], kind=PracticeKind.PRODUCTION, document=programme, acting_user=None)
    link_programme(program=org["program"], role=ProgrammeRole.GUIDELINES, document=guidelines, acting_user=None)
    return {"practice": practice, "placement": placement}


def pdf_words(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "document.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True).stdout
    return " ".join(text.split())


def test_edit_the_referral_text_and_print_it(
    page: Page, live_url: str, staff_user: Any, login: Any, practice_data: dict[str, Any], tmp_path: Path
) -> None:
    from django.utils import timezone

    from mansap.core.choices import Role
    from mansap.regulations.models import Document

    referral = Document.objects.get(template__key="practice.referral")
    placement = practice_data["placement"]
    login(staff_user("cc", role=Role.CAREER_CENTER, first_name="Gulnar", last_name="Sapar"))
    pdf_url = f"/practice/documents/placement/{placement.pk}/referral.pdf?lang=en"
    before = page.request.get(pdf_url)
    assert before.status == 200
    assert "provide the conditions for completing the practice programme" in pdf_words(before.body(), tmp_path)

    page.goto(f"/regulations/{referral.pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Edit the template text").click()
    expect(page.locator("textarea[name=text_en]")).to_contain_text("The university sends the student")
    page.locator("textarea[name=text_en]").fill(
        "{{ institution }} sends {{ student }} to {{ organization }} for {{ practice_type }}, {{ period }}."
    )
    page.locator("input[name=effective_on]").fill(timezone.localdate().isoformat())
    page.locator("input[name=note]").fill("Names the student in the text")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success, .alert-info").first).to_contain_text("in force from its date")
    expect(page.locator("#document-versions")).to_contain_text("1.1")

    after = page.request.get(pdf_url)
    words = pdf_words(after.body(), tmp_path)
    assert "Kazakh University of Technology and Business sends Abenova Aigerim to" in words, words[:600]
    assert "for production practice" in words
    assert "KazUTB-CC-F-7.8-2025-01 v1.1" in words  # the footer names the template version

    page.goto(practice_data["practice"].get_absolute_url())
    expect(page.locator("#programmes")).to_contain_text("KazUTB-CC-PP-7.8-2025-41")
    expect(page.locator("#programmes")).to_contain_text("version 1.0 in force since 01.09.2025")
    cite = page.locator(".cites").first
    expect(cite).to_contain_text("KazUTB-CC-RPA-7.2-2025-02 §7.8")
    expect(cite).to_contain_text("version 1.0 in force since 18.06.2025")
    rules = Document.objects.get(code="KazUTB-CC-RPA-7.2-2025-02")
    expect(cite.locator("a")).to_have_attribute("href", rules.get_absolute_url())


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, browser: Any, live_url: str, staff_user: Any, login: Any,
    practice_data: dict[str, Any],
) -> None:  # fmt: skip
    from mansap.core.choices import Role
    from mansap.regulations.models import Document

    cc = staff_user("cc", role=Role.CAREER_CENTER, first_name="Gulnar", last_name="Sapar")
    referral = Document.objects.get(template__key="practice.referral")
    practice = practice_data["practice"]
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(cc)
    pages = {
        "template-document": f"/regulations/{referral.pk}/",
        "template-edit": f"/regulations/{referral.pk}/template/",
        "practice-detail": practice.get_absolute_url(),
        "compliance": "/practice/compliance/",
        "round-calendar": "/employment/rounds/calendar/",
    }
    problems = shoot_pages(page, pages, SHOTS_DIR, language)
    for width, height, suffix in ((1366, 900, ""), (390, 844, "-390")):
        context, phone = signed_in(browser, live_url, "abenova", language, width, height)
        response = phone.goto("/practice/my/")
        phone.wait_for_load_state("networkidle")
        phone.screenshot(path=str(SHOTS_DIR / f"{language}-student-practice{suffix}.png"), full_page=True)
        if response is None or response.status != 200:
            problems.append("the student's practice page answered " + str(response.status if response else None))
        expect(phone.locator("#programmes")).to_contain_text("KazUTB-CC-PP-7.8-2025-42")
        expect(phone.locator("#programmes a[href*='/regulations/versions/']")).to_have_count(0)
        context.close()
    assert not problems, problems
