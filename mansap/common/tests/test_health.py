"""/healthz and /readyz (issue #18): JSON probes, 503 naming the failed check, no login, no cookie, cheap."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.test import TestCase, override_settings
from huey import RedisHuey, SqliteHuey

from mansap.common import health
from mansap.common.testing import make_user

CHECK_NAMES = ["database", "queue", "storage", "migrations", "cache"]


class ProbeTestCase(TestCase):
    def setUp(self) -> None:
        super().setUp()
        self.tmp = Path(tempfile.mkdtemp(prefix="mansap-readyz-"))
        self.addCleanup(shutil.rmtree, self.tmp, True)
        # The queue of these tests: an embedded SQLite queue of their own, not the immediate-mode one.
        self.use_huey(SqliteHuey("mansap-test", filename=str(self.tmp / "huey.sqlite3")))

    def use_huey(self, huey_app: Any) -> None:
        patcher = pytest.MonkeyPatch()
        patcher.setattr(health, "huey_instance", lambda: huey_app)
        self.addCleanup(patcher.undo)

    def readyz(self) -> tuple[int, dict[str, Any]]:
        response = self.client.get("/readyz")
        self.assertEqual(response["Content-Type"], "application/json")
        return response.status_code, json.loads(response.content)


class HealthzTests(TestCase):
    def test_the_process_answers_without_touching_the_database(self) -> None:
        with self.assertNumQueries(0):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(json.loads(response.content), {"status": "ok"})
        self.assertIn("no-store", response["Cache-Control"])
        self.assertNotIn("Set-Cookie", response.headers)
        self.assertNotIn("Content-Security-Policy", response.headers)
        self.assertTrue(response["X-Request-ID"])

    def test_only_reads_are_answered(self) -> None:
        self.assertEqual(self.client.post("/healthz").status_code, 405)
        self.assertEqual(self.client.head("/healthz").status_code, 200)


class ReadyzTests(ProbeTestCase):
    def test_every_check_passes_cheaply(self) -> None:
        # database: SELECT 1; migrations: the recorder's table exists + its rows; caches in tests: memory only.
        with self.assertNumQueries(3):
            status, body = self.readyz()
        self.assertEqual(status, 200, body)
        self.assertEqual(body["status"], "ok")
        self.assertEqual(list(body["checks"]), CHECK_NAMES)
        for name in CHECK_NAMES:
            self.assertIs(body["checks"][name]["ok"], True, name)
        self.assertEqual(body["checks"]["database"]["vendor"], connection.vendor)
        self.assertEqual(body["checks"]["queue"]["backend"], "SqliteHuey")
        self.assertEqual(body["checks"]["cache"]["caches"], {"default": "LocMemCache", "jobs": "LocMemCache"})
        self.assertNotIn("failed", body)

    def test_needs_no_login_and_sets_no_cookie_for_a_logged_in_user_either(self) -> None:
        self.client.force_login(make_user("probe-admin", is_superuser=True))
        response = self.client.get("/readyz")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Set-Cookie", response.headers)
        self.client.logout()
        self.assertEqual(self.client.get("/readyz").status_code, 200)

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_answers_over_plain_http_when_pages_are_redirected_to_https(self) -> None:
        self.assertEqual(self.client.get("/accounts/login/").status_code, 301)
        self.assertEqual(self.client.get("/readyz").status_code, 200)
        self.assertEqual(self.client.get("/healthz").status_code, 200)

    def test_each_failing_check_gives_503_and_is_named(self) -> None:
        for name in CHECK_NAMES:
            with self.subTest(check=name):

                def broken() -> dict[str, Any]:
                    raise RuntimeError("aigerim@mail.ru 950101300123 password=secret")

                patcher = pytest.MonkeyPatch()
                patcher.setitem(health.CHECKS, name, broken)
                try:
                    status, body = self.readyz()
                finally:
                    patcher.undo()
                self.assertEqual(status, 503)
                self.assertEqual(body["status"], "fail")
                self.assertEqual(body["failed"], [name])
                self.assertEqual(
                    body["checks"][name], {"ok": False, "error": "RuntimeError", "ms": body["checks"][name]["ms"]}
                )
                others = [other for other in CHECK_NAMES if other != name]
                self.assertTrue(all(body["checks"][other]["ok"] for other in others))
                # The public probe says which check failed, never the error's text.
                text = json.dumps(body)
                for secret in ("aigerim", "950101300123", "secret"):
                    self.assertNotIn(secret, text)

    def test_a_queue_that_cannot_be_reached_fails(self) -> None:
        self.use_huey(RedisHuey("mansap-test", url=f"unix://{self.tmp}/no-redis.sock"))
        status, body = self.readyz()
        self.assertEqual(status, 503)
        self.assertEqual(body["failed"], ["queue"])
        self.assertEqual(body["checks"]["queue"]["error"], "ConnectionError")

    def test_a_media_root_that_cannot_be_written_fails(self) -> None:
        blocked = self.tmp / "not-a-folder"
        blocked.write_text("a file where the media folder should be")
        with override_settings(MEDIA_ROOT=blocked):
            status, body = self.readyz()
        self.assertEqual(status, 503)
        self.assertEqual(body["failed"], ["storage"])

    def test_an_unapplied_migration_fails(self) -> None:
        applied = MigrationRecorder.Migration.objects.filter(app="common").order_by("-id").first()
        if applied is None:
            self.skipTest("run without migrations (--nomigrations)")
        applied.delete()  # rolled back with the test
        status, body = self.readyz()
        self.assertEqual(status, 503)
        self.assertEqual(body["failed"], ["migrations"])
        self.assertEqual(body["checks"]["migrations"]["error"], f"1 not applied, e.g. common.{applied.name}")

    def test_a_cache_that_cannot_be_reached_fails(self) -> None:
        from django.conf import settings

        broken = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": f"unix://{self.tmp}/x.sock"}
        with override_settings(CACHES={**settings.CACHES, "broken": broken}):
            status, body = self.readyz()
        self.assertEqual(status, 503)
        self.assertEqual(body["failed"], ["cache"])


REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


@pytest.mark.skipif(
    not Path(REDIS_SERVER).exists(), reason="redis-server is not installed (apt-get install redis-server)"
)
class RedisReadyzTests(ProbeTestCase):
    """A deployment with REDIS_URL: the queue and the cache on a real Redis (on a socket of its own, no port)."""

    def setUp(self) -> None:
        super().setUp()
        socket = self.tmp / "redis.sock"
        server = subprocess.Popen(
            [REDIS_SERVER, "--port", "0", "--unixsocket", str(socket), "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.addCleanup(server.wait, 10)
        self.addCleanup(server.terminate)
        for _ in range(100):
            if socket.exists():
                break
            time.sleep(0.05)
        self.url = f"unix://{socket}"

    def test_every_check_passes_on_redis(self) -> None:
        from django.conf import settings

        self.use_huey(RedisHuey("mansap-test", url=self.url))
        redis_cache = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": self.url}
        with override_settings(CACHES={**settings.CACHES, "default": redis_cache}):
            status, body = self.readyz()
        self.assertEqual(status, 200, body)
        self.assertEqual(body["checks"]["queue"]["backend"], "RedisHuey")
        self.assertEqual(body["checks"]["cache"]["caches"]["default"], "RedisCache")
