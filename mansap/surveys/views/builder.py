"""Staff pages of the questionnaire builder: questionnaires, sections, questions, choices, conditions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View

from mansap.common.views import (
    ObjectHistoryView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    StaffRequiredMixin,
)
from mansap.surveys import filtersets, forms, tables
from mansap.surveys.choices import QuestionType
from mansap.surveys.models import Question, Questionnaire, Section
from mansap.surveys.services import builder as services
from mansap.surveys.views.mixins import _errors_to_form, _first_institution, get_for_change
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

    def save(self, form: Any) -> Questionnaire:
        questionnaire = form.instance
        if questionnaire.pk is None:
            questionnaire.institution = _first_institution(self.request.user)
        return services.save_questionnaire(questionnaire, acting_user=self.request.user)


class QuestionnaireHistoryView(ObjectHistoryView):
    queryset = Questionnaire.objects.all()


class QuestionnaireCopyView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        questionnaire = get_for_change(request, Questionnaire, pk)
        copy = services.copy_to_new_version(questionnaire, acting_user=request.user)
        messages.success(request, _("Version {version} created; it can be edited.").format(version=copy.version))
        return HttpResponseRedirect(copy.get_absolute_url())


class QuestionnairePreviewView(StaffRequiredMixin, View):
    """The respondent's page, as it will look, with nothing saved."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        questionnaire = get_object_or_404(Questionnaire.objects.for_user(request.user), pk=pk)
        questions = questionnaire.ordered_questions()
        context = {
            "questionnaire": questionnaire,
            "sections": form_sections(questions, {}, {}),
            "preview": True,
            "title": questionnaire.title,
        }
        return render(request, "surveys/respond_form.html", context)


class BuilderPartView(StaffRequiredMixin, View):
    """Add or edit a section or a question of a questionnaire the user may change (not once answered)."""

    template_name = "surveys/builder_form.html"

    def questionnaire_crumbs(self, questionnaire: Questionnaire, label: str) -> list[tuple[str, str | None]]:
        return [
            (capfirst(str(Questionnaire._meta.verbose_name_plural)), reverse("surveys:questionnaire_list")),
            (str(questionnaire), questionnaire.get_absolute_url()),
            (label, None),
        ]


class SectionEditView(BuilderPartView):
    def get_section(self, request: HttpRequest, pk: int | None, questionnaire_pk: int | None) -> Section:
        if pk is not None:
            section = get_object_or_404(Section.objects.select_related("questionnaire"), pk=pk)
            get_for_change(request, Questionnaire, section.questionnaire_id)
            return section
        questionnaire = get_for_change(request, Questionnaire, questionnaire_pk or 0)
        return Section(questionnaire=questionnaire, position=questionnaire.sections.count() + 1)

    def respond(self, request: HttpRequest, form: Any, section: Section, status: int = 200) -> HttpResponse:
        label = _("Edit section") if section.pk else _("New section")
        context = {
            "form": form,
            "title": label,
            "cancel_url": section.questionnaire.get_absolute_url(),
            "breadcrumbs": self.questionnaire_crumbs(section.questionnaire, label),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int | None = None, questionnaire_pk: int | None = None) -> HttpResponse:
        section = self.get_section(request, pk, questionnaire_pk)
        return self.respond(request, forms.SectionForm(instance=section, user=request.user), section)

    def post(self, request: HttpRequest, pk: int | None = None, questionnaire_pk: int | None = None) -> HttpResponse:
        section = self.get_section(request, pk, questionnaire_pk)
        form = forms.SectionForm(request.POST, instance=section, user=request.user)
        if form.is_valid():
            try:
                services.save_section(form.instance, acting_user=request.user)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Section saved."))
                return HttpResponseRedirect(section.get_absolute_url())
        return self.respond(request, form, section, status=400)


