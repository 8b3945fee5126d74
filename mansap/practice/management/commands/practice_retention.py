"""Flag practice documents whose retention period has ended as due for disposal review (R-033, Q19).

Never deletes anything: a person reviews the list (practice:document_review) and records the disposal act.
Run daily, e.g. from cron: `manage.py practice_retention`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.core.models import Institution
from mansap.practice.services.assessment import flag_for_review


class Command(BaseCommand):
    help = "Flag practice documents past their retention date as due for disposal review (never deletes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--institution", help="institution code (default: every institution)")
        parser.add_argument("--today", help="the date to compare with, YYYY-MM-DD (default: today)")

    def handle(self, *args: Any, **options: Any) -> None:
        institution = None
        if options.get("institution"):
            institution = Institution.objects.filter(code=options["institution"]).first()
            if institution is None:
                raise CommandError(f"no institution with the code {options['institution']!r}")
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("--today must look like 2031-07-01") from exc
        count = flag_for_review(today=today, institution=institution)
        self.stdout.write(f"documents flagged for disposal review: {count}")
