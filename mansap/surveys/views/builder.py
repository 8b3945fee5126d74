"""Staff pages of the questionnaire builder: questionnaires, sections, questions, choices, conditions.

Every page fetches its object through core.access (the Scoped* bases, or get_for_user_or_404): sections,
questions and choices are scoped through their questionnaire (surveys/querysets.py), so another
institution's answers 404 and a reader's write 403 like any other object. Adding a part fetches its
parent for change. The services refuse any change once the questionnaire has answers.
"""

from __future__ import annotations

from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.typing import AuthedRequest
from mansap.common.views import (
    ObjectHistoryView,
    ScopedActionView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedServiceFormView,
    StaffRequiredMixin,
)
from mansap.core.access import CHANGE, get_for_user_or_404, institution_for
from mansap.surveys import filtersets, forms, tables
from mansap.surveys.choices import QuestionType
from mansap.surveys.models import Question, Questionnaire, Section
from mansap.surveys.services import builder as services
from mansap.surveys.views.respondent import form_sections


# ---- Questionnaires ------------------------------------------------------------------------------------------
class QuestionnaireListView(ScopedListView):
    queryset = Questionnaire.objects.with_list_related()
    filterset_class = filtersets.QuestionnaireFilterSet
    table_class = tables.QuestionnaireTable


class QuestionnaireDetailView(ScopedDetailView):
    """The builder: sections, questions, choices and conditions; frozen once answered."""

    queryset = Questionnaire.objects.select_related("previous", "created_by")
    template_name = "surveys/questionnaire_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        questionnaire: Questionnaire = self.object
        questions = questionnaire.ordered_questions()
        sections = list(questionnaire.sections.all())
        by_section: dict[int, list[Question]] = {s.pk: [] for s in sections}
        by_id = {q.pk: q for q in questions}
        for number, question in enumerate(questions, start=1):
            by_section[question.section_id].append(question)
            question.number = number  # type: ignore[attr-defined]
            question.is_first = number == 1  # type: ignore[attr-defined]
            question.is_last = number == len(questions)  # type: ignore[attr-defined]
            cond = by_id.get(question.condition_question_id or 0)
            question.condition_text = cond.text if cond else ""  # type: ignore[attr-defined]
            answer = (
                next((c.text for c in cond.choices.all() if c.code == question.condition_value), None) if cond else None
            )
            question.condition_answer = answer or question.condition_value  # type: ignore[attr-defined]
            other = by_id.get(question.compare_with_id or 0)
            question.compare_text = other.text if other else ""  # type: ignore[attr-defined]
        context.update(
            sections=[(s, by_section[s.pk]) for s in sections],
            locked=questionnaire.is_locked,
            versions=Questionnaire.objects.filter(family=questionnaire.family).order_by("version"),
            campaigns=questionnaire.campaigns.order_by("-opens_on")[:20],
            question_count=len(questions),
        )
        return context


class QuestionnaireEditView(ScopedEditView):
    queryset = Questionnaire.objects.all()
    form_class = forms.QuestionnaireForm
    request: AuthedRequest

    def save(self, form: Any) -> Questionnaire:
        questionnaire = form.instance
        if questionnaire.pk is None:
            # Only the institution-wide editors build questionnaires (the page's can_create lets them in).
            questionnaire.institution = institution_for(self.request.user, CHANGE, or_raise=PermissionDenied)
        return services.save_questionnaire(questionnaire, acting_user=self.request.user)


class QuestionnaireHistoryView(ObjectHistoryView):
    queryset = Questionnaire.objects.all()


class QuestionnaireCopyView(ScopedActionView):
    """A new, editable version of the questionnaire (the only change an answered one allows)."""

    queryset = Questionnaire.objects.all()
    request: AuthedRequest
    copy: Questionnaire | None = None  # the new version, once made: the page to go to

    def act(self, obj: Questionnaire) -> Questionnaire:
        self.copy = services.copy_to_new_version(obj, acting_user=self.request.user)
        return self.copy

    def get_success_message(self, obj: Questionnaire, result: Questionnaire) -> str:
        return _("Version {version} created; it can be edited.").format(version=result.version)

    def get_success_url(self, obj: Questionnaire) -> str:
        return (self.copy or obj).get_absolute_url()


class QuestionnairePreviewView(ScopedDetailView):
    """The respondent's page, as it will look, with nothing saved."""

    queryset = Questionnaire.objects.all()
    template_name = "surveys/respond_form.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        questionnaire: Questionnaire = self.object
        context.update(
            questionnaire=questionnaire,
            sections=form_sections(questionnaire.ordered_questions(), {}, {}),
            preview=True,
            title=questionnaire.title,
            breadcrumbs=[],  # the respondent's page has none: the preview must look the same
        )
        return context


# ---- Sections and questions ----------------------------------------------------------------------------------
def questionnaire_crumbs(questionnaire: Questionnaire, label: str) -> list[tuple[str, str | None]]:
    """Questionnaires › the questionnaire › label: the builder's pages hang under their questionnaire."""
    return [
        (capfirst(str(Questionnaire._meta.verbose_name_plural)), reverse("surveys:questionnaire_list")),
        (str(questionnaire), questionnaire.get_absolute_url()),
        (label, None),
    ]


class SectionFormView(ScopedServiceFormView):
    """A section's form (the form's section is the page's object): save through the service, back to the builder."""

    form_class = forms.SectionForm
    template_name = "surveys/builder_form.html"
    request: AuthedRequest

    def get_form_kwargs(self, obj: Section) -> dict[str, Any]:
        return {"instance": obj, "user": self.request.user}

    def perform(self, obj: Section, form: Any) -> Section:
        return services.save_section(form.instance, acting_user=self.request.user)

    def get_success_message(self, obj: Section, result: Section) -> str:
        return _("Section saved.")

    def get_success_url(self, obj: Section, result: Section) -> str:
        return result.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        section: Section = context["object"]
        label = _("Edit section") if section.pk else _("New section")
        context.update(
            title=label,
            cancel_url=section.questionnaire.get_absolute_url(),
            breadcrumbs=questionnaire_crumbs(section.questionnaire, label),
        )
        return context


