"""Remind departments of collection deadlines (thin over rounds.send_due_reminders); run it daily."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.graduates.services.rounds import DEFAULT_REMINDER_DAYS, send_due_reminders


class Command(BaseCommand):
    help = (
        "E-mail department staff of rounds due in 14 and 3 days (--days); "
        "at most once a day per round, department and recipient."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--days",
            default=",".join(str(d) for d in DEFAULT_REMINDER_DAYS),
            help="days before the deadline, comma-separated (default 14,3)",
        )
        parser.add_argument("--date", help="pretend today is this date (YYYY-MM-DD)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            days = sorted({int(d) for d in options["days"].split(",") if d.strip()}, reverse=True)
            today = dt.date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError as exc:
            raise CommandError("--days takes whole numbers such as 14,3; --date takes YYYY-MM-DD") from exc
        if any(d < 0 for d in days):
            raise CommandError("--days cannot be negative")
        sent = send_due_reminders(today=today, days=days)
        for round_id, count in sent.items():
            self.stdout.write(f"round {round_id}: {count} reminder(s) sent")
        if not sent:
            self.stdout.write("no reminders due")
