"""Import students and graduates from an .xlsx or .csv file, all or nothing.

    python manage.py import_graduates FILE [--dry-run] [--json] [--institution CODE]
                                           [--language kk|ru|en] [--user USERNAME]

Exit status: 0 the file is valid (and was imported unless --dry-run); 1 the file has
errors (nothing was written); 2 the file cannot be read at all (or the command cannot
run: unknown institution or user). A file with column names but no data rows counts
as unreadable (2). With --json exactly one JSON object is printed: the report, or
{"error": "..."} when the file cannot be read. The options and the report are
mansap.core.commands.ImportCommand's, which every import command shares.
"""

from __future__ import annotations

from mansap.core.commands import ImportCommand
from mansap.core.commands import Stop as _Stop
from mansap.core.services import imports

__all__ = ["Command", "_Stop"]  # _Stop: what import commands written on this one's base raised (now core.commands)


class Command(ImportCommand):
    help = "Import students and graduates from an .xlsx or .csv file (all rows or none)."
    importer = staticmethod(imports.run_import)
