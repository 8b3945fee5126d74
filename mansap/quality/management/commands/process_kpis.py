"""Print a process's KPIs for a period, with their targets and RAG status (issue #13).

    python manage.py process_kpis --process 17 --year 2025-2026 [--department CODE] [--institution CODE] --json

With --json it prints a JSON array, one object per KPI of the process: code, value, numerator, denominator,
target and status (green, amber, red or none). `--year` is the period label of the KPIs' period kind
(2025-2026 an academic year, 2026 a calendar year, 2026-03 a month). The figures are quality.reports.kpis
.scorecard's, the same as the process page, the KPI register, the API and the exports.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.common.indicators import WHOLE, Breakdown, PeriodKind
from mansap.core.access import default_institution
from mansap.core.models import Department, Institution
from mansap.quality.models import Process
from mansap.quality.models.kpis import parse_period
from mansap.quality.reports.kpis import scorecard


class Command(BaseCommand):
    help = "A process's KPIs for a period: value, numerator, denominator, target and RAG status."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--process", required=True, help="the process number (1-22) or its code")
        parser.add_argument("--year", required=True, help="the period, e.g. 2025-2026 (academic year), 2026, 2026-03")
        parser.add_argument("--department", help="a department's code: its figures only")
        parser.add_argument("--institution", help="institution code (default: the deployment's institution)")
        parser.add_argument("--json", action="store_true", help="print a JSON array, one object per KPI")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options.get("institution")
        institution = Institution.objects.filter(code=code).first() if code else default_institution()
        if institution is None:
            raise CommandError(f"unknown institution {code!r}" if code else "there is no institution yet", returncode=2)
        process = self._process(institution, options["process"])
        label = options["year"].strip()
        kinds = {d.period_kind for d in process.kpis.all()} or {PeriodKind.ACADEMIC_YEAR.value}
        kinds.discard("")
        if kinds and not any(parse_period(kind, label) for kind in kinds):
            raise CommandError(
                f"--year {label!r} is not a period of this process's KPIs (e.g. 2025-2026)", returncode=2
            )
        breakdown = WHOLE
        if department_code := options.get("department"):
            department = Department.objects.filter(faculty__institution=institution, code=department_code).first()
            if department is None:
                raise CommandError(f"unknown department {department_code!r}", returncode=2)
            breakdown = Breakdown(faculty=department.faculty_id, department=department.pk)
        rows = scorecard(process, label, breakdown)
        if options["json"]:
            self.stdout.write(json.dumps([row.as_json() for row in rows], ensure_ascii=False))
            return
        self.stdout.write(f"{institution.code} · {process} · {label}")
        for row in rows:
            data = row.as_json()
            shown = "—" if data["value"] is None else data["value"]
            target = "—" if data["target"] is None else data["target"]
            self.stdout.write(f"  {data['code']}: {shown} (target {target}) {data['status']}")

    def _process(self, institution: Institution, text: str) -> Process:
        processes = Process.objects.filter(institution=institution)
        found = processes.filter(number=int(text)).first() if text.strip().isdigit() else None
        found = found or processes.filter(code=text.strip()).first()
        if found is None:
            raise CommandError(f"unknown process {text!r}", returncode=2)
        return found
