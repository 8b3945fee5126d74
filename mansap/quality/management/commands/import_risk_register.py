"""Import a risk register kept in Excel, all or nothing (issue #13).

    python manage.py import_risk_register FILE.xlsx [--dry-run] [--json] [--institution CODE]
                                                    [--language kk|ru|en] [--user USERNAME]

Sheets `risks` (key, process, title, owner_email, category), `assessments` (key, assessed_on, likelihood,
impact) and `actions` (key, action, due_on, done_on); the rules are in mansap.quality.services.imports. Each
error carries `sheet`, `row`, `column` and `code` (bad_process, unknown_owner, unknown_risk, bad_number,
bad_date, ...). Options, exit status and the JSON report are those of import_graduates: 0 valid (imported
unless --dry-run), 1 errors (nothing written), 2 unreadable or the command cannot run. Importing the same
workbook twice adds nothing.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from mansap.core.commands import ImportCommand
from mansap.quality.services import imports


class Command(ImportCommand):
    help = (
        "Import a risk register from an .xlsx workbook (all rows or none): sheets risks (key, process, title, "
        "owner_email, category), assessments (key, assessed_on, likelihood, impact) and actions (key, action, "
        "due_on, done_on). Re-importing the same workbook adds nothing. "
        "Exit status: 0 valid, 1 errors (nothing written), 2 unreadable."
    )
    importer = staticmethod(imports.run_import)
    refused = gettext_lazy("Only the quality department imports the risk register.")

    def summary(self, report: dict[str, Any], *, dry_run: bool) -> None:
        for issue in report["errors"]:
            issue["column"] = f"{issue.get('sheet', '')}.{issue['column']}".lstrip(".")
        super().summary(report, dry_run=dry_run)
