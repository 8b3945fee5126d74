"""The staff part of the practice cycle in the browser: the Career Center drafts and sends the plan,
the department registers and vets a base, adds a contract, places a student and submits the
practice for the rector's order, which is then recorded."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def setting(org: dict[str, Any], staff_user: Callable[..., Any]) -> dict[str, Any]:
    from django.utils import timezone

    from mansap.common.testing import make_student
    from mansap.core.choices import Role
    from mansap.core.models import AcademicYear, CalendarEvent, Employee
    from mansap.employers.models import Organization

    today = timezone.localdate()
    year = AcademicYear.objects.create(
        institution=org["institution"], start_year=today.year, starts_on=today - dt.timedelta(days=30),
        ends_on=today + dt.timedelta(days=300), is_current=True,
    )  # fmt: skip
    CalendarEvent.objects.create(
        academic_year=year, kind="practice", title_kk="Практика", title_ru="Практика", title_en="Practice",
        starts_on=today + dt.timedelta(days=60), ends_on=today + dt.timedelta(days=87),
    )  # fmt: skip
    organization = Organization.objects.create(
        institution=org["institution"], name_kk="Astana Soft", name_ru="Astana Soft", name_en="Astana Soft"
    )
    teacher = Employee.objects.create(
        department=org["department"], last_name="Seitkali", first_name="Marat", position="professor"
    )
    student = make_student(org["program"], course=3, last_name="Abenova", first_name="Aigerim")
    return {
        "year": year, "organization": organization, "teacher": teacher, "student": student, "today": today,
        "cc": staff_user("cc", role=Role.CAREER_CENTER), "dept": staff_user("aigerim", role=Role.DEPARTMENT),
    }  # fmt: skip


def test_plan_base_contract_placement_order(
    page: Page, login: Callable[[Any], Page], org: dict[str, Any], setting: dict[str, Any]
) -> None:
    from mansap.practice.models import Placement, Practice, PracticeBase, PracticeContract, PracticeOrder

    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    today = setting["today"]

    # 1. The Career Center drafts the plan from the calendar and sends it.
    login(setting["cc"])
    page.goto(f"/practice/plan/build/?academic_year={setting['year'].pk}")
    with page.expect_navigation():
        page.locator("button[name=action][value=build]").click()
    expect(page.locator("input[name=practice]")).not_to_have_count(0)
    with page.expect_navigation():
        page.locator("button[name=action][value=send]").click()
    production = Practice.objects.get(program=org["program"], kind="production")
    assert production.status == "sent"
    page.context.clear_cookies()

    # 2. The department registers a base from the employers registry and vets it.
    login(setting["dept"])
    page.goto("/practice/bases/add/")
    page.locator("select[name=organization]").select_option(str(setting["organization"].pk))
    page.locator("select[name=programs]").select_option([str(org["program"].pk)])
    page.locator("textarea[name=statutory_activity]").fill("Software development")
    page.locator("select[name=source]").select_option("atameken")
    page.locator("input[name=capacity]").fill("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    base = PracticeBase.objects.get(organization=setting["organization"])
    assert base.status == "candidate"
    page.get_by_role("link", name="Record a vetting").click()
    for criterion in ("activity", "staff", "equipment", "safety", "reputation"):
        page.locator(f"input[name={criterion}_ok]").check()
        page.locator(f"textarea[name={criterion}_note]").fill(f"Checked: {criterion}")
    page.locator("select[name=decision]").select_option("approved")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator(".badge", has_text="approved").first).to_be_visible()
    base.refresh_from_db()
    assert base.status == "approved"

    # 3. A contract signed today (more than a month before the start).
    page.goto(f"/practice/contracts/add/?base={base.pk}")
    page.locator("input[name=number]").fill("ПБ-1")
    page.locator("input[name=signed_on]").fill(today.isoformat())
    page.locator("input[name=valid_from]").fill(today.isoformat())
    page.locator("input[name=valid_until]").fill((today + dt.timedelta(days=730)).isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    assert PracticeContract.objects.filter(base=base, number="ПБ-1").exists()

    # 4. The student is placed on the production practice.
    page.goto(production.get_absolute_url())
    page.get_by_role("link", name="Place a student").click()
    page.locator("select[name=student]").select_option(str(setting["student"].pk))
    page.locator("select[name=base]").select_option(str(base.pk))
    page.locator("select[name=supervisor]").select_option(str(setting["teacher"].pk))
    page.locator("input[name=company_supervisor_name]").fill("Serik Akhmetov")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    placement = Placement.objects.get(practice=production, student=setting["student"])
    assert placement.status == "confirmed"
    expect(page.get_by_text("no signed contract")).to_have_count(0)  # the contract is timely

    # 5. Submission for the rector's order, then the order itself.
    page.goto(production.get_absolute_url())
    with page.expect_navigation():
        page.get_by_role("button", name="Submit for the rector's order").click()
    order = PracticeOrder.objects.get(practice=production)
    page.locator("input[name=order_number]").fill("123-П")
    page.locator("input[name=order_date]").fill(today.isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("123-П").first).to_be_visible()
    placement.refresh_from_db()
    assert placement.order == order
    assert not errors, errors
