"""Revoke an issued document (issue #16): python manage.py revoke_document NUMBER --reason TEXT [--user USERNAME]
[--institution CODE] [--json]. Exit status 1 with {"error": CODE, "message"}: unknown_document, revoked,
reason_required, unknown_user, unknown_institution."""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from mansap.servicedesk.management.lookup import Refused, add_lookup_arguments, institution_and_user, print_refusal
from mansap.servicedesk.models import IssuedDocument
from mansap.servicedesk.services.documents import error_code, revoke_document


class Command(BaseCommand):
    help = "Revoke an issued document, with the reason (the public page then shows it revoked)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("number", help="the document's outgoing number, e.g. СД-2026-000123")
        parser.add_argument("--reason", required=True)
        add_lookup_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            document = self.revoke(options)
        except Refused as exc:
            print_refusal(self, exc)
        assert document.revoked_at is not None
        result = {"number": document.number, "status": document.status, "revoked_at": document.revoked_at.isoformat()}
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(f"{document.number} revoked")

    def revoke(self, options: dict[str, Any]) -> IssuedDocument:
        institution, user = institution_and_user(options)
        document = IssuedDocument.objects.filter(institution=institution, number=options["number"]).first()
        if document is None:
            raise Refused("unknown_document", f"no document {options['number']}")
        try:
            with translation.override("en"):
                return revoke_document(document, reason=options["reason"], acting_user=user)
        except ValidationError as exc:
            raise Refused(error_code(exc), " ".join(exc.messages)) from None
        except PermissionDenied:
            raise Refused("not_desk_staff", f"{options['user']} does not work at the service desk") from None
