"""Pages of campaigns: list, detail, edit, audience preview, launch, send, close, interviews."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
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
from mansap.core.models import Department
from mansap.surveys import filtersets, forms, tables
from mansap.surveys.models import Campaign, ResultsResponse
from mansap.surveys.querysets import results_departments
from mansap.surveys.services import campaigns as services
from mansap.surveys.services import responses as services_responses
from mansap.surveys.services import results
from mansap.surveys.views.mixins import _first_institution, get_for_change
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
            context["unit_response_due"] = results.results_response_due(campaign)
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
        raw = services_responses.raw_from_post(questions, request.POST)
        errors: dict[int, str] = {}
        if form.is_valid():
            try:
                services_responses.record_phone_interview(
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
