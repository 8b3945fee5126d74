"""The run every single-table import shares: who may run it, the file opened, the app's rules, the report.

An import module declares its `spec` (columns and the messages of its codes), who may run it (`allowed`, a role
predicate of core.access) and its body (an `ImportRun`: the rows checked and, unless a dry run or an error, written
all or nothing); `table_import` makes of them the one `run_import(file_obj, filename, *, institution, acting_user,
dry_run=False, progress=None)` that the import jobs (core.services.imports.register_import_kind) and the import
commands call.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied

from mansap.common.importing import HeaderMap, ImportReport, ImportSpec, ProgressCallback, Table

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution


@dataclass
class ImportRun:
    """One run of an import: for whom and how, and its file opened (the table, its header, the report begun)."""

    institution: Institution
    acting_user: MaybeUser
    dry_run: bool
    progress: ProgressCallback | None
    spec: ImportSpec
    table: Table
    header: HeaderMap
    report: ImportReport

    def done(self) -> None:
        """The progress at its end: the file is checked (and written unless a dry run or an error)."""
        if self.progress:
            self.progress(1.0)


def table_import(
    spec: Callable[[], ImportSpec], allowed: Callable[[Any], bool], body: Callable[[ImportRun], None]
) -> Callable[..., ImportReport]:
    """The import's `run_import`: PermissionDenied for a user `allowed` refuses (no user: a command or a job of
    the system), the file opened with a fresh `spec()` (UnreadableFile: not a spreadsheet, no header...), then
    `body`, which fills the report."""

    def run_import(
        file_obj: Any,
        filename: str,
        *,
        institution: Institution,
        acting_user: MaybeUser,
        dry_run: bool = False,
        progress: ProgressCallback | None = None,
    ) -> ImportReport:
        """Check the file and, unless `dry_run` or it has an error, import it in one transaction."""
        if acting_user is not None and not allowed(acting_user):
            raise PermissionDenied
        import_spec = spec()
        table, header, report = import_spec.open(file_obj, filename)
        body(ImportRun(institution, acting_user, dry_run, progress, import_spec, table, header, report))
        return report

    return run_import
