"""Issue #15's documents and reports: the registrar opens an order and downloads its PDF, then opens the monthly
movement report for a month and downloads the XLSX; and screenshots of the new pages in kk, ru and en (1366 px; the
student's history at 390 px) with the order documents turned to PNG, in screenshots/sb15docs/."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import E2E_PASSWORD, shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("sb15docs")
D = dt.date


def make_orders(registrar: Any, students: list[Any]) -> dict[str, Any]:
    from mansap.core.models import Student
    from mansap.studentbody.services import orders

    institution = students[0].institution
    rector = "Ректор Б. Ахметов"
    Student.objects.filter(pk=students[0].pk).update(funding="grant")
    students[0].refresh_from_db()
    students[0].save()  # the baseline follows the grant
    expel = orders.create_order(institution=institution, acting_user=registrar, number="121-С",
                                date=D(2026, 10, 20), type="expulsion", signatory=rector)  # fmt: skip
    orders.add_item(expel, student=students[0], acting_user=registrar, effective_date=D(2026, 10, 21),
                    ground="own_wish")  # fmt: skip
    orders.add_item(expel, student=students[1], acting_user=registrar, effective_date=D(2026, 10, 22),
                    ground="academic_failure")  # fmt: skip
    orders.sign_order(expel, acting_user=registrar)
    leave = orders.create_order(institution=institution, acting_user=registrar, number="125-С",
                                date=D(2026, 10, 25), type="academic_leave", signatory=rector)  # fmt: skip
    orders.add_item(leave, student=students[2], acting_user=registrar, effective_date=D(2026, 10, 26),
                    ground="illness", leave_end_date=D(2027, 6, 30))  # fmt: skip
    draft = orders.create_order(institution=institution, acting_user=registrar, number="140-С",
                                date=D(2026, 12, 1), type="expulsion", signatory=rector)  # fmt: skip
    orders.add_item(draft, student=students[2], acting_user=registrar, effective_date=D(2026, 12, 2),
                    ground="own_wish")  # fmt: skip
    return {"expel": expel, "leave": leave, "draft": draft}


def test_the_registrar_downloads_an_order_and_the_movement(
    page: Page, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.core.choices import Role

    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    made = make_orders(registrar, students)
    login(registrar)
    page.goto(f"/studentbody/orders/{made['expel'].pk}/")
    with page.expect_download() as download:
        page.locator("#order-document-pdf").click()
    pdf = download.value
    assert pdf.suggested_filename.endswith(".pdf")
    assert open(pdf.path(), "rb").read(5) == b"%PDF-"

    page.goto("/studentbody/reports/movement/")
    page.locator("#movement-month input[name=month]").fill("2026-10")
    with page.expect_navigation():
        page.locator("#movement-month").get_by_role("button", name="Show").click()
    expect(page.locator("#movement-total")).to_be_visible()
    with page.expect_download() as download:
        page.locator("#movement-xlsx").click()
    xlsx = download.value
    assert xlsx.suggested_filename.endswith(".xlsx")
    from openpyxl import load_workbook

    with open(xlsx.path(), "rb") as handle:  # the download's temporary path has no extension
        rows = list(load_workbook(io.BytesIO(handle.read())).active.iter_rows(values_only=True))
    assert rows[-1][1] == "Total", rows[-1]


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, browser: Any, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from django.test import Client

    from mansap.core.choices import Role
    from mansap.core.models import User

    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    made = make_orders(registrar, students)
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(registrar)
    pages = {
        "order-signed": f"/studentbody/orders/{made['expel'].pk}/",
        "movement": "/studentbody/reports/movement/?month=2026-10",
        "vacated-grants": "/studentbody/reports/vacated-grants/?start=2026-09-01&end=2026-12-31",
        "statistics": "/studentbody/reports/statistics/?default=3-nk&as_of=2026-11-01",
        "statistics-1nk": "/studentbody/reports/statistics/?default=1-nk&as_of=2026-11-01",
        "layout-new": "/studentbody/reports/layouts/add/?default=1-nk",
        "history": f"/studentbody/students/{students[0].pk}/history/",
    }
    problems = shoot_pages(page, pages, SHOTS_DIR, language)

    client = Client()
    client.force_login(registrar)
    item = made["expel"].items.order_by("pk").first()
    for name, url, params in (
        ("order", f"/studentbody/orders/{made['expel'].pk}/document.pdf", {}),
        ("order-draft", f"/studentbody/orders/{made['draft'].pk}/document.pdf", {}),
        ("extract", f"/studentbody/items/{item.pk}/extract.pdf", {}),
        ("movement", "/studentbody/reports/movement/", {"month": "2026-10", "export": "pdf"}),
    ):
        response = client.get(url, {"lang": language, **params})
        path = SHOTS_DIR / f"{language}-{name}.pdf"
        path.write_bytes(response.content)
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(path), str(SHOTS_DIR / f"{language}-{name}-pdf")],
                       check=True)  # fmt: skip

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
        expect(mobile.locator(f"#extract-{item.pk}-pdf")).to_be_visible()
        context.close()
    assert not problems, problems
