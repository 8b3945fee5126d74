"""Pages of the requests for information to other units (R-131): the list (the desk: all of its institution; a
dean's office or a department: those addressed to it), the desk's question form, one request with the unit's
answer form, the answer's file, and the desk's cancel."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from mansap.common.forms import errors_to_form
from mansap.common.params import parse_id
from mansap.common.views import (
    ScopedActionView,
    ScopedDetailView,
    ScopedListView,
    ScopedServiceFormView,
    StaffRequiredMixin,
    mark_refused,
)
from mansap.core.access import VIEW, get_for_user_or_404, institution_for, is_service_desk_staff
from mansap.servicedesk import tables
from mansap.servicedesk.forms.information import AskForm, InfoAnswerForm, InfoRequestFilterSet
from mansap.servicedesk.models import InfoRequest, ServiceRequest
from mansap.servicedesk.services import information as services


class InfoRequestListView(ScopedListView):
    queryset = InfoRequest.objects.with_list_related()
    filterset_class = InfoRequestFilterSet
    table_class = tables.InfoRequestTable
    title = gettext_lazy("Requests for information")  # type: ignore[assignment]
    export_name = "information-requests"

    def get_filterset_kwargs(self, filterset_class: Any) -> dict[str, Any]:
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs.pop("request", None)
        return kwargs

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        desk = is_service_desk_staff(self.request.user)
        context["add_url"] = reverse("servicedesk:inforequest_add") if desk else None
        context["add_label"] = _("Ask a unit")
        return context


class InfoRequestAskView(StaffRequiredMixin, View):
    """The desk asks a department or a dean's office (?request=<id>: about one of its service requests)."""

    template_name = "common/object_form.html"

    def setup_page(self, request: HttpRequest) -> tuple[Any, ServiceRequest | None]:
        if not is_service_desk_staff(request.user):
            raise PermissionDenied
        institution = institution_for(request.user, or_raise=PermissionDenied)
        about: ServiceRequest | None = None
        request_id = parse_id(request.GET.get("request"))
        if request_id:
            about = get_for_user_or_404(ServiceRequest.objects.all(), request.user, request_id, VIEW)  # type: ignore[arg-type]
        return institution, about

    def render_form(self, form: AskForm, about: ServiceRequest | None, status: int = 200) -> HttpResponse:
        title = _("Ask a unit for information")
        if about is not None:
            title = _("Ask a unit for information: request {number}").format(number=about.receipt_number)
        context = {
            "form": form, "title": title, "submit_label": _("Send the request"),
            "breadcrumbs": [(_("Requests for information"), reverse("servicedesk:inforequest_list")), (title, None)],
        }  # fmt: skip
        return render(self.request, self.template_name, context, status=status)

    def get(self, request: HttpRequest) -> HttpResponse:
        institution, about = self.setup_page(request)
        return self.render_form(AskForm(institution=institution), about)

    def post(self, request: HttpRequest) -> HttpResponse:
        institution, about = self.setup_page(request)
        form = AskForm(request.POST, institution=institution)
        if form.is_valid():
            data = form.cleaned_data
            try:
                info = services.ask_unit(
                    institution=institution, subject=data["subject"], text=data["text"], due_days=data["due_days"],
                    request=about, acting_user=request.user, **data["unit"],
                )  # fmt: skip
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(request, _("The request is sent to {unit}.").format(unit=info.unit_label()))
                return HttpResponseRedirect(info.get_absolute_url())
        mark_refused(request)
        return self.render_form(form, about, status=400)


class InfoRequestDetailView(ScopedDetailView):
    queryset = InfoRequest.objects.with_list_related().select_related("answered_by")
    template_name = "servicedesk/information/detail.html"

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(_("Requests for information"), reverse("servicedesk:inforequest_list"))]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        info: InfoRequest = self.object
        user = self.request.user
        context["may_answer"] = info.is_open and services.answers_for(user, info)
        context["may_cancel"] = info.is_open and is_service_desk_staff(user)
        context["answer_form"] = InfoAnswerForm() if context["may_answer"] else None
        context["overdue"] = info.is_overdue()
        context["desk"] = is_service_desk_staff(user)
        context["title"] = str(info)
        return context


class InfoRequestAnswerView(ScopedServiceFormView):
    queryset = InfoRequest.objects.all()
    form_class = InfoAnswerForm
    title = gettext_lazy("Answer")  # type: ignore[assignment]

    def breadcrumbs(self) -> list[tuple[str, str | None]]:
        return [(_("Requests for information"), reverse("servicedesk:inforequest_list"))]

    def perform(self, obj: InfoRequest, form: Any) -> InfoRequest:
        return services.answer_info_request(
            obj, answer=form.cleaned_data["answer"], file=form.cleaned_data.get("file"), acting_user=self.request.user
        )

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("Your answer is sent to the service desk.")


class InfoRequestCancelView(ScopedActionView):
    queryset = InfoRequest.objects.all()

    def act(self, obj: InfoRequest) -> InfoRequest:
        return services.cancel_info_request(obj, acting_user=self.request.user)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return _("The request for information is cancelled.")


class InfoRequestFileView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        info: InfoRequest = get_for_user_or_404(InfoRequest.objects.all(), request.user, pk, VIEW)  # type: ignore[arg-type]
        if not info.answer_file:
            raise Http404
        name = (info.answer_file.name or "").rsplit("/", 1)[-1]
        return FileResponse(info.answer_file.open("rb"), as_attachment=True, filename=name)
