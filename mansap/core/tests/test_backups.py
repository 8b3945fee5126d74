"""Backups that restore (issue #18): a seeded database and its media files come back identical, row for row and
byte for byte, on PostgreSQL (pg_dump -Fc into a fresh database) and on SQLite (the embedded default).

These tests make databases of their own (SQLite files; PostgreSQL databases on the test server, copied from the
migrated test database and dropped at the end) and never write into the test database, so they run under
pytest-xdist like the rest of the suite. They are marked transactional so that no transaction is open on the test
database (a PostgreSQL template must have no session) and pytest-django sets the test database up for them.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections

from mansap.core.services import backups

ON_POSTGRESQL = connection.vendor == "postgresql"
OWN_DATABASES = pytest.mark.django_db(transaction=True)


@contextmanager
def database_named(name: str | Path) -> Iterator[Any]:
    """The default connection pointed, for the block, at another database of the same server (or SQLite file)."""
    conn = connections["default"]
    saved_name = conn.settings_dict["NAME"]
    saved_raw = None
    if conn.vendor == "sqlite":
        saved_raw, conn.connection = conn.connection, None  # an in-memory test database lives while it is open
    else:
        conn.close()
    conn.settings_dict["NAME"] = str(name)
    try:
        yield conn
    finally:
        conn.close()
        conn.settings_dict["NAME"] = saved_name
        if saved_raw is not None:
            conn.connection = saved_raw


def migrated_sqlite_copy(path: Path) -> Path:
    """A migrated, empty SQLite database file: a copy of the test database."""
    conn = connections["default"]
    conn.ensure_connection()
    target = sqlite3.connect(path)
    conn.connection.backup(target)
    target.close()
    return path


def table_contents(conn: Any) -> dict[str, str]:
    """Every table's rows, as one digest each (PostgreSQL: md5 of the rows' text, in order)."""
    contents = {}
    with conn.cursor() as cursor:
        for table in backups.table_names(conn):
            quoted = conn.ops.quote_name(table)
            if conn.vendor == "postgresql":
                cursor.execute(f"SELECT count(*), md5(string_agg(t::text, E'\\n' ORDER BY t::text)) FROM {quoted} t")
                contents[table] = repr(cursor.fetchone())
            else:
                cursor.execute(f"SELECT * FROM {quoted} ORDER BY rowid")
                contents[table] = repr(cursor.fetchall())
    return contents


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def seed(graduates: int = 12) -> None:
    call_command("seed_demo", graduates=graduates, cohorts=2, stdout=StringIO())


def round_trip(tmp_path: Path, source: Any, target: Any) -> None:
    """Seed the source, back it up, restore into the empty target; every row and media file must be the same."""
    media = Path(settings.MEDIA_ROOT)
    with database_named(source) as conn:
        seed()
        before = table_contents(conn)
        applied = backups.migration_state(conn)  # empty under --nomigrations
        call_command("backup", output=tmp_path / "backup", stdout=StringIO())
    original_media = files_of(media)
    assert original_media, "the demo wrote no media files: the round trip would prove nothing about them"
    shutil.rmtree(media)  # the new server has no files yet

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"]["core_student"] > 0
    assert manifest["tables"]["core_historicalstudent"] > 0  # history tables are counted too
    assert manifest["migrations"] == applied
    assert sorted(manifest["media"]) == sorted(original_media)
    assert {"sha256", "size"} == set(next(iter(manifest["media"].values())))

    with database_named(target) as conn:
        out = StringIO()
        call_command("restore", str(tmp_path / "backup"), stdout=out)
        after = table_contents(conn)
    assert "every count and hash matches the manifest" in out.getvalue()
    assert sorted(after) == sorted(before)
    differing = [table for table in before if before[table] != after[table]]
    assert differing == []
    assert files_of(media) == original_media


@OWN_DATABASES
@pytest.mark.skipif(ON_POSTGRESQL, reason="the SQLite round trip; make test-postgres runs the PostgreSQL one")
def test_sqlite_round_trip(django_db_setup: Any, django_db_blocker: Any, tmp_path: Path) -> None:
    with django_db_blocker.unblock():
        round_trip(tmp_path, migrated_sqlite_copy(tmp_path / "source.sqlite3"), tmp_path / "fresh.sqlite3")


@OWN_DATABASES
@pytest.mark.skipif(not ON_POSTGRESQL, reason="needs PostgreSQL: run by make test-postgres (scripts/with-postgres.sh)")
def test_postgresql_round_trip_into_a_fresh_database(
    django_db_setup: Any, django_db_blocker: Any, tmp_path: Path
) -> None:
    suffix = uuid.uuid4().hex[:10]
    source, target = f"mansap_backup_source_{suffix}", f"mansap_backup_fresh_{suffix}"
    with django_db_blocker.unblock():
        conn = connections["default"]
        test_database = conn.ops.quote_name(conn.settings_dict["NAME"])
        conn.close()  # a template database must have no session
        with conn._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {conn.ops.quote_name(source)} TEMPLATE {test_database}")
            cursor.execute(f"CREATE DATABASE {conn.ops.quote_name(target)}")
        try:
            round_trip(tmp_path, source, target)
        finally:
            with conn._nodb_cursor() as cursor:
                for name in (source, target):
                    cursor.execute(f"DROP DATABASE IF EXISTS {conn.ops.quote_name(name)} WITH (FORCE)")


# ---- Refusals: nothing is touched, the command fails with a clear message ------------------------------------------
@pytest.fixture
def small_backup(django_db_setup: Any, django_db_blocker: Any, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A backup of an empty migrated SQLite database and two media files, and that database."""
    if ON_POSTGRESQL:
        pytest.skip("the refusals are checked on SQLite; the PostgreSQL path is the round trip above")
    media = Path(settings.MEDIA_ROOT)
    (media / "personal_files").mkdir(parents=True)
    (media / "personal_files" / "a.pdf").write_bytes(b"%PDF-1.7 a")
    (media / "b.txt").write_text("b")
    with django_db_blocker.unblock():
        source = migrated_sqlite_copy(tmp_path / "source.sqlite3")
        with database_named(source):
            call_command("backup", output=tmp_path / "backup", stdout=StringIO())
        yield tmp_path / "backup", source


