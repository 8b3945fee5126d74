"""Liveness and readiness probes (issue #18): `/healthz` and `/readyz`, in JSON, for nginx, systemd and monitoring.

- `/healthz`: the process answers. No database, no cache, nothing that can be slow: `{"status": "ok"}`.
- `/readyz`: one entry per check, HTTP 200 when every check passes, 503 otherwise, naming the failed ones:
  - database: `SELECT 1` on the default database;
  - queue: huey's storage answers (Redis: PING; the embedded SQLite queue: its file opens and is read);
  - storage: MEDIA_ROOT is writable (a temporary file is created and deleted);
  - migrations: every migration of the code is applied to the database;
  - cache: every configured cache answers (a write, a read and a delete; a database cache is only read, so a
    probe never writes rows; a dummy cache has nothing to check).

Which queue and caches exist is read from settings.HUEY and settings.CACHES, so the same checks serve the
embedded default (SqliteHuey, file and database caches) and a Redis deployment (RedisHuey, RedisCache).

Neither page needs a login, is rate limited, sets a cookie, or is cached; neither holds personal data: a failed
check is named with the exception's class only (the full error goes to the log, masked), since the probe is public.
Both answer before CSP and the HTTPS redirect matter (csp_exempt; SECURE_REDIRECT_EXEMPT in settings).
"""

from __future__ import annotations

import logging
import os
import tempfile
import time
from collections.abc import Callable
from functools import cache
from typing import Any

from csp.decorators import csp_exempt
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


class CheckFailed(Exception):
    """A check's own refusal (e.g. "2 migrations not applied"), shown as is: it never holds personal data."""


def check_database() -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return {"vendor": connection.vendor}


def huey_instance() -> Any:
    from huey.contrib.djhuey import HUEY

    return HUEY


@cache
def _probe_storage(huey_app: Any) -> Any:
    """The queue's real storage: in immediate mode (tests, HUEY_IMMEDIATE) huey swaps in memory; probe the real one."""
    return huey_app.get_storage(**huey_app.storage_kwargs)


def check_queue() -> dict[str, Any]:
    huey_app = huey_instance()
    storage = _probe_storage(huey_app) if huey_app.immediate else huey_app.storage
    backend = type(huey_app).__name__
    conn = getattr(storage, "conn", None)
    if conn is not None and hasattr(conn, "ping"):  # Redis
        if not conn.ping():
            raise CheckFailed("no PONG")
    else:  # SQLite (the file opens and its task table is read), or any other storage
        storage.queue_size()
    return {"backend": backend}


def check_storage() -> dict[str, Any]:
    root = str(settings.MEDIA_ROOT)
    os.makedirs(root, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".readyz-", dir=root)
    try:
        os.write(fd, b"ok")
    finally:
        os.close(fd)
        os.unlink(name)
    return {}


@cache
def _migration_graph() -> Any:
    """The code's migrations, read from disk once per process (they do not change while it runs)."""
    return MigrationLoader(None, ignore_no_migrations=True).graph


def unapplied_migrations() -> list[str]:
    applied = set(MigrationRecorder(connection).applied_migrations())
    missing = []
    for key, migration in _migration_graph().nodes.items():
        if key in applied or (migration.replaces and all(tuple(r) in applied for r in migration.replaces)):
            continue
        missing.append(f"{key[0]}.{key[1]}")
    return sorted(missing)


def check_migrations() -> dict[str, Any]:
    missing = unapplied_migrations()
    if missing:
        raise CheckFailed(f"{len(missing)} not applied, e.g. {missing[0]}")
    return {}


def check_cache() -> dict[str, Any]:
    checked: dict[str, str] = {}
    configured: dict[str, Any] = settings.CACHES
    for alias, config in configured.items():
        backend = str(config["BACKEND"]).rsplit(".", 1)[-1]
        if backend == "DummyCache":
            continue
        store = caches[alias]
        key = f"mansap:readyz:{os.getpid()}:{time.monotonic_ns()}"
        if backend == "DatabaseCache":
            store.get(key)  # one SELECT: a probe never writes rows
        else:
            store.set(key, "ok", 10)
            if store.get(key) != "ok":
                raise CheckFailed(f"{alias}: a value written was not read back")
            store.delete(key)
        checked[alias] = backend
    return {"caches": checked}


CHECKS: dict[str, Callable[[], dict[str, Any]]] = {
    "database": check_database,
    "queue": check_queue,
    "storage": check_storage,
    "migrations": check_migrations,
    "cache": check_cache,
}


def run_checks() -> tuple[bool, dict[str, dict[str, Any]]]:
    results: dict[str, dict[str, Any]] = {}
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            entry: dict[str, Any] = {"ok": True, **check()}
        except CheckFailed as exc:
            entry = {"ok": False, "error": str(exc)}
            logger.error("readiness check %s failed: %s", name, exc)
        except Exception as exc:
            entry = {"ok": False, "error": type(exc).__name__}
            logger.error("readiness check %s failed", name, exc_info=True)
        entry["ms"] = round((time.perf_counter() - started) * 1000, 1)
        results[name] = entry
    return all(entry["ok"] for entry in results.values()), results


@csp_exempt()
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness: the process answers (no database, no cache)."""
    return JsonResponse({"status": "ok"})


@csp_exempt()
@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    """Readiness: 200 when every check passes, else 503 with the failed checks named."""
    ready, results = run_checks()
    body: dict[str, Any] = {"status": "ok" if ready else "fail", "checks": results}
    if not ready:
        body["failed"] = [name for name, entry in results.items() if not entry["ok"]]
    return JsonResponse(body, status=200 if ready else 503)
