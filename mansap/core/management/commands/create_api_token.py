"""Issue an API token for a login and print it, and nothing else, for scripts:

    python manage.py create_api_token USERNAME --name NAME [--days N]

    export MANSAP_TOKEN=$(python manage.py create_api_token integration --name "Platonus sync")
    curl -H "Authorization: Token $MANSAP_TOKEN" https://mansap.example.kz/api/v1/graduates/

The token expires after N days (1 to 365; default MANSAP_API_TOKEN_DAYS, 90). It is shown once: only its digest
is stored. Its owner sees it (by name and first characters) on their tokens page, and can revoke it there.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.core.models import User
from mansap.core.services.accounts import API_TOKEN_MAX_DAYS, create_api_token


class Command(BaseCommand):
    help = "Issue an API token for a login and print only the token (it is not stored and cannot be shown again)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the login the token acts as")
        parser.add_argument("--name", required=True, help="what the token is for (shown on the owner's tokens page)")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"days until it expires, 1 to {API_TOKEN_MAX_DAYS} (default: MANSAP_API_TOKEN_DAYS, "
            f"now {settings.MANSAP_API_TOKEN_DAYS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user = User.objects.get(username=options["username"])
        except User.DoesNotExist:
            raise CommandError(f"no login named {options['username']!r}") from None
        try:
            _token, key = create_api_token(user, name=options["name"], days=options["days"], acting_user=None)
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        self.stdout.write(key)
