"""Print the employer-partnership KPIs (17.5, 17.6, 17.7) as of a date.

    python manage.py partner_kpis [--as-of 2026-03-01] [--institution CODE] [--json]

With --json it prints one JSON object: "institution", "as_of" and "kpis", which maps
"17.5", "17.6" and "17.7" to {code, title, value, rows}; the rows are the agreements,
joint units and students behind each value.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mansap.common.commands import as_of_date
from mansap.core.models import Institution
from mansap.employers.reports import kpis


class Command(BaseCommand):
    help = "Employer-partnership KPIs 17.5-17.7 as of a date (the figures of the partnerships dashboard)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", type=as_of_date, default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--institution", help="institution code (default: the deployment's institution)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of: dt.date = options["as_of"] or timezone.localdate()
        code = options["institution"] or settings.MANSAP_DEFAULT_INSTITUTION_CODE
        institution = Institution.objects.filter(code=code).first()
        if institution is None:
            raise CommandError(f"unknown institution code {code!r}", returncode=2)
        figures = kpis.partner_kpis(institution, as_of)
        result = kpis.kpis_json(institution, as_of, figures)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{institution.code} as of {as_of.isoformat()}")
        for code_, kpi in result["kpis"].items():
            value = "—" if kpi["value"] is None else kpi["value"]
            self.stdout.write(f"  KPI {code_}: {value:>5}  {kpi['title']}")
