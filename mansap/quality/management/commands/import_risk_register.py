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

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mansap.core.management.commands.import_graduates import Command as ImportGraduatesCommand
from mansap.core.management.commands.import_graduates import _Stop
from mansap.quality.services import imports

if TYPE_CHECKING:
    from mansap.common.importing import ImportReport
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution


class Command(ImportGraduatesCommand):
    help = (
        "Import a risk register from an .xlsx workbook (all rows or none): sheets risks (key, process, title, "
        "owner_email, category), assessments (key, assessed_on, likelihood, impact) and actions (key, action, "
        "due_on, done_on). Re-importing the same workbook adds nothing. "
        "Exit status: 0 valid, 1 errors (nothing written), 2 unreadable."
    )

    def run_import(
        self, handle: Any, name: str, *, institution: Institution, acting_user: MaybeUser, dry_run: bool
    ) -> ImportReport:
        try:
            return imports.run_import(handle, name, institution=institution, acting_user=acting_user, dry_run=dry_run)
        except PermissionDenied:
            raise _Stop(_("Only the quality department imports the risk register.")) from None

    def summary(self, report: dict[str, Any], *, dry_run: bool) -> None:
        for issue in report["errors"]:
            issue["column"] = f"{issue.get('sheet', '')}.{issue['column']}".lstrip(".")
        super().summary(report, dry_run=dry_run)
