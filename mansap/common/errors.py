"""Error pages rendered in the visitor's language with the normal layout where possible.

Under /api/ every error is JSON, whatever raised it (an API client cannot read an HTML page), and a
refused delete is 409 with the kinds of records that refer to the object, never their names (the
default 500 logged about 90 students' names from a ProtectedError's message).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import BadRequest
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler

logger = logging.getLogger(__name__)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


class RefusedInput(BadRequest):
    """A request refused before any view reads it, with the reason to show (400)."""


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if isinstance(exception, RefusedInput):
        message = str(exception)
    else:  # Django's own (a malformed body, too many fields): its text is not for visitors
        message = _("The request could not be read.")
    if _is_api(request):
        return JsonResponse({"detail": message}, status=400)
    return render(request, "400.html", {"message": message}, status=400)


def permission_denied(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("You do not have permission to perform this action.")}, status=403)
    # What the view said (e.g. core.access: "you may see this but not change it"), else the generic refusal.
    message = str(exception) if isinstance(exception, DjangoPermissionDenied) and exception.args else ""
    return render(request, "403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    # No context processors here: the database may be what failed.
    return HttpResponse(loader.get_template("500.html").render({"request": request}), status=500)


def protected_message(exc: ProtectedError | RestrictedError) -> str:
    """What refers to the object, by kind ("employment records, contact attempts"), never by name."""
    kinds = sorted({str(obj._meta.verbose_name_plural) for obj in exc.args[1]}) if len(exc.args) > 1 else []
    if not kinds:
        return _("This record cannot be deleted: other records refer to it.")
    return _("This record cannot be deleted: other records refer to it ({kinds}).").format(
        kinds=", ".join(capfirst(kind) if i == 0 else kind for i, kind in enumerate(kinds))
    )


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus the Django exceptions a service raises: 400, 403, 404 and 409, all JSON."""
    if isinstance(exc, ProtectedError | RestrictedError):
        return Response({"detail": protected_message(exc), "code": "protected"}, status=409)
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(serializers.as_serializer_error(exc))
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    return exception_handler(exc, context)
