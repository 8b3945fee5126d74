"""Print process 3's risk KPIs (R-083) for a period.

    python manage.py risk_kpis --from 2025-01-01 --to 2025-12-31 [--institution CODE] [--json]

With --json it prints exactly one object: left_red_share, processes_covered_share, actions_done_share and
actions_on_time_share (fractions, or null when the denominator is empty) and "counts": red_at_start,
left_red, processes_covered, actions_due, actions_done, actions_on_time. The formulas are in
mansap.quality.reports.risks (the register page shows the same figures).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.common.commands import as_of_date
from mansap.core.access import default_institution
from mansap.core.models import Institution
from mansap.quality.reports.risks import risk_kpis


class Command(BaseCommand):
    help = "Process 3's risk KPIs for a period (left the red zone, processes covered, actions done and on time)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="date_from", type=as_of_date, required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="date_to", type=as_of_date, required=True, help="YYYY-MM-DD")
        parser.add_argument("--institution", help="institution code (default: the deployment's institution)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options.get("institution")
        institution = Institution.objects.filter(code=code).first() if code else default_institution()
        if institution is None:
            raise CommandError(f"unknown institution {code!r}" if code else "there is no institution yet", returncode=2)
        date_from, date_to = options["date_from"], options["date_to"]
        if date_from > date_to:
            raise CommandError("--from must not be after --to", returncode=2)
        result = risk_kpis(institution, date_from, date_to).as_json()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"{institution.code} {date_from.isoformat()} – {date_to.isoformat()}")
        for key in ("left_red_share", "processes_covered_share", "actions_done_share", "actions_on_time_share"):
            value = result[key]
            self.stdout.write(f"  {key}: {'—' if value is None else value}")
        for key, value in result["counts"].items():
            self.stdout.write(f"  {key}: {value}")
