"""Move the programme files departments uploaded per practice into the register of regulations (issue #17).

    python manage.py programme_files_to_register --language kk|ru|en [--institution CODE] [--dry-run] [--json]

Before programmes were controlled documents, a department uploaded a loose programme file per practice
(`Practice.programme_file`, served by practice:practice_programme_file). Once the quality department has
registered the programme and the Career Center has linked it to the program and type of practice, this command
moves the newest uploaded file of each program and type into the version in force (as its file in --language,
unless that version already has one) and clears the uploads. All or nothing (services.programmes
.move_programme_files): a group not linked, without a version in force or whose file is missing is an error and
nothing is written. Exit status: 0 done (or nothing to do), 1 errors (nothing written), 2 the command cannot run.
Running it twice changes nothing the second time.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from mansap.core.models import Institution
from mansap.practice.services.programmes import move_programme_files
from mansap.regulations.choices import LANGUAGES


class Command(BaseCommand):
    help = (
        "Move each program's newest uploaded practice programme file into the register document linked to it "
        "(all or nothing). Exit status: 0 done, 1 errors (nothing written), 2 cannot run."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--language", required=True, choices=LANGUAGES, help="the language of the files")
        parser.add_argument("--institution", help="institution code (default: every institution)")
        parser.add_argument("--dry-run", action="store_true", help="report what would move, write nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        institution = None
        if options.get("institution"):
            institution = Institution.objects.filter(code=options["institution"]).first()
            if institution is None:
                self.stderr.write(f"no institution with the code {options['institution']!r}")
                sys.exit(2)
        result = move_programme_files(language=options["language"], institution=institution,
                                      dry_run=options["dry_run"])  # fmt: skip
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            for error in result["errors"]:
                practices = ", ".join(map(str, error["practices"]))
                self.stdout.write(
                    f"{error['code']}: {error['program']} {error['kind']} (practices {practices}): {error['message']}"
                )
            verb = "would move" if result["dry_run"] or result["errors"] else "moved"
            if result["errors"]:
                self.stdout.write("nothing written")
            self.stdout.write(
                f"{verb} {len(result['moved'])} file(s) into the register; "
                f"{len(result['kept_register_file'])} already there"
            )
        if result["errors"]:
            sys.exit(1)
