"""The Student Service Center's main path of issue #15: draft an order → add a student → record the signature →
the student's contingent history shows the order and the new state; and screenshots of the studentbody pages in
kk, ru and en (1366 px; the student's own history also at 390 px) in screenshots/studentbody15/."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import E2E_PASSWORD, shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("studentbody15")


def test_draft_add_a_student_sign_and_see_the_history(
    page: Page, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.core.choices import Role
    from mansap.studentbody.models import Order

    student = students[0]
    login(staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova"))
    page.goto("/studentbody/orders/")
    with page.expect_navigation():
        page.get_by_role("link", name="Draft an order").click()
    page.locator("input[name=number]").fill("118-С")
    page.locator("input[name=date]").fill("2026-10-20")
    page.locator("select[name=type]").select_option("academic_leave")
    page.locator("input[name=signatory]").fill("Rector B. Akhmetov")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("h1")).to_contain_text("118-С")

    form = page.locator("#order-item-form")
    form.locator("input[name=iin]").fill(student.iin)
    form.locator("input[name=effective_date]").fill("2026-10-21")
    form.locator("select[name=ground]").select_option("illness")
    form.locator("input[name=leave_end_date]").fill("2027-06-30")
    with page.expect_navigation():
        form.get_by_role("button", name="Add to the order").click()
    expect(page.locator("#order-items tbody tr")).to_have_count(1)
    expect(page.locator("#order-items")).to_contain_text(student.full_name)

    with page.expect_navigation():
        page.get_by_role("button", name="Record the signature").click()
    expect(page.locator("h1")).to_contain_text("signed")
    assert Order.objects.get(number="118-С").status == "signed"
    with page.expect_navigation():
        page.get_by_role("button", name="Entered in Platonus").click()
    expect(page.locator("#order-steps")).to_contain_text("Saule")

    with page.expect_navigation():
        page.locator("#order-items").get_by_role("link", name=student.full_name).click()
    expect(page.locator("#history-orders")).to_contain_text("118-С")
    expect(page.locator("#history-periods li").first).to_contain_text("on academic leave")
    expect(page.locator("#history-periods li").first).to_contain_text("21.10.2026")
    student.refresh_from_db()
    assert student.status == "academic_leave"


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, browser: Any, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.core.choices import Role
    from mansap.core.models import User
    from mansap.studentbody.services import orders

    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    institution = students[0].institution
    rector = "Ректор Б. Ахметов"
    signed = orders.create_order(institution=institution, acting_user=registrar, number="101-С",
                                 date=dt.date(2026, 9, 1), type="scholarship", signatory=rector)  # fmt: skip
    orders.add_item(signed, student=students[0], acting_user=registrar, effective_date=dt.date(2026, 9, 1))
    orders.sign_order(signed, acting_user=registrar)
    orders.mark_entered(signed, acting_user=registrar)
    leave = orders.create_order(institution=institution, acting_user=registrar, number="118-С",
                                date=dt.date(2026, 10, 20), type="academic_leave", signatory=rector)  # fmt: skip
    orders.add_item(leave, student=students[0], acting_user=registrar, effective_date=dt.date(2026, 10, 21),
                    ground="illness", leave_end_date=dt.date(2027, 6, 30))  # fmt: skip
    orders.add_item(leave, student=students[1], acting_user=registrar, effective_date=dt.date(2026, 10, 21),
                    ground="childcare")  # fmt: skip
    orders.sign_order(leave, acting_user=registrar)
    draft = orders.create_order(institution=institution, acting_user=registrar, number="140-С",
                                date=dt.date(2026, 12, 1), type="expulsion", signatory=rector)  # fmt: skip
    orders.add_item(draft, student=students[2], acting_user=registrar, effective_date=dt.date(2026, 12, 2),
                    ground="own_wish")  # fmt: skip
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(registrar)
    pages = {
        "orders": "/studentbody/orders/",
        "order-signed": f"/studentbody/orders/{leave.pk}/",
        "order-draft": f"/studentbody/orders/{draft.pk}/",
        "order-new": "/studentbody/orders/add/",
        "import": "/studentbody/orders/import/",
        "contingent": "/studentbody/contingent/?as_of=2026-11-01",
        "history": f"/studentbody/students/{students[0].pk}/history/",
    }
    problems = shoot_pages(page, pages, SHOTS_DIR, language)

    own = User.objects.create_user(username="aigerim.abenova", password=E2E_PASSWORD)
    student = students[0]
    student.refresh_from_db()
    student.user = own
    student.save()
    for width, height, suffix in ((1366, 900, ""), (390, 844, "-390")):
        context, mobile = signed_in(browser, live_url, own.username, language, width, height)
        response = mobile.goto("/studentbody/my-history/")
        mobile.wait_for_load_state("networkidle")
        mobile.screenshot(path=str(SHOTS_DIR / f"{language}-my-history{suffix}.png"), full_page=True)
        if response is None or response.status != 200:
            problems.append("my-history answered " + str(response.status if response else None))
        expect(mobile.locator("#history-orders li")).to_have_count(2)
        context.close()
    assert not problems, problems
