"""manage.py restore DIR [--yes]: a folder made by `manage.py backup`, into the configured database and MEDIA_ROOT.

The backup's hashes are checked before anything is touched; afterwards every table is counted and every file
hashed again against the manifest, and any difference fails the command (exit status 1).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.core.services.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup folder made by `manage.py backup` into the configured database and MEDIA_ROOT, then "
        "check every table's row count and every file's sha256 against its manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("folder", type=Path, help="the backup folder (holding manifest.json)")
        parser.add_argument(
            "--yes", action="store_true", help="replace the contents of a database that already holds tables"
        )
        parser.add_argument("--database", default="default", help="the database alias (default %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore_backup(options["folder"], yes=options["yes"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        for name in report.extra_files:
            self.stderr.write(f"warning: media/{name} is not in the backup; it was left in place")
        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Restored {report.tables} tables ({report.rows} rows) and {report.files} media files from "
                    f"{options['folder']}; every count and hash matches the manifest."
                )
            )
