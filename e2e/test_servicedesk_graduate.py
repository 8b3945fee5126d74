"""A graduate without an account at the service desk (issue #16): the self-service link the Career Center e-mailed →
the IIN check → "Request a document" → the desk's own link → a transcript → its promised date; screenshots of the
graduate's desk pages at 390 and 1366 px in kk, ru and en."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import shoot_pages, shots_dir

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("h7")


def _round(institution: Any) -> Any:
    from mansap.core.models import AcademicYear
    from mansap.graduates.models import CollectionRound

    year = AcademicYear.objects.create(
        institution=institution, start_year=2026, starts_on=dt.date(2026, 9, 1), ends_on=dt.date(2027, 6, 30)
    )
    return CollectionRound.objects.create(
        institution=institution, academic_year=year, number=1, cohort=2025,
        opens_on=dt.date(2026, 10, 1), deadline=dt.date(2026, 12, 30),
    )  # fmt: skip


def _to_the_desk(page: Page, graduate: Any, round_: Any, language: str) -> None:
    """Open the self-service link, pass the IIN check, follow "Request a document"."""
    from mansap.graduates.services import selfservice

    page.goto(selfservice.link_path(graduate, round_, language))
    page.locator("input[name=iin_last4]").fill(graduate.iin[-4:])
    with page.expect_navigation():
        page.locator("#selfservice-verify button[type=submit]").click()
    with page.expect_navigation():
        page.locator("#selfservice-desk-link").click()
    expect(page.locator("#service-catalogue")).to_be_visible()


def test_a_graduate_requests_a_transcript_through_the_self_service_link(
    browser: Any, live_url: str, students: list[Any]
) -> None:
    from mansap.servicedesk.models import ServiceRequest
    from mansap.servicedesk.services.catalogue import ensure_catalogue

    graduate = students[4]
    ensure_catalogue(graduate.institution)
    round_ = _round(graduate.institution)
    context = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 844})
    page = context.new_page()
    _to_the_desk(page, graduate, round_, "en")
    codes = page.locator("#service-catalogue a").evaluate_all("links => links.map(a => a.dataset.code)")
    assert codes == ["transcript", "archive_certificate", "diploma_duplicate", "diploma_supplement"]
    with page.expect_navigation():
        page.locator("#service-catalogue a[data-code=transcript]").click()
    expect(page.locator("#promised-date")).to_contain_text("Promised by:")
    page.locator("select[name=language]").select_option("ru")
    with page.expect_navigation():
        page.get_by_role("button", name="Send the request").click()
    request = ServiceRequest.objects.get(student=graduate)
    assert (request.channel, request.language, request.status) == ("graduate_link", "ru", "submitted")
    expect(page.locator("#due-date")).to_contain_text(request.due_at.astimezone().strftime("%d.%m.%Y"))
    expect(page.locator("body")).to_contain_text(request.receipt_number)
    context.close()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(language: str, browser: Any, live_url: str, students: list[Any], staff_user: Any) -> None:
    from mansap.core.choices import Role
    from mansap.graduates.services import selfservice
    from mansap.servicedesk.models import Service
    from mansap.servicedesk.services import graduate_links
    from mansap.servicedesk.services import requests as svc
    from mansap.servicedesk.services.catalogue import ensure_catalogue

    registrar = staff_user("registrar", role=Role.REGISTRAR)
    graduate = students[4]
    ensure_catalogue(graduate.institution)
    round_ = _round(graduate.institution)
    transcript = Service.objects.get(institution=graduate.institution, code="transcript")
    issued = svc.submit_request(transcript, graduate, language=language, channel="graduate_link", acting_user=None)
    svc.take(issued, acting_user=registrar)
    svc.issue(issued, acting_user=registrar)
    problems: list[str] = []
    for width, height in ((390, 844), (1366, 900)):
        context = browser.new_context(base_url=live_url, viewport={"width": width, "height": height})
        page = context.new_page()
        _to_the_desk(page, graduate, round_, language)
        home = page.url
        token = graduate_links.make_token(graduate, language)
        problems += shoot_pages(page, {
            f"selfservice-{width}": selfservice.link_path(graduate, round_, language),
            f"desk-home-{width}": home,
            f"desk-form-{width}": f"/servicedesk/graduate/{token}/services/{transcript.pk}/",
            f"desk-request-{width}": f"/servicedesk/graduate/{token}/requests/{issued.pk}/",
        }, SHOTS_DIR, language)  # fmt: skip
        # A tampered link names no language: the page speaks the one the visitor chose.
        context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
        page.goto(f"/servicedesk/graduate/{token[:-3]}xyz/")
        page.screenshot(path=str(SHOTS_DIR / f"{language}-desk-invalid-{width}.png"), full_page=True)
        context.close()
    assert not problems, problems
