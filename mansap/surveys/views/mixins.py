"""Helpers shared by the surveys pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from mansap.core.models import Institution
from mansap.core.querysets import CHANGE, VIEW
from mansap.surveys.services import campaigns as services


def _first_institution(user: Any) -> Institution:
    institution = services.default_institution(user)
    if institution is None:
        raise PermissionDenied
    return institution


def _errors_to_form(form: Any, exc: ValidationError) -> None:
    errors = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for field, found in errors.items():
        form.add_error(field if field in form.fields else None, found)


def get_for_change(request: HttpRequest, model: Any, pk: int, **select: Any) -> Any:
    """The object in the user's view scope (else 404) that they may also change (else 403)."""
    obj = get_object_or_404(model.objects.for_user(request.user, VIEW), pk=pk)
    if not model.objects.for_user(request.user, CHANGE).filter(pk=obj.pk).exists():
        raise PermissionDenied
    return obj
