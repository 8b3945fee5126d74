"""Curricula (issue #14): a student draws up this year's curriculum, adds an elective and submits it; the advisor
approves it; the Student Service Center sees the gaps of the others. Screenshots of the curricula pages in kk, ru
and en (1366 px; the student's own curriculum at 390 px) in screenshots/curricula14/."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import E2E_PASSWORD, shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("curricula14")


def _curricula(org: dict[str, Any], students: list[Any]) -> dict[str, Any]:
    """Fourth-years of 6B06101 this academic year, whose model curriculum asks 50 required credits and 5 of an
    elective group; the first student has a login, the second an individual curriculum approved, the rest none."""
    from mansap.academics.models import Course, ElectiveGroup, ModelCurriculum, ModelCurriculumRow
    from mansap.academics.services import curricula as services
    from mansap.academics.services.checks import current_academic_year
    from mansap.core.models import Student, User

    year = current_academic_year()
    admitted = int(year[:4]) - 3
    Student.objects.filter(pk__in=[s.pk for s in students[:4]]).update(admission_year=admitted, course=4)
    for student in students:
        student.refresh_from_db()
    institution = org["institution"]
    courses = {
        code: Course.objects.create(institution=institution, code=code, name_en=en, name_ru=ru, name_kk=kk,
                                    credits=credits)
        for code, en, ru, kk, credits in (
            ("QA4103", "Software Testing", "Тестирование ПО", "Бағдарламалық жасақтаманы тестілеу", 20),
            ("PR4201", "Industrial Practice", "Производственная практика", "Өндірістік практика", 30),
            ("PM4101", "IT Project Management", "Управление IT-проектами", "IT-жобаларды басқару", 5),
            ("CLD4102", "Cloud Computing", "Облачные технологии", "Бұлтты технологиялар", 5),
        )
    }  # fmt: skip
    model = ModelCurriculum.objects.create(program=org["program"], admission_year=admitted)
    group = ElectiveGroup.objects.create(curriculum=model, name="Project electives", year_of_study=4, credits=5)
    for code, term, component in (("QA4103", "1", "required"), ("PR4201", "2", "required"),
                                  ("PM4101", "1", "elective"), ("CLD4102", "1", "elective")):  # fmt: skip
        ModelCurriculumRow.objects.create(
            curriculum=model, course=courses[code], year_of_study=4, term=term, component=component,
            elective_group=group if component == "elective" else None,
        )  # fmt: skip
    learner = User.objects.create_user(username="abenova", password=E2E_PASSWORD)
    student = students[0]
    student.user = learner
    student.save()
    other = services.draw_up(students[1], academic_year=year, acting_user=None)
    services.add_item(other, course=courses["CLD4102"], term="1", acting_user=None)
    services.approve(services.submit(other, acting_user=None), acting_user=None)
    return {"year": year, "learner": learner, "model": model, "other": other}


def _advisor(staff_user: Any, org: dict[str, Any], students: list[Any]) -> Any:
    from mansap.core.choices import Role
    from mansap.core.models import Employee, Student

    user = staff_user("advisor", role=Role.DEPARTMENT, first_name="Marat", last_name="Advisor")
    employee = Employee.objects.create(department=org["department"], last_name="Advisor", first_name="Marat",
                                       position="professor", user=user)  # fmt: skip
    Student.objects.filter(pk__in=[s.pk for s in students[:2]]).update(advisor=employee)
    for student in students:
        student.refresh_from_db()
    return user


def test_the_advisor_approves_and_the_ssc_sees_the_gaps(
    page: Page, org: dict[str, Any], staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.academics.models import IndividualCurriculum
    from mansap.core.choices import Role

    data = _curricula(org, students)
    advisor = _advisor(staff_user, org, students)
    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")

    # The student draws up this year's curriculum: the required courses are there, an elective is added
    login(data["learner"])
    page.goto("/academics/my-curriculum/")
    with page.expect_navigation():
        page.get_by_role("button", name="Draw up").click()
    expect(page.get_by_test_id("check-gaps")).to_contain_text("Elective group “Project electives”: 0 of 5 credits")
    options = page.locator("#curriculum-options li").filter(has_text="PM4101")
    with page.expect_navigation():
        options.get_by_role("button", name="Add").click()
    expect(page.get_by_test_id("check-passed")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("button", name="Submit to the advisor").click()
    expect(page.locator("#curriculum-status")).to_contain_text("submitted")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)

    # The advisor finds it among their advisees and approves it
    page.context.clear_cookies()
    login(advisor)
    page.goto("/academics/individual-curricula/?advisees=true&status=submitted")
    with page.expect_navigation():
        page.get_by_role("link", name=students[0].full_name).click()
    with page.expect_navigation():
        page.get_by_role("button", name="Approve").click()
    expect(page.locator("#curriculum-status")).to_contain_text("approved")
    mine = IndividualCurriculum.objects.get(student=students[0])
    assert (mine.status, mine.approved_by) == ("approved", advisor)

    # The SSC's gaps page lists the two students without a curriculum, not the two approved ones
    page.context.clear_cookies()
    login(registrar)
    page.goto("/academics/curricula/gaps/")
    rows = page.locator("#gaps tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(f"No individual curriculum for {data['year']}.")
    expect(page.locator("#gaps")).not_to_contain_text(students[0].full_name)
    with page.expect_download() as download:
        page.get_by_role("link", name="Export to XLSX").click()
    assert download.value.suggested_filename.endswith(".xlsx")


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, browser: Any, live_url: str, org: dict[str, Any], staff_user: Any, login: Any,
    students: list[Any],
) -> None:  # fmt: skip
    from mansap.academics.services import curricula as services
    from mansap.core.choices import Role

    data = _curricula(org, students)
    _advisor(staff_user, org, students)
    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    own = services.draw_up(students[0], academic_year=data["year"], acting_user=None)
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(registrar)
    pages = {
        "models": "/academics/curricula/",
        "model": f"/academics/curricula/{data['model'].pk}/",
        "individuals": "/academics/individual-curricula/",
        "individual": f"/academics/individual-curricula/{own.pk}/",
        "approved": f"/academics/individual-curricula/{data['other'].pk}/",
        "gaps": "/academics/curricula/gaps/",
        "credits": "/academics/curricula/credits/",
    }
    problems = shoot_pages(page, pages, SHOTS_DIR, language)

    phone, mobile = signed_in(browser, live_url, data["learner"].username, language)
    response = mobile.goto("/academics/my-curriculum/")
    mobile.wait_for_load_state("networkidle")
    mobile.screenshot(path=str(SHOTS_DIR / f"{language}-my-curriculum-390.png"), full_page=True)
    if response is None or response.status != 200:
        problems.append(f"my curriculum answered {response.status if response else None}")
    width = mobile.evaluate("document.documentElement.scrollWidth")
    if width > 390:
        problems.append(f"my curriculum is {width} px wide at 390")
    phone.close()
    assert not problems, problems
