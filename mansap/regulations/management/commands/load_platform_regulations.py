"""Register the platform's own regulations (seeds 000, 001, 002, 004 and 004's predecessor), idempotently.

    python manage.py load_platform_regulations [--institution CODE]

The same service as the demo's step (services.preload): a document or version already in the register is kept.
Prints how many documents and versions were added.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.core.access import default_institution
from mansap.core.models import Institution
from mansap.regulations.services.preload import preload_platform_regulations


class Command(BaseCommand):
    help = "Register the platform's own regulations (000, 001, 002, 004) with their codes, dates and versions."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--institution", help="institution code (default: MANSAP_DEFAULT_INSTITUTION_CODE)")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options.get("institution")
        institution = Institution.objects.filter(code=code).first() if code else default_institution()
        if institution is None:
            raise CommandError("There is no such institution.", returncode=2)
        self.stdout.write(json.dumps(preload_platform_regulations(institution), ensure_ascii=False))
