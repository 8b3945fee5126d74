"""Backups that restore (issue #18): `manage.py backup [--output DIR]` and `manage.py restore DIR [--yes]`.

A backup is a folder:

- `database.dump`: PostgreSQL's custom format (`pg_dump -Fc`), or `database.sqlite3` (SQLite's online backup API:
  SQLite is the embedded default);
- `media/`: a copy of MEDIA_ROOT (uploaded documents, personal files, issued PDFs);
- `manifest.json`: Mansap's version and git revision, when it was made, the database's vendor, the last applied
  migration of each app, the number of rows of every table (the models', their history and M2M tables, Django's
  own), and the sha256 and size of the dump and of every media file.

On PostgreSQL the row counts and the dump read the same snapshot (a REPEATABLE READ transaction exports it and
pg_dump --snapshot uses it), so they agree even while people work. The password goes to pg_dump and pg_restore
in PGPASSWORD, never on their command line (which any user of the machine can read in `ps`).

Restore checks the backup's own hashes before it touches anything, refuses a database that already holds tables
unless told `yes`, loads the dump (pg_restore --clean --if-exists --no-owner, in one transaction), copies the media
back, then counts every table and hashes every file again, and fails loudly on any difference.

Operator commands: their messages are English, as Django's own commands'.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or a restore that cannot go on, with the reason for the operator."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    extra_files: list[str] = field(default_factory=list)


# ---- What a database and a media folder hold -----------------------------------------------------------------------
def table_names(conn: BaseDatabaseWrapper) -> list[str]:
    """Every table of the database (not only the models': Django's and the cache table too), sorted."""
    with conn.cursor() as cursor:
        return sorted(conn.introspection.table_names(cursor, include_views=False))


def row_counts(conn: BaseDatabaseWrapper) -> dict[str, int]:
    counts = {}
    with conn.cursor() as cursor:
        for table in table_names(conn):
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")  # noqa: S608 (names from the catalog)
            counts[table] = int(cursor.fetchone()[0])
    return counts


def migration_state(conn: BaseDatabaseWrapper) -> dict[str, str]:
    """The last migration applied of each app."""
    recorder = MigrationRecorder(conn)
    if not recorder.has_table():
        return {}
    last: dict[str, str] = {}
    table = conn.ops.quote_name(recorder.Migration._meta.db_table)
    with conn.cursor() as cursor:  # SQL, not the ORM: `conn` may be a wrapper of the backup's copy, not an alias
        cursor.execute(f"SELECT app, name FROM {table} ORDER BY applied, id")  # noqa: S608
        for app, name in cursor.fetchall():
            last[app] = name
    return dict(sorted(last.items()))


def file_digest(path: Path) -> dict[str, Any]:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return {"sha256": digest.hexdigest(), "size": path.stat().st_size}


def media_files(root: Path) -> dict[str, dict[str, Any]]:
    """sha256 and size of every file under root, by its path relative to root (with /)."""
    if not root.is_dir():
        return {}
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink() and not path.name.startswith(".readyz-"):
            found[path.relative_to(root).as_posix()] = file_digest(path)
    return found


def mansap_version() -> dict[str, str | None]:
    import tomllib
    from importlib import metadata

    try:
        version: str | None = metadata.version("mansap")
    except metadata.PackageNotFoundError:
        try:
            with (Path(settings.BASE_DIR) / "pyproject.toml").open("rb") as handle:
                version = tomllib.load(handle)["project"]["version"]
        except (OSError, KeyError, ValueError):
            version = None
    try:
        rev = subprocess.run(
            ["git", "-C", str(settings.BASE_DIR), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        rev = None
    return {"version": version, "git_rev": rev or None}


# ---- PostgreSQL's tools ---------------------------------------------------------------------------------------------
def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: from MANSAP_PG_BIN, else PATH, else the newest /usr/lib/postgresql/*/bin."""
    configured = os.environ.get("MANSAP_PG_BIN")
    candidates = [Path(configured) / name] if configured else []
    on_path = shutil.which(name)
    if on_path:
        candidates.append(Path(on_path))
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name or 0))
    candidates += [folder / name for folder in reversed(versions)]
    for candidate in candidates:
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    raise BackupError(f"{name} not found: install PostgreSQL's client tools (apt-get install postgresql-client)")


