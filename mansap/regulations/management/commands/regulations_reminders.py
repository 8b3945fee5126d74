"""E-mail the register's reminders for a day (issue #17): overdue acknowledgements (each person in their language,
again every week while they have not read) and periodic reviews due within 3 months or overdue (the owner).

    python manage.py regulations_reminders --as-of DATE [--dry-run] [--json]

Idempotent per day: a second run on the same day sends nothing (services.reminders records what it sent).
--dry-run lists what would be sent and changes nothing. The huey task regulations.tasks.send_regulations_reminders
runs it daily. Exit status 2 when the date cannot be read.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from mansap.regulations.management.commands.documents_due import _date
from mansap.regulations.services.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail overdue acknowledgements and due periodic reviews of controlled documents (once a day)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--as-of", help="the date (yyyy-mm-dd; default today)")
        parser.add_argument("--dry-run", action="store_true", help="list what would be sent, send nothing")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _date(options["as_of"]) if options.get("as_of") else timezone.localdate()
        result = send_reminders(as_of=as_of, dry_run=options["dry_run"])
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        verb = "would send" if options["dry_run"] else "sent"
        count = len(result["acknowledgements"]) + len(result["reviews"])
        self.stdout.write(
            f"{verb} {count}: {len(result['acknowledgements'])} acknowledgement(s), {len(result['reviews'])} review(s)"
        )
