"""Reconcile a cohort's employment records with the official extracts (#20) and print the figures.

    python manage.py reconcile --cohort 2025 --as-of 2026-03-01 [--department CODE] [--institution CODE]
                               [--json] [--sustained [--window-start 10 --window-months 6 --window-required 5]]
                               [--save]

With --json it prints exactly {"counts": {"confirmed", "contradicted", "official_only", "consistent",
"not_covered", "cohort"}, "verified_employment_rate", "covered_share"} (rates are fractions between 0 and 1, or
null when their denominator is 0); with --sustained also "sustained_employment" (the count) and
"sustained_employment_rate" (over the covered graduates).

It computes and prints; nothing is stored unless --save is given: then a Reconciliation is saved (with its rows and
a discrepancy task per contradicted or official-only graduate, as the Career Center's page saves one) and its id is
printed on stderr. Exit codes: 0 done, 2 bad arguments (unknown department or institution).
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.common.commands import as_of_date
from mansap.core.access import default_institution
from mansap.core.models import Department, Institution
from mansap.graduates.services import reconcile as services


class Command(BaseCommand):
    help = "Reconcile a graduate cohort with the official extracts on a date (verified employment, #20)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cohort", type=int, required=True, help="graduation year, e.g. 2025")
        parser.add_argument("--as-of", type=as_of_date, required=True, help="YYYY-MM-DD")
        parser.add_argument("--department", help="department code, e.g. IS")
        parser.add_argument("--institution", help="institution code (default: the deployment's institution)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")
        parser.add_argument("--sustained", action="store_true", help="also count sustained employment")
        parser.add_argument("--window-start", type=int, default=10, help="first month of the window (default 10)")
        parser.add_argument("--window-months", type=int, default=6, help="months in the window (default 6)")
        parser.add_argument("--window-required", type=int, default=5, help="months with contributions (default 5)")
        parser.add_argument("--save", action="store_true", help="store a Reconciliation with its discrepancy tasks")

    def handle(self, *args: Any, **options: Any) -> None:
        cohort: int = options["cohort"]
        as_of: dt.date = options["as_of"]
        institution = self.institution(options["institution"])
        department = self.department(institution, options["department"])
        try:
            window = services.Window.after_graduation(
                cohort,
                start_month=options["window_start"],
                months=options["window_months"],
                required=options["window_required"],
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages), returncode=2) from None
        if options["save"]:
            saved = services.reconcile(
                institution, cohort, as_of, acting_user=None, department=department, window=window
            )
            self.stderr.write(f"saved reconciliation {saved.pk}")
        outcome = services.compute(
            institution.pk,
            cohort,
            as_of,
            department=department,
            window=window if options["sustained"] else None,
            with_graduates=False,
        )
        result = outcome.as_json(sustained=options["sustained"])
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Reconciliation: cohort {cohort}, as of {as_of.isoformat()}")
        for name, value in result["counts"].items():
            self.stdout.write(f"  {name:<16} {value}")
        for name, value in result.items():
            if name != "counts":
                shown = "—" if value is None else (f"{value:.1%}" if isinstance(value, float) else value)
                self.stdout.write(f"  {name:<26} {shown}")

    def institution(self, code: str | None) -> Institution:
        found = Institution.objects.filter(code=code).first() if code else default_institution()
        if found is None:
            raise CommandError(f"unknown institution code {code!r}" if code else "no institution", returncode=2)
        return found

    def department(self, institution: Institution, code: str | None) -> Department | None:
        if not code:
            return None
        found = Department.objects.filter(code=code, faculty__institution=institution).first()
        if found is None:
            raise CommandError(f"unknown department code {code!r}", returncode=2)
        return found
