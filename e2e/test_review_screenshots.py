"""Screenshots (1366 px) of the management review, the decisions, a work plan and a reviewed and a retired risk
in kk, ru and en, and the issued review's stored PDFs, into $MANSAP_SHOTS_DIR (default screenshots/review13)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page

from e2e.test_management_review import seed

pytestmark = [pytest.mark.browser, pytest.mark.screenshots]

SHOTS = Path(os.environ.get("MANSAP_SHOTS_DIR", Path(__file__).resolve().parent.parent / "screenshots" / "review13"))


def test_review_screenshots(page: Page, live_url: str, staff_user: Any, login: Any, org: dict[str, Any]) -> None:
    from mansap.quality.models import ReviewDocument, Risk, WorkPlan
    from mansap.quality.services import reviews, risks

    cc = staff_user("cc", first_name="Aliya", last_name="Sarsenova")
    seed(org, cc)
    review = reviews.prepare_review(
        org["institution"],
        period_start=dt.date(2025, 9, 1),
        period_end=dt.date(2026, 2, 28),
        notes="Бірінші жартыжылдық.",
        acting_user=cc,
    )
    review = reviews.issue_review(review, acting_user=cc)
    reviews.record_decision(
        review,
        body="academic_council",
        protocol_number="7",
        protocol_date=dt.date(2026, 3, 26),
        text="Open two new partnerships with IT employers",
        owner=cc,
        due_on=dt.date(2026, 6, 30),
        acting_user=cc,
    )
    reviews.record_decision(
        review,
        body="academic_council",
        protocol_number="7",
        protocol_date=dt.date(2026, 3, 26),
        text="Update the employer survey",
        acting_user=cc,
    )
    draft = reviews.new_version(review, acting_user=cc)
    risk = Risk.objects.get(key="P17-R1")
    risks.review_risk(
        risk,
        outcome="changed",
        reason="Two partners cut hiring",
        reviewed_on=dt.date(2025, 11, 1),
        likelihood=3,
        impact=5,
        next_review_on=dt.date(2026, 5, 1),
        acting_user=cc,
    )
    gone = Risk.objects.get(key="P17-R2")
    risks.retire_risk(gone, reason="Merged into P17-R1", acting_user=cc)
    plan = WorkPlan.objects.get()
    SHOTS.mkdir(parents=True, exist_ok=True)
    for document in ReviewDocument.objects.filter(review=review, kind="pdf"):
        (SHOTS / f"review-{document.language}.pdf").write_bytes(bytes(document.content))
    page.set_viewport_size({"width": 1366, "height": 900})
    login(cc)
    pages = {
        "review-issued": f"/quality/reviews/{review.pk}/",
        "review-draft-v2": f"/quality/reviews/{draft.pk}/",
        "reviews": "/quality/reviews/",
        "decisions": "/quality/decisions/",
        "workplan": f"/quality/work-plans/{plan.pk}/",
        "workplan-report": f"/quality/work-plans/{plan.pk}/report/?half=1",
        "risk-reviewed": f"/quality/risks/{risk.pk}/",
        "risk-review-form": f"/quality/risks/{risk.pk}/review/",
        "risk-retired": f"/quality/risks/{gone.pk}/",
        "risks-due": "/quality/risks/?review_due=true&state=all",
    }
    for language in ("kk", "ru", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
        for name, url in pages.items():
            page.goto(url)
            assert page.locator("html").get_attribute("lang") == language, url
            page.screenshot(path=str(SHOTS / f"{language}-{name}.png"), full_page=True)
