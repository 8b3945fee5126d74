"""Import grades from an AIS Platonus export (.xlsx or .csv), all or nothing (issue #14).

    python manage.py import_grades FILE [--dry-run] [--json] [--institution CODE] [--language kk|ru|en]
                                        [--user USERNAME]

The columns and rules are in mansap.academics.services.imports (error codes unknown_student, bad_grade,
grade_mismatch, bad_credits, bad_term, duplicate_row). Options, exit status and the JSON report are those of
import_graduates: 0 valid (imported unless --dry-run), 1 errors (nothing written), 2 unreadable or the command
cannot run. Importing the same file twice adds nothing.
"""

from __future__ import annotations

from mansap.academics.services import imports
from mansap.core.commands import ImportCommand


class Command(ImportCommand):
    help = (
        "Import grades from an AIS Platonus export (.xlsx or .csv; all rows or none): iin, course_code, "
        "course_name, credits, academic_year, term, attestation, percent, letter, kind, attempt. Re-importing the "
        "same file adds nothing. Exit status: 0 valid, 1 errors (nothing written), 2 unreadable."
    )
    importer = staticmethod(imports.run_import)
    refused = imports.REFUSAL
