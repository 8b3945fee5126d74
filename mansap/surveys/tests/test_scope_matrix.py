"""The scope matrix of the surveys pages (common.testing.ScopedPageTests), including the builder's children.

Covered (pages; editor / read-only / outsider; what "out of scope" is):
- Questionnaire: list, detail (the builder), edit, history (no delete page), and the preview as a second
  detail page; cc / rector / other_cc; the other institution's questionnaire (questionnaires are institution
  level and visible to every member of the institution).
- Section, a child scoped through its questionnaire (SectionQuerySet): edit and delete; and the
  "add a section" page as the "edit" page of the questionnaire; cc / rector / other_cc; a section of the other
  institution's questionnaire.
- Question, a child scoped through its section's questionnaire (QuestionQuerySet): edit and delete; the
  "add a question" page as the "edit" page of the section; and the move action (POST only), in
  QuestionMoveScopeTests.
- Choice, a child scoped through its question's questionnaire (ChoiceQuerySet): it has no page of its own (it
  is edited inside the question form, so the question's pages cover it); ChoiceScopeTests checks its scope
  against the personas, and test_builder_scope.py the writes of the builder's children out of scope.
- Campaign of a department: list, detail, edit, delete, history; aigerim / bolat / dana; department B's campaign.
- Campaign of the whole institution: the same pages; cc / rector / other_cc; the other institution's campaign.
- Campaign results (surveys:campaign_results) as a detail page; aigerim / bolat / dana; department B's campaign.
- ResultsResponse: list (surveys:resultsresponse_list) and edit (surveys:resultsresponse_edit); aigerim /
  bolat / dana; department B's response.

Intentionally not here: Invitation,
Response and Answer (no staff pages of their own: the respondents' pages use signed links, tested in
test_views.py and test_services.py; the campaign's pages aggregate them).
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from mansap.common.testing import ScopedMatrixTestCase, ScopedPageTests
from mansap.core.access import CHANGE, VIEW
from mansap.surveys.choices import QuestionType
from mansap.surveys.models import Campaign, Choice, Question, Questionnaire, ResultsResponse, Section
from mansap.surveys.tests.factories import make_campaign, make_question


def small_questionnaire(institution) -> Questionnaire:
    """One section with one question: enough to reach every builder page."""
    questionnaire = Questionnaire.objects.create(
        institution=institution, kind="alumni", title_kk="Сауалнама", title_ru="Анкета", title_en="Questionnaire"
    )
    section = Section.objects.create(questionnaire=questionnaire, position=1, title_kk="А", title_ru="А", title_en="A")
    make_question(section, QuestionType.LIKERT, "Satisfaction")
    make_question(section, QuestionType.LIKERT, "Recommendation")
    return questionnaire


def first_section(institution) -> Section:
    return small_questionnaire(institution).sections.get()


def last_question(institution) -> Question:
    return first_section(institution).questions.order_by("position").last()


def department_campaign(department):
    questionnaire = small_questionnaire(department.faculty.institution)
    return make_campaign(questionnaire, department=department)


def results_response(department) -> ResultsResponse:
    return ResultsResponse.objects.create(
        campaign=department_campaign(department), department=department, summary="Summary", actions="Actions",
        due_on=dt.date(2026, 4, 1),
    )  # fmt: skip


class _InstitutionLevel:
    editor, viewer, outsider = "cc", "rector", "other_cc"


class QuestionnairePageMatrixTests(_InstitutionLevel, ScopedPageTests, ScopedMatrixTestCase):
    model = Questionnaire
    url_names = {
        "list": "surveys:questionnaire_list",
        "detail": "surveys:questionnaire_detail",
        "edit": "surveys:questionnaire_edit",
        "delete": None,
        "history": "surveys:questionnaire_history",
    }

    @classmethod
    def in_scope(cls):
        return small_questionnaire(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return small_questionnaire(cls.other_institution)


class QuestionnairePreviewMatrixTests(_InstitutionLevel, ScopedPageTests, ScopedMatrixTestCase):
    model = Questionnaire
    url_names = {
        "list": None,
        "detail": "surveys:questionnaire_preview",
        "edit": None,
        "delete": None,
        "history": None,
    }

    @classmethod
    def in_scope(cls):
        return small_questionnaire(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return small_questionnaire(cls.other_institution)


class SectionAddMatrixTests(_InstitutionLevel, ScopedPageTests, ScopedMatrixTestCase):
    """The new-section page of a questionnaire."""

    model = Questionnaire
    url_names = {"list": None, "detail": None, "edit": "surveys:section_add", "delete": None, "history": None}

    @classmethod
    def in_scope(cls):
        return small_questionnaire(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return small_questionnaire(cls.other_institution)


class SectionPageMatrixTests(_InstitutionLevel, ScopedPageTests, ScopedMatrixTestCase):
    model = Section
    url_names = {
        "list": None,
        "detail": None,
        "edit": "surveys:section_edit",
        "delete": "surveys:section_delete",
        "history": None,
    }

    @classmethod
    def in_scope(cls):
        return first_section(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return first_section(cls.other_institution)


class QuestionAddMatrixTests(_InstitutionLevel, ScopedPageTests, ScopedMatrixTestCase):
    """The new-question page of a section."""

    model = Section
    url_names = {"list": None, "detail": None, "edit": "surveys:question_add", "delete": None, "history": None}

    @classmethod
    def in_scope(cls):
        return first_section(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return first_section(cls.other_institution)


class QuestionPageMatrixTests(_InstitutionLevel, ScopedPageTests, ScopedMatrixTestCase):
    model = Question
    url_names = {
        "list": None,
        "detail": None,
        "edit": "surveys:question_edit",
        "delete": "surveys:question_delete",
        "history": None,
    }

    @classmethod
    def in_scope(cls):
        return last_question(cls.institution)

    @classmethod
    def out_of_scope(cls):
        return last_question(cls.other_institution)


class QuestionMoveScopeTests(ScopedMatrixTestCase):
    """Moving a question is a POST-only action, so it has no page for the mixin: its four cases by hand."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.question = last_question(cls.institution)
        cls.other_question = last_question(cls.other_institution)

    def move_url(self, question: Question) -> str:
        return reverse("surveys:question_move", args=[question.pk, "up"])

    def assert_not_moved(self, question: Question) -> None:
        self.assertEqual(Question.objects.get(pk=question.pk).position, question.position)

    def test_the_editor_moves_it(self) -> None:
        self.assert_status(self.cc, self.move_url(self.question), 302, method="post")
        self.assertEqual(Question.objects.get(pk=self.question.pk).position, self.question.position - 1)

    def test_out_of_scope_404(self) -> None:
        self.assert_status(self.cc, self.move_url(self.other_question), 404, method="post")
        self.assert_not_moved(self.other_question)

    def test_read_only_403(self) -> None:
        self.assert_status(self.rector, self.move_url(self.question), 403, method="post")
        self.assert_not_moved(self.question)

    def test_student_403(self) -> None:
        self.assert_status(self.student_user, self.move_url(self.question), 403, method="post")
        self.assert_not_moved(self.question)

    def test_anonymous_login(self) -> None:
        url = self.move_url(self.question)
        self.assert_login_redirect(self.post_as(None, url), url)
        self.assert_not_moved(self.question)


