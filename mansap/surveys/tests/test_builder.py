"""The builder's safety rules: deleting what a condition uses, earlier-only conditions, moving questions."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from mansap.surveys.choices import QuestionType
from mansap.surveys.models import Choice, Question, Section
from mansap.surveys.services import builder as services
from mansap.surveys.services import campaigns, responses
from mansap.surveys.tests.factories import full_answer, make_campaign, make_question, questions_by_text
from mansap.surveys.tests.test_views import SurveyPagesTestCase


def edit_data(question: Question, **fields) -> dict:
    """The builder's POST for a question as it stands, with its choices, and `fields` changed."""
    data = {
        "kind": question.kind, "text_kk": question.text_kk, "text_ru": question.text_ru, "text_en": question.text_en,
        "required": "on" if question.required else "",
        "condition_question": question.condition_question_id or "", "condition_value": question.condition_value,
    }  # fmt: skip
    choices = list(Choice.objects.filter(question=question).order_by("position", "pk"))
    data.update({"choices-TOTAL_FORMS": len(choices), "choices-INITIAL_FORMS": len(choices)})
    for i, c in enumerate(choices):
        data.update({f"choices-{i}-id": c.pk, f"choices-{i}-question": question.pk, f"choices-{i}-code": c.code,
                     f"choices-{i}-text_kk": c.text_kk, f"choices-{i}-text_ru": c.text_ru,
                     f"choices-{i}-text_en": c.text_en})  # fmt: skip
    data.update(fields)
    return data


class BuilderTestCase(SurveyPagesTestCase):
    def post_follow(self, user, url: str, data: dict | None = None):  # type: ignore[no-untyped-def]
        """POST, then the page it redirects to (with its messages)."""
        response = self.post_as(user, url, data)
        self.assertEqual(response.status_code, 302)
        return self.client.get(response["Location"])


