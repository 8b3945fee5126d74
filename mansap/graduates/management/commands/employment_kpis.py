"""Print a cohort's employment KPIs as the analytics page computes them.

    python manage.py employment_kpis --cohort 2025 [--as-of 2026-03-01] [--department CODE]
                                     [--institution CODE] [--json]

With --json it prints one JSON object: the rates (fractions between 0 and 1, or
null) under their names, average_salary and median_salary in KZT, "counts", and
"cohort", "as_of", "department", "institution" naming the slice.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from mansap.common.commands import as_of_date
from mansap.core.models import Department, Institution, Student
from mansap.graduates.reports import analytics


class Command(BaseCommand):
    help = "Employment KPIs of a graduate cohort as of a date (the figures of the analytics page)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cohort", type=int, required=True, help="graduation year, e.g. 2025")
        parser.add_argument("--as-of", type=as_of_date, default=None, help="YYYY-MM-DD (default: today)")
        parser.add_argument("--department", help="department code, e.g. IS")
        parser.add_argument("--institution", help="institution code (needed when several share a department code)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        cohort: int = options["cohort"]
        as_of: dt.date = options["as_of"] or timezone.localdate()
        graduates = Student.objects.graduates().filter(graduation_date__year=cohort)
        institution = None
        if options["institution"]:
            institution = Institution.objects.filter(code=options["institution"]).first()
            if institution is None:
                raise CommandError(f"unknown institution code {options['institution']!r}", returncode=2)
            graduates = graduates.filter(institution=institution)
        department = None
        if options["department"]:
            departments = Department.objects.filter(code=options["department"]).select_related("faculty")
            if institution is not None:
                departments = departments.filter(faculty__institution=institution)
            found = list(departments[:2])
            if not found:
                raise CommandError(f"unknown department code {options['department']!r}", returncode=2)
            if len(found) > 1:
                raise CommandError(
                    f"department code {options['department']!r} is used by several institutions: add --institution",
                    returncode=2,
                )
            department = found[0]
            graduates = graduates.filter(program__department=department)
        kpis = analytics.compute_kpis(graduates, as_of)
        result = {
            "cohort": cohort,
            "as_of": as_of.isoformat(),
            "department": department.code if department else None,
            "institution": institution.code if institution else None,
            **kpis,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(self.table(result))

    def table(self, result: dict[str, Any]) -> str:
        slice_ = f"cohort {result['cohort']}, as of {result['as_of']}"
        if result["department"]:
            slice_ += f", department {result['department']}"
        if result["institution"]:
            slice_ += f", institution {result['institution']}"
        lines = [f"Employment KPIs: {slice_}", ""]
        width = max(len(name) for name in (*analytics.RATE_NAMES, *analytics.SALARY_NAMES, *analytics.COUNT_NAMES))
        for name in analytics.RATE_NAMES:
            value = result[name]
            text = "—" if value is None else f"{analytics.format_rate(value, 'en')}  ({value:.4f})"
            lines.append(f"  {name:<{width}}  {text}")
        for name in analytics.SALARY_NAMES:
            value = result[name]
            lines.append(f"  {name:<{width}}  {'—' if value is None else f'{value:,} KZT'.replace(',', ' ')}")
        lines += ["", "  counts"]
        for name in analytics.COUNT_NAMES:
            lines.append(f"  {name:<{width}}  {result['counts'][name]:>8}")
        return "\n".join(lines)
