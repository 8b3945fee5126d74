"""E-mail the graduating departments the contract warnings of practices starting in 45 or 35 days
(R-040). Run daily (cron/systemd timer): `manage.py practice_deadlines [--date YYYY-MM-DD]`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mansap.practice.services.placements import deadline_warnings, mail_deadline_warnings


class Command(BaseCommand):
    help = "E-mail departments about practices 45 or 35 days away whose bases lack a timely contract."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--date", help="treat this day as today (YYYY-MM-DD)")
        parser.add_argument("--dry-run", action="store_true", help="list the warnings without sending e-mail")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = dt.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be YYYY-MM-DD") from exc
        warnings = deadline_warnings(today)
        for rows in warnings.values():
            for practice, days, missing in rows:
                self.stdout.write(f"T-{days}: {practice} ({practice.department.code}): {', '.join(map(str, missing))}")
        if options.get("dry_run"):
            return
        sent = mail_deadline_warnings(today)
        self.stdout.write(f"{sent} e-mail(s) sent.")
