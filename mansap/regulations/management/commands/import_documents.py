"""Import an existing register of controlled documents (.xlsx or .csv), all or nothing (issue #17).

    python manage.py import_documents FILE.xlsx [--dry-run] [--json] [--institution CODE] [--language kk|ru|en]
                                                [--user USERNAME]

The columns and rules are in mansap.regulations.services.imports (error codes bad_code, bad_date, date_order,
unknown_predecessor, duplicate_code, bad_version). Options, exit status and the JSON report are core's import
commands': 0 valid (imported unless --dry-run), 1 errors (nothing written), 2 unreadable or the command cannot
run. Importing the same file twice changes nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from mansap.core.commands import ImportCommand
from mansap.regulations.services import imports


class Command(ImportCommand):
    help = (
        "Import a register of controlled documents (.xlsx or .csv; all rows or none): code, type, title_kk, "
        "title_ru, title_en, unit, version, approved_on, effective_on, last_review_on, review_interval_years, "
        "classification, replaces. Exit status: 0 valid, 1 errors (nothing written), 2 unreadable."
    )
    importer = staticmethod(imports.run_import)
    refused = _("Only the quality department imports the register of documents.")