class ChoiceScopeTests(_InstitutionLevel, ScopedPageTests, ScopedMatrixTestCase):
    """A choice has no page (the question form edits it): no inherited page test applies, so its cases by hand."""

    model = Choice
    url_names = {"list": None, "detail": None, "edit": None, "delete": None, "history": None}

    @classmethod
    def in_scope(cls):
        return Choice.objects.create(
            question=last_question(cls.institution), code="yes", text_kk="Иә", text_ru="Да", text_en="Yes"
        )

    @classmethod
    def out_of_scope(cls):
        return Choice.objects.create(
            question=last_question(cls.other_institution), code="yes", text_kk="Иә", text_ru="Да", text_en="Yes"
        )

    def reached(self, name: str | None, action: str) -> set[int]:
        user = self.persona(name) if name else AnonymousUser()
        return set(Choice.objects.for_user(user, action).values_list("pk", flat=True))

    def test_read_by_the_institution_changed_by_its_editors(self) -> None:
        mine, theirs = self.obj.pk, self.other.pk
        for name, view, change in (
            ("admin", {mine, theirs}, {mine, theirs}),
            ("cc", {mine}, {mine}),
            ("registrar", {mine}, {mine}),
            ("rector", {mine}, set()),
            ("dean", {mine}, set()),
            ("aigerim", {mine}, set()),  # departments read the questionnaires; the CC builds them
            ("other_cc", {theirs}, {theirs}),
            ("student_user", set(), set()),
            (None, set(), set()),
        ):
            self.assertEqual((self.reached(name, VIEW), self.reached(name, CHANGE)), (view, change), name)

    def test_the_children_are_scoped_exactly_as_their_questionnaire(self) -> None:
        for name in ("admin", "cc", "rector", "dean", "aigerim", "other_cc", "student_user"):
            user = self.persona(name)
            for action in (VIEW, CHANGE):
                questionnaires = set(Questionnaire.objects.for_user(user, action).values_list("pk", flat=True))
                for model, path in (
                    (Section, "questionnaire_id"),
                    (Question, "section__questionnaire_id"),
                    (Choice, "question__section__questionnaire_id"),
                ):
                    reached = set(model.objects.for_user(user, action).values_list(path, flat=True))
                    every = set(model.objects.values_list(path, flat=True))
                    self.assertEqual(reached, every & questionnaires, f"{model.__name__} {name} {action}")


_CAMPAIGN_PAGES = {
    "list": "surveys:campaign_list",
    "detail": "surveys:campaign_detail",
    "edit": "surveys:campaign_edit",
    "delete": "surveys:campaign_delete",
    "history": "surveys:campaign_history",
}


class DepartmentCampaignPageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Campaign
    url_names = _CAMPAIGN_PAGES

    @classmethod
    def in_scope(cls):
        return department_campaign(cls.dept_a)

    @classmethod
    def out_of_scope(cls):
        return department_campaign(cls.dept_b)


class InstitutionCampaignPageMatrixTests(_InstitutionLevel, ScopedPageTests, ScopedMatrixTestCase):
    model = Campaign
    url_names = _CAMPAIGN_PAGES

    @classmethod
    def in_scope(cls):
        return make_campaign(small_questionnaire(cls.institution))

    @classmethod
    def out_of_scope(cls):
        return make_campaign(small_questionnaire(cls.other_institution))


class CampaignResultsMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = Campaign
    url_names = {"list": None, "detail": "surveys:campaign_results", "edit": None, "delete": None, "history": None}

    @classmethod
    def in_scope(cls):
        return department_campaign(cls.dept_a)

    @classmethod
    def out_of_scope(cls):
        return department_campaign(cls.dept_b)


class ResultsResponsePageMatrixTests(ScopedPageTests, ScopedMatrixTestCase):
    model = ResultsResponse
    url_names = {
        "list": "surveys:resultsresponse_list",
        "detail": None,
        "edit": "surveys:resultsresponse_edit",
        "delete": None,
        "history": None,
    }

    @classmethod
    def in_scope(cls):
        return results_response(cls.dept_a)

    @classmethod
    def out_of_scope(cls):
        return results_response(cls.dept_b)