class SectionEditView(SectionFormView):
    """Change a section of a questionnaire the user may change (not once answered)."""

    queryset = Section.objects.select_related("questionnaire")


class SectionAddView(SectionFormView):
    """A new section at the end of a questionnaire the user may change: the URL's pk is the questionnaire's."""

    queryset = Questionnaire.objects.all()

    def get_object(self) -> Section:
        questionnaire: Questionnaire = super().get_object()
        return Section(questionnaire=questionnaire, position=questionnaire.sections.count() + 1)


class QuestionFormView(ScopedServiceFormView):
    """A question's form with its choices (the form's question is the page's object): saved together."""

    form_class = forms.QuestionForm
    template_name = "surveys/builder_form.html"
    request: AuthedRequest

    def get_form(self, obj: Question) -> forms.QuestionForm:
        bound = self.request.method == "POST"
        data = self.request.POST if bound else None
        form = forms.QuestionForm(data, instance=obj, user=self.request.user)
        formset = cast("forms.BaseChoiceFormSet", forms.ChoiceFormSet(data, instance=obj, prefix="choices"))
        if bound:
            # The choices are checked against the type being posted (the form may change it).
            formset.question_kind = self.request.POST.get("kind", "")
        form.formset = formset
        return form

    def perform(self, obj: Question, form: forms.QuestionForm) -> Question:
        kept, deleted = forms.choice_rows(form.formset)
        return services.save_question_with_choices(form.instance, kept, deleted, acting_user=self.request.user)

    def get_success_message(self, obj: Question, result: Question) -> str:
        return _("Question saved.")

    def get_success_url(self, obj: Question, result: Question) -> str:
        return result.section.get_absolute_url()

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        question: Question = context["object"]
        questionnaire = question.section.questionnaire
        label = _("Edit question") if question.pk else _("New question")
        context.update(
            formset=context["form"].formset,
            title=label,
            section=question.section,
            cancel_url=questionnaire.get_absolute_url(),
            breadcrumbs=questionnaire_crumbs(questionnaire, label),
        )
        return context


class QuestionEditView(QuestionFormView):
    """Change a question and its choices in a questionnaire the user may change (not once answered)."""

    queryset = Question.objects.select_related("section__questionnaire")


class QuestionAddView(QuestionFormView):
    """A new question at the end of a section the user may change: the URL's pk is the section's."""

    queryset = Section.objects.select_related("questionnaire")

    def get_object(self) -> Question:
        section: Section = super().get_object()
        return Question(section=section, position=section.questions.count() + 1, kind=QuestionType.LIKERT)


class BuilderDeleteView(ScopedActionView):
    """GET: the confirmation page; POST: delete a section or a question through its service, which refuses
    (the message says why) once the questionnaire is answered or while a condition depends on it."""

    http_method_names = ["get", "post"]
    request: AuthedRequest

    def get(self, request: AuthedRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj: Section | Question = self.get_object()
        questionnaire = obj.questionnaire
        context = {
            "object": obj,
            "title": _("Delete {object}?").format(object=str(obj)[:80]),
            "object_url": questionnaire.get_absolute_url(),
            "breadcrumbs": questionnaire_crumbs(questionnaire, _("Delete")),
        }
        return render(request, "common/object_confirm_delete.html", context)

    def get_success_message(self, obj: Section | Question, result: None) -> str:
        return _("Deleted {object}.").format(object=str(obj)[:80])

    def get_success_url(self, obj: Section | Question) -> str:
        return obj.questionnaire.get_absolute_url()


class SectionDeleteView(BuilderDeleteView):
    queryset = Section.objects.select_related("questionnaire")

    def act(self, obj: Section) -> None:
        services.delete_section(obj, acting_user=self.request.user)


class QuestionDeleteView(BuilderDeleteView):
    queryset = Question.objects.select_related("section__questionnaire")

    def act(self, obj: Question) -> None:
        services.delete_question(obj, acting_user=self.request.user)


class QuestionMoveView(ScopedActionView):
    """One step up or down (a plain POST from the builder); refused once the questionnaire is answered."""

    queryset = Question.objects.select_related("section__questionnaire")
    request: AuthedRequest

    def act(self, obj: Question) -> Question:
        return services.move_question(obj, self.kwargs["direction"], acting_user=self.request.user)

    def get_success_url(self, obj: Question) -> str:
        # Back to the question's row. The move may have put it in another section (of the same questionnaire).
        return reverse("surveys:questionnaire_detail", args=[obj.section.questionnaire_id]) + f"#question-{obj.pk}"


class ConditionValuesView(StaffRequiredMixin, View):
    """The answers that can decide a condition, for the question chosen in the builder (htmx fragment).

    An htmx fragment of the question form, for those who may change the questionnaire: fetched for change
    through core.access (404 outside the user's scope, 403 for a reader).
    """

    request: AuthedRequest

    def get(self, request: AuthedRequest, pk: int) -> HttpResponse:
        questionnaire = get_for_user_or_404(Questionnaire, request.user, pk, CHANGE)
        chosen = forms.int_or_none(request.GET.get("condition_question"))
        condition = Question.objects.filter(section__questionnaire=questionnaire, pk=chosen).first() if chosen else None
        field = forms.condition_value_field(condition)
        return HttpResponse(field.widget.render("condition_value", "", attrs={"id": "id_condition_value"}))
