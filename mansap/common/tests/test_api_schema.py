"""The OpenAPI schema of every app builds, validates and has no warnings (e.g. enum name clashes)."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.test import SimpleTestCase


class ApiSchemaTests(SimpleTestCase):
    databases = {"default"}

    def test_schema_validates_without_warnings(self) -> None:
        out = io.StringIO()
        call_command("spectacular", "--validate", "--fail-on-warn", "--format", "openapi-json", stdout=out)
        schema = out.getvalue()
        for path in ("/api/v1/placements/", "/api/v1/survey-campaigns/", "/api/v1/partner-kpis/"):
            self.assertIn(f'"{path}"', schema)
