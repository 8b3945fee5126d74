"""schemathesis over the whole API (issue #11): no server error, every answer as the schema documents it.

The OpenAPI document is the one /api/v1/schema/ serves (test_the_document_is_the_one_served), generated
in-process at collection so that each operation is a test of its own (xdist shares them out). Each operation
gets schemathesis's coverage cases (boundary values of every parameter and field) and a fixed number of
generated examples (EXAMPLES), valid and invalid alike, derandomized: the same cases on every run. They are
sent with a superuser's token through Django's WSGI handler. Writes are fuzzed too, each inside a
transaction rolled back after its response; generated ids are mapped onto the demo's objects (the path's
and those a body names), so updates, deletes and creations reach real rows and the services' rules.

Checks: not_a_server_error, status_code_conformance (every answer's status is documented: the error answers
come from mansap.common.schema), content_type_conformance and response_schema_conformance. A failure prints
the request as a curl command; its regression test goes to mansap/api/tests/test_schema_conformance.py.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.exceptions import FieldDoesNotExist
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.db.models import Model
from django.urls import resolve
from rest_framework import serializers
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mansap.common.schema import openapi_document

# django_db: pytest-django sets the test database up for marked tests only; each test (an operation) is in a
# transaction of its own as well.
pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

SCHEMA_URL = "/api/v1/schema/"
EXAMPLES = 20  # per operation, besides the coverage cases
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


CONFIG = schemathesis.Config.from_dict(
    {
        "seed": 11,
        "suppress-health-check": ["too_slow", "filter_too_much", "data_too_large"],
        "generation": {
            "max-examples": EXAMPLES,
            "deterministic": True,
            "database": "none",
            "with-security-parameters": False,
        },
        "phases": {
            "examples": {"enabled": True},
            "coverage": {"enabled": True, "generation": {"mode": "positive"}},
            "fuzzing": {"enabled": True},
        },
    }
)
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)
schema.app = get_wsgi_application()


def _ids_of(model: type[Model]) -> list[int]:
    return list(model._default_manager.order_by("pk").values_list("pk", flat=True)[:200])


def _view(path: str) -> Any:
    return getattr(resolve(path.replace("{id}", "1")).func, "cls", None)


@cache
def existing_ids(path: str) -> list[int]:
    """The pks of the objects a detail path's viewset serves (the demo's), smallest first."""
    queryset = getattr(_view(path), "queryset", None)
    return _ids_of(queryset.model) if queryset is not None else []


@cache
def related_ids(path: str) -> dict[str, list[int]]:
    """For each writable field of the path's serializer naming other objects by id: the demo's ids of those."""
    serializer_class = getattr(_view(path), "serializer_class", None)
    model = getattr(getattr(serializer_class, "Meta", None), "model", None)
    if serializer_class is None or model is None:
        return {}
    found = {}
    for name, field in serializer_class().fields.items():
        related = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
        if field.read_only or not isinstance(related, serializers.PrimaryKeyRelatedField):
            continue
        try:
            target = model._meta.get_field(field.source).related_model
        except FieldDoesNotExist:
            continue
        if target is not None:
            found[name] = _ids_of(target)
    return found


def _real(value: Any, ids: list[int]) -> Any:
    """A non-negative id (or its digits) as one of ids, the same one each time; anything else as it is."""
    if isinstance(value, str) and value.isascii() and value.isdigit():
        value = int(value)  # the coverage phase's ids are strings
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0 and ids:
        return ids[value % len(ids)]
    return value


def aim_at_real_objects(case: Any) -> None:
    """Generated ids become the demo's: the object in the path, and the objects a body names (a student, a
    program), so that updates, deletes and creations reach real rows and the services' rules."""
    if "id" in (case.path_parameters or {}):
        case.path_parameters["id"] = _real(case.path_parameters["id"], existing_ids(case.operation.path))
    if isinstance(case.body, dict):
        for name, ids in related_ids(case.operation.path).items():
            value = case.body.get(name)
            if isinstance(value, list):
                case.body[name] = [_real(item, ids) for item in value]
            elif value is not None:
                case.body[name] = _real(value, ids)


@pytest.fixture(scope="session")
def api_token(demo: None, django_db_blocker: Any) -> str:
    """The key of an API token of the demo's superuser: every operation is open to it, so all are exercised."""
    from mansap.common.testing import make_api_token
    from mansap.core.models import User

    with django_db_blocker.unblock():
        return make_api_token(User.objects.get(username="admin"))


@pytest.fixture(autouse=True)
def _connection_kept() -> Iterator[None]:
    """Requests reach Django's WSGI handler directly, whose request_started/finished close the database
    connection when it is inside a transaction (each example's): Django's test client disconnects the same
    receiver for its requests."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
def test_api(case: Any, api_token: str) -> None:
    aim_at_real_objects(case)
    with transaction.atomic():
        response = case.call(headers={"Authorization": f"Token {api_token}"})
        transaction.set_rollback(True)
    case.validate_response(response, checks=CHECKS)


def test_the_document_is_the_one_served(api_token: str) -> None:
    from rest_framework.test import APIClient

    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token}")
    served = client.get(SCHEMA_URL, HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert served.status_code == 200
    assert json.loads(served.content) == openapi_document()
