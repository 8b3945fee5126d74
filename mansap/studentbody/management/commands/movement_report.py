"""The monthly movement of the contingent (issue #15, R-123).

    python manage.py movement_report --month 2026-10 [--program CODE] [--json] [--institution CODE]

--json prints {"start", "end", "arrivals": {type: n}, "departures": {type: n}}: `start` is the contingent on the
last day of the previous month, `end` on the month's last day, arrivals and departures the changes effective
within the month. Without --json the check start + arrivals − departures = end is printed too (a mismatch is shown
and the exit status is 1). Exit status 2: a bad month, program or institution.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.core.access import default_institution
from mansap.core.models import EducationalProgram, Institution
from mansap.studentbody.models import StudentPeriod
from mansap.studentbody.reports.movement import month_bounds, movement


class Command(BaseCommand):
    help = "The contingent's movement in a month: start, arrivals and departures by order type, end."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--month", required=True, help="YYYY-MM")
        parser.add_argument("--program", help="an educational program's code")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--institution", help="institution code (default: MANSAP_DEFAULT_INSTITUTION_CODE)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            month_bounds(options["month"])
        except ValueError:
            raise CommandError(f"--month: {options['month']!r} is not a month (YYYY-MM)", returncode=2) from None
        code = options.get("institution")
        institution = Institution.objects.filter(code=code).first() if code else default_institution()
        if institution is None:
            raise CommandError(f"no institution {code or ''}".strip(), returncode=2)
        program = None
        if options.get("program"):
            found = EducationalProgram.objects.filter(
                department__faculty__institution=institution, code=options["program"]
            ).first()
            if found is None:
                raise CommandError(f"no program {options['program']}", returncode=2)
            program = found.pk
        result = movement(StudentPeriod.objects.filter(institution=institution), options["month"], program)
        if options["json"]:
            self.stdout.write(json.dumps(result.as_json(), ensure_ascii=False, sort_keys=True))
            return
        self.stdout.write(f"{result.month}: start {result.start}, end {result.end}")
        self.stdout.write(f"  arrivals {result.arrivals}")
        self.stdout.write(f"  departures {result.departures}")
        if not result.consistent:
            self.stderr.write(f"MISMATCH: start + arrivals − departures = {result.balance}, end = {result.end}")
            raise SystemExit(1)
