"""The company supervisor's signed link: sending it, its QR code, the form and documents.

Staff send the link from the placement panel (change scope of the placement). The company supervisor has
no account: their pages are opened by the link alone (`services.links`), so they are not scoped views; they
are never cached, not indexed, and do not leak the token to other sites (common.links).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, render
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.decorators.cache import never_cache

from mansap.common.files import private_file_response
from mansap.common.forms import errors_to_form
from mansap.common.links import LinkError, OpenedLink, private_link_response, use_link_language
from mansap.common.views import ScopedObjectForWriteMixin
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
from mansap.practice.services import links
from mansap.practice.views.actions import FormActionView

logger = logging.getLogger(__name__)


def _site_url(request: HttpRequest) -> str:
    """The address staff use (links sent from the page open on the same host)."""
    return request.build_absolute_uri("/")


class SendCompanyLinkView(FormActionView):
    """E-mail the link to the company supervisor, in the language chosen on the panel."""

    queryset = Placement.objects.select_related("practice__institution", "student", "base__organization", "supervisor")
    form_class = SendLinkForm
    invalid_message = gettext_lazy("Choose the language of the page and the e-mail.")

    def perform(self, obj: Placement, form: SendLinkForm) -> str:
        return svc.send_company_link(
            obj, language=form.cleaned_data["language"], site_url=_site_url(self.request), acting_user=self.request.user
        )

    def get_success_message(self, obj: Placement, result: str) -> str:
        return _("The link was sent to {email}.").format(email=obj.company_supervisor_email)


class CompanyLinkQRView(ScopedObjectForWriteMixin, View):
    """The link as a QR code (PNG, or SVG with ?format=svg) to print or show; whoever may send it may show it."""

    queryset = Placement.objects.select_related("practice")

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        from mansap.graduates.services.selfservice import qr_image

        placement: Placement = self.get_object()
        language = request.GET.get("lang") or translation.get_language()[:2]
        url = request.build_absolute_uri(links.link_path(placement, language))
        content, content_type = qr_image(url, "svg" if request.GET.get("format") == "svg" else "png")
        response = HttpResponse(content, content_type=content_type)
        response["Cache-Control"] = "private, no-store"
        return response


# ---- The company supervisor (no account) -------------------------------------------------------------------------
# An invalid link is a bad request, an expired one is gone; a used one is not an error: the company is thanked.
LINK_ERROR_STATUS = {"invalid": 400, "expired": 410, "used": 200}


@method_decorator(never_cache, name="dispatch")
class CompanyFormView(View):
    """The company supervisor's page: safety briefing, characterization, report assessment (R-030).

    Not a scoped view: the signed link is the only credential (no account); `dispatch` reads it first and an
    unusable link gets its error page, in the link's language.
    """

    link: OpenedLink[Placement]

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            self.link = links.read_token(kwargs["token"])
        except LinkError as exc:
            self.use_language(request, exc.language)
            response = render(
                request,
                "practice/company_error.html",
                {"reason": exc.reason, "placement": exc.obj, "title": _("Practice evaluation")},
                status=LINK_ERROR_STATUS[exc.reason],
            )
            return self.private(response)
        self.use_language(request, self.link.language)
        if request.method not in ("GET", "POST"):
            return self.private(HttpResponse(status=405))
        return self.private(super().dispatch(request, *args, **kwargs))

    use_language = staticmethod(use_link_language)
    private = staticmethod(private_link_response)

    def render_form(self, request: HttpRequest, form: CompanyEvaluationForm, status: int = 200) -> HttpResponse:
        placement = self.link.obj
        context = {
            "documents": list(company_documents(placement)),
            "token": self.kwargs["token"],
            "form": form,
            "placement": placement,
            "practice": placement.practice,
            "expires_on": links.COMPANY_LINK.expires_on(self.link),
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
                    self.link.obj,
                    safety_briefing_on=form.cleaned_data["safety_briefing_on"],
                    characterization=form.cleaned_data["characterization"],
                    report_score=form.cleaned_data["company_report_score"],
                    report_comment=form.cleaned_data.get("company_report_comment") or "",
                )
            except ValidationError as exc:
                if getattr(exc, "code", None) == "used":  # submitted meanwhile (another tab): thank them
                    return render(
                        request,
                        "practice/company_error.html",
                        {"reason": "used", "placement": self.link.obj, "title": _("Practice evaluation")},
                    )
                errors_to_form(form, exc)
            else:
                try:
                    svc.notify_supervisor(placement, _site_url(request))
                except Exception:  # the answer is saved: a mail failure must not show the company an error
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
    """The student's report or scan for the company supervisor, through the same (unused, unexpired) link.

    Not a scoped view (no account): the link decides; any unusable link is a plain 404 here.
    """

    def get(self, request: HttpRequest, token: str, pk: int) -> HttpResponseBase:
        try:
            link = links.read_token(token)
        except LinkError as exc:
            raise Http404 from exc
        document = get_object_or_404(company_documents(link.obj), pk=pk)
        response: FileResponse = private_file_response(
            document.file, filename=document.original_name or None, attachment=True
        )
        return private_link_response(response)
