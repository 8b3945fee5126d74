"""Staff pages of the surveys app: the questionnaire builder, campaigns, telephone interviews, results."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from mansap.common.views import (
    ObjectHistoryView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    StaffRequiredMixin,
)
from mansap.core.models import Department, Institution
from mansap.core.querysets import CHANGE, VIEW
from mansap.surveys import filtersets, forms, services, tables
from mansap.surveys.choices import QuestionType
from mansap.surveys.models import Campaign, Question, Questionnaire, ResultsResponse, Section, results_departments
from mansap.surveys.respondent import error_map, form_sections


def _first_institution(user: Any) -> Institution:
    institution = services.default_institution(user)
    if institution is None:
        raise PermissionDenied
    return institution


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for field, found in errors.items():
        form.add_error(field if field in form.fields else None, found)


def get_for_change(request: HttpRequest, model: Any, pk: int, **select: Any) -> Any:
    """The object in the user's view scope (else 404) that they may also change (else 403)."""
    obj = get_object_or_404(model.objects.for_user(request.user, VIEW), pk=pk)
    if not model.objects.for_user(request.user, CHANGE).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj


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


# ---- Campaigns -----------------------------------------------------------------------------------------------
class CampaignListView(ScopedListView):
    queryset = Campaign.objects.with_list_related()
    filterset_class = filtersets.CampaignFilterSet
    table_class = tables.CampaignTable


class CampaignDetailView(ScopedDetailView):
    queryset = Campaign.objects.select_related("questionnaire", "department", "headline_question", "created_by")
    template_name = "surveys/campaign_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign: Campaign = self.object
        can_change = context["can_change"]
        invitations = campaign.invitations.all()
        responses = campaign.responses.all()
        departments = results_departments(self.request.user, campaign)
        if departments is not None:  # an institution-wide campaign read by a department: its own audience
            invitations = invitations.filter(department_id__in=departments)
            responses = responses.filter(department_id__in=departments)
            context["limited_to"] = Department.objects.filter(pk__in=departments).order_by("code")
        counts = {
            "invited": invitations.count(),
            "sent": invitations.filter(sent_at__isnull=False).count(),
            "responded": invitations.filter(has_responded=True).count(),
            "without_email": invitations.filter(email="").count(),
            "submitted": responses.filter(status="submitted").count(),
            "drafts": responses.filter(status="draft").count(),
        }
        context.update(counts=counts, status=campaign.status)
        if can_change:  # names of the invited: for those who run the campaign, not for read-only aggregates
            link_base = self.request.build_absolute_uri("/").rstrip("/") if campaign.is_open else ""
            table = tables.InvitationTable(
                invitations.select_related("student", "organization", "program"), link_base=link_base
            )
            RequestConfig(self.request, paginate={"per_page": 25}).configure(table)
            context["invitation_table"] = table
        if campaign.launched_at is None:
            context["preview"] = services.audience_preview(campaign)
        if context["status"] == "closed":
            context["unit_response_count"] = (
                ResultsResponse.objects.for_user(self.request.user).filter(campaign=campaign).count()
            )
            context["unit_response_due"] = services.results_response_due(campaign)
        if campaign.public_link:
            context["public_url"] = self.request.build_absolute_uri(
                reverse("surveys:public", args=[campaign.public_slug])
            )
        return context


class CampaignEditView(ScopedEditView):
    queryset = Campaign.objects.all()
    form_class = forms.CampaignForm
    template_name = "surveys/campaign_form.html"

    def get_initial(self) -> dict[str, Any]:
        """A new campaign started from a questionnaire's page (?questionnaire=&kind=)."""
        initial = super().get_initial()
        for name in ("questionnaire", "kind"):
            if self.request.GET.get(name):
                initial[name] = self.request.GET[name]
        return initial

    def save(self, form: Any) -> Campaign:
        return services.save_campaign(
            form.save(commit=False),
            acting_user=self.request.user,
            programs=form.cleaned_data.get("programs") if "programs" in form.fields else None,
            organizations=form.cleaned_data.get("organizations") if "organizations" in form.fields else None,
        )


