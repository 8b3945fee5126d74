"""Process 10 and 12 in the browser (#13): a department records a program revision with an employer and the
process 10 KPI shows it (on the revisions page and on the process's page); the Career Center imports the
listeners of an end-of-course survey (a bad file first: its errors and report, then a good one).

test_screenshots (marked `screenshots`: `make screenshots` runs it, `make test-browser` does not) photographs the
pages in kk, ru and en at 1366 px into $MANSAP_SHOTS_DIR (default screenshots/programs13)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

CSV_BAD = "ФИО;E-mail;Курс;Язык\nСерикова Айгуль;aigul@example.kz;Python;ru\nОмаров Данияр;not-an-e-mail;Python;kk\n"
CSV_GOOD = (
    "ФИО;E-mail;Курс;Язык\n"
    "Серикова Айгуль;aigul@example.kz;Python для анализа данных;ru\n"
    "Омаров Данияр;daniyar@example.kz;Python для анализа данных;kk\n"
    "Smith Anna;anna@example.com;Project management;en\n"
)


def _course_campaign(institution: Any) -> Any:
    from django.utils import timezone

    from mansap.surveys.choices import SurveyKind
    from mansap.surveys.tests.factories import make_campaign, make_questionnaire, questions_by_text

    questionnaire = make_questionnaire(institution, kind=SurveyKind.COURSE)
    today = timezone.localdate()
    return make_campaign(
        questionnaire, title_en="Python course: end of course", title_ru="Курс Python: итоги",
        title_kk="Python курсы: қорытынды", headline_question=questions_by_text(questionnaire)["Satisfaction"],
        opens_on=today + dt.timedelta(days=1), closes_on=today + dt.timedelta(days=14),
    )  # fmt: skip


def test_revision_with_an_employer_counts_in_the_process_10_kpi(
    page: Page, staff_user: Any, login: Any, org: dict[str, Any], students: list[Any]
) -> None:
    from mansap.core.choices import Role
    from mansap.employers.models import Organization
    from mansap.quality.models import Process, ProgramRevision
    from mansap.quality.services.processes import load_process_map

    cc = staff_user("cc")
    load_process_map(org["institution"], owner=cc, acting_user=None)
    Organization.objects.create(
        institution=org["institution"], name_kk="Kaspi Bank", name_ru="Kaspi Bank", name_en="Kaspi Bank"
    )
    aigerim = staff_user("aigerim", role=Role.DEPARTMENT)
    login(aigerim)

    page.goto("/quality/revisions/")
    expect(page.locator("#programs-kpi-value")).to_have_text("0%")
    expect(page.locator("#programs-kpi-counts")).to_contain_text("0 of 1 active programs")
    with page.expect_navigation():
        page.get_by_role("link", name="Record a revision").click()
    page.locator("select[name=program]").select_option(label="6B06101 Information Systems")
    page.locator("input[name=revised_on]").fill(dt.date.today().isoformat())
    page.locator("textarea[name=summary_ru]").fill("Добавлен модуль по машинному обучению")
    page.locator("select[name=employers]").select_option(label="Kaspi Bank")
    page.locator("textarea[name=alumni]").fill(students[4].iin)
    page.locator("input[name=minutes]").set_input_files(
        files=[{"name": "protocol.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n minutes \n%%EOF"}]
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    expect(page.locator("#revision-employers")).to_contain_text("Kaspi Bank")
    expect(page.locator("#revision-alumni")).to_contain_text(students[4].last_name)
    expect(page.get_by_role("link", name="Minutes: protocol.pdf")).to_be_visible()
    revision = ProgramRevision.objects.get()
    assert (revision.program, revision.recorded_by) == (org["program"], aigerim)

    page.goto("/quality/revisions/")
    expect(page.locator("#programs-kpi-value")).to_have_text("100%")
    expect(page.locator("#programs-kpi-counts")).to_contain_text("1 of 1 active programs")
    expect(page.locator("table tbody tr")).to_have_count(1)

    process = Process.objects.get(institution=org["institution"], number=10)
    page.goto(f"/quality/processes/{process.pk}/")
    expect(page.locator("tr[data-kpi='10.1']")).to_contain_text("100")


def test_import_the_listeners_of_an_end_of_course_survey(
    page: Page, staff_user: Any, login: Any, org: dict[str, Any]
) -> None:
    cc = staff_user("cc")
    campaign = _course_campaign(org["institution"])
    login(cc)
    page.goto(f"/surveys/campaigns/{campaign.pk}/")
    expect(page.locator("#campaign-listeners")).to_contain_text("0 listeners on the list")
    with page.expect_navigation():
        page.locator("#campaign-listeners").get_by_role("link", name="Import or add").click()

    form = page.locator("#listener-import")
    form.locator("input[name=file]").set_input_files(
        files=[{"name": "listeners.csv", "mimeType": "text/csv", "buffer": CSV_BAD.encode()}]
    )
    with page.expect_navigation():
        form.get_by_role("button", name="Import").click()
    errors = page.locator("#import-errors")
    expect(errors).to_contain_text("nothing was imported")
    expect(errors).to_contain_text("Row 3, email")
    expect(errors).to_contain_text("bad_email")
    with page.expect_download() as download:
        page.locator("#error-report").click()
    assert download.value.suggested_filename.endswith(".xlsx")

    form = page.locator("#listener-import")
    form.locator("input[name=file]").set_input_files(
        files=[{"name": "listeners.csv", "mimeType": "text/csv", "buffer": CSV_GOOD.encode()}]
    )
    with page.expect_navigation():
        form.get_by_role("button", name="Import").click()
    expect(page.locator(".alert-success").first).to_contain_text("3 added, 0 updated, 0 unchanged")
    expect(page.locator("#listeners tbody tr")).to_have_count(3)

    add = page.locator("#listener-add")
    add.locator("input[name=full_name]").fill("Жанов Ерлан")
    add.locator("input[name=email]").fill("erlan@example.kz")
    add.locator("input[name=course]").fill("Excel")
    add.locator("select[name=language]").select_option("kk")
    with page.expect_navigation():
        add.get_by_role("button", name="Add").click()
    expect(page.locator("#listeners tbody tr")).to_have_count(4)
    page.goto(f"/surveys/campaigns/{campaign.pk}/")
    expect(page.locator("#campaign-listeners")).to_contain_text("4 listeners on the list")


SHOTS = Path(os.environ.get("MANSAP_SHOTS_DIR", Path(__file__).resolve().parent.parent / "screenshots" / "programs13"))


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, live_url: str, staff_user: Any, login: Any, org: dict[str, Any], students: list[Any]
) -> None:
    from mansap.employers.models import Organization
    from mansap.quality.models import (
        AdvisoryBoard,
        AdvisoryBoardMeeting,
        AdvisoryBoardMember,
        KPIDefinition,
        Process,
        ProgramRevision,
    )
    from mansap.quality.services import programs, surveys
    from mansap.quality.services.processes import load_process_map
    from mansap.surveys.models import CourseListener

    shots = SHOTS
    shots.mkdir(parents=True, exist_ok=True)
    cc = staff_user("cc", first_name="Aliya", last_name="Sarsenova")
    load_process_map(org["institution"], owner=cc, acting_user=None)
    kaspi = Organization.objects.create(institution=org["institution"], name_kk="Kaspi Bank", name_ru="Kaspi Bank",
                                        name_en="Kaspi Bank")  # fmt: skip
    telecom = Organization.objects.create(institution=org["institution"], name_kk="Қазақтелеком АҚ",
                                          name_ru="АО «Казахтелеком»", name_en="Kazakhtelecom JSC")  # fmt: skip
    revision = programs.save_revision(
        ProgramRevision(program=org["program"], revised_on=dt.date(2026, 3, 2),
                        summary_kk="Машиналық оқыту модулі қосылды", summary_ru="Добавлен модуль машинного обучения",
                        summary_en="A machine learning module was added"),
        acting_user=None, employers=[kaspi, telecom], alumni=[students[4], students[5]], students=[students[0]],
    )  # fmt: skip
    board = programs.save_board(
        AdvisoryBoard(program=org["program"], name_kk="ББ кеңесі", name_ru="Совет ОП «Информационные системы»",
                      name_en="Information Systems programme board", approved_on=dt.date(2025, 9, 20)),
        acting_user=None,
    )  # fmt: skip
    AdvisoryBoardMember.objects.create(board=board, kind="employer", organization=kaspi, person_name="Ерлан Ахметов",
                                       position="CTO", role="chair", member_from=dt.date(2025, 9, 20))  # fmt: skip
    AdvisoryBoardMember.objects.create(board=board, kind="alumnus", alumnus=students[4], role="member",
                                       member_from=dt.date(2025, 9, 20))  # fmt: skip
    AdvisoryBoardMeeting.objects.create(board=board, held_on=dt.date(2026, 2, 10), agenda="Учебный план 2026",
                                        decisions="Добавить курс по DevOps")  # fmt: skip
    campaign = _course_campaign(org["institution"])
    for i, (name, lang) in enumerate((("Серикова Айгуль", "ru"), ("Омаров Данияр", "kk"), ("Smith Anna", "en"))):
        CourseListener.objects.create(campaign=campaign, full_name=name, email=f"l{i}@example.kz", course="Python",
                                      language=lang)  # fmt: skip
    process12 = Process.objects.get(institution=org["institution"], number=12)
    kpi = KPIDefinition.objects.get(process=process12, code="12.6")
    kpi.unit, kpi.higher_is_better, kpi.period_kind, kpi.status = "score", True, "academic_year", "formula_agreed"
    kpi.save()
    surveys.attach_campaign(kpi, campaign, acting_user=None)
    process10 = Process.objects.get(institution=org["institution"], number=10)

    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(cc)
    pages = {
        "revisions": "/quality/revisions/",
        "revision": f"/quality/revisions/{revision.pk}/",
        "revision-form": "/quality/revisions/add/",
        "boards": "/quality/boards/",
        "board": f"/quality/boards/{board.pk}/",
        "process10": f"/quality/processes/{process10.pk}/",
        "process12": f"/quality/processes/{process12.pk}/#process-surveys",
        "campaign": f"/surveys/campaigns/{campaign.pk}/",
        "listeners": f"/surveys/campaigns/{campaign.pk}/listeners/",
    }
    problems = []
    for name, url in pages.items():
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(shots / f"{language}-{name}.png"), full_page=True)
        if response is None or response.status != 200:
            problems.append(f"{url}: {response.status if response else None}")
    form = page.locator("#listener-import")
    form.locator("input[name=file]").set_input_files(
        files=[{"name": "listeners.csv", "mimeType": "text/csv", "buffer": CSV_BAD.encode()}]
    )
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.screenshot(path=str(shots / f"{language}-listeners-errors.png"), full_page=True)
    assert not problems, problems
