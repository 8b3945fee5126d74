"""Browser tests: Playwright (sync API) driving Debian's chromium against pytest-django's live server.

Run with `make test-browser` (or `pytest e2e`). Never run `playwright install`:
the tests use the system's /usr/bin/chromium.
"""

from __future__ import annotations

import os

# Playwright's sync API runs an event loop in the main thread; Django would then
# refuse synchronous ORM calls from the tests ("SynchronousOnlyOperation").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

import contextlib
import datetime as dt
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

E2E_PASSWORD = "e2e-Password-1"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",  # containers (CI) often have a tiny /dev/shm
]
RESULTS_DIR = Path(__file__).resolve().parent.parent / "test-results"


def shots_dir(name: str) -> Path:
    """Where a screenshot test of `name` saves its PNGs: $MANSAP_SHOTS_DIR/<name>, else screenshots/<name> in the
    checkout (`make screenshots`; the folder is ignored by git)."""
    root = os.environ.get("MANSAP_SHOTS_DIR") or Path(__file__).resolve().parent.parent / "screenshots"
    return Path(root) / name


def shoot_pages(page: Page, pages: dict[str, str], shots_dir: Path, language: str) -> list[str]:
    """Open each page, save a full-page PNG `<language>-<name>.png` in shots_dir, and return the problems found:
    a page that did not answer 200, or that is not in `language` (the <html lang>)."""
    shots_dir.mkdir(parents=True, exist_ok=True)
    problems = []
    for name, url in pages.items():
        response = page.goto(url)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(shots_dir / f"{language}-{name}.png"), full_page=True)
        status = response.status if response else None
        if status != 200:
            problems.append(f"{url} answered {status}")
        elif page.locator("html").get_attribute("lang") != language:
            problems.append(f"{url} is not in {language}")
    return problems


