"""The transcript's main path (issue #14, R-134): a student reads their unofficial transcript, requests the official
one → the desk takes and issues it → anyone opens its verification page; screenshots of the transcript pages (the
student's at 390 px, the staff view at 1366 px) in kk, ru and en under $MANSAP_SHOTS_DIR/tr14."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import E2E_PASSWORD, shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("tr14")


def _grades(student: Any) -> None:
    from mansap.academics.tests.test_transcript import make_transcript_record

    make_transcript_record(student, student.institution)


def _student_login(student: Any, username: str) -> Any:
    from mansap.core.models import User

    student.user = User.objects.create_user(username=username, password=E2E_PASSWORD, email=f"{username}@example.kz")
    student.save()
    return student


def test_a_student_requests_a_transcript_the_desk_issues_it_anyone_verifies_it(
    browser: Any, live_url: str, students: list[Any], staff_user: Any
) -> None:
    from mansap.core.choices import Role
    from mansap.servicedesk.models import IssuedDocument, ServiceRequest
    from mansap.servicedesk.services.catalogue import ensure_catalogue

    student = _student_login(students[0], "aigerim.transcript")
    _grades(student)
    ensure_catalogue(student.institution)
    staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")

    context, page = signed_in(browser, live_url, "aigerim.transcript", "en")
    page.goto("/academics/my-transcript/")
    expect(page.locator("[data-testid=transcript-cumulative]")).to_have_text("2.89")
    with page.expect_navigation():
        page.locator("#request-official").click()
    with page.expect_navigation():
        page.locator("#service-catalogue a[data-code=transcript]").click()
    page.locator("select[name=language]").select_option("kk")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the request").click()
    request = ServiceRequest.objects.get(student=student, service__code="transcript")
    context.close()

    desk_context, desk = signed_in(browser, live_url, "registrar", "en", width=1366, height=900)
    desk.goto(f"/servicedesk/requests/{request.pk}/")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Take it").click()
    with desk.expect_navigation():
        desk.get_by_role("button", name="Issue the document").click()
    document = IssuedDocument.objects.get(request=request)
    assert (document.service.code, document.language) == ("transcript", "kk")
    desk_context.close()

    anonymous = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 844})
    visitor = anonymous.new_page()
    response = visitor.goto(document.get_verify_path())
    assert response is not None and response.status == 200
    expect(visitor.locator("#verify-result")).to_have_attribute("data-status", "valid")
    expect(visitor.locator("#verify-result")).to_contain_text(document.number)
    expect(visitor.locator("#document-sha256")).to_have_text(document.sha256)
    anonymous.close()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, browser: Any, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.core.choices import Role

    student = _student_login(students[0], f"aigerim.{language}")
    _grades(student)
    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(registrar)
    problems = shoot_pages(page, {
        "staff-transcript": f"/academics/records/{student.pk}/transcript/",
        "staff-record": f"/academics/records/{student.pk}/",
    }, SHOTS_DIR, language)  # fmt: skip
    context, mobile = signed_in(browser, live_url, student.user.username, language)
    problems += shoot_pages(mobile, {"student-transcript-390": "/academics/my-transcript/"}, SHOTS_DIR, language)
    context.close()
    assert not problems, problems
