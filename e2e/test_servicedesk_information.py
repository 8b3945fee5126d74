"""The service desk's requests for information to other units and its SLA figures (issue #16, R-131, R-126): the
desk asks a department → the department's member answers with a file → the desk reads the answer (another
department's member gets 404); the SLA page filtered by a period with its XLSX; screenshots at 1366 px in kk, ru and
en (the list with an overdue row, an answered request, the question form, the SLA page, a request with its draft
order)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("sd16c")


def test_the_desk_asks_a_department_and_reads_its_answer(
    browser: Any, live_url: str, staff_user: Any, org: dict[str, Any], tmp_path: Any
) -> None:
    from mansap.core.choices import Role
    from mansap.core.models import Department
    from mansap.servicedesk.models import InfoRequest

    staff_user("registrar", role=Role.REGISTRAR)
    staff_user("aigerim", role=Role.DEPARTMENT)
    other = Department.objects.create(faculty=org["faculty"], code="CS", name_kk="Информатика",
                                      name_ru="Информатика", name_en="Computer Science")  # fmt: skip
    staff_user("dana", role=Role.DEPARTMENT, department=other)

    desk, page = signed_in(browser, live_url, "registrar", "en", width=1366, height=900)
    page.goto("/servicedesk/information/")
    with page.expect_navigation():
        page.get_by_role("link", name="Ask a unit").click()
    page.locator("select[name=unit]").select_option(f"department:{org['department'].pk}")
    page.locator("input[name=subject]").fill("Extract from the exam record sheet")
    page.locator("input[name=due_days]").fill("2")
    with page.expect_navigation():
        page.locator("form button[type=submit]").last.click()
    expect(page.locator("#info-unit")).to_contain_text("Department of Information Systems")
    info = InfoRequest.objects.get()

    unit, answering = signed_in(browser, live_url, "aigerim", "en", width=1366, height=900)
    answering.goto("/servicedesk/information/")
    with answering.expect_navigation():
        answering.get_by_role("link", name=str(info.pk), exact=True).click()
    answering.locator("textarea[name=answer]").fill("The extract is attached.")
    attachment = tmp_path / "extract.pdf"
    attachment.write_bytes(b"%PDF-1.4 extract")
    answering.locator("input[name=file]").set_input_files(str(attachment))
    with answering.expect_navigation():
        answering.get_by_role("button", name="Send the answer").click()
    expect(answering.locator("#info-status")).to_have_text("answered")
    unit.close()

    outsider, other_page = signed_in(browser, live_url, "dana", "en", width=1366, height=900)
    response = other_page.goto(info.get_absolute_url())
    assert response is not None and response.status == 404
    outsider.close()

    page.reload()
    expect(page.locator("#info-answer")).to_contain_text("The extract is attached.")
    download = desk.request.get(page.locator("#info-file").get_attribute("href") or "")
    assert download.status == 200 and download.body() == b"%PDF-1.4 extract"
    desk.close()


def _requests(institution: Any, registrar: Any, students: list[Any]) -> Any:
    """Military certificates and an academic leave over two months, issued in and past their due dates."""
    from django.utils import timezone

    from mansap.servicedesk.models import Service, ServiceRequest
    from mansap.servicedesk.services import requests as svc

    def at(d: dt.date, h: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(d, dt.time(h)))

    military = Service.objects.get(institution=institution, code="study_certificate_military")
    leave = Service.objects.get(institution=institution, code="academic_leave")
    for student, received, closed in (
        (students[0], at(dt.date(2026, 3, 20), 17), at(dt.date(2026, 3, 27), 12)),
        (students[1], at(dt.date(2026, 3, 20), 17), at(dt.date(2026, 3, 31), 10)),
        (students[2], at(dt.date(2026, 4, 1), 9), at(dt.date(2026, 4, 1), 18)),
    ):
        request = svc.submit_request(military, student, acting_user=registrar, received_at=received, mail=False)
        ServiceRequest.objects.filter(pk=request.pk).update(status="issued", closed_at=closed)
    request = svc.submit_request(leave, students[3], acting_user=registrar, received_at=at(dt.date(2026, 4, 6), 9),
                                 mail=False, answers={"reason": "Медициналық", "from_date": "2026-04-13"})  # fmt: skip
    ServiceRequest.objects.filter(pk=request.pk).update(status="issued", closed_at=at(dt.date(2026, 4, 8), 9))
    pending = svc.submit_request(leave, students[0], acting_user=registrar, mail=False,
                                 answers={"reason": "Медициналық", "from_date": "2026-12-14"})  # fmt: skip
    return svc.approve(pending, acting_user=registrar)


def test_the_sla_page_shows_the_period_s_figures_and_exports_them(
    browser: Any, live_url: str, staff_user: Any, org: dict[str, Any], students: list[Any]
) -> None:
    from mansap.core.choices import Role

    registrar = staff_user("registrar", role=Role.REGISTRAR)
    _requests(org["institution"], registrar, students)
    context, page = signed_in(browser, live_url, "registrar", "en", width=1366, height=900)
    page.goto("/servicedesk/requests/")
    page.goto("/servicedesk/requests/figures/")
    page.locator("input[name=start]").fill("2026-03")
    page.locator("input[name=end]").fill("2026-04")
    with page.expect_navigation():
        page.get_by_role("button", name="Show").click()
    rows = page.locator("#sla-table tbody tr")
    expect(rows).to_have_count(3)
    expect(page.locator("#sla-total")).to_contain_text("75%")
    with page.expect_download() as caught:
        page.locator("#sla-xlsx").click()
    assert caught.value.suggested_filename == "sla-2026-03-2026-04.xlsx"
    context.close()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, live_url: str, staff_user: Any, login: Any, org: dict[str, Any], students: list[Any]
) -> None:
    from django.utils import timezone

    from mansap.core.choices import Role
    from mansap.servicedesk.services import information

    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    aigerim = staff_user("aigerim", role=Role.DEPARTMENT, first_name="Aigerim", last_name="Zhumabayeva")
    approved = _requests(org["institution"], registrar, students)
    answered = information.ask_unit(
        institution=org["institution"], department=org["department"], acting_user=registrar, due_days=3,
        subject="Емтихан ведомосінен үзінді / Выписка из ведомости", text="Көктемгі семестрдің бағалары.",
    )  # fmt: skip
    information.answer_info_request(answered, acting_user=aigerim, answer="Үзінді кафедра меңгерушісі қол қойып берді.")
    late = "Академиялық қарызды растау / Подтверждение задолженности"
    information.ask_unit(institution=org["institution"], department=org["department"], acting_user=registrar,
                         due_days=2, request=approved, subject=late,
                         now=timezone.now() - dt.timedelta(days=10))  # fmt: skip
    information.ask_unit(institution=org["institution"], faculty=org["faculty"], acting_user=registrar, due_days=5,
                         subject="Грантқа ауыстыру туралы бұйрық / Приказ о переводе на грант")  # fmt: skip

    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(registrar)
    problems = shoot_pages(page, {
        "information-list": "/servicedesk/information/",
        "information-answered": answered.get_absolute_url(),
        "information-ask": f"/servicedesk/information/add/?request={approved.pk}",
        "sla-figures": "/servicedesk/requests/figures/?start=2026-03&end=2026-04",
        "request-with-order": approved.get_absolute_url(),
    }, SHOTS_DIR, language)  # fmt: skip
    assert not problems, problems
