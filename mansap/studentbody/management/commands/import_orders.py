"""Import past contingent orders (.xlsx or .csv), all or nothing (issue #15).

    python manage.py import_orders FILE [--dry-run] [--json] [--institution CODE] [--language kk|ru|en]
                                        [--user USERNAME]

The columns and rules are in mansap.studentbody.services.imports (error codes unknown_student, bad_type,
state_conflict, bad_ground, unknown_program, duplicate_row). Options, exit status and the JSON report are those
of import_graduates: 0 valid (imported unless --dry-run), 1 errors (nothing written), 2 unreadable or the command
cannot run. Imported orders count as signed and entered in Platonus; importing the same file twice adds nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from mansap.core.management.commands.import_graduates import Command as ImportGraduatesCommand
from mansap.core.management.commands.import_graduates import _Stop
from mansap.studentbody.services import imports

if TYPE_CHECKING:
    from mansap.common.importing import ImportReport
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution


class Command(ImportGraduatesCommand):
    help = (
        "Import past contingent orders (.xlsx or .csv; all rows or none): order_number, order_date, type, iin, "
        "effective_date, ground, program_code, study_form, funding, year_of_study, last_name, first_name, "
        "middle_name, birth_date, sex. Exit status: 0 valid, 1 errors (nothing written), 2 unreadable."
    )

    def run_import(
        self, handle: Any, name: str, *, institution: Institution, acting_user: MaybeUser, dry_run: bool
    ) -> ImportReport:
        try:
            return imports.run_import(handle, name, institution=institution, acting_user=acting_user, dry_run=dry_run)
        except PermissionDenied:
            raise _Stop(_("Only the Student Service Center imports orders.")) from None