def signed_in(
    browser: Browser, live_url: str, username: str, language: str, width: int = 390, height: int = 844
) -> Any:
    """A new browser context of the given viewport (a phone by default) in `language`, signed in as `username`
    (password E2E_PASSWORD); returns (context, page). Close the context when done."""
    context = browser.new_context(base_url=live_url, viewport={"width": width, "height": height})
    context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
    page = context.new_page()
    page.goto("/accounts/login/")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(E2E_PASSWORD)
    with page.expect_navigation():
        page.locator("form").filter(has=page.locator("input[name=password]")).locator(
            "button[type=submit]"
        ).first.click()
    return context, page


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under e2e/ is a browser test."""
    for item in items:
        if item.path.is_relative_to(Path(__file__).parent):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


@pytest.fixture(autouse=True)
def _e2e_settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable = shutil.which("chromium") or shutil.which("chromium-browser")
    if executable is None:
        pytest.fail("Debian's chromium is not installed (apt-get install chromium; make test-browser does it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def live_url(live_server: Any) -> str:
    return live_server.url


@pytest.fixture
def page(browser: Browser, live_url: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A fresh browser context per test; on failure its screenshot goes to test-results/."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US", base_url=live_url)
    context.set_default_timeout(15_000)
    page = context.new_page()
    # Every browser test also checks that no page broke the Content-Security-Policy (a blocked inline
    # script or handler shows up in the console, and the feature silently stops working).
    violations: list[str] = []
    page.on(
        "console",
        lambda message: violations.append(message.text) if "Content Security Policy" in message.text else None,
    )
    yield page
    assert not violations, f"Content-Security-Policy violations: {violations}"
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        RESULTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        with contextlib.suppress(Exception):  # a screenshot is a courtesy, never a second failure
            page.screenshot(path=str(RESULTS_DIR / f"{name}.png"), full_page=True)
    context.close()


@pytest.fixture
def org(transactional_db: None) -> dict[str, Any]:
    """A minimal institution tree: one faculty, one graduating department, program 6B06101."""
    from mansap.core.models import Department, EducationalProgram, Faculty, Institution

    institution = Institution.objects.create(
        code="KAZUTB",
        short_name="KazUTB",
        name_kk="Қазақ технология және бизнес университеті",
        name_ru="Казахский университет технологии и бизнеса",
        name_en="Kazakh University of Technology and Business",
        city="Astana",
    )
    faculty = Faculty.objects.create(
        institution=institution,
        code="FIT",
        name_kk="Ақпараттық технологиялар факультеті",
        name_ru="Факультет информационных технологий",
        name_en="Faculty of Information Technologies",
    )
    department = Department.objects.create(
        faculty=faculty,
        code="IS",
        name_kk="Ақпараттық жүйелер кафедрасы",
        name_ru="Кафедра информационных систем",
        name_en="Department of Information Systems",
    )
    program = EducationalProgram.objects.create(
        code="6B06101",
        level="bachelor",
        department=department,
        name_kk="Ақпараттық жүйелер",
        name_ru="Информационные системы",
        name_en="Information Systems",
    )
    return {"institution": institution, "faculty": faculty, "department": department, "program": program}


@pytest.fixture
def staff_user(org: dict[str, Any]) -> Callable[..., Any]:
    """A factory: staff_user("cc", role="career_center") → a user with one membership in `org`.

    role is a mansap.core.choices.Role value; dean memberships get the faculty and
    department memberships the department unless given. The password is E2E_PASSWORD.
    """
    from mansap.core.choices import Access, Role
    from mansap.core.models import Membership, User

    def make(
        username: str = "cc",
        *,
        role: str = Role.CAREER_CENTER,
        access: str = Access.EDIT,
        faculty: Any = None,
        department: Any = None,
        **fields: Any,
    ) -> Any:
        if role == Role.DEAN and faculty is None:
            faculty = org["faculty"]
        if role == Role.DEPARTMENT and department is None:
            department = org["department"]
        fields.setdefault("first_name", username.capitalize())
        fields.setdefault("last_name", "Tester")
        user = User.objects.create_user(username=username, password=E2E_PASSWORD, **fields)
        Membership.objects.create(
            user=user, institution=org["institution"], role=role, faculty=faculty, department=department, access=access
        )
        return user

    return make


@pytest.fixture
def login(page: Page) -> Callable[[Any], Page]:
    """login(user): sign in through the login form; returns the page on the home page."""

    def do_login(user: Any, password: str = E2E_PASSWORD) -> Page:
        page.goto("/accounts/login/")
        page.locator("input[name=username]").fill(user.username)
        page.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            page.locator("form").filter(has=page.locator("input[name=password]")).locator(
                "button[type=submit], input[type=submit]"
            ).first.click()
        assert "/accounts/login/" not in page.url, "login failed: still on the login page"
        return page

    return do_login


@pytest.fixture
def students(org: dict[str, Any]) -> list[Any]:
    """A small data set: four students still studying and four graduates of 6B06101."""
    from mansap.common.identifiers import make_iin
    from mansap.core.models import Student

    people = [
        ("Abenova", "Aigerim", "F"),
        ("Bekov", "Bolat", "M"),
        ("Dauletova", "Dana", "F"),
        ("Yesenov", "Yerlan", "M"),
        ("Zhumabayeva", "Zarina", "F"),
        ("Karimov", "Kairat", "M"),
        ("Nurlanova", "Nazerke", "F"),
        ("Omarov", "Olzhas", "M"),
    ]
    created = []
    for i, (last, first, sex) in enumerate(people):
        born = dt.date(2001 + i % 3, 1 + i, 10 + i)
        graduate = i >= 4
        created.append(
            Student.objects.create(
                institution=org["institution"],
                iin=make_iin(born, sex, 100 + i),
                last_name=last,
                first_name=first,
                birth_date=born,
                sex=sex,
                program=org["program"],
                admission_year=2021 if graduate else 2022,
                course=None if graduate else 4,
                group="IS-22-1",
                status="graduated" if graduate else "studying",
                graduation_date=dt.date(2025, 6, 30) if graduate else None,
                gpa="3.40",
            )
        )
    return created
