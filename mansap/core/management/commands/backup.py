"""manage.py backup [--output DIR]: the database (pg_dump -Fc, or SQLite's backup) and the media files, with a manifest.

See mansap/core/services/backups.py and the README's "Backups and restore".
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.core.services.backups import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the media files into a new folder, with manifest.json (row counts of every "
        "table, sha256 of every file). Restore it with `manage.py restore DIR`."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output",
            type=Path,
            help="the backup folder to create (new or empty; default var/backups/mansap-YYYYMMDD-HHMMSS)",
        )
        parser.add_argument("--database", default="default", help="the database alias (default %(default)s)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            folder = create_backup(options["output"], using=options["database"])
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if options["verbosity"]:
            self.stdout.write(self.style.SUCCESS(f"Backup written to {folder}"))
        else:
            self.stdout.write(str(folder))