class DependentDeletionTests(BuilderTestCase):
    def setUp(self) -> None:
        super().setUp()
        self.q = questions_by_text(self.questionnaire)
        self.employed = self.q["Employed?"]
        self.yes = self.employed.choices.get(code="yes")
        self.no = self.employed.choices.get(code="no")

    def test_service_refuses_deleting_a_choice_a_condition_uses(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.delete_choice(self.yes, acting_user=self.cc)
        self.assertIn("Employer", caught.exception.messages[0])
        self.assertTrue(Choice.objects.filter(pk=self.yes.pk).exists())
        Choice.objects.create(question=self.employed, position=3, code="maybe", text_kk="x", text_ru="x",
                              text_en="Maybe")  # fmt: skip
        services.delete_choice(self.no, acting_user=self.cc)  # unused: deleted, positions stay dense
        self.assertEqual(list(self.employed.choices.values_list("code", "position")), [("yes", 1), ("maybe", 2)])

    def test_form_refuses_deleting_or_renaming_a_used_choice(self) -> None:
        url = reverse("surveys:question_edit", args=[self.employed.pk])
        response = self.post_as(self.cc, url, edit_data(self.employed, **{"choices-0-DELETE": "on"}))
        self.assertContains(response, "«Employer»", status_code=400)
        self.assertContains(response, "change that condition first", status_code=400)
        self.assertTrue(Choice.objects.filter(pk=self.yes.pk).exists())
        response = self.post_as(self.cc, url, edit_data(self.employed, **{"choices-0-code": "yes_now"}))
        self.assertContains(response, "«Employer»", status_code=400)
        self.assertEqual(Choice.objects.get(pk=self.yes.pk).code, "yes")
        # Turning the deciding question into a text question would drop its choices: refused too.
        response = self.post_as(self.cc, url, edit_data(self.employed, kind=QuestionType.SHORT_TEXT))
        self.assertContains(response, "«Employer»", status_code=400)
        self.assertEqual(Question.objects.get(pk=self.employed.pk).kind, QuestionType.SINGLE)
        # The unused choice can go (a third one keeps the question valid).
        Choice.objects.create(question=self.employed, position=3, code="maybe", text_kk="x", text_ru="x",
                              text_en="Maybe")  # fmt: skip
        response = self.post_as(self.cc, url, edit_data(self.employed, **{"choices-1-DELETE": "on"}))
        self.assertEqual(
            response.status_code,
            302,
            response.context
            and (
                response.context["form"].errors,
                response.context["formset"].errors,
                response.context["formset"].non_form_errors(),
            ),
        )
        self.assertFalse(Choice.objects.filter(pk=self.no.pk).exists())

    def test_question_with_dependents_cannot_be_deleted(self) -> None:
        with self.assertRaises(ValidationError) as caught:
            services.delete_question(self.employed, acting_user=self.cc)
        self.assertIn("«Employer»", caught.exception.messages[0])
        response = self.post_follow(self.cc, reverse("surveys:question_delete", args=[self.employed.pk]))
        self.assertContains(response, "cannot be deleted")
        self.assertTrue(Question.objects.filter(pk=self.employed.pk).exists())
        # A competency pair counts as well.
        with self.assertRaises(ValidationError):
            services.delete_question(self.q["Importance"], acting_user=self.cc)
        # Without dependents the question goes and the section's positions close the gap.
        services.delete_question(self.q["Employer"], acting_user=self.cc)
        services.delete_question(self.employed, acting_user=self.cc)
        section = self.q["Satisfaction"].section
        self.assertEqual(list(section.questions.values_list("position", flat=True)), [1, 2])

    def test_section_whose_questions_decide_later_conditions_cannot_be_deleted(self) -> None:
        later = Section.objects.create(questionnaire=self.questionnaire, position=3, title_kk="В", title_ru="В",
                                       title_en="C")  # fmt: skip
        make_question(later, QuestionType.LONG_TEXT, "Why not?", condition_question=self.employed, condition_value="no")
        with self.assertRaises(ValidationError) as caught:
            services.delete_section(self.employed.section, acting_user=self.cc)
        self.assertIn("«Why not?»", caught.exception.messages[0])
        services.delete_section(later, acting_user=self.cc)  # nothing depends on the last section
        services.delete_section(self.employed.section, acting_user=self.cc)  # dependents inside it go along


class ConditionEditingTests(BuilderTestCase):
    def test_condition_offers_earlier_choice_questions_and_their_choices(self) -> None:
        q = questions_by_text(self.questionnaire)
        self.assert_page_shows(self.cc, reverse("surveys:question_edit", args=[q["Employer"].pk]),
                               '<option value="yes" selected>yes (yes)</option>', 'value="no"')  # fmt: skip
        response = self.get_as(self.cc, reverse("surveys:question_edit", args=[q["Salary"].pk]))
        form = response.context["form"]
        offered = set(form.fields["condition_question"].queryset)
        self.assertEqual(offered, {q["Employed?"]})  # not the Likert, not later questions, not itself
        form = self.get_as(self.cc, reverse("surveys:question_add", args=[q["Skills"].section_id])).context["form"]
        self.assertEqual(set(form.fields["condition_question"].queryset), {q["Employed?"], q["Skills"]})
        # The htmx fragment: the chosen question's choices.
        url = reverse("surveys:condition_values", args=[self.questionnaire.pk])
        fragment = self.get_as(self.cc, url + f"?condition_question={q['Skills'].pk}")
        self.assertContains(fragment, 'value="lang"')
        self.assertContains(fragment, 'id="id_condition_value"')
        self.assertNotContains(fragment, 'value="yes"')
        self.assert_status(self.rector, url, 403)

    def test_builder_names_the_deciding_answer_by_its_text(self) -> None:
        Choice.objects.filter(code="yes", question__text_en="Employed?").update(text_en="Yes, I work")
        self.assert_page_shows(self.cc, self.questionnaire.get_absolute_url(), "= Yes, I work")

    def test_condition_must_name_an_earlier_question(self) -> None:
        q = questions_by_text(self.questionnaire)
        url = reverse("surveys:question_edit", args=[q["Employed?"].pk])
        response = self.post_as(self.cc, url, edit_data(q["Employed?"], condition_question=q["Skills"].pk,
                                                          condition_value="it"))  # fmt: skip
        self.assertEqual(response.status_code, 400)
        self.assertIn("condition_question", response.context["form"].errors)
        question = q["Employed?"]
        question.condition_question, question.condition_value = q["Skills"], "it"
        with self.assertRaises(ValidationError) as caught:
            services.save_question(question, acting_user=self.cc)
        self.assertIn("earlier question", str(caught.exception))

    def test_without_javascript_the_error_names_the_valid_codes(self) -> None:
        q = questions_by_text(self.questionnaire)
        url = reverse("surveys:question_edit", args=[q["Comment"].pk])
        response = self.post_as(self.cc, url, edit_data(q["Comment"], condition_question=q["Skills"].pk,
                                                          condition_value="yes"))  # fmt: skip
        self.assertContains(response, "it, lang, team", status_code=400)
        self.assertContains(response, 'value="team"', status_code=400)  # the select now lists Skills' choices
        response = self.post_as(self.cc, url, edit_data(q["Comment"], condition_question=q["Skills"].pk,
                                                          condition_value="team"))  # fmt: skip
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Question.objects.get(pk=q["Comment"].pk).condition_value, "team")


