"""What the servicedesk commands (issue_document, revoke_document) share: the institution of --institution (or the
default one) and the user of --user, refused with a coded error the command prints as {"error", "message"}."""

from __future__ import annotations

import json
from typing import Any, NoReturn

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

from mansap.core.access import default_institution
from mansap.core.models import Institution


class Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def add_lookup_arguments(parser: Any) -> None:
    parser.add_argument("--user", help="who acts (a username)")
    parser.add_argument("--institution", help="institution code (default: MANSAP_DEFAULT_INSTITUTION_CODE)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def institution_and_user(options: dict[str, Any]) -> tuple[Institution, Any]:
    """The institution and the acting user (None without --user); Refused unknown_institution / unknown_user."""
    code = options.get("institution")
    institution = Institution.objects.filter(code=code).first() if code else default_institution()
    if institution is None:
        raise Refused("unknown_institution", f"no institution {code or ''}".strip())
    user = None
    if options.get("user"):
        user = get_user_model()._default_manager.filter(username=options["user"]).first()
        if user is None:
            raise Refused("unknown_user", f"no user {options['user']}")
    return institution, user


def print_refusal(command: BaseCommand, exc: Refused) -> NoReturn:
    """Print the refusal and exit with status 1."""
    command.stdout.write(json.dumps({"error": exc.code, "message": exc.message}, ensure_ascii=False))
    raise SystemExit(1)
