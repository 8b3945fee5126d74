"""Pages of requests: a student's catalogue, a service's request form (the desk's walk-in entry too), "My
requests", a request's page (the student's and the desk's, with the desk's steps), and the desk's queue."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from mansap.common.params import parse_id
from mansap.common.views import ScopedActionView, ScopedListView, mark_refused
from mansap.core.access import SERVICE_DESK_STAFF, VIEW, get_for_user_or_404, institution_for, is_service_desk_staff
from mansap.core.models import Student
from mansap.servicedesk import filtersets, tables
from mansap.servicedesk.choices import Language, RequestStatus
from mansap.servicedesk.forms import RequestForm
from mansap.servicedesk.models import IssuedDocument, Service, ServiceRequest
from mansap.servicedesk.services import calendar
from mansap.servicedesk.services import requests as services
from mansap.servicedesk.services.catalogue import eligible_services, field_label


def own_student(request: HttpRequest) -> Student:
    student = getattr(request.user, "student", None)
    if student is None:
        raise Http404
    return student


class CatalogueView(LoginRequiredMixin, TemplateView):
    """The services a student may request (only those they are eligible for); the desk sees them all, to enter a
    walk-in visitor's request."""

    template_name = "servicedesk/catalogue.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        if is_service_desk_staff(user):
            institution = institution_for(user)
            if institution is None:
                raise Http404
            found = list(Service.objects.filter(institution=institution, is_active=True))
            context["desk"] = True
        else:
            found = eligible_services(own_student(self.request))
        context.update(services=found, title=_("Services"), breadcrumbs=[(_("Services"), None)])
        return context


class RequestFormView(LoginRequiredMixin, View):
    """A service's form: the student's own request (or, where allowed, the document at once); the desk enters a
    walk-in visitor's request with their IIN (channel desk)."""

    template_name = "servicedesk/request_form.html"

    def setup_service(self, request: HttpRequest, pk: int) -> tuple[Service, bool]:
        desk = is_service_desk_staff(request.user)
        if desk:
            institution = institution_for(request.user)
            service = get_object_or_404(Service, pk=pk, institution=institution, is_active=True)
        else:
            student = own_student(request)
            service = get_object_or_404(Service, pk=pk, institution_id=student.institution_id, is_active=True)
            if service not in eligible_services(student):
                raise Http404
        return service, desk

    def render(self, service: Service, form: RequestForm, desk: bool, status: int = 200) -> HttpResponse:
        due = calendar.add_working_days(timezone.now(), service.sla_days)
        context = {
            "service": service, "form": form, "desk": desk, "due": due, "title": service.name,
            "fields_help": [(field_label(f, "en"), f) for f in service.fields()],
            "breadcrumbs": [(_("Services"), reverse("servicedesk:catalogue")), (service.name, None)],
        }  # fmt: skip
        return render(self.request, self.template_name, context, status=status)

    def initial_language(self) -> str:
        student = getattr(self.request.user, "student", None)
        language = student.preferred_language(getattr(self.request, "LANGUAGE_CODE", None)) if student else "kk"
        return language if language in Language.values else "kk"

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        service, desk = self.setup_service(request, pk)
        form = RequestForm(service=service, desk=desk, initial={"language": self.initial_language()})
        return self.render(service, form, desk)

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        service, desk = self.setup_service(request, pk)
        form = RequestForm(request.POST, service=service, desk=desk)
        if form.is_valid():
            try:
                return self.submit(service, form, desk)
            except ValidationError as exc:
                form.add_service_errors(exc)
        mark_refused(request)
        return self.render(service, form, desk, status=400)

    def submit(self, service: Service, form: RequestForm, desk: bool) -> HttpResponse:
        user = self.request.user
        language = form.cleaned_data["language"]
        if desk:
            institution = institution_for(user)
            student = Student.objects.filter(institution=institution, iin=form.cleaned_data["iin"]).first()
            if student is None:
                raise ValidationError({"iin": _("No student with this IIN.")}, code="unknown_student")
            found = services.submit_request(
                service, student, answers=form.answers(), language=language, channel="desk", acting_user=user
            )
            messages.success(self.request, _("Request {number} is entered.").format(number=found.receipt_number))
            return HttpResponseRedirect(found.get_absolute_url())
        student = own_student(self.request)
        if service.instant and self.request.POST.get("instant") == "1":
            found, document = services.self_issue(
                service, student, answers=form.answers(), language=language, acting_user=user
            )
            messages.success(self.request, _("Your document {number} is issued: download it below.").format(
                number=document.number))  # fmt: skip
        else:
            found = services.submit_request(
                service, student, answers=form.answers(), language=language, acting_user=user
            )
            messages.success(self.request, _("Request {number} is received.").format(number=found.receipt_number))
        return HttpResponseRedirect(found.get_absolute_url())