@OWN_DATABASES
def test_a_damaged_backup_is_refused_before_anything_is_touched(
    small_backup: tuple[Path, Path], tmp_path: Path, django_db_blocker: Any
) -> None:
    folder, _source = small_backup
    (folder / "media" / "b.txt").write_text("changed")
    (Path(settings.MEDIA_ROOT) / "b.txt").write_text("live")
    target = tmp_path / "fresh.sqlite3"
    with django_db_blocker.unblock(), database_named(target), pytest.raises(CommandError) as refused:
        call_command("restore", str(folder))
    assert str(refused.value) == (
        "the backup is damaged, nothing was restored:\n  - media/b.txt: its sha256 or size differs from the manifest"
    )
    assert (Path(settings.MEDIA_ROOT) / "b.txt").read_text() == "live"
    assert sqlite3.connect(target).execute("SELECT count(*) FROM sqlite_master").fetchone() == (0,)


@OWN_DATABASES
def test_a_database_holding_tables_is_replaced_only_with_yes(
    small_backup: tuple[Path, Path], django_db_blocker: Any
) -> None:
    folder, source = small_backup
    with django_db_blocker.unblock(), database_named(source):
        with pytest.raises(CommandError, match=r"already holds \d+ tables: restoring replaces them"):
            call_command("restore", str(folder))
        out = StringIO()
        call_command("restore", str(folder), yes=True, stdout=out)
    assert "and 2 media files" in out.getvalue()


@OWN_DATABASES
def test_a_missing_manifest_and_a_used_output_folder_are_refused(
    small_backup: tuple[Path, Path], tmp_path: Path, django_db_blocker: Any
) -> None:
    with pytest.raises(CommandError, match=r"is not a Mansap backup: manifest.json is missing"):
        call_command("restore", str(tmp_path))
    folder, source = small_backup
    with django_db_blocker.unblock(), database_named(source), pytest.raises(CommandError, match="not an empty folder"):
        call_command("backup", output=folder, stdout=StringIO())


def test_the_password_goes_in_the_environment_never_on_the_command_line() -> None:
    conn = SimpleNamespace(
        settings_dict={
            "NAME": "mansap",
            "USER": "mansap",
            "PASSWORD": "s3cret-Pa55",
            "HOST": "db.internal",
            "PORT": 5433,
            "OPTIONS": {"sslmode": "require"},
        }
    )
    args, env = backups.pg_connection_args(conn)  # type: ignore[arg-type]
    assert args == ["--host", "db.internal", "--port", "5433", "--username", "mansap", "--dbname", "mansap"]
    assert env["PGPASSWORD"] == "s3cret-Pa55"
    assert env["PGSSLMODE"] == "require"
    assert "s3cret-Pa55" not in " ".join(args)
