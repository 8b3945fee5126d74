"""An API read never writes to the database (#18), the API's rate counters counted as in production.

The "throttle" cache counts every API request. It was a DatabaseCache: every GET inserted or updated a row of
mansap_throttle_cache (and on SQLite took BEGIN IMMEDIATE, the database's one write lock). Now it is files under
var/throttle (or Redis, with REDIS_URL): settings.cache_settings.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from django.core.cache import caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from mansap import settings as project_settings
from mansap.common.testing import BaseTestCase, make_api_token, make_student

WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|BEGIN)\b", re.IGNORECASE)


def embedded_caches(var_dir: str) -> dict[str, Any]:
    """The production configuration without REDIS_URL, in a temporary var/."""
    return project_settings.cache_settings("", Path(var_dir))


class APIReadsWriteNothingTests(BaseTestCase):
    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        for _ in range(3):
            make_student(cls.program_a)

    def setUp(self) -> None:
        var = tempfile.TemporaryDirectory()
        self.addCleanup(var.cleanup)
        self.enterContext(override_settings(CACHES=embedded_caches(var.name)))

    def writes_of(self, api: APIClient, path: str) -> list[str]:
        with CaptureQueriesContext(connection) as queries:
            response = api.get(path)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return [q["sql"] for q in queries.captured_queries if WRITES.match(q["sql"])]

    def test_the_embedded_throttle_counters_are_not_in_the_database(self) -> None:
        self.assertEqual(
            caches["throttle"].__class__.__module__ + "." + caches["throttle"].__class__.__name__,
            "django.core.cache.backends.filebased.FileBasedCache",
        )

    def test_a_token_list_read_writes_nothing_and_is_counted(self) -> None:
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION="Token " + make_api_token(self.cc))
        for _ in range(3):  # the first request and the ones whose counter already exists
            self.assertEqual(self.writes_of(api, "/api/v1/students/"), [])
        # The rate was counted all the same (in the files): DRF keeps one history entry per request.
        history = [caches["throttle"].get(key) for key in self.throttle_keys()]
        self.assertEqual([len(h) for h in history if h], [3])

    def test_a_session_list_read_writes_nothing(self) -> None:
        api = APIClient()
        api.force_login(self.cc)  # the login itself writes the session, before the reads
        for _ in range(3):
            self.assertEqual(self.writes_of(api, "/api/v1/students/"), [])

    def test_an_anonymous_public_read_writes_nothing(self) -> None:
        self.assertEqual(self.writes_of(APIClient(), "/api/v1/public-vacancies/"), [])

    def throttle_keys(self) -> list[str]:
        return [f"throttle_user_{self.cc.pk}"]