class CampaignDeleteView(ScopedDeleteView):
    """Only a campaign still being prepared can be deleted; a launched one keeps its invitations and answers."""

    queryset = Campaign.objects.all()

    def get_object(self, queryset: Any = None) -> Any:
        campaign = super().get_object(queryset)
        if campaign.launched_at is not None:
            raise PermissionDenied
        return campaign


class CampaignHistoryView(ObjectHistoryView):
    queryset = Campaign.objects.all()


class AudiencePreviewView(StaffRequiredMixin, View):
    """How many the campaign being edited would invite (htmx fragment of the campaign form)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        form = forms.CampaignForm(request.GET, user=request.user)
        form.is_valid()
        data = form.cleaned_data
        preview = None
        if data.get("kind"):
            campaign = Campaign(
                kind=data["kind"], department=data.get("department"), cohort=data.get("cohort"),
                institution=_first_institution(request.user),
            )  # fmt: skip
            preview = services.audience_preview(
                campaign, programs=list(data.get("programs") or []), organizations=list(data.get("organizations") or [])
            )
        return render(request, "surveys/_audience_preview.html", {"preview": preview})


class CampaignActionView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = get_for_change(request, Campaign, pk)
        try:
            self.act(request, campaign)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(campaign.get_absolute_url())

    def act(self, request: HttpRequest, campaign: Campaign) -> None:
        raise NotImplementedError


class CampaignLaunchView(CampaignActionView):
    def act(self, request: HttpRequest, campaign: Campaign) -> None:
        invited = services.launch_campaign(campaign, acting_user=request.user)
        messages.success(request, _("Campaign launched: {n} invited.").format(n=invited))


class CampaignSendView(CampaignActionView):
    def act(self, request: HttpRequest, campaign: Campaign) -> None:
        reminder = request.POST.get("reminder") == "1"
        sent = services.send_invitations(
            campaign, acting_user=request.user, reminder=reminder, site_url=request.build_absolute_uri("/")
        )
        text = _("Reminders sent: {n}.") if reminder else _("Invitations sent: {n}.")
        messages.success(request, text.format(n=sent))


class CampaignCloseView(CampaignActionView):
    def act(self, request: HttpRequest, campaign: Campaign) -> None:
        services.close_campaign(campaign, acting_user=request.user)
        messages.success(request, _("The campaign is closed; its links no longer work."))


class CampaignInterviewView(StaffRequiredMixin, View):
    """Staff enter the answers of a telephone interview; the response is marked as such, with their name."""

    template_name = "surveys/campaign_interview.html"

    def setup_campaign(self, request: HttpRequest, pk: int) -> Campaign:
        return get_for_change(request, Campaign, pk)

    def respond(self, request: HttpRequest, campaign: Campaign, form: Any, raw: dict, errors: dict, status=200):  # type: ignore[no-untyped-def]
        questions = campaign.questionnaire.ordered_questions()
        context = {
            "campaign": campaign,
            "form": form,
            "sections": form_sections(questions, raw, errors),
            "errors": errors,
            "title": _("Telephone interview"),
            "breadcrumbs": [
                (capfirst(str(Campaign._meta.verbose_name_plural)), reverse("surveys:campaign_list")),
                (str(campaign), campaign.get_absolute_url()),
                (_("Telephone interview"), None),
            ],
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self.setup_campaign(request, pk)
        form = forms.InterviewForm(campaign=campaign, initial={"language": campaign.language})
        return self.respond(request, campaign, form, {}, {})

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        campaign = self.setup_campaign(request, pk)
        form = forms.InterviewForm(request.POST, campaign=campaign)
        questions = campaign.questionnaire.ordered_questions()
        raw = services.raw_from_post(questions, request.POST)
        errors: dict[int, str] = {}
        if form.is_valid():
            try:
                services.record_phone_interview(
                    campaign, raw, invitation=form.cleaned_data["invitation"],
                    language=form.cleaned_data["language"], acting_user=request.user,
                )  # fmt: skip
            except ValidationError as exc:
                errors = error_map(exc)
                if not errors:
                    form.add_error(None, exc)
            else:
                messages.success(request, _("The interview's answers are saved."))
                if request.POST.get("again"):
                    return HttpResponseRedirect(reverse("surveys:campaign_interview", args=[campaign.pk]))
                return HttpResponseRedirect(campaign.get_absolute_url())
        return self.respond(request, campaign, form, raw, errors, status=400)


# ---- Unit responses to the results (R-071) -------------------------------------------------------------------
class ResultsResponseListView(ScopedListView):
    queryset = ResultsResponse.objects.select_related("campaign", "department", "author")
    filterset_class = filtersets.ResultsResponseFilterSet
    table_class = tables.ResultsResponseTable


class ResultsResponseEditView(StaffRequiredMixin, View):
    """Write (campaign) or change (pk) a unit's summary and plan; results page is where both start."""

    template_name = "surveys/builder_form.html"

    def target(self, request: HttpRequest, pk: int | None, campaign_pk: int | None) -> ResultsResponse:
        if pk is not None:
            response = get_for_change(request, ResultsResponse, pk)
            return ResultsResponse.objects.select_related("campaign", "department").get(pk=response.pk)
        campaign = get_object_or_404(Campaign.objects.for_user(request.user, VIEW), pk=campaign_pk)
        if not services.responding_departments(request.user, campaign).exists():
            raise PermissionDenied
        return ResultsResponse(campaign=campaign)

    def respond(self, request: HttpRequest, form: Any, obj: ResultsResponse, status: int = 200) -> HttpResponse:
        campaign = obj.campaign
        label = _("Edit the unit's response") if obj.pk else _("The unit's response to the results")
        results_url = reverse("surveys:campaign_results", args=[campaign.pk])
        context = {
            "form": form,
            "title": label,
            "cancel_url": results_url + "#unit-responses",
            "breadcrumbs": [
                (capfirst(str(Campaign._meta.verbose_name_plural)), reverse("surveys:campaign_list")),
                (str(campaign), campaign.get_absolute_url()),
                (_("Results"), results_url),
                (label, None),
            ],
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk: int | None = None, campaign_pk: int | None = None) -> HttpResponse:
        obj = self.target(request, pk, campaign_pk)
        return self.respond(
            request, forms.ResultsResponseForm(instance=obj, user=request.user, campaign=obj.campaign), obj
        )

    def post(self, request: HttpRequest, pk: int | None = None, campaign_pk: int | None = None) -> HttpResponse:
        obj = self.target(request, pk, campaign_pk)
        form = forms.ResultsResponseForm(request.POST, instance=obj, user=request.user, campaign=obj.campaign)
        if form.is_valid():
            try:
                saved = services.save_results_response(form.instance, acting_user=request.user)
            except ValidationError as exc:
                _errors_to_form(form, exc)
            else:
                messages.success(request, _("The unit's response is saved."))
                return HttpResponseRedirect(saved.get_absolute_url())
        return self.respond(request, form, obj, status=400)


