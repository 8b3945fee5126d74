"""The certificates' texts as controlled documents (issues #16, #17), in the browser: the quality department opens
the desk's catalogue, follows the study certificate's (for the pension centre) template to the register's edit
page and saves a new sentence, which makes version 1.1 in force today; a student self-issues that certificate and
the PDF downloaded says the new sentence. Screenshots of the catalogue (1366 px) in kk, ru and en and a
certificate's PDF per language (pdftoppm) in screenshots/certs27/ (or $MANSAP_SHOTS_DIR/certs27)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import E2E_PASSWORD, shoot_pages, shots_dir, signed_in
from e2e.test_register_templates import pdf_words

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("certs27")
NEW_SENTENCE = "This certificate is valid for the pension centre until 31 August of the next year."
GCVP_TEMPLATE = "[data-template='KazUTB-SSC-F-8.3-2025-02']"


@pytest.fixture
def registered(org: dict[str, Any], students: list[Any]) -> Any:
    """The platform's regulations and templates in the register; the first student with an account."""
    from mansap.core.models import User
    from mansap.regulations.services.preload import preload_platform_regulations

    preload_platform_regulations(org["institution"])
    student = students[0]
    student.user = User.objects.create_user(username="aigerim.abenova", password=E2E_PASSWORD)
    student.save()
    return student


def test_the_quality_department_revises_the_text_and_the_next_certificate_says_it(
    page: Page, browser: Any, live_url: str, staff_user: Any, login: Any, registered: Any, tmp_path: Path
) -> None:
    from django.utils import timezone

    from mansap.core.choices import Role
    from mansap.servicedesk.models import IssuedDocument

    login(staff_user("quality", role=Role.CAREER_CENTER, first_name="Gulnar", last_name="Sapar"))
    page.goto("/servicedesk/catalogue/")
    cell = page.locator(GCVP_TEMPLATE)
    expect(cell).to_have_attribute("data-version", "1.0")
    with page.expect_navigation():
        cell.locator("a.template-edit").click()
    expect(page.locator("textarea[name=text_en]")).to_contain_text("State Centre for Pension Payments")
    english = page.locator("textarea[name=text_en]").input_value()
    page.locator("textarea[name=text_en]").fill(english.split("\n\n")[0] + "\n\n" + NEW_SENTENCE)
    page.locator("input[name=effective_on]").fill(timezone.localdate().isoformat())
    page.locator("input[name=note]").fill("The validity is named")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert page.url.endswith("/servicedesk/catalogue/"), page.url  # back to the catalogue (?next=)
    expect(page.locator(GCVP_TEMPLATE)).to_have_attribute("data-version", "1.1")

    context, phone = signed_in(browser, live_url, "aigerim.abenova", "en")
    phone.goto("/servicedesk/services/")
    with phone.expect_navigation():
        phone.locator("#service-catalogue a[data-code=study_certificate_gcvp]").click()
    phone.locator("select[name=language]").select_option("en")
    with phone.expect_navigation():
        phone.get_by_role("button", name="Get the document now").click()
    document = IssuedDocument.objects.get(student=registered)
    assert document.template_version is not None and document.template_version.number == "1.1"
    href = phone.locator(f"#download-{document.pk}").get_attribute("href")
    assert href
    pdf = context.request.get(href)
    assert pdf.status == 200
    words = pdf_words(pdf.body(), tmp_path)
    assert NEW_SENTENCE in words, words[:800]
    assert "is valid for the current academic year" not in words
    assert "Text of the form: KazUTB-SSC-F-8.3-2025-02, version 1.1" in words
    context.close()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, browser: Any, live_url: str, staff_user: Any, login: Any, registered: Any
) -> None:
    from mansap.core.choices import Role
    from mansap.servicedesk.models import Service
    from mansap.servicedesk.services.documents import issue_document

    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(staff_user("quality", role=Role.CAREER_CENTER, first_name="Gulnar", last_name="Sapar"))
    from mansap.regulations.models import Document

    gcvp = Document.objects.get(template__key="servicedesk.certificate.study_certificate_gcvp")
    pages = {"catalogue-quality": "/servicedesk/catalogue/", "template-edit": f"/regulations/{gcvp.pk}/template/"}
    problems = shoot_pages(page, pages, SHOTS_DIR, language)
    staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    context, desk = signed_in(browser, live_url, "registrar", language, 1366, 900)
    problems += shoot_pages(desk, {"catalogue-desk": "/servicedesk/catalogue/"}, SHOTS_DIR, language)
    context.close()
    service = Service.objects.get(institution=registered.institution, code="study_certificate_gcvp")
    document = issue_document(service, registered, language=language, acting_user=None)
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm:
        with document.file.open("rb") as handle:
            pdf = SHOTS_DIR / f"{language}-certificate.pdf"
            pdf.write_bytes(handle.read())
        target = str(SHOTS_DIR / f"{language}-certificate")
        subprocess.run([pdftoppm, "-png", "-r", "80", "-singlefile", str(pdf), target], check=True)
    assert not problems, problems
