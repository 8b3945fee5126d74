"""The respondent's survey page on a phone: conditions in the browser, save and continue, submit, a used link."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, expect

pytestmark = pytest.mark.browser


def test_answer_a_survey_on_a_phone(browser: Browser, live_url: str, org: dict[str, Any], students: list) -> None:
    from mansap.core.models import User
    from mansap.surveys.models import Response
    from mansap.surveys.services import campaigns as services
    from mansap.surveys.services import links
    from mansap.surveys.tests.factories import make_campaign, make_questionnaire, questions_by_text

    cc = User.objects.create_user("cc-e2e", password="x")
    questionnaire = make_questionnaire(org["institution"])
    q = questions_by_text(questionnaire)
    campaign = make_campaign(questionnaire, cohort=2025)
    services.launch_campaign(campaign, acting_user=cc, confirmed_count=services.audience_count(campaign))
    invitation = campaign.invitations.order_by("pk").first()
    url = links.link_path(invitation, "en")

    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale="en-US", base_url=live_url, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(url)
        expect(page.get_by_role("heading", name="Questionnaire")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        employer = page.locator(f"#q-{q['Employer'].pk}")
        expect(employer).to_be_hidden()  # shown only when "Employed?" is yes
        page.get_by_label("yes", exact=True).check()
        expect(employer).to_be_visible()
        page.get_by_label("no", exact=True).check()
        expect(employer).to_be_hidden()

        # Save a partial answer and come back to it.
        page.locator(f"label[for=q{q['Satisfaction'].pk}-4]").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Save and continue later").click()
        expect(page.get_by_text("Your answers are saved.")).to_be_visible()
        page.goto(url)
        expect(page.locator(f"#q{q['Satisfaction'].pk}-4")).to_be_checked()
        expect(page.get_by_label("no", exact=True)).to_be_checked()

        # Submitting with required questions missing names each one.
        with page.expect_navigation():
            page.get_by_role("button", name="Submit answers").click()
        expect(page.get_by_text("Rate every row.")).to_have_count(2)
        for question in ("Importance", "Preparedness"):
            for row in q[question].choices.all():
                page.locator(f"label[for=q{q[question].pk}_{row.pk}-5]").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Submit answers").click()
        expect(page.get_by_text("Thank you for your answers!")).to_be_visible()
        response = Response.objects.get()
        assert response.status == "submitted" and response.respondent_student_id is None

        page.goto(url)
        expect(page.get_by_text("You have already answered")).to_be_visible()
        # The 400 (answers to correct) and 410 (used link) statuses are intended; nothing else may fail.
        assert [e for e in errors if "status of 400" not in e and "status of 410" not in e] == [], errors
    finally:
        context.close()


def test_builder_condition_select_and_moves(page: Any, login: Any, staff_user: Any, org: dict[str, Any]) -> None:
    """The condition's answers follow the chosen question (htmx); a move keeps the condition's order."""
    from mansap.surveys.models import Question
    from mansap.surveys.tests.factories import make_questionnaire, questions_by_text

    questionnaire = make_questionnaire(org["institution"])
    q = questions_by_text(questionnaire)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    login(staff_user("cc"))
    page.goto(f"/surveys/questions/{q['Comment'].pk}/edit/")
    value = page.locator("#id_condition_value")
    expect(value.locator("option")).to_have_count(1)  # "choose the question first"
    page.locator("#id_condition_question").select_option(str(q["Skills"].pk))
    expect(value.locator("option[value=lang]")).to_have_count(1)
    page.locator("#id_condition_question").select_option(str(q["Employed?"].pk))
    expect(value.locator("option[value=lang]")).to_have_count(0)
    value.select_option("no")
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    comment = Question.objects.get(pk=q["Comment"].pk)
    assert (comment.condition_question_id, comment.condition_value) == (q["Employed?"].pk, "no")

    # "Employer" depends on "Employed?": moving it above is refused with a message naming both.
    with page.expect_navigation():
        page.locator(f"#question-{q['Employer'].pk} button[title='Move up']").click()
    expect(page.locator(".alert").filter(has_text="must come before it")).to_be_visible()
    with page.expect_navigation():
        page.locator(f"#question-{q['Salary'].pk} button[title='Move up']").click()
    assert Question.objects.get(pk=q["Salary"].pk).position == 3
    assert errors == [], errors
