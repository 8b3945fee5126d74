"""The management review's main path (process 5): prepare a draft → issue it (frozen files) → download the PDF
(the stored bytes) → record a decision without an owner → the close is refused naming it → give it an owner
and a due date → close. Plus a unit's half-year report on its work plan, shown in the review."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def seed(org: dict[str, Any], cc: Any) -> None:
    """Process 17 with a red risk and an overdue action, the Career Center's plan with its first half's report."""
    from mansap.quality.models import RiskAction, RiskAssessment, WorkPlan
    from mansap.quality.services import workplans
    from mansap.quality.services.processes import load_process_map

    load_process_map(org["institution"], owner=cc, acting_user=None)
    from mansap.quality.models import Risk

    risk = Risk.objects.get(key="P17-R1")
    RiskAssessment.objects.create(risk=risk, assessed_on=dt.date(2025, 10, 1), likelihood=4, impact=5)
    RiskAction.objects.create(
        risk=risk, action="Sign two agreements with IT employers", owner=cc, due_on=dt.date(2025, 12, 1)
    )
    plan = workplans.save_plan(
        WorkPlan(institution=org["institution"], office="career_center", year=2025, goals="Employment\nPartners"),
        acting_user=cc,
    )
    fair = workplans.add_measure(
        plan, goal="Employment", text="Job fair", due_on=dt.date(2025, 11, 20), responsible=cc, acting_user=cc
    )
    workplans.submit_report(plan, half=1, lines={fair.pk: ("done", "120 employers came")}, acting_user=cc)


def test_prepare_issue_download_decide_close(page: Page, staff_user: Any, login: Any, org: dict[str, Any]) -> None:
    from mansap.quality.models import ManagementReview, ReviewDocument

    cc = staff_user("cc", first_name="Aliya", last_name="Sarsenova")
    staff_user("dean", role="dean", first_name="Bolat", last_name="Dzhaksybekov")
    seed(org, cc)
    login(cc)

    page.goto("/quality/reviews/")
    with page.expect_navigation():
        page.locator("a.btn-primary", has_text="Add").click()
    page.locator("input[name=period_start]").fill("2025-09-01")
    page.locator("input[name=period_end]").fill("2026-02-28")
    page.locator("textarea[name=notes]").fill("The first half-year of 2025-2026.")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("#review-status")).to_have_text("draft")
    expect(page.locator("#review-red-risks")).to_contain_text("P17-R1")
    expect(page.locator("#review-work-plans")).to_contain_text("120 employers came")

    with page.expect_navigation(timeout=180_000):  # the six files are made now (WeasyPrint, three PDFs)
        page.locator("#review-issue").click(no_wait_after=True)
    expect(page.locator("#review-status")).to_have_text("issued")
    review = ManagementReview.objects.get()
    stored = ReviewDocument.objects.get(review=review, language="ru", kind="pdf").content
    with page.expect_download() as download:
        page.locator("#review-files a[lang=ru]", has_text="PDF").click()
    path = download.value.path()
    assert path is not None
    with open(path, "rb") as handle:
        assert handle.read() == bytes(stored)

    with page.expect_navigation():
        page.locator("#decision-add").click()
    page.locator("select[name=body]").select_option("academic_council")
    page.locator("input[name=protocol_number]").fill("7")
    page.locator("input[name=protocol_date]").fill("2026-03-26")
    page.locator("textarea[name=text]").fill("Open two new partnerships with IT employers")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("#review-decisions")).to_contain_text("no owner")

    with page.expect_navigation():
        page.locator("#review-close").click()
    expect(page.locator(".alert-danger, .alert-error").first).to_contain_text(
        "Decision 1 (“Open two new partnerships with IT employers”) lacks an owner, a due date."
    )
    expect(page.locator("#review-status")).to_have_text("issued")

    with page.expect_navigation():
        page.locator("#review-decisions a[href*='/edit/']").first.click()
    page.locator("select[name=owner]").select_option(label="Dzhaksybekov Bolat")
    page.locator("input[name=due_on]").fill("2026-06-30")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    with page.expect_navigation():
        page.locator("#review-close").click()
    expect(page.locator("#review-status")).to_have_text("closed")
    review.refresh_from_db()
    assert (review.status, review.decisions.get().owner.username) == ("closed", "dean")
