"""The quality department's main path: the process map → process 17 → one of its risks → a new assessment →
the heat map, whose cell leads back to the register filtered to that risk."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_map_process_risk_assessment_heat_map(page: Page, staff_user: Any, login: Any, org: dict[str, Any]) -> None:
    from django.utils import timezone

    from mansap.quality.models import RiskAssessment
    from mansap.quality.services.processes import load_process_map

    cc = staff_user("cc", first_name="Aliya", last_name="Sarsenova")
    load_process_map(org["institution"], owner=cc, acting_user=None)
    login(cc)

    page.goto("/quality/processes/")
    expect(page.locator("#process-map .process-group")).to_have_count(3)
    with page.expect_navigation():
        page.get_by_role("link", name="Employment and interaction with employers").click()
    expect(page.locator("h1")).to_contain_text("Employment and interaction with employers")
    expect(page.get_by_text("ҚазТБУ-АСП-ПАК-8.2/9.1.2-2026-17")).to_be_visible()

    with page.expect_navigation():
        page.locator("#process-risks").get_by_role("link", name="P17-R1").click()
    expect(page.locator("#risk-current")).to_contain_text("not assessed")

    with page.expect_navigation():
        page.get_by_role("link", name="Assess").click()
    page.locator("select[name=likelihood]").select_option("4")
    page.locator("select[name=impact]").select_option("5")
    page.locator("textarea[name=note]").fill("Two key partners announced lay-offs")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success, .alert-info").first).to_contain_text("score 20, red zone")
    expect(page.locator("#risk-current")).to_contain_text("20 · red")
    assessment = RiskAssessment.objects.get(risk__key="P17-R1")
    assert (assessment.score, assessment.assessed_on, assessment.assessed_by) == (20, timezone.localdate(), cc)

    page.goto("/quality/heat-map/")
    cell = page.locator("#heat-map td[data-likelihood='4'][data-impact='5'] a")
    expect(cell).to_have_text("1")
    with page.expect_navigation():
        cell.click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("P17-R1")
