"""The OpenAPI schema documents every answer an operation can give, errors included (issue #11).

drf-spectacular documents the success answer only; a client (and schemathesis's status-code check) must
also know the errors. Every error of the API is JSON (mansap.common.errors): a validation error is an
object of field → messages (or a list of messages), any other error `{"detail": "...", "code": "..."}`.
Each operation lists the ones it can give:

- 400 for a write, and for a read with query parameters;
- 401 and 403 always (no or a bad token; a role or a scope that does not allow it);
- 404 when its path names an object or it pages (a page past the last);
- 409 for DELETE (other records refer to the object);
- 429 always (the rate limits of settings.REST_FRAMEWORK).

An e-mail field's format is idn-email: Django accepts addresses of internationalized domains.

A module of its own: DRF's settings import it (DEFAULT_SCHEMA_CLASS) while DRF itself loads.
"""

from __future__ import annotations

import json
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import serializers

ERROR = "Error"
VALIDATION_ERROR = "ValidationError"

ERROR_SCHEMA = {
    "type": "object",
    "description": "An error: what went wrong, in the user's language, and a code a script can test.",
    "properties": {
        "detail": {"type": "string"},
        "code": {"type": "string"},
    },
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "description": "What was refused: each field's messages (non_field_errors: the whole request's), or a list "
    "of messages.",
    "oneOf": [
        {"type": "object", "additionalProperties": {}},
        {"type": "array", "items": {"type": "string"}},
    ],
}

DESCRIPTIONS = {
    "400": _("The request was refused: the body says why, field by field."),
    "401": _("No credentials, or credentials that are not valid (an expired or revoked token)."),
    "403": _("The user may not do this (a role or a read-only access)."),
    "404": _("There is no such object among the user's, or no such page."),
    "409": _("The object cannot be deleted: other records refer to it."),
    "429": _("Too many requests: try again later."),
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema with the error answers above."""

    not_found = False  # 404 without a path parameter or a page (ScopedOneObjectSchema)

    def get_operation(self, *args: Any, **kwargs: Any) -> dict[str, Any] | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        parameters = operation.get("parameters", [])
        statuses = ["401", "403", "429"]
        if self.method not in ("GET", "HEAD") or any(p["in"] == "query" for p in parameters):
            statuses.append("400")  # a write's rule may refuse it even without a body (a vacancy's state)
        if any(p["in"] == "path" for p in parameters) or any(p["name"] == "page" for p in parameters) or self.not_found:
            statuses.append("404")
        if self.method == "DELETE":
            statuses.append("409")
        responses = operation["responses"]
        for status in sorted(statuses):
            if status not in responses:
                schema = self._component(VALIDATION_ERROR if status == "400" else ERROR)
                responses[status] = {
                    "description": str(DESCRIPTIONS[status]),
                    "content": {"application/json": {"schema": schema}},
                }
        return operation

    def _map_serializer_field(self, field: Any, direction: Any, bypass_extensions: bool = False) -> dict[str, Any]:
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        if isinstance(field, serializers.EmailField) and schema.get("format") == "email":
            # Django accepts (and stores) addresses of internationalized domains: mentor@нұртелеком.kz.
            schema["format"] = "idn-email"
        return schema

    def _component(self, name: str) -> dict[str, str]:
        schema = VALIDATION_ERROR_SCHEMA if name == VALIDATION_ERROR else ERROR_SCHEMA
        component = ResolvedComponent(name=name, type=ResolvedComponent.SCHEMA, object=name, schema=schema)
        self.registry.register_on_missing(component)
        return component.ref


class OneObjectSchema(AutoSchema):
    """For a viewset whose "list" answers one object (a set of KPIs), not a page of them."""

    def _is_list_view(self, serializer: Any = None) -> bool:
        return False


class ScopedOneObjectSchema(OneObjectSchema):
    """One object whose query names objects (a faculty, a department) that answer 404 when out of the user's
    sight. A class attribute, not an argument: drf-spectacular re-instantiates the schema class of a view."""

    not_found = True


def openapi_document(language: str = "en") -> dict[str, Any]:
    """The OpenAPI document /api/v1/schema/ serves (drf-spectacular's), as JSON data, in a language.

    For tests and the fuzzing stage, which read it without a request (and so without a login).
    """
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.renderers import OpenApiJsonRenderer

    with translation.override(language):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        return json.loads(OpenApiJsonRenderer().render(schema, renderer_context={}))
