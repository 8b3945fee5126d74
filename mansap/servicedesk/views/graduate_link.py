"""The desk of a graduate without an account, opened through the desk's signed link (services/graduate_links).

Not Scoped* views: the visitor has no account, so there is no user scope to apply. The signed link is the authority:
it names one graduate, and every request and document is fetched among that graduate's own (another's is 404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from mansap.common.files import private_file_response
from mansap.common.links import EXPIRED, INVALID, LinkError, private_link_response, use_link_language
from mansap.common.views import mark_refused
from mansap.core.models import Student
from mansap.graduates.services import selfservice
from mansap.graduates.views.selfservice import SelfServiceView
from mansap.servicedesk.choices import Channel
from mansap.servicedesk.forms import RequestForm
from mansap.servicedesk.models import IssuedDocument, Service, ServiceRequest
from mansap.servicedesk.services import calendar, graduate_links
from mansap.servicedesk.services import requests as services
from mansap.servicedesk.services.catalogue import eligible_services, field_label

ERROR_STATUS = {INVALID: 400, EXPIRED: 410}


@method_decorator(never_cache, name="dispatch")
class GraduateEntryView(View):
    """From the self-service page: the round's link (open, its IIN check passed in this browser) gives way to a new
    desk link. A closed, expired, locked or tampered round link shows the self-service error page; an unchecked
    one goes back to the self-service page, which asks for the IIN digits first."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, token: str) -> HttpResponseBase:
        try:
            link = selfservice.open_link(token)
        except LinkError as exc:
            use_link_language(request, exc.language)
            return private_link_response(SelfServiceView.error_page(request, exc.reason))
        if not selfservice.is_verified(request.session, link):
            return private_link_response(HttpResponseRedirect(reverse("graduates:selfservice", args=[token])))
        return private_link_response(HttpResponseRedirect(graduate_links.home_path(link.graduate, link.language)))


@method_decorator(never_cache, name="dispatch")
class GraduateLinkView(View):
    """Opens the desk link of the URL: `self.graduate`, `self.token`; a bad link shows the desk's link error page."""

    graduate: Student
    token: str

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            opened = graduate_links.open_link(kwargs["token"])
        except LinkError as exc:
            use_link_language(request, exc.language)
            context = {"reason": exc.reason, "title": _("The link does not work")}
            error = render(
                request, "servicedesk/graduate_error.html", context, status=ERROR_STATUS.get(exc.reason, 400)
            )
            return private_link_response(error)
        use_link_language(request, opened.language)
        self.graduate, self.token = opened.obj, kwargs["token"]
        return private_link_response(super().dispatch(request, *args, **kwargs))

    def home_url(self) -> str:
        return reverse("servicedesk:graduate_home", args=[self.token])


class GraduateHomeView(GraduateLinkView):
    """The services the graduate may request (the existing eligibility) and their requests."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        found = list(
            ServiceRequest.objects.filter(student=self.graduate)
            .select_related("service")
            .prefetch_related("documents")
            .order_by("-received_at", "-pk")
        )
        context = {
            "graduate": self.graduate, "services": eligible_services(self.graduate), "requests": found,
            "token": token, "title": _("Service desk"),
        }  # fmt: skip
        return render(request, "servicedesk/graduate_home.html", context)


class GraduateRequestFormView(GraduateLinkView):
    """A service's form; submitting sends the request through the same service as a student's own (channel
    graduate_link), then shows its page with the promised date."""

    http_method_names = ["get", "post"]

    def service(self, pk: int) -> Service:
        service = Service.objects.filter(pk=pk, institution_id=self.graduate.institution_id, is_active=True).first()
        if service is None or service not in eligible_services(self.graduate):
            raise Http404
        return service

    def render_form(self, service: Service, form: RequestForm, status: int = 200) -> HttpResponse:
        context = {
            "service": service, "form": form, "title": service.name, "token": self.token,
            "due": calendar.add_working_days(timezone.now(), service.sla_days),
        }  # fmt: skip
        return render(self.request, "servicedesk/graduate_request_form.html", context, status=status)

    def get(self, request: HttpRequest, token: str, pk: int) -> HttpResponse:
        service = self.service(pk)
        language = self.graduate.preferred_language(getattr(request, "LANGUAGE_CODE", None))
        return self.render_form(service, RequestForm(service=service, desk=False, initial={"language": language}))

    def post(self, request: HttpRequest, token: str, pk: int) -> HttpResponse:
        service = self.service(pk)
        form = RequestForm(request.POST, service=service, desk=False)
        if form.is_valid():
            try:
                found = services.submit_request(
                    service, self.graduate, answers=form.answers(), language=form.cleaned_data["language"],
                    channel=Channel.GRADUATE_LINK, acting_user=None,
                )  # fmt: skip
            except ValidationError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Request {number} is received.").format(number=found.receipt_number))
                return HttpResponseRedirect(reverse("servicedesk:graduate_request", args=[token, found.pk]))
        mark_refused(request)
        return self.render_form(service, form, status=400)


class GraduateRequestView(GraduateLinkView):
    """A request of the graduate: status, promised date, answers, issued documents (another's is 404)."""

    http_method_names = ["get"]

    def get(self, request: HttpRequest, token: str, pk: int) -> HttpResponse:
        found = ServiceRequest.objects.select_related("service").filter(pk=pk, student=self.graduate).first()
        if found is None:
            raise Http404
        language = (getattr(request, "LANGUAGE_CODE", "") or "kk")[:2]
        labels = {str(f["name"]): field_label(f, language) for f in found.service.fields()}
        context = {
            "object": found, "token": token, "title": str(found),
            "answers": [(labels.get(k, k), v) for k, v in (found.answers or {}).items()],
            "documents": list(IssuedDocument.objects.filter(request=found).order_by("-issued_at")),
        }  # fmt: skip
        return render(request, "servicedesk/graduate_request.html", context)


class GraduateDocumentFileView(GraduateLinkView):
    """The PDF of a document issued to the graduate; another's (or one without a file) is 404."""

    http_method_names = ["get", "head"]

    def get(self, request: HttpRequest, token: str, pk: int) -> FileResponse:
        document = IssuedDocument.objects.filter(pk=pk, student=self.graduate).exclude(file="").first()
        if document is None:
            raise Http404
        return private_file_response(document.file, filename=f"{document.number}-{document.language}.pdf")
