"""The employment journal's main path in a browser (issue #12): a department voids a wrong record with a reason
on the graduate's page, then confirms a graduate's self-report in the journal, in place (htmx).

With JOURNAL_SHOTS=<dir> the test also saves the journal and the graduate page in kk, ru and en at 1366 px.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from e2e.conftest import shots_dir


def test_void_a_record_and_confirm_a_self_report(
    page: Page, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    from mansap.core.choices import Role
    from mansap.graduates.choices import Channel, ContactOutcome, SelfReportStatus
    from mansap.graduates.models import EmploymentRecord, SelfReport
    from mansap.graduates.services import records as services

    aigerim = staff_user("aigerim", role=Role.DEPARTMENT)
    graduate, other = students[4], students[5]
    today = dt.date.today()
    services.record_employment(
        graduate, acting_user=aigerim, status="unemployed_seeking", started_on=today - dt.timedelta(days=120),
        channel=Channel.TELEPHONE,
    )  # fmt: skip
    wrong = services.record_employment(
        graduate, acting_user=aigerim, status="employed_specialty", started_on=today + dt.timedelta(days=300),
        channel=Channel.TELEPHONE, employer_name="ТОО Қате жыл",
    )  # fmt: skip
    for day, outcome in ((40, ContactOutcome.REACHED), (10, ContactOutcome.NO_ANSWER)):
        services.log_contact(graduate, acting_user=aigerim, contacted_on=today - dt.timedelta(days=day),
                             channel=Channel.TELEPHONE, outcome=outcome)  # fmt: skip
    report = SelfReport.objects.create(
        graduate=other, status="employed_other", employer_name="ЖШС Бастау", started_on=today - dt.timedelta(days=20)
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    login(aigerim)

    # The graduate's page: the wrong record starts later, it is not the status; void it with a reason.
    page.goto(f"/employment/graduates/{graduate.pk}/")
    expect(page.locator(f"#record-{wrong.pk}")).to_contain_text("starts later")
    page.locator(f"#record-{wrong.pk} a", has_text="Void").click()
    page.locator("textarea[name=reason]").fill("The year was typed wrong")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".alert-success, .alert-info").first).to_contain_text("voided")
    voided = page.locator(f"#record-{wrong.pk}")
    expect(voided).to_have_class(re.compile(r"\brecord-voided\b"))
    expect(voided).to_contain_text("The year was typed wrong")
    wrong.refresh_from_db()
    assert wrong.void_reason == "The year was typed wrong"

    # The journal: the self-report waits in the other graduate's row; confirm it in place.
    page.goto("/employment/journal/?cohort=2025")
    row = page.locator(f"#journal-row-{other.pk}")
    expect(row).to_contain_text("Self-report, to confirm")
    expect(row).to_contain_text("ЖШС Бастау")
    row.get_by_role("button", name="Confirm").click()
    expect(row).to_contain_text("Confirmed the self-report")
    expect(row).not_to_contain_text("Self-report, to confirm")
    expect(row).to_contain_text("employed not by specialty")
    report.refresh_from_db()
    assert report.review_status == SelfReportStatus.CONFIRMED
    assert EmploymentRecord.objects.filter(graduate=other, channel=Channel.SELF_REPORT).exists()

    # The employer box suggests registered organizations as one types.
    from mansap.employers.models import Organization

    Organization.objects.create(institution=graduate.institution, name_kk="Астана Софт", name_ru="Астана Софт",
                                name_en="Astana Soft", short_name="Astana Soft", bin="180140000018")  # fmt: skip
    page.reload()
    box = page.locator(f"#journal-row-{students[6].pk} input[name=employer]")
    box.press_sequentially("Astana", delay=30)
    expect(page.locator("#journal-employers option")).to_have_count(1)

    shots = os.environ.get("JOURNAL_SHOTS")
    if shots:
        SelfReport.objects.create(graduate=students[7], status="employed_specialty", employer_name="ТОО Келешек",
                                  started_on=today - dt.timedelta(days=5))  # fmt: skip
        directory = Path(shots)
        directory.mkdir(parents=True, exist_ok=True)
        for language in ("kk", "ru", "en"):
            page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
            page.goto("/employment/journal/?cohort=2025")
            page.screenshot(path=str(directory / f"journal-{language}.png"), full_page=True)
            page.goto(f"/employment/graduates/{graduate.pk}/")
            page.screenshot(path=str(directory / f"graduate-{language}.png"), full_page=True)
            page.goto(f"/employment/records/{EmploymentRecord.objects.filter(graduate=graduate).first().pk}/correct/")
            page.screenshot(path=str(directory / f"correct-{language}.png"), full_page=True)


@pytest.mark.screenshots
def test_screenshots_of_a_row_error(
    page: Page, live_url: str, staff_user: Any, login: Any, students: list[Any]
) -> None:
    """The journal at 1366 px in kk, ru and en with one row's validation error (an employer with a status that has
    none) shown in place; the other rows keep their empty form. Saved in $MANSAP_SHOTS_DIR/journal (else
    screenshots/journal)."""
    from mansap.core.choices import Role
    from mansap.graduates.choices import EmploymentStatus

    aigerim = staff_user("aigerim", role=Role.DEPARTMENT)
    directory = shots_dir("journal")
    directory.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    login(aigerim)
    graduate = students[5]
    for language in ("kk", "ru", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_url}])
        page.goto("/employment/journal/?cohort=2025")
        row = page.locator(f"#journal-row-{graduate.pk}")
        row.locator("select[name=status]").select_option(EmploymentStatus.UNEMPLOYED_SEEKING)
        row.locator("input[name=employer]").fill("ТОО Қате")
        row.locator("button[type=submit]").click()
        expect(row.locator(".invalid-feedback")).to_be_visible()
        expect(row.locator("input[name=employer]")).to_have_value("ТОО Қате")
        expect(page.locator("html")).to_have_attribute("lang", language)
        page.screenshot(path=str(directory / f"journal-row-error-{language}.png"), full_page=True)
