"""Personal files of issue #15: the registrar opens a student's file, ticks two documents received and sees the
completeness change; the student sees at 390 px what is still missing. Screenshots of the files' pages in kk, ru
and en (1366 px; the student's checklist at 390 px) and the acts' PDFs in screenshots/studentbody15files/."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import E2E_PASSWORD, shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("studentbody15files")


def _own_account(student: Any) -> Any:
    from mansap.core.models import User

    own = User.objects.create_user(username="aigerim.abenova", password=E2E_PASSWORD)
    student.user = own
    student.save()
    return own


def test_the_registrar_ticks_two_documents_and_the_student_sees_what_is_missing(
    page: Page, browser: Any, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.core.choices import Role

    student = students[0]
    own = _own_account(student)
    login(staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova"))
    page.goto("/studentbody/files/")
    with page.expect_navigation():
        page.get_by_role("link", name=student.full_name).click()
    expect(page.locator("#file-completeness")).to_have_text("0 of 6 required received")
    page.locator("tr[data-kind=photos] input[type=checkbox]").check()
    page.locator("tr[data-kind=medical_086] input[type=checkbox]").check()
    with page.expect_navigation():
        page.locator("#file-received-submit").click()
    expect(page.locator("#file-completeness")).to_have_text("2 of 6 required received")
    expect(page.locator("tr[data-kind=photos]")).to_contain_text(dt.date.today().strftime("%d.%m.%Y"))
    expect(page.locator("#file-missing")).not_to_contain_text("Photos 3×4")

    context, mobile = signed_in(browser, live_url, own.username, "en")
    mobile.goto("/studentbody/my-file/")
    expect(mobile.locator("#my-file-completeness")).to_contain_text("4 required documents are missing")
    expect(mobile.locator("li[data-kind=photos]")).to_contain_text("received")
    expect(mobile.locator("li[data-kind=id_copy]")).to_contain_text("missing")
    assert mobile.evaluate("document.documentElement.scrollWidth") <= 390
    context.close()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, browser: Any, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.core.choices import Role
    from mansap.studentbody.services import files

    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    kinds = {kind.code: kind for kind in files.ensure_default_kinds(students[0].institution)}
    received = dt.date(2026, 8, 20)
    for code in ("previous_education", "id_copy", "photos"):
        files.record_item(students[0], kinds[code], acting_user=registrar, received_on=received,
                          checked_on=dt.date(2026, 8, 22))  # fmt: skip
    files.update_location(students[0], acting_user=registrar, room="105", shelf="3", box="12")
    left = students[1]
    left.status = "expelled"
    left.save()
    for code in ("previous_education", "photos", "medical_086", "id_copy"):
        files.record_item(left, kinds[code], acting_user=registrar, received_on=received)
    act = files.return_originals(left, [kinds["previous_education"], kinds["medical_086"]], acting_user=registrar,
                                 date=dt.date(2026, 11, 5), signed_on=dt.date(2026, 11, 5))  # fmt: skip
    graduates = students[4:7]
    transfer = files.transfer_to_archive(
        students[0].institution, graduates, acting_user=registrar, number="7-А", date=dt.date(2026, 11, 2),
        handed_over_by="Серікова А. Б.", received_by="Нұрланова Г. К.",
    )  # fmt: skip
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(registrar)
    pages = {
        "files": "/studentbody/files/?completeness=incomplete",
        "file": f"/studentbody/files/{students[0].pk}/",
        "file-archived": f"/studentbody/files/{graduates[0].pk}/",
        "item": f"/studentbody/files/{students[0].pk}/documents/{kinds['photos'].pk}/",
        "return-refused": f"/studentbody/files/{students[0].pk}/return/",
        "return-form": f"/studentbody/files/{left.pk}/return/",
        "return-act": f"/studentbody/returns/{act.pk}/",
        "archive": f"/studentbody/archive/?q={graduates[0].last_name[:4]}",
        "transfer-act": f"/studentbody/archive/acts/{transfer.pk}/",
        "transfer-new": "/studentbody/archive/acts/add/",
        "checklist": "/studentbody/files/checklist/",
        "contingent": "/studentbody/contingent/?as_of=2026-11-01",
    }
    problems = shoot_pages(page, pages, SHOTS_DIR, language)
    for name, url in (("return-act", f"/studentbody/returns/{act.pk}/"),
                      ("transfer-act", f"/studentbody/archive/acts/{transfer.pk}/")):  # fmt: skip
        response = page.request.get(f"{url}?format=pdf&lang={language}")
        assert response.status == 200 and response.headers["content-type"] == "application/pdf", name
        (SHOTS_DIR / f"{language}-{name}.pdf").write_bytes(response.body())

    own = _own_account(students[0])
    context, mobile = signed_in(browser, live_url, own.username, language, 390, 844)
    response = mobile.goto("/studentbody/my-file/")
    mobile.wait_for_load_state("networkidle")
    mobile.screenshot(path=str(SHOTS_DIR / f"{language}-my-file-390.png"), full_page=True)
    if response is None or response.status != 200:
        problems.append("my-file answered " + str(response.status if response else None))
    context.close()
    assert not problems, problems
