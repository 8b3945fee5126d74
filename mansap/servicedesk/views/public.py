"""The public verification page (no login; kk/ru/en; 390 px): a document's type, issue date, number, the holder's
masked name, its status and the SHA-256 of the issued file, with a form that checks a file's hash.

Every code that names no document answers 404 with the same page, so a guess learns nothing about similar codes;
every lookup counts against the client address (common.throttling.AttemptLimiter): over the limit, 429.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views import View

from mansap.common.throttling import AttemptLimiter, client_ip
from mansap.servicedesk.forms import HashCheckForm
from mansap.servicedesk.services.documents import grouped_code, hash_matches, mask_name, normalize_code, verification

MAX_UPLOAD = 20 * 1024 * 1024


def verify_limiter() -> AttemptLimiter:
    return AttemptLimiter(
        "servicedesk-verify",
        limit=int(getattr(settings, "MANSAP_VERIFY_MAX_LOOKUPS", 60)),
        window=600,
        lockout=600,
    )


class VerifyStartView(View):
    """Where the visitor types the code printed on the paper."""

    def get(self, request: HttpRequest) -> HttpResponse:
        code = normalize_code(request.GET.get("code", ""))
        if code:
            return HttpResponseRedirect(reverse("servicedesk:verify", args=[code]))
        return render(request, "servicedesk/verify_start.html", {"title": "Mansap"})


class VerifyView(View):
    template_name = "servicedesk/verify.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        limiter, key = verify_limiter(), client_ip(request)
        if limiter.locked_seconds([key]) or limiter.fail(key):
            return render(request, "servicedesk/verify_limited.html", {}, status=429)
        return super().dispatch(request, *args, **kwargs)

    def page(self, request: HttpRequest, code: str, form: HashCheckForm, matches: bool | None = None) -> HttpResponse:
        document = verification(code)
        if document is None:
            return render(request, "servicedesk/verify_unknown.html", {}, status=404)
        context = {
            "document": document, "holder": mask_name(document.student), "form": form, "matches": matches,
            "code": grouped_code(document.verification_code),
        }  # fmt: skip
        response = render(
            request,
            self.template_name,
            context,
        )
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex"
        return response

    def get(self, request: HttpRequest, code: str) -> HttpResponse:
        return self.page(request, code, HashCheckForm())

    def post(self, request: HttpRequest, code: str) -> HttpResponse:
        document = verification(code)
        if document is None:
            return self.page(request, code, HashCheckForm())
        form = HashCheckForm(request.POST, request.FILES)
        matches = None
        if form.is_valid():
            upload = form.cleaned_data.get("file")
            if upload is not None:
                content = upload.read(MAX_UPLOAD + 1)
                matches = len(content) <= MAX_UPLOAD and hash_matches(document, content=content)
            else:
                matches = hash_matches(document, sha256=form.cleaned_data.get("sha256", ""))
        return self.page(request, code, form, matches)