class QuestionEditView(BuilderPartView):
    def get_question(self, request: HttpRequest, pk: int | None, section_pk: int | None) -> Question:
        if pk is not None:
            question = get_object_or_404(Question.objects.select_related("section__questionnaire"), pk=pk)
            get_for_change(request, Questionnaire, question.section.questionnaire_id)
            return question
        section = get_object_or_404(Section.objects.select_related("questionnaire"), pk=section_pk)
        get_for_change(request, Questionnaire, section.questionnaire_id)
        return Question(section=section, position=section.questions.count() + 1, kind=QuestionType.LIKERT)

    def respond(self, request: HttpRequest, form: Any, formset: Any, question: Question, status: int = 200) -> Any:
        questionnaire = question.section.questionnaire
        label = _("Edit question") if question.pk else _("New question")
        context = {
            "form": form,
            "formset": formset,
            "title": label,
            "section": question.section,
            "cancel_url": questionnaire.get_absolute_url(),
            "breadcrumbs": self.questionnaire_crumbs(questionnaire, label),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int | None = None, section_pk: int | None = None) -> HttpResponse:
        question = self.get_question(request, pk, section_pk)
        form = forms.QuestionForm(instance=question, user=request.user)
        formset = forms.ChoiceFormSet(instance=question, prefix="choices")
        return self.respond(request, form, formset, question)

    def post(self, request: HttpRequest, pk: int | None = None, section_pk: int | None = None) -> HttpResponse:
        question = self.get_question(request, pk, section_pk)
        form = forms.QuestionForm(request.POST, instance=question, user=request.user)
        formset = forms.ChoiceFormSet(request.POST, instance=question, prefix="choices")
        formset.question_kind = request.POST.get("kind", "")  # type: ignore[attr-defined]
        if form.is_valid() and formset.is_valid():
            try:
                kept, deleted = forms.choice_rows(formset)
                saved = services.save_question_with_choices(form.instance, kept, deleted, acting_user=request.user)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("Question saved."))
                return HttpResponseRedirect(saved.section.get_absolute_url())
        return self.respond(request, form, formset, question, status=400)


class BuilderDeleteView(BuilderPartView):
    model: Any = None

    def target(self, request: HttpRequest, pk: int) -> Any:
        obj = get_object_or_404(self.model.objects.all(), pk=pk)
        questionnaire = obj.questionnaire if isinstance(obj, Section) else obj.section.questionnaire
        get_for_change(request, Questionnaire, questionnaire.pk)
        return obj, questionnaire

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj, questionnaire = self.target(request, pk)
        context = {
            "object": obj,
            "title": _("Delete {object}?").format(object=str(obj)[:80]),
            "object_url": questionnaire.get_absolute_url(),
            "breadcrumbs": self.questionnaire_crumbs(questionnaire, _("Delete")),
        }
        return render(request, "common/object_confirm_delete.html", context)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        obj, questionnaire = self.target(request, pk)
        try:
            if isinstance(obj, Section):
                services.delete_section(obj, acting_user=request.user)
            else:
                services.delete_question(obj, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Deleted {object}.").format(object=str(obj)[:80]))
        return HttpResponseRedirect(questionnaire.get_absolute_url())


class QuestionMoveView(StaffRequiredMixin, View):
    """One step up or down (a plain POST from the builder); refused once the questionnaire is answered."""

    def post(self, request: HttpRequest, pk: int, direction: str) -> HttpResponse:
        question = get_object_or_404(Question.objects.select_related("section__questionnaire"), pk=pk)
        questionnaire = get_for_change(request, Questionnaire, question.section.questionnaire_id)
        try:
            services.move_question(question, direction, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(questionnaire.get_absolute_url() + f"#question-{question.pk}")


class ConditionValuesView(StaffRequiredMixin, View):
    """The answers that can decide a condition, for the question chosen in the builder (htmx fragment)."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        questionnaire = get_for_change(request, Questionnaire, pk)
        chosen = forms.int_or_none(request.GET.get("condition_question"))
        condition = Question.objects.filter(section__questionnaire=questionnaire, pk=chosen).first() if chosen else None
        field = forms.condition_value_field(condition)
        return HttpResponse(field.widget.render("condition_value", "", attrs={"id": "id_condition_value"}))


class SectionDeleteView(BuilderDeleteView):
    model = Section


class QuestionDeleteView(BuilderDeleteView):
    model = Question
