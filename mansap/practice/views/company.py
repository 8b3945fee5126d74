"""The company supervisor's signed link: sending it, its QR code, the form and documents."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from mansap.common.links import private_link_response, use_link_language
from mansap.common.views import (
    StaffRequiredMixin,
)
from mansap.practice.choices import (
    DisposalStatus,
    DocumentKind,
)
from mansap.practice.forms.assessment import (
    CompanyEvaluationForm,
    SendLinkForm,
)
from mansap.practice.models import (
    Placement,
    PracticeDocument,
)
from mansap.practice.services import assessment as svc
from mansap.practice.services import links as tokens
from mansap.practice.views.mixins import _apply, _back, _file_response, _placement_for_change, _placement_url

logger = logging.getLogger(__name__)


def _site_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


class SendCompanyLinkView(StaffRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = _placement_for_change(request, pk)
        form = SendLinkForm(request.POST)
        back = _back(request, _placement_url(placement))
        if not form.is_valid():
            messages.error(request, _("Choose the language of the page and the e-mail."))
            return HttpResponseRedirect(back)
        try:
            svc.send_company_link(
                placement, language=form.cleaned_data["language"], site_url=_site_url(request), acting_user=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return HttpResponseRedirect(back)
        messages.success(
            request,
            _("The link was sent to {email}.").format(email=placement.company_supervisor_email),
        )
        return HttpResponseRedirect(back)


class CompanyLinkQRView(StaffRequiredMixin, View):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        from mansap.graduates.services.selfservice import qr_image

        placement = _placement_for_change(request, pk)
        language = request.GET.get("lang") or translation.get_language()[:2]
        url = request.build_absolute_uri(tokens.link_path(placement, language))
        content, content_type = qr_image(url, "svg" if request.GET.get("format") == "svg" else "png")
        response = HttpResponse(content, content_type=content_type)
        response["Cache-Control"] = "private, no-store"
        return response


# ---- The company supervisor (no account) -------------------------------------------------------------------------
LINK_ERROR_STATUS = {"invalid": 400, "expired": 410, "used": 200}


@method_decorator(never_cache, name="dispatch")
class CompanyFormView(View):
    """The company supervisor's page: safety briefing, characterization, report assessment (R-030)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            self.link = tokens.read_token(kwargs["token"])
        except tokens.LinkError as exc:
            self.use_language(request, exc.language)
            response = render(
                request,
                "practice/company_error.html",
                {"reason": exc.reason, "placement": exc.placement, "title": _("Practice evaluation")},
                status=LINK_ERROR_STATUS[exc.reason],
            )
            return self.private(response)
        self.use_language(request, self.link.language)
        if request.method not in ("GET", "POST"):
            return self.private(HttpResponse(status=405))
        return self.private(super().dispatch(request, *args, **kwargs))  # type: ignore[return-value]

    use_language = staticmethod(use_link_language)
    private = staticmethod(private_link_response)

    def render_form(self, request: HttpRequest, form: CompanyEvaluationForm, status: int = 200) -> HttpResponse:
        placement = self.link.placement
        context = {
            "documents": list(company_documents(placement)),
            "token": self.kwargs["token"],
            "form": form,
            "placement": placement,
            "practice": placement.practice,
            "expires_on": self.link.expires_on,
            "title": _("Practice evaluation"),
        }
        return render(request, "practice/company_form.html", context, status=status)

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        return self.render_form(request, CompanyEvaluationForm())

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        form = CompanyEvaluationForm(request.POST)
        if form.is_valid():
            try:
                placement = svc.submit_company_evaluation(
                    self.link.placement,
                    safety_briefing_on=form.cleaned_data["safety_briefing_on"],
                    characterization=form.cleaned_data["characterization"],
                    report_score=form.cleaned_data["company_report_score"],
                    report_comment=form.cleaned_data.get("company_report_comment") or "",
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) == "used":
                    return render(
                        request,
                        "practice/company_error.html",
                        {"reason": "used", "placement": self.link.placement, "title": _("Practice evaluation")},
                    )
                _apply(form, exc)
            else:
                try:
                    svc.notify_supervisor(placement, _site_url(request))
                except Exception:
                    logger.exception("could not notify the head of practice of placement %s", placement.pk)
                return render(
                    request,
                    "practice/company_done.html",
                    {"placement": placement, "title": _("Thank you")},
                )
        return self.render_form(request, form, status=400)


def company_documents(placement: Placement) -> QuerySet[PracticeDocument]:
    """What the company supervisor may read through the link: the report and the student's scans."""
    return (
        placement.documents.filter(kind__in=COMPANY_KINDS)
        .exclude(disposal_status=DisposalStatus.DISPOSED)
        .order_by("kind", "-created_at")
    )


COMPANY_KINDS = (DocumentKind.REPORT, DocumentKind.REPORT_SCAN, DocumentKind.DIARY_SCAN)


@method_decorator(never_cache, name="dispatch")
class CompanyDocumentView(View):
    """The student's report or scan for the company supervisor, through the same (unused, unexpired) link."""

    def get(self, request: HttpRequest, token: str, pk: int) -> HttpResponseBase:
        try:
            link = tokens.read_token(token)
        except tokens.LinkError as exc:
            raise Http404 from exc
        document = get_object_or_404(company_documents(link.placement), pk=pk)
        response = _file_response(
            document.file, document.original_name or (document.file.name or "").rsplit("/", 1)[-1]
        )
        return private_link_response(response)
