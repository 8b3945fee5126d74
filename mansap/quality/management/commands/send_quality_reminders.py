"""E-mail the owners whose risk review, risk action or management review decision is due or overdue.

    manage.py send_quality_reminders [--today YYYY-MM-DD] [--lead-days N]

The same job the huey consumer runs daily (quality.tasks); each reminder is sent once per due date and stage.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from mansap.common.params import parse_date
from mansap.quality.services.reminders import send_due_reminders


class Command(BaseCommand):
    help = "E-mail reminders of due and overdue risk reviews, risk actions and management review decisions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="the date to act as of (default: today)")
        parser.add_argument("--lead-days", type=int, help="remind this many days ahead (QUALITY_REMINDER_LEAD_DAYS)")

    def handle(self, *args: Any, **options: Any) -> None:
        today = None
        if options["today"]:
            today = parse_date(options["today"])
            if today is None:
                raise CommandError(f"--today: not a date (YYYY-MM-DD): {options['today']}")
        if options["lead_days"] is not None and options["lead_days"] < 0:
            raise CommandError("--lead-days must be 0 or more.")
        sent = send_due_reminders(today=today, lead_days=options["lead_days"])
        self.stdout.write(self.style.SUCCESS(f"reminders sent: {len(sent)}"))
