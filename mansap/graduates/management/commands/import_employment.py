"""Import graduates' employment records from an .xlsx or .csv journal, all or nothing.

    python manage.py import_employment FILE [--dry-run] [--json] [--institution CODE]
                                            [--language kk|ru|en] [--user USERNAME]

Columns (English, Russian or Kazakh headers, any order): iin*, status*, employer_name,
employer_bin, position, region, salary, start_date*, end_date, channel (* required).
An empty channel means "document" when the row gives an employer's BIN, else
"telephone". The rules are in mansap.graduates.services.imports.

Exit status, options and the JSON report are those of import_graduates (this command is
that command with the employment import plugged in): 0 the file is valid (and was
imported unless --dry-run); 1 the file has errors (nothing was written); 2 the file
cannot be read at all, or the command cannot run (unknown institution or user).
Importing the same file twice adds nothing: the second run reports every row unchanged.
"""

from __future__ import annotations

from mansap.core.commands import ImportCommand
from mansap.graduates.services import imports


class Command(ImportCommand):
    help = (
        "Import graduates' employment records from an .xlsx or .csv journal (all rows or none). "
        "Columns: iin*, status*, employer_name, employer_bin, position, region, salary, start_date*, end_date, "
        "channel (* required; headers in English, Russian or Kazakh). An empty channel is 'document' when an "
        "employer BIN is given, else 'telephone'. Re-importing the same file adds nothing. "
        "Exit status: 0 valid, 1 errors (nothing written), 2 unreadable."
    )
    importer = staticmethod(imports.run_import)
