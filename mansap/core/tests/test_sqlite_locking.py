"""On SQLite (the embedded default) a writer waits for another's transaction instead of failing (#11).

During a long import another user's login waited 19 s and once failed with "database is locked". A
writer now waits up to the busy timeout, which outlasts an import (IMPORT_MAX_SECONDS).
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.conf import settings

REPO = Path(__file__).resolve().parents[3]

WRITER = """
import sys, time, django
django.setup()
from django.db import connection, transaction
print("ready", flush=True)
started = time.monotonic()
with transaction.atomic():
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO t VALUES (2)")
print(f"{time.monotonic() - started:.1f}")
"""


def test_the_busy_timeout_outlasts_an_import() -> None:
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        pytest.skip("SQLite only")
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] == settings.IMPORT_MAX_SECONDS + 15


def test_a_writer_waits_for_a_long_transaction_instead_of_failing() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "db.sqlite3"
        holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        holder.execute("PRAGMA journal_mode=WAL")
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN IMMEDIATE")
        holder.execute("INSERT INTO t VALUES (1)")
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "mansap.settings",
            "DATABASE_URL": f"sqlite:///{path}",
            "MANSAP_SQLITE_TIMEOUT": "10",
            "MANSAP_VAR_DIR": folder,
        }
        writer = subprocess.Popen(
            [sys.executable, "-c", WRITER], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        assert writer.stdout is not None
        assert writer.stdout.readline().strip() == "ready"  # Django is up; the lock is still held
        time.sleep(1.5)
        holder.execute("COMMIT")
        out, err = writer.communicate(timeout=60)
        assert writer.returncode == 0, err[-2000:]
        assert float(out.strip().splitlines()[-1]) >= 1.0  # it waited for the lock, then wrote
        assert [row[0] for row in sqlite3.connect(path).execute("SELECT x FROM t ORDER BY x")] == [1, 2]
        holder.close()
