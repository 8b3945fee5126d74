"""The service desk's main path (issue #16): a student requests an instant study certificate → downloads it →
anyone opens its verification URL without logging in → valid, with the file's SHA-256; and screenshots of the
desk's pages (1366 px) and the student's and public pages (390 and 1366 px) in kk, ru and en, with the
certificate's PDF."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import E2E_PASSWORD, shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("sd16a")


def _student_login(students: list[Any], username: str = "aigerim.abenova") -> Any:
    from mansap.core.models import User

    own = User.objects.create_user(username=username, password=E2E_PASSWORD, email="aigerim@example.kz")
    student = students[0]
    student.refresh_from_db()
    student.user = own
    student.save()
    return student


def test_a_student_gets_an_instant_certificate_and_anyone_verifies_it(
    browser: Any, live_url: str, students: list[Any]
) -> None:
    from mansap.servicedesk.models import IssuedDocument

    student = _student_login(students)
    context, page = signed_in(browser, live_url, "aigerim.abenova", "en")
    page.goto("/servicedesk/services/")
    with page.expect_navigation():
        page.locator("#service-catalogue a[data-code=study_certificate_gcvp]").click()
    expect(page.locator("#promised-date")).to_be_visible()
    page.locator("select[name=language]").select_option("kk")
    with page.expect_navigation():
        page.get_by_role("button", name="Get the document now").click()
    expect(page.locator("#request-documents")).to_contain_text("СД-")
    document = IssuedDocument.objects.get(student=student)
    href = page.locator(f"#download-{document.pk}").get_attribute("href")
    assert href
    pdf = context.request.get(href)
    assert pdf.status == 200
    assert hashlib.sha256(pdf.body()).hexdigest() == document.sha256
    context.close()

    anonymous = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 844})
    visitor = anonymous.new_page()
    response = visitor.goto(document.get_verify_path())
    assert response is not None and response.status == 200
    expect(visitor.locator("#verify-result")).to_have_attribute("data-status", "valid")
    expect(visitor.locator("#document-sha256")).to_have_text(document.sha256)
    visitor.locator("input[name=sha256]").fill(document.sha256)
    with visitor.expect_navigation():
        visitor.get_by_role("button", name="Check").click()
    expect(visitor.locator("#hash-result")).to_have_attribute("data-matches", "1")
    anonymous.close()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, browser: Any, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    import subprocess

    from mansap.core.choices import Role
    from mansap.servicedesk.models import Service
    from mansap.servicedesk.services import requests as svc
    from mansap.servicedesk.services.catalogue import ensure_catalogue
    from mansap.servicedesk.services.documents import revoke_document

    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    student = _student_login(students, f"aigerim.{language}")
    institution = student.institution
    ensure_catalogue(institution)

    def service(code: str) -> Service:
        return Service.objects.get(institution=institution, code=code)

    own, document = svc.self_issue(service("study_certificate_gcvp"), student, language=language,
                                   acting_user=student.user)  # fmt: skip
    _, revoked = svc.self_issue(service("study_certificate"), student, language=language, acting_user=student.user)
    revoke_document(revoked, reason="typo", acting_user=registrar)
    waiting = svc.submit_request(service("transcript"), student, language=language, acting_user=student.user)
    svc.take(waiting, acting_user=registrar)
    svc.wait_for_student(waiting, note="Бағалар ведомосі", acting_user=registrar)
    queued = svc.submit_request(service("study_certificate_military"), students[1], language="kk",
                                acting_user=registrar, channel="desk")  # fmt: skip
    generic = svc.submit_request(service("archive_certificate"), students[5], language=language,
                                 acting_user=registrar, channel="desk", answers={"destination": "ЕНПФ"})  # fmt: skip
    svc.take(generic, acting_user=registrar)
    generic_document = svc.issue(generic, acting_user=registrar)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(registrar)
    problems = shoot_pages(page, {
        "desk-queue": "/servicedesk/requests/",
        "desk-request": f"/servicedesk/requests/{queued.pk}/",
        "desk-register": "/servicedesk/documents/",
        "desk-catalogue": "/servicedesk/catalogue/",
        "desk-service-edit": f"/servicedesk/catalogue/{service('study_certificate').pk}/edit/",
        "desk-walk-in": f"/servicedesk/services/{service('study_certificate').pk}/request/",
    }, SHOTS_DIR, language)  # fmt: skip
    page.locator("nav a.dropdown-toggle:has(i.bi-journal-bookmark)").click()
    page.screenshot(path=str(SHOTS_DIR / f"{language}-desk-menu.png"))

    for width, height in ((390, 844), (1366, 900)):  # the student's and the public pages on a phone and a desktop
        context, student_page = signed_in(browser, live_url, student.user.username, language, width, height)
        problems += shoot_pages(student_page, {
            f"student-catalogue-{width}": "/servicedesk/services/",
            f"student-form-{width}": f"/servicedesk/services/{service('study_certificate').pk}/request/",
            f"student-my-requests-{width}": "/servicedesk/my-requests/",
            f"student-request-{width}": f"/servicedesk/requests/{own.pk}/",
            f"student-waiting-{width}": f"/servicedesk/requests/{waiting.pk}/",
        }, SHOTS_DIR, language)  # fmt: skip
        context.close()
        anonymous = browser.new_context(base_url=live_url, viewport={"width": width, "height": height})
        anonymous.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
        visitor = anonymous.new_page()
        problems += shoot_pages(visitor, {
            f"verify-valid-{width}": document.get_verify_path(),
            f"verify-revoked-{width}": revoked.get_verify_path(),
            f"verify-start-{width}": "/servicedesk/verify/",
        }, SHOTS_DIR, language)  # fmt: skip
        visitor.goto("/servicedesk/verify/ABCDEFGHJKMN/")
        visitor.screenshot(path=str(SHOTS_DIR / f"{language}-verify-unknown-{width}.png"), full_page=True)
        anonymous.close()
    for name, issued in (("certificate", document), ("generic", generic_document)):
        assert issued is not None
        pdf = SHOTS_DIR / f"{language}-{name}.pdf"
        with issued.file.open("rb") as handle:
            pdf.write_bytes(handle.read())
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(SHOTS_DIR / f"{language}-{name}-pdf")],
                       check=True)  # fmt: skip
    assert not problems, problems