class MyRequestsView(LoginRequiredMixin, TemplateView):
    template_name = "servicedesk/my_requests.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        student = own_student(self.request)
        found = list(
            ServiceRequest.objects.filter(student=student)
            .select_related("service")
            .prefetch_related("documents")
            .order_by("-received_at", "-pk")
        )
        context.update(requests=found, title=_("My requests"), breadcrumbs=[(_("My requests"), None)])
        return context


class RequestDetailView(LoginRequiredMixin, TemplateView):
    """A request: its facts, answers, steps and documents; the desk's step buttons; the student's cancel."""

    template_name = "servicedesk/request_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = self.request.user
        queryset: Any = ServiceRequest.objects.select_related("service", "student__program", "assigned_to", "order")
        found: ServiceRequest = get_for_user_or_404(queryset, user, kwargs["pk"], VIEW)
        desk = is_service_desk_staff(user)
        language = (getattr(self.request, "LANGUAGE_CODE", "") or "kk")[:2]
        labels = {str(f["name"]): field_label(f, language) for f in found.service.fields()}
        steps = {step: services.allowed(found, step) for step in services.STEPS} if desk else {}
        if not found.service.needs_approval or found.approved_at:
            steps["approve"] = False
        own = found.student.user_id == user.pk
        back = (_("Queue"), "servicedesk:queue") if desk else (_("My requests"), "servicedesk:my_requests")
        context.update(
            object=found, desk=desk, own=own, steps=steps,
            answers=[(labels.get(k, k), v) for k, v in (found.answers or {}).items()],
            events=list(found.events.select_related("by")),
            info_requests=list(found.info_requests.select_related("faculty", "department")) if desk else [],
            documents=list(IssuedDocument.objects.filter(request=found).order_by("-issued_at")),
            may_cancel=own and found.status in (RequestStatus.SUBMITTED, RequestStatus.WAITING),
            clerks=list(
                get_user_model()._default_manager.filter(
                    memberships__institution_id=found.institution_id, memberships__role__in=SERVICE_DESK_STAFF
                ).distinct()
            ) if desk else [],
            languages=Language.choices, title=str(found),
            breadcrumbs=[(back[0], reverse(back[1])), (str(found), None)],
        )  # fmt: skip
        return context


class RequestStepView(ScopedActionView):
    """One step of a request (take, assign, wait, resume, approve, ready, issue, refuse, cancel): the service
    decides who may (a student cancels their own)."""

    staff_only = False
    action = VIEW
    queryset = ServiceRequest.objects.select_related("service", "student")

    def act(self, obj: ServiceRequest) -> Any:
        step, post, user = self.kwargs["step"], self.request.POST, self.request.user
        if step not in services.STEPS:
            raise Http404
        if step == "assign":
            clerk_id = parse_id(post.get("clerk"))
            clerk = get_user_model()._default_manager.filter(pk=clerk_id).first() if clerk_id else None
            return services.assign(obj, clerk, acting_user=user)
        if step == "wait":
            return services.wait_for_student(obj, note=post.get("note", ""), acting_user=user)
        if step == "refuse":
            return services.refuse(obj, grounds=post.get("grounds", ""), acting_user=user)
        if step == "cancel":
            return services.cancel(obj, note=post.get("note", ""), acting_user=user)
        if step == "issue":
            language = post.get("language") or obj.language
            return services.issue(obj, acting_user=user, language=language)
        handlers = {"take": services.take, "resume": services.resume, "approve": services.approve,
                    "ready": services.mark_ready}  # fmt: skip
        return handlers[step](obj, acting_user=user)

    def get_success_message(self, obj: Any, result: Any) -> str:
        return str(
            _("Request {number}: {step}.").format(
                number=obj.receipt_number, step=services.STEP_NAMES[self.kwargs["step"]]
            )
        )


class QueueView(ScopedListView):
    """The desk's queue: filters by service, status, clerk and due date; overdue requests in red."""

    queryset = ServiceRequest.objects.with_list_related()
    filterset_class = filtersets.RequestFilterSet
    table_class = tables.RequestTable
    title = gettext_lazy("Service desk queue")  # type: ignore[assignment]
    export_name = "requests"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["add_url"] = reverse("servicedesk:catalogue")
        context["add_label"] = _("Enter a request")
        context["list_actions"] = [
            {"url": reverse("servicedesk:sla_figures"), "icon": "bar-chart", "label": _("SLA figures")},
            {"url": reverse("servicedesk:inforequest_list"), "icon": "send", "label": _("Requests for information")},
        ]
        return context