class MoveTests(BuilderTestCase):
    def order(self) -> list[tuple[str, int, int]]:
        return [(x.text_en, x.section.position, x.position) for x in self.questionnaire.ordered_questions()]

    def test_move_within_and_across_sections_keeps_positions_dense(self) -> None:
        q = questions_by_text(self.questionnaire)
        move = reverse("surveys:question_move", args=[q["Salary"].pk, "up"])
        anchor = self.questionnaire.get_absolute_url() + f"#question-{q['Salary'].pk}"
        self.assertRedirects(self.post_as(self.cc, move), anchor, fetch_redirect_response=False)
        self.assertEqual(self.order()[:4], [("Employed?", 1, 1), ("Employer", 1, 2), ("Salary", 1, 3),
                                            ("Satisfaction", 1, 4)])  # fmt: skip
        services.move_question(q["Satisfaction"], "down", acting_user=self.cc)  # the last of section 1 → first of 2
        self.assertEqual(self.order()[3:5], [("Satisfaction", 2, 1), ("Skills", 2, 2)])
        services.move_question(Question.objects.get(pk=q["Satisfaction"].pk), "up", acting_user=self.cc)
        self.assertEqual(self.order()[3:5], [("Satisfaction", 1, 4), ("Skills", 2, 1)])
        with self.assertRaises(ValidationError):
            services.move_question(q["Employed?"], "up", acting_user=self.cc)
        with self.assertRaises(ValidationError):
            services.move_question(q["Comment"], "down", acting_user=self.cc)
        for section in self.questionnaire.sections.all():
            positions = list(section.questions.values_list("position", flat=True))
            self.assertEqual(positions, list(range(1, len(positions) + 1)))

    def test_move_may_not_put_a_condition_after_its_question(self) -> None:
        q = questions_by_text(self.questionnaire)
        response = self.post_follow(self.cc, reverse("surveys:question_move", args=[q["Employer"].pk, "up"]))
        self.assertContains(response, "must come before it")
        with self.assertRaises(ValidationError):
            services.move_question(q["Employed?"], "down", acting_user=self.cc)
        self.assertEqual(self.order()[:2], [("Employed?", 1, 1), ("Employer", 1, 2)])

    def test_locked_and_read_only(self) -> None:
        q = questions_by_text(self.questionnaire)
        url = reverse("surveys:question_move", args=[q["Salary"].pk, "up"])
        self.assert_status(self.rector, url, 403, method="post")
        self.assert_status(self.aigerim, url, 403, method="post")
        campaign = make_campaign(self.questionnaire, cohort=2025)
        campaigns.launch_campaign(campaign, acting_user=self.cc, confirmed_count=campaigns.audience_count(campaign))
        responses.save_response(campaign, full_answer(self.questionnaire), submit=True, language="kk",
                               invitation=campaign.invitations.first())  # fmt: skip
        response = self.post_follow(self.cc, url)
        self.assertContains(response, "copy it to a new version")
        self.assertEqual(Question.objects.get(pk=q["Salary"].pk).position, 4)
        with self.assertRaises(ValidationError):
            services.delete_choice(q["Skills"].choices.first(), acting_user=self.cc)


class SectionOrderAndOddInputTests(BuilderTestCase):
    def test_moving_a_section_may_not_put_a_condition_after_its_question(self) -> None:
        q = questions_by_text(self.questionnaire)
        later = Section.objects.create(questionnaire=self.questionnaire, position=3, title_kk="В", title_ru="В",
                                       title_en="C")  # fmt: skip
        make_question(
            later, QuestionType.LONG_TEXT, "Why not?", condition_question=q["Employed?"], condition_value="no"
        )
        url = reverse("surveys:section_edit", args=[later.pk])
        data = {"title_kk": "В", "title_ru": "В", "title_en": "C", "position": 0}  # before section A
        response = self.post_as(self.cc, url, data)
        self.assertContains(response, "must come before it", status_code=400)
        later.refresh_from_db()
        self.assertEqual(later.position, 3)

    def test_odd_inputs_answer_cleanly(self) -> None:
        q = questions_by_text(self.questionnaire)
        url = reverse("surveys:condition_values", args=[self.questionnaire.pk])
        for value in ("abc", "", "999999", str(q["Satisfaction"].pk)):
            response = self.get_as(self.cc, f"{url}?condition_question={value}")
            self.assertEqual(response.status_code, 200, value)
        response = self.post_follow(self.cc, reverse("surveys:question_move", args=[q["Salary"].pk, "sideways"]))
        self.assertContains(response, "Unknown direction.")
        self.assertEqual(
            self.post_as(self.cc, reverse("surveys:resultsresponse_action", args=[1, "x"])).status_code, 404
        )
