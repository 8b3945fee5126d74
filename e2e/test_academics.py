"""The Student Service Center's main path (issue #14): import a Platonus export on the page → check → import →
a student's record shows the GPA; and screenshots of the academics pages in kk, ru and en (1366 px; the
student's own record at 390 px) in screenshots/academics14/ (or $MANSAP_SHOTS_DIR/academics14/)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import E2E_PASSWORD, shoot_pages, shots_dir, signed_in

pytestmark = pytest.mark.browser

SHOTS_DIR = shots_dir("academics14")
PRACTICE_SHOTS = shots_dir("practice14")  # the practice grades' pages (#14)


def _csv(students: list[Any]) -> bytes:
    a, b = students[0].iin, students[1].iin
    rows = [
        "iin,course_code,course_name,credits,academic_year,term,attestation,percent,letter,kind,attempt",
        f"{a},MAT101,Higher Mathematics,5,2024-2025,1,exam,96,A,graded,regular",
        f"{a},PHY101,Physics,3,2024-2025,2,exam,76,B-,graded,regular",
        f"{a},PE101,Physical Education,2,2024-2025,1,final,,,pass,regular",
        f"{b},MAT101,Higher Mathematics,5,2024-2025,1,exam,40,FX,graded,regular",
        f"{b},MAT101,Higher Mathematics,5,2024-2025,summer,exam,71,C+,graded,summer",
    ]
    return ("\n".join(rows) + "\n").encode()


def test_import_a_file_then_see_a_students_gpa(page: Page, staff_user: Any, login: Any, students: list[Any]) -> None:
    from mansap.academics.models import Grade
    from mansap.core.choices import Role

    login(staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova"))
    page.goto("/academics/grades/import/")
    page.locator("input[name=file]").set_input_files(
        {"name": "platonus.csv", "mimeType": "text/csv", "buffer": _csv(students)}
    )
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    button = page.get_by_role("button", name="Import 5 rows")
    expect(button).to_be_visible(timeout=15000)
    assert Grade.objects.count() == 0  # checked, nothing written yet
    with page.expect_navigation():
        button.click()
    expect(page.locator("#import-status")).to_contain_text("imported", timeout=15000)
    assert Grade.objects.count() == 5

    page.goto("/academics/grades/?q=MAT101")
    expect(page.locator("table tbody tr")).to_have_count(3)
    with page.expect_navigation():
        page.get_by_role("link", name=students[0].full_name).first.click()
    # (5 × 4.00 + 3 × 2.67) / 8 = 28.01 / 8 = 3.50; credits earned 5 + 3 + 2 (pass) = 10
    expect(page.get_by_test_id("cumulative-gpa")).to_have_text("3.50")
    expect(page.locator("#record-summary")).to_contain_text("10")

    page.goto(f"/academics/records/{students[1].pk}/")
    expect(page.get_by_test_id("cumulative-gpa")).to_have_text("2.33")  # the summer retake replaced the FX
    expect(page.get_by_text("superseded by a later attempt")).to_be_visible()


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_screenshots(
    language: str, page: Page, browser: Any, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.academics.services.imports import run_import
    from mansap.core.choices import Role
    from mansap.core.models import User

    registrar = staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova")
    import io

    report = run_import(io.BytesIO(_csv(students)), "platonus.csv", institution=students[0].institution,
                        acting_user=registrar)  # fmt: skip
    assert report.ok, report.to_dict()
    SHOTS_DIR.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(registrar)
    pages = {
        "grades": "/academics/grades/",
        "import": "/academics/grades/import/",
        "courses": "/academics/courses/",
        "scale": "/academics/scale/",
        "record": f"/academics/records/{students[0].pk}/",
    }
    problems = shoot_pages(page, pages, SHOTS_DIR, language)

    own = User.objects.create_user(username="aigerim.abenova", password=E2E_PASSWORD)
    student = students[0]
    student.user = own
    student.save()
    phone, mobile = signed_in(browser, live_url, own.username, language)
    response = mobile.goto("/academics/my-record/")
    mobile.wait_for_load_state("networkidle")
    mobile.screenshot(path=str(SHOTS_DIR / f"{language}-my-record-390.png"), full_page=True)
    if response is None or response.status != 200:
        problems.append("my-record answered " + str(response.status if response else None))
    expect(mobile.get_by_test_id("cumulative-gpa")).to_have_text(re.compile(r"^\s*3[.,]50\s*$"))  # 3,50 in kk/ru
    phone.close()
    assert not problems, problems


def _practice_grade(student: Any, score: int, letter: str, practice: Any = None) -> Any:
    """A production practice of 2025-2026 mapped to PRA301 (term 2), the student's placement graded, and the
    academic record brought in line (what the grading's signal does)."""
    import datetime as dt

    from mansap.academics.services.practice_grades import sync_student
    from mansap.practice.tests.factories import make_base, make_placement, make_practice

    practice = practice or make_practice(student.program, course_code="PRA301", grade_term="2")
    base = make_base(student.institution, programs=[student.program])
    make_placement(practice, student, base, score=score, letter_grade=letter, graded_on=dt.date(2026, 7, 1))
    sync_student(student.pk)
    return practice


def test_a_practice_grade_in_the_record_then_platonus_wins(
    page: Page, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.academics.models import Grade
    from mansap.core.choices import Role

    student = students[0]
    _practice_grade(student, 87, "B+")
    login(staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova"))
    page.goto(f"/academics/records/{student.pk}/")
    expect(page.get_by_test_id("cumulative-gpa")).to_have_text("3.33")
    expect(page.get_by_text("practice grade", exact=True)).to_be_visible()
    expect(page.locator("#practice-conflicts")).to_have_count(0)

    page.goto("/academics/grades/import/")
    csv = (
        "iin,course_code,course_name,credits,academic_year,term,attestation,percent,letter,kind,attempt\n"
        f"{student.iin},PRA301,Production practice,4,2025-2026,2,practice,92,A-,graded,regular\n"
    ).encode()
    page.locator("input[name=file]").set_input_files({"name": "platonus.csv", "mimeType": "text/csv", "buffer": csv})
    with page.expect_navigation():
        page.get_by_role("button", name="Upload and check").click()
    button = page.get_by_role("button", name="Import 1 row")
    expect(button).to_be_visible(timeout=15000)
    expect(page.get_by_text("The practice grade B+ given in Mansap for PRA301 differs from A-")).to_be_visible()
    PRACTICE_SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path=str(PRACTICE_SHOTS / "en-import-practice-warning.png"), full_page=True)
    with page.expect_navigation():
        button.click()
    expect(page.locator("#import-status")).to_contain_text("imported", timeout=15000)
    assert list(Grade.objects.values_list("letter", "source")) == [("A-", "platonus")]

    page.goto(f"/academics/records/{student.pk}/")
    expect(page.get_by_test_id("cumulative-gpa")).to_have_text("3.67")
    expect(page.locator("#practice-conflicts")).to_contain_text("B+ given in practice, A- from AIS Platonus.")


@pytest.mark.screenshots
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_practice_grade_screenshots(
    language: str, page: Page, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    """The record page with a practice row, and with a practice grade Platonus replaced by another letter."""
    from mansap.academics.tests.factories import make_course, make_grade
    from mansap.core.choices import Role

    practice = _practice_grade(students[0], 87, "B+")
    _practice_grade(students[1], 87, "B+", practice)
    course = make_course(students[0].institution, "MAT101", 5, name_en="Higher Mathematics")
    make_grade(students[0], course, "2025-2026", "1", "A", percent=96)
    from mansap.academics.models import Course, Grade

    Grade.objects.filter(student=students[1]).update(letter="A-", percent=92, source="platonus")
    assert Course.objects.filter(code="PRA301").exists()
    PRACTICE_SHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    login(staff_user("registrar", role=Role.REGISTRAR, first_name="Saule", last_name="Bekova"))
    for name, student in (("record-practice", students[0]), ("record-practice-differs", students[1])):
        response = page.goto(f"/academics/records/{student.pk}/")
        assert response is not None and response.status == 200
        assert page.locator("html").get_attribute("lang") == language
        page.screenshot(path=str(PRACTICE_SHOTS / f"{language}-{name}.png"), full_page=True)
    expect(page.locator("#practice-conflicts")).to_be_visible()
