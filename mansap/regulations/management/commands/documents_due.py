"""Which controlled documents are overdue or due soon for their periodic review (issue #17, R-141).

    python manage.py documents_due --as-of DATE [--within-days N] --json [--institution CODE]

prints {"overdue": [codes], "due_soon": [codes], "in_force": n, "current_share": fraction} (reports.due):
only documents in force on the date count; the next review is the later of the effective date and the last
review plus the interval; overdue: before the date; due soon: on it or within N days after it (default 90).
Without --json a short text. Exit status 2 when the date cannot be read or the institution does not exist.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.core.access import default_institution
from mansap.core.models import Institution
from mansap.regulations.reports.due import DEFAULT_WITHIN_DAYS, documents_due


def _date(value: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise CommandError(f"--as-of: {value} is not a date (yyyy-mm-dd or dd.mm.yyyy)", returncode=2)


class Command(BaseCommand):
    help = "Documents in force whose periodic review is overdue or due soon, and the share of current documents."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", required=True, help="the date (yyyy-mm-dd)")
        parser.add_argument("--within-days", type=int, default=DEFAULT_WITHIN_DAYS, help="due soon: within N days")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--institution", help="institution code (default: MANSAP_DEFAULT_INSTITUTION_CODE)")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _date(options["as_of"])
        if options["within_days"] < 0:
            raise CommandError("--within-days: give 0 or more days", returncode=2)
        code = options.get("institution")
        institution = Institution.objects.filter(code=code).first() if code else default_institution()
        if institution is None:
            raise CommandError("There is no such institution.", returncode=2)
        result = documents_due(institution, as_of, options["within_days"])
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"in force: {result['in_force']}, current share: {result['current_share']}")
        self.stdout.write("overdue: " + (", ".join(result["overdue"]) or "-"))
        self.stdout.write("due soon: " + (", ".join(result["due_soon"]) or "-"))
