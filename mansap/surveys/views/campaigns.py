"""Pages of campaigns: list, detail, edit, audience preview, launch, send, close, interviews.

Every page of one campaign fetches it through core.access (the Scoped* bases): outside the user's scope
404, a reader's write 403.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django_tables2 import RequestConfig

from mansap.common.typing import AuthedRequest
from mansap.common.views import (
    ObjectHistoryView,
    ScopedActionView,
    ScopedDeleteView,
    ScopedDetailView,
    ScopedEditView,
    ScopedListView,
    ScopedServiceFormView,
    StaffRequiredMixin,
)
from mansap.core.access import CHANGE, institution_for
from mansap.core.models import Department
from mansap.surveys import filtersets, forms, tables
from mansap.surveys.choices import CampaignStatus
from mansap.surveys.models import Campaign, ResultsResponse
from mansap.surveys.querysets import results_departments
from mansap.surveys.services import campaigns as services
from mansap.surveys.services import responses as services_responses
from mansap.surveys.services import results
from mansap.surveys.views.respondent import error_map, form_sections


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
                invitations.select_related("student", "organization", "listener", "program"), link_base=link_base
            )
            RequestConfig(self.request, paginate={"per_page": 25}).configure(table)
            context["invitation_table"] = table
        if campaign.launched_at is None:
            context["preview"] = services.audience_preview(campaign)
        if campaign.asks_listeners:
            context["listener_count"] = campaign.listeners.count()
        if context["status"] == "closed":
            context["unit_response_count"] = (
                ResultsResponse.objects.for_user(self.request.user).filter(campaign=campaign).count()
            )
            context["unit_response_due"] = results.results_response_due(campaign)
        if campaign.accepts_public_answers:  # not an employer campaign's, even one saved with it before the rule
            context["public_url"] = self.request.build_absolute_uri(
                reverse("surveys:public", args=[campaign.public_slug])
            )
        return context


class CampaignEditView(ScopedEditView):
    queryset = Campaign.objects.all()
    form_class = forms.CampaignForm
    template_name = "surveys/campaign_form.html"
    request: AuthedRequest

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

    def get_object(self, queryset: Any = None) -> Campaign:
        campaign: Campaign = super().get_object(queryset)
        if campaign.launched_at is not None:
            raise PermissionDenied
        return campaign


class CampaignHistoryView(ObjectHistoryView):
    queryset = Campaign.objects.all()


class AudiencePreviewView(StaffRequiredMixin, View):
    """How many the campaign being edited would invite (htmx fragment of the campaign form).

    Not about a stored campaign: it counts the audience of the form's unsaved choices, in the user's
    institution (403 for those who may not create campaigns there).
    """

    request: AuthedRequest

    def get(self, request: AuthedRequest) -> HttpResponse:
        form = forms.CampaignForm(request.GET, user=request.user)
        form.is_valid()
        data = form.cleaned_data
        preview = None
        if data.get("kind"):
            campaign = Campaign(
                kind=data["kind"], department=data.get("department"), cohort=data.get("cohort"),
                institution=institution_for(request.user, CHANGE, or_raise=PermissionDenied),
            )  # fmt: skip
            preview = services.audience_preview(
                campaign, programs=list(data.get("programs") or []), organizations=list(data.get("organizations") or [])
            )
        return render(request, "surveys/_audience_preview.html", {"preview": preview})


class CampaignActionView(ScopedActionView):
    """A campaign's step (launch, send, close): fetched for change, one service, its message, back to the campaign."""

    queryset = Campaign.objects.all()
    request: AuthedRequest


class CampaignLaunchView(CampaignActionView):
    """Launch after confirming the size of the audience (a step page with the count)."""

    def confirm_count(self, obj: Campaign) -> int | None:
        return services.audience_count(obj) if obj.launched_at is None else None  # launched: the service says so

    def confirm_question(self, obj: Campaign, count: int) -> str:
        return ngettext(
            "Launch “{campaign}” and invite {n} recipient?",
            "Launch “{campaign}” and invite {n} recipients?",
            count,
        ).format(campaign=obj, n=count)

    def act(self, obj: Campaign) -> int:
        return services.launch_campaign(obj, acting_user=self.request.user, confirmed_count=self.confirmed_count())

    def get_success_message(self, obj: Campaign, result: int) -> str:
        return _("Campaign launched: {n} invited.").format(n=result)


class CampaignSendView(CampaignActionView):
    """The invitations not sent yet, or (reminder=1) reminders to those who have not answered."""

    def reminder(self) -> bool:
        return self.request.POST.get("reminder") == "1"

    def confirm_count(self, obj: Campaign) -> int | None:
        if obj.status not in (CampaignStatus.OPEN, CampaignStatus.SCHEDULED):
            return None  # nothing to send: the service says why
        return services.pending_invitations(obj, reminder=self.reminder()).count()

    def confirm_question(self, obj: Campaign, count: int) -> str:
        if self.reminder():
            text = ngettext("Send {n} reminder by e-mail?", "Send {n} reminders by e-mail?", count)
        else:
            text = ngettext("Send {n} invitation by e-mail?", "Send {n} invitations by e-mail?", count)
        return text.format(n=count)

    def act(self, obj: Campaign) -> int:
        # The links start with the address the page was opened at (MANSAP_BASE_URL is for commands).
        return services.send_invitations(
            obj,
            acting_user=self.request.user,
            reminder=self.reminder(),
            site_url=self.request.build_absolute_uri("/"),
            confirmed_count=self.confirmed_count(),
        )

    def get_success_message(self, obj: Campaign, result: int) -> str:
        text = _("Reminders sent: {n}.") if self.reminder() else _("Invitations sent: {n}.")
        return text.format(n=result)


class CampaignCloseView(CampaignActionView):
    def act(self, obj: Campaign) -> None:
        services.close_campaign(obj, acting_user=self.request.user)

    def get_success_message(self, obj: Campaign, result: None) -> str:
        return _("The campaign is closed; its links no longer work.")


class CampaignInterviewView(ScopedServiceFormView):
    """Staff enter the answers of a telephone interview; the response is marked as such, with their name."""

    queryset = Campaign.objects.select_related("questionnaire")
    form_class = forms.InterviewForm
    template_name = "surveys/campaign_interview.html"
    request: AuthedRequest

    def get_form_kwargs(self, obj: Campaign) -> dict[str, Any]:
        return {"campaign": obj, "initial": {"language": obj.language}}

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Not the base's post: the service's errors name questions ("q<id>"), shown next to each question
        # rather than on the form; only an error about no question goes on the form.
        campaign = self.get_object()
        form = self.get_form(campaign)
        raw = services_responses.raw_from_post(campaign.questionnaire.ordered_questions(), request.POST)
        errors: dict[int, str] = {}
        if form.is_valid():
            try:
                services_responses.record_phone_interview(
                    campaign, raw, invitation=form.cleaned_data["invitation"],
                    language=form.cleaned_data["language"], acting_user=self.request.user,
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
        return self.render_form(campaign, form, status=400, raw=raw, errors=errors)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign: Campaign = context["object"]
        errors: dict[int, str] = kwargs.get("errors", {})
        questions = campaign.questionnaire.ordered_questions()
        context.update(
            campaign=campaign,
            sections=form_sections(questions, kwargs.get("raw", {}), errors),
            errors=errors,
            title=_("Telephone interview"),
            breadcrumbs=[
                (capfirst(str(Campaign._meta.verbose_name_plural)), reverse("surveys:campaign_list")),
                (str(campaign), campaign.get_absolute_url()),
                (_("Telephone interview"), None),
            ],
        )
        return context
