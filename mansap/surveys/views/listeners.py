"""The course listeners of an end-of-course campaign (R-066): the list, its import from a spreadsheet (with the
error report to download) and one listener typed in. Only while the campaign is a draft, by those who may
change it (core.access: outside the scope 404, a reader 403)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from mansap.common.exports import xlsx_response
from mansap.common.forms import errors_to_form
from mansap.common.importing import UnreadableFile
from mansap.common.views import ScopedActionView, ScopedMixin, ScopedServiceFormView, mark_refused
from mansap.core.access import CHANGE, get_for_user_or_404
from mansap.surveys.forms import ListenerForm, ListenerImportForm
from mansap.surveys.models import Campaign, CourseListener
from mansap.surveys.services import listeners as services


def _report_key(campaign: Campaign) -> str:
    return f"surveys.listener_import.{campaign.pk}"


class CampaignListenersView(ScopedServiceFormView):
    """GET: the listeners, the import form and the typed-in form. POST: an import (or, with `add`, one listener)."""

    queryset = Campaign.objects.all()
    action = CHANGE
    form_class = ListenerImportForm
    template_name = "surveys/campaign_listeners.html"
    title = gettext_lazy("Course listeners")  # type: ignore[assignment]

    def adding(self) -> bool:
        return self.request.method == "POST" and "add" in self.request.POST

    def get_form(self, obj: Campaign) -> Any:
        kwargs: dict[str, Any] = {"initial": {"language": obj.language}}
        if self.request.method == "POST":
            kwargs.update(data=self.request.POST, files=self.request.FILES)
        return (ListenerForm if self.adding() else ListenerImportForm)(**kwargs)

    def get_title(self, obj: Campaign) -> str:
        return str(self.title)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = self.get_object()
        form = self.get_form(obj)
        if not form.is_valid():
            return self.form_invalid(obj, form)
        if self.adding():
            try:
                listener = services.add_listener(obj, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                errors_to_form(form, exc)
                return self.form_invalid(obj, form)
            messages.success(request, _("{name} is on the list.").format(name=listener.full_name))
            return HttpResponseRedirect(reverse("surveys:campaign_listeners", args=[obj.pk]))
        upload = form.cleaned_data["file"]
        try:
            report = services.import_listeners(obj, upload, upload.name, acting_user=request.user)
        except UnreadableFile as exc:
            form.add_error("file", exc.message)
            return self.form_invalid(obj, form)
        except ValidationError as exc:
            errors_to_form(form, exc)
            return self.form_invalid(obj, form)
        if not report.ok:
            request.session[_report_key(obj)] = report.to_dict(messages=False)
            mark_refused(request)
            shown = services.report_for_display(report.to_dict(messages=False))
            return self.render_form(obj, form, status=400, report=shown)
        request.session.pop(_report_key(obj), None)
        messages.success(
            request,
            _("Imported: {created} added, {updated} updated, {unchanged} unchanged.").format(
                created=report.created, updated=report.updated, unchanged=report.unchanged
            ),
        )
        return HttpResponseRedirect(reverse("surveys:campaign_listeners", args=[obj.pk]))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        campaign: Campaign = context["object"]
        form = context["form"]
        context["import_form"] = form if isinstance(form, ListenerImportForm) else ListenerImportForm()
        context["add_form"] = (
            form if isinstance(form, ListenerForm) else ListenerForm(initial={"language": campaign.language})
        )
        context["listeners"] = list(campaign.listeners.all())
        context["columns"] = services.column_help()
        context["is_draft"] = campaign.launched_at is None
        context["errors_url"] = reverse("surveys:campaign_listeners_errors", args=[campaign.pk])
        return context


class ListenerErrorReportView(ScopedMixin, View):
    """The errors of the user's last import into this campaign, as a workbook (kept in their session)."""

    queryset = Campaign.objects.all()
    http_method_names = ["get"]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        campaign = get_for_user_or_404(Campaign, request.user, kwargs["pk"], CHANGE)
        report = request.session.get(_report_key(campaign))
        if report is None:
            raise Http404
        return xlsx_response(services.error_report_xlsx(report), _("listeners import errors"))


class ListenerRemoveView(ScopedActionView):
    """Take a listener off the list (the campaign still a draft)."""

    queryset = CourseListener.objects.select_related("campaign")

    def get_object(self) -> CourseListener:
        listener = get_object_or_404(self.queryset, pk=self.kwargs["pk"])
        get_for_user_or_404(Campaign, self.request.user, listener.campaign_id, CHANGE)
        return listener

    def act(self, obj: CourseListener) -> None:
        services.remove_listener(obj, acting_user=self.request.user)

    def get_success_message(self, obj: CourseListener, result: None) -> str:
        return _("{name} was taken off the list.").format(name=obj.full_name)

    def get_success_url(self, obj: CourseListener) -> str:
        return reverse("surveys:campaign_listeners", args=[obj.campaign_id])
