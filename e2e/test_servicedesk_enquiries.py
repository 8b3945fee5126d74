"""The public enquiry's main path (issue #16, R-161): an anonymous visitor on a phone (390 px) sends an enquiry; the
unit's staff member answers it in the platform; the answer e-mail exists. And screenshots in kk, ru and en: the
staff pages and the working-day calendar at 1366 px, the public form (390 and 1366 px) and its thank-you page at 390 px
(screenshots/sd16b/, or $MANSAP_SHOTS_DIR/sd16b/)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from e2e.conftest import shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("sd16b")


@pytest.fixture
def topics(org: dict[str, Any], settings: Any) -> dict[str, Any]:
    from mansap.servicedesk.tests.factories import make_topic

    settings.MANSAP_ENQUIRY_MIN_SECONDS = 0  # the browser fills the form faster than a person
    institution = org["institution"]
    return {
        "documents": make_topic(institution, "registrar", name_kk="Анықтамалар мен құжаттар",
                                name_ru="Справки и документы", name_en="Certificates and documents"),
        "careers": make_topic(institution, "career_center", name_kk="Жұмыс пен тағылымдама",
                              name_ru="Работа и стажировки", name_en="Jobs and internships"),
        "dean": make_topic(institution, "dean", faculty=org["faculty"], name_kk="Деканат", name_ru="Деканат",
                           name_en="Dean's office"),
    }  # fmt: skip


def test_a_visitor_asks_on_a_phone_and_the_unit_answers(
    browser: Browser, live_url: str, topics: dict[str, Any], staff_user: Any, mailoutbox: list[Any]
) -> None:
    from mansap.core.choices import Role
    from mansap.servicedesk.models import Enquiry

    staff_user("cc", role=Role.CAREER_CENTER, first_name="Gulnar", last_name="Akhmetova")
    context = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "django_language", "value": "ru", "url": live_url}])
    visitor = context.new_page()
    visitor.goto("/")
    visitor.get_by_role("button", name="Меню").click()
    with visitor.expect_navigation():
        visitor.get_by_role("link", name="Задать вопрос").click()
    form = visitor.locator("#enquiry-form")
    form.locator("input[name=name]").fill("Аружан Серікова")
    form.locator("input[name=email]").fill("aruzhan@example.kz")
    form.locator("input[name=phone]").fill("8 701 123 45 67")
    form.locator("select[name=topic]").select_option(label="Работа и стажировки")
    form.locator("textarea[name=message]").fill("Как записаться на летнюю стажировку?")
    assert visitor.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
    with visitor.expect_navigation():
        form.get_by_role("button", name="Отправить").click()
    expect(visitor.locator("#enquiry-thanks h1")).to_have_text("Ваше обращение отправлено")
    enquiry = Enquiry.objects.get()
    expect(visitor.locator("#receipt-number")).to_have_text(enquiry.number)
    assert [m.subject for m in mailoutbox] == [f"Ваше обращение {enquiry.number} получено"]
    context.close()

    staff, page = signed_in(browser, live_url, "cc", "en", width=1366, height=900)
    page.goto("/servicedesk/enquiries/")
    with page.expect_navigation():
        page.get_by_role("link", name=enquiry.number).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Take it").click()
    expect(page.locator("h1")).to_contain_text("in progress")
    page.locator("#answer-form textarea[name=answer]").fill("Запись открыта до 1 мая в Карьерном центре.")
    with page.expect_navigation():
        page.locator("#answer-form").get_by_role("button", name="Send the answer").click()
    expect(page.locator("h1")).to_contain_text("answered")
    expect(page.locator("#response-hours")).to_be_visible()
    staff.close()
    enquiry.refresh_from_db()
    assert enquiry.status == "answered"
    answer = mailoutbox[-1]
    assert answer.subject == f"Ответ на ваше обращение {enquiry.number}"
    assert answer.to == ["aruzhan@example.kz"]
    assert "Запись открыта до 1 мая в Карьерном центре." in answer.body


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, browser: Browser, live_url: str, org: dict[str, Any], topics: dict[str, Any],
    staff_user: Any,
) -> None:  # fmt: skip
    from django.utils import timezone

    from mansap.core.choices import Role
    from mansap.servicedesk.models import CalendarException
    from mansap.servicedesk.services import enquiries
    from mansap.servicedesk.tests.factories import make_enquiry

    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    institution = org["institution"]
    year = timezone.localdate().year
    CalendarException.objects.create(institution=institution, date=dt.date(year, 5, 8), kind="day_off",
                                     note_kk="16.05 күніне ауыстырылды", note_ru="Перенесён на 16.05",
                                     note_en="Moved to 16.05")  # fmt: skip
    CalendarException.objects.create(institution=institution, date=dt.date(year, 5, 16), kind="working_day",
                                     note_kk="08.05 орнына", note_ru="За 08.05",
                                     note_en="Instead of 08.05")  # fmt: skip
    now = timezone.now()
    answered = make_enquiry(topics["documents"], received=now - dt.timedelta(days=6), name="Асель Нурланова",
                            message="Как получить справку для ГЦВП?", language="ru")  # fmt: skip
    enquiries.answer_enquiry(answered, acting_user=registrar, answer="Справку выдаём за 2 рабочих дня.",
                             now=answered.due_at - dt.timedelta(minutes=30))  # fmt: skip
    late = make_enquiry(topics["documents"], received=now - dt.timedelta(days=3), name="Ерлан Сейітов",
                        message="Әскери есепке анықтама қашан дайын болады?")  # fmt: skip
    make_enquiry(topics["documents"], received=now - dt.timedelta(minutes=20), name="Maria Ivanova",
                 message="Which documents do I need for a transcript?", language="en")  # fmt: skip

    staff, desk = signed_in(browser, live_url, "registrar", language, width=1366, height=900)
    problems = shoot_pages(desk, {
        "enquiry-list": "/servicedesk/enquiries/",
        "enquiry-detail": f"/servicedesk/enquiries/{late.pk}/",
        "enquiry-answered": f"/servicedesk/enquiries/{answered.pk}/",
        "enquiry-figures": f"/servicedesk/enquiries/figures/?year={now.year}",
        "enquiry-topics": "/servicedesk/enquiries/topics/",
        "calendar": f"/servicedesk/calendar/?year={year}",
        "calendar-exception": "/servicedesk/calendar/exceptions/add/",
    }, SHOTS_DIR, language)  # fmt: skip
    staff.close()

    context = browser.new_context(base_url=live_url, viewport={"width": 390, "height": 844})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    phone = context.new_page()
    problems += shoot_pages(phone, {"public-form-390": "/servicedesk/enquiry/"}, SHOTS_DIR, language)
    desktop = browser.new_context(base_url=live_url, viewport={"width": 1366, "height": 900})
    desktop.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    problems += shoot_pages(desktop.new_page(), {"public-form-1366": "/servicedesk/enquiry/"}, SHOTS_DIR, language)
    desktop.close()
    form = phone.locator("#enquiry-form")
    form.locator("input[name=name]").fill("Дана Омарова")
    form.locator("input[name=email]").fill("not-an-email")
    with phone.expect_navigation():
        form.locator("button[type=submit]").click()
    phone.screenshot(path=str(SHOTS_DIR / f"{language}-public-form-errors-390.png"), full_page=True)
    form.locator("input[name=email]").fill("dana@example.kz")
    form.locator("select[name=topic]").select_option(index=1)
    form.locator("textarea[name=message]").fill("Жазғы тағылымдамаға қалай жазылуға болады?")
    with phone.expect_navigation():
        form.locator("button[type=submit]").click()
    phone.screenshot(path=str(SHOTS_DIR / f"{language}-public-thanks-390.png"), full_page=True)
    context.close()
    assert not problems, problems
