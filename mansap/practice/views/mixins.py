"""Helpers shared by the practice pages: fetching for change, file responses, redirects."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse

from mansap.common.views import (
    ScopedMixin,
    try_reverse,
    user_can_change,
)
from mansap.core.querysets import CHANGE, VIEW
from mansap.core.services.people import user_institution
from mansap.graduates.evidence import read_head, sniff_content_type
from mansap.practice.forms import plan as forms
from mansap.practice.models import (
    Placement,
    Practice,
)


def _back(request: HttpRequest, default: str) -> str:
    """The ?next= address when it is a path of this site (no open redirect), else `default`."""
    from django.utils.http import url_has_allowed_host_and_scheme

    url = request.POST.get("next") or request.GET.get("next") or ""
    safe = url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()})
    return url if safe else default


def _placement_url(placement: Placement) -> str:
    """The staff page of a placement (the assessment panel until the placement page exists)."""
    return try_reverse("practice:placement_detail", placement.pk) or reverse(
        "practice:placement_assessment", args=[placement.pk]
    )


def _practice_url(practice: Practice) -> str:
    return try_reverse("practice:practice_detail", practice.pk) or reverse(
        "practice:practice_assessment", args=[practice.pk]
    )


def _placement_for_change(request: HttpRequest, pk: int) -> Placement:
    """A placement in the user's view scope (else 404) that they may change (else 403)."""
    placement = get_object_or_404(
        Placement.objects.for_user(request.user, VIEW).select_related("practice", "student"), pk=pk
    )
    if not user_can_change(request.user, placement):
        raise PermissionDenied
    return placement


def _practice_for(request: HttpRequest, pk: int, action: str = VIEW) -> Practice:
    practice = get_object_or_404(
        Practice.objects.for_user(request.user, VIEW).select_related("program", "department", "academic_year"), pk=pk
    )
    if action == CHANGE and not user_can_change(request.user, practice):
        raise PermissionDenied
    return practice


def _file_response(field: Any, filename: str) -> FileResponse:
    try:
        handle = field.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    content_type = sniff_content_type(read_head(handle)) or "application/octet-stream"
    if content_type == "application/octet-stream":
        head = read_head(handle, 4)
        if head.startswith(b"PK"):
            content_type = "application/zip"
    response = FileResponse(handle, content_type=content_type, filename=filename, as_attachment=True)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _apply(form: Any, exc: ValidationError) -> None:
    errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for name, found in errors.items():
        form.add_error(name if name in form.fields else None, found)


# ---- Staff: the placement panel ----------------------------------------------------------------------------------
def _base_template(request: HttpRequest) -> str:
    """Panels load into the staff pages with htmx; opened directly they get the whole page."""
    return "practice/assessment_fragment.html" if request.htmx else "base.html"  # type: ignore[attr-defined]


# ---- Letter-grade table -------------------------------------------------------------------------------------------
def _institution(request: HttpRequest) -> Any:
    institution = user_institution(request.user)
    if institution is None:
        raise Http404
    return institution


def _form_errors(form: Any, exc: ValidationError) -> None:
    forms.errors_to_form(form, exc)


class _ObjectActionMixin(ScopedMixin):
    """POST-only actions on one object: 404 outside the view scope, 403 without change rights."""

    def object_for_change(self, pk: int) -> Any:
        obj = get_object_or_404(self.queryset.all().for_user(self.request.user, VIEW), pk=pk)  # type: ignore[attr-defined]
        if not user_can_change(self.request.user, obj):
            raise PermissionDenied
        return obj


def _scan_response(field_file: Any) -> HttpResponseBase:
    try:
        handle = field_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = sniff_content_type(read_head(handle)) or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type, filename=(field_file.name or "").rsplit("/", 1)[-1])
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