class ResultsResponseActionView(StaffRequiredMixin, View):
    """Present (the unit), review, return or publish (quality assurance) a unit's response."""

    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        obj = get_object_or_404(ResultsResponse.objects.for_user(request.user, VIEW), pk=pk)
        step = services.UNIT_RESPONSE_STEPS.get(action)
        if step is None:
            raise Http404
        if step[2]:
            if not services.may_review_unit_responses(request.user):
                raise PermissionDenied
        elif not ResultsResponse.objects.for_user(request.user, CHANGE).filter(pk=obj.pk).exists():
            raise PermissionDenied
        try:
            services.advance_results_response(obj, action, acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Status: {status}.").format(status=obj.get_status_display()))
        return HttpResponseRedirect(obj.get_absolute_url())


class PublishedResponsesView(LoginRequiredMixin, View):
    """For students: the units' published summaries and plans (R-071: published on the student portal)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        student = getattr(request.user, "student", None)
        if student is None:
            raise PermissionDenied
        rows = (
            ResultsResponse.objects.published()
            .filter(campaign__institution_id=student.institution_id)
            .select_related("campaign", "department")
            .order_by("-published_on", "-pk")[:100]
        )
        context = {"rows": rows, "title": _("What we do about your survey answers")}
        return render(request, "surveys/published_responses.html", context)
