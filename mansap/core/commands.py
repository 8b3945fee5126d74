"""What the import commands share (import_graduates, import_employment, import_grades, import_risk_register):
options, exit status, the JSON report and the printed summary.

Exit status: 0 the file is valid (and was imported unless --dry-run); 1 the file has errors (nothing was
written); 2 the file cannot be read at all (or the command cannot run: unknown institution or user, a user the
service refuses). A file with column names but no data rows counts as unreadable (2). With --json exactly one
JSON object is printed: the report, or {"error": "..."} when the file cannot be read.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from mansap.common.importing import ImportReport, UnreadableFile
from mansap.core.access import default_institution
from mansap.core.models import Institution, User

EXIT_OK, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


class ImportCommand(BaseCommand):
    """An import command: FILE [--dry-run] [--json] [--institution CODE] [--language kk|ru|en] [--user USERNAME].

    A subclass names its service's `importer` (run_import(handle, name, *, institution, acting_user, dry_run) →
    ImportReport) and, when the service refuses the user (PermissionDenied), the message `refused` to exit with
    (status 2); without one, PermissionDenied is not the command's to answer. `summary` prints the report.
    """

    importer: Callable[..., ImportReport]
    refused: str | Promise | None = None

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the .xlsx, .xlsm or .csv file")
        parser.add_argument("--dry-run", action="store_true", help="check the file and count, but write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object instead of a summary")
        parser.add_argument("--institution", help="institution code (default: MANSAP_DEFAULT_INSTITUTION_CODE)")
        parser.add_argument(
            "--language", choices=[code for code, _name in settings.LANGUAGES], help="language of the messages"
        )
        parser.add_argument("--user", help="username recorded as the author in the history (and whose scope applies)")

    def handle(self, *args: Any, **options: Any) -> None:
        language = options.get("language") or settings.LANGUAGE_CODE
        with translation.override(language):
            code = self.run(options)
        if code:
            raise SystemExit(code)

    def run(self, options: Any) -> int:
        as_json = options["json"]
        try:
            institution = self.institution(options.get("institution"))
            user = self.user(options.get("user"))
            path = Path(options["file"])
            if not path.is_file():
                raise UnreadableFile.because("missing_file", name=str(path))
            with path.open("rb") as handle:
                report = self.run_import(
                    handle, path.name, institution=institution, acting_user=user, dry_run=options["dry_run"]
                ).to_dict()
        except UnreadableFile as exc:
            return self.fail(exc.message, as_json)
        except Stop as exc:
            return self.fail(str(exc), as_json)

        if as_json:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
        else:
            self.summary(report, dry_run=options["dry_run"])
        return EXIT_INVALID if report["errors"] else EXIT_OK

    def run_import(
        self, handle: Any, name: str, *, institution: Institution, acting_user: User | None, dry_run: bool
    ) -> ImportReport:
        """The import this command runs: its `importer`, a refusal of the user as `refused`."""
        try:
            return self.importer(handle, name, institution=institution, acting_user=acting_user, dry_run=dry_run)
        except PermissionDenied:
            if self.refused is None:
                raise
            raise Stop(str(self.refused)) from None

    def fail(self, message: str, as_json: bool) -> int:
        if as_json:
            self.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
        self.stderr.write(message)
        return EXIT_UNREADABLE

    def institution(self, code: str | None) -> Institution:
        if code:
            found = Institution.objects.filter(code=code).first()
            if found is None:
                raise Stop(_("There is no institution with the code {code}.").format(code=code))
            return found
        found = default_institution()
        if found is None:
            raise Stop(_("There is no institution yet: create one first."))
        return found

    def user(self, username: str | None) -> User | None:
        if not username:
            return None
        found = User.objects.filter(username=username).first()
        if found is None:
            raise Stop(_("There is no user {username}.").format(username=username))
        return found

    def summary(self, report: dict[str, Any], *, dry_run: bool) -> None:
        write = self.stdout.write
        write(
            _("Rows: {rows}; valid: {valid}; with errors: {invalid}.").format(
                rows=report["rows"], valid=report["valid"], invalid=report["invalid"]
            )
        )
        if report["ignored_columns"]:
            write(_("Ignored columns: {names}.").format(names=", ".join(report["ignored_columns"])))
        for issue in report["warnings"]:
            write(self.style.WARNING(_line(_("warning"), issue)))
        for issue in report["errors"]:
            write(self.style.ERROR(_line(_("error"), issue)))
        counts = {"created": report["created"], "updated": report["updated"], "unchanged": report["unchanged"]}
        if report["errors"]:
            write(self.style.ERROR(_("The file has errors: nothing was imported.")))
        elif dry_run:
            write(
                self.style.SUCCESS(
                    _("Dry run: {created} would be created, {updated} updated, {unchanged} unchanged.").format(**counts)
                )
            )
        else:
            write(
                self.style.SUCCESS(
                    _("Imported: {created} created, {updated} updated, {unchanged} unchanged.").format(**counts)
                )
            )


class Stop(Exception):
    """The command cannot run (unknown institution or user, a user the service refuses): exit status 2."""


def _line(kind: str, issue: dict[str, Any]) -> str:
    return _("Row {row}, {column}: {kind} {code}: {message}").format(kind=kind, **issue)