def pg_connection_args(conn: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    """Command-line arguments (host, port, user, database) and the environment (password, SSL) of a connection."""
    params = conn.settings_dict
    args = []
    if params.get("HOST"):
        args += ["--host", str(params["HOST"])]
    if params.get("PORT"):
        args += ["--port", str(params["PORT"])]
    if params.get("USER"):
        args += ["--username", str(params["USER"])]
    args += ["--dbname", str(params["NAME"])]
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    if params.get("PASSWORD"):
        env["PGPASSWORD"] = str(params["PASSWORD"])
    options = params.get("OPTIONS") or {}
    for option, variable in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT"), ("sslcert", "PGSSLCERT")):
        if options.get(option):
            env[variable] = str(options[option])
    env["PGCONNECT_TIMEOUT"] = "30"
    return args, env


def run_tool(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed (exit {result.returncode}): {result.stderr.strip()[-2000:]}")


# ---- Backup --------------------------------------------------------------------------------------------------------
def default_output() -> Path:
    return Path(settings.VAR_DIR) / "backups" / dt.datetime.now(dt.UTC).strftime("mansap-%Y%m%d-%H%M%S")


def create_backup(output: Path | None = None, *, using: str = "default") -> Path:
    """Write a backup folder (see the module's docstring) and return it. The folder must be new or empty."""
    conn = connections[using]
    if conn.vendor not in DUMP:
        raise BackupError(f"backups support PostgreSQL and SQLite, not {conn.vendor}")
    folder = Path(output) if output is not None else default_output()
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BackupError(f"{folder} already exists and is not an empty folder: choose a new --output")
    folder.mkdir(parents=True, exist_ok=True)
    dump = folder / DUMP[conn.vendor]
    if conn.vendor == "postgresql":
        tables, migrations = _dump_postgresql(conn, dump)
    else:
        tables, migrations = _dump_sqlite(conn, dump)
    media = _copy_media(Path(settings.MEDIA_ROOT), folder / MEDIA)
    manifest = {
        "format": FORMAT,
        "mansap": mansap_version(),
        "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "database": {"vendor": conn.vendor, "file": dump.name, **file_digest(dump)},
        "migrations": migrations,
        "tables": tables,
        "media": media,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def _dump_postgresql(conn: BaseDatabaseWrapper, dump: Path) -> tuple[dict[str, int], dict[str, str]]:
    args, env = pg_connection_args(conn)
    with transaction.atomic(using=conn.alias), conn.cursor() as cursor:
        # The first statement of the transaction: counts and dump then see one and the same snapshot.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        tables = row_counts(conn)
        migrations = migration_state(conn)
        run_tool([pg_tool("pg_dump"), "--format=custom", f"--snapshot={snapshot}", "--file", str(dump), *args], env)
    return tables, migrations


def _dump_sqlite(conn: BaseDatabaseWrapper, dump: Path) -> tuple[dict[str, int], dict[str, str]]:
    conn.ensure_connection()
    target = sqlite3.connect(dump)
    try:
        conn.connection.backup(target)  # SQLite's online backup: a consistent copy, WAL included
    finally:
        target.close()
    # Counted in the copy itself: what the manifest says is what the file holds.
    copy = _sqlite_wrapper(conn, dump)
    try:
        return row_counts(copy), migration_state(copy)
    finally:
        copy.close()


def _sqlite_wrapper(conn: BaseDatabaseWrapper, path: Path) -> BaseDatabaseWrapper:
    settings_dict = {**conn.settings_dict, "NAME": str(path), "OPTIONS": {}}
    return type(conn)(settings_dict, alias=f"{conn.alias}-backup-copy")


def _copy_media(root: Path, target: Path) -> dict[str, dict[str, Any]]:
    target.mkdir()
    files = media_files(root)
    for relative in files:
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / relative, destination)
    copied = media_files(target)
    if copied != files:  # a file changed while it was copied: say so rather than keep a backup that lies
        changed = sorted(name for name in files.keys() | copied.keys() if files.get(name) != copied.get(name))
        raise BackupError(f"media files changed during the backup, run it again: {', '.join(changed[:10])}")
    return files


# ---- Restore -------------------------------------------------------------------------------------------------------
def read_manifest(folder: Path) -> dict[str, Any]:
    path = Path(folder) / MANIFEST
    if not path.is_file():
        raise BackupError(f"{folder} is not a Mansap backup: {MANIFEST} is missing")
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise BackupError(f"{path} is not valid JSON: {exc}") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path}: unknown backup format {manifest.get('format')!r} (this Mansap reads {FORMAT})")
    return manifest


def verify_backup(folder: Path) -> dict[str, Any]:
    """The manifest, after checking the dump's and every media file's sha256 and size; BackupError on a difference."""
    folder = Path(folder)
    manifest = read_manifest(folder)
    database = manifest["database"]
    problems = []
    dump = folder / database["file"]
    if not dump.is_file():
        problems.append(f"{database['file']}: missing")
    elif file_digest(dump) != {"sha256": database["sha256"], "size": database["size"]}:
        problems.append(f"{database['file']}: its sha256 or size differs from the manifest")
    found = media_files(folder / MEDIA)
    for name, expected in manifest["media"].items():
        if name not in found:
            problems.append(f"{MEDIA}/{name}: missing")
        elif found[name] != expected:
            problems.append(f"{MEDIA}/{name}: its sha256 or size differs from the manifest")
    problems += [f"{MEDIA}/{name}: not in the manifest" for name in sorted(found.keys() - manifest["media"].keys())]
    if problems:
        raise BackupError(_listed("the backup is damaged, nothing was restored", problems))
    return manifest


def restore_backup(folder: Path, *, yes: bool = False, using: str = "default") -> RestoreReport:
    """Restore a backup folder into the configured database and MEDIA_ROOT, then check both against the manifest."""
    folder = Path(folder)
    manifest = verify_backup(folder)
    conn = connections[using]
    vendor = manifest["database"]["vendor"]
    if vendor != conn.vendor:
        raise BackupError(f"the backup is of a {vendor} database; the configured database is {conn.vendor}")
    existing = table_names(conn)
    if existing and not yes:
        raise BackupError(
            f"the database {conn.settings_dict['NAME']} already holds {len(existing)} tables: restoring replaces "
            "them. Restore into an empty database, or pass --yes to replace its contents"
        )
    dump = folder / manifest["database"]["file"]
    if vendor == "postgresql":
        args, env = pg_connection_args(conn)
        conn.close()
        command = [pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction"]
        run_tool([*command, "--exit-on-error", *args, str(dump)], env)
    else:
        _restore_sqlite(conn, dump)
    report = _restore_media(folder / MEDIA, Path(settings.MEDIA_ROOT), manifest["media"])
    _check_restored(conn, manifest, report)
    return report


def _restore_sqlite(conn: BaseDatabaseWrapper, dump: Path) -> None:
    conn.ensure_connection()
    source = sqlite3.connect(dump)
    try:
        source.backup(conn.connection)  # replaces the whole database, through SQLite (its WAL stays right)
    finally:
        source.close()


def _restore_media(source: Path, root: Path, expected: dict[str, Any]) -> RestoreReport:
    root.mkdir(parents=True, exist_ok=True)
    for relative in expected:
        destination = root / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source / relative, destination)
    extra = sorted(media_files(root).keys() - expected.keys())
    return RestoreReport(files=len(expected), extra_files=extra)


def _check_restored(conn: BaseDatabaseWrapper, manifest: dict[str, Any], report: RestoreReport) -> None:
    problems = []
    counts = row_counts(conn)
    for table, expected in manifest["tables"].items():
        found = counts.get(table)
        if found is None:
            problems.append(f"table {table}: missing")
        elif found != expected:
            problems.append(f"table {table}: {found} rows, the backup has {expected}")
    media = media_files(Path(settings.MEDIA_ROOT))
    for name, expected in manifest["media"].items():
        if media.get(name) != expected:
            problems.append(f"{MEDIA}/{name}: differs from the backup after copying")
    if migration_state(conn) != manifest["migrations"]:
        problems.append("the applied migrations differ from the backup's")
    if problems:
        raise BackupError(_listed("the restored data differ from the backup", problems))
    report.tables = len(manifest["tables"])
    report.rows = sum(manifest["tables"].values())


def _listed(headline: str, problems: list[str], limit: int = 50) -> str:
    lines = [f"{headline}:", *(f"  - {problem}" for problem in problems[:limit])]
    if len(problems) > limit:
        lines.append(f"  … and {len(problems) - limit} more")
    return "\n".join(lines)
