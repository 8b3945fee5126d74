"""The contingent on a date (issue #15).

    python manage.py contingent --as-of DATE [--by program|faculty|year|funding|form|citizenship] [--json]
                                [--institution CODE]

Counts the students studying on that date (orders effective on that date included; enrolled, not on leave, not
expelled, transferred out or graduated), by the chosen key. --json prints {"total": n, "by": {key: n},
"on_leave": n}; `by` is empty without --by. Exit status 0, 2 for a bad date or an unknown institution.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.common.commands import as_of_date
from mansap.core.access import default_institution
from mansap.core.models import Institution
from mansap.studentbody.models import StudentPeriod
from mansap.studentbody.reports.contingent import COMMAND_KEYS, contingent


class Command(BaseCommand):
    help = "Count the students studying on a date (from the contingent orders), optionally by a key."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", required=True, type=as_of_date, help="the date, YYYY-MM-DD")
        parser.add_argument("--by", choices=COMMAND_KEYS, help="count by this key")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--institution", help="institution code (default: MANSAP_DEFAULT_INSTITUTION_CODE)")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options.get("institution")
        institution = Institution.objects.filter(code=code).first() if code else default_institution()
        if institution is None:
            raise CommandError(f"no institution {code or ''}".strip(), returncode=2)
        periods = StudentPeriod.objects.filter(institution=institution)
        result = contingent(periods, options["as_of"], options.get("by"))
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, sort_keys=True))
            return
        self.stdout.write(f"{options['as_of']}: {result.total} (on leave {result.on_leave})")
        for key, count in result.by.items():
            self.stdout.write(f"  {key or '—'}: {count}")
