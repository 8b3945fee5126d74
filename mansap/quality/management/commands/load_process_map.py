"""Preload the process map of document 002 (22 processes, kk/ru/en) and the seeds' risks into an institution.

    python manage.py load_process_map --owner USERNAME_OR_EMAIL [--institution CODE]

Every preloaded risk needs an owner: `--owner` names the user who owns them until the quality department hands
each to its process owner. Idempotent: running it again adds only what is missing and changes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q

from mansap.core.access import default_institution
from mansap.core.models import Institution, User
from mansap.quality.services.processes import load_process_map


class Command(BaseCommand):
    help = "Preload the 22 processes of document 002 and the seeds' risks (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--owner", required=True, help="username or e-mail of the preloaded risks' owner")
        parser.add_argument("--institution", help="institution code (default: the deployment's institution)")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options.get("institution")
        institution = Institution.objects.filter(code=code).first() if code else default_institution()
        if institution is None:
            raise CommandError(f"unknown institution {code!r}" if code else "there is no institution yet", returncode=2)
        who = options["owner"]
        owner = User.objects.filter(Q(username=who) | Q(email__iexact=who)).order_by("pk").first()
        if owner is None:
            raise CommandError(f"no user {who!r}", returncode=2)
        result = load_process_map(institution, owner=owner, acting_user=None)
        self.stdout.write(
            f"{institution.code}: {result.processes_created} processes, {result.risks_created} risks and "
            f"{result.kpis_created} KPIs added."
        )
