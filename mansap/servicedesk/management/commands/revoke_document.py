"""Revoke an issued document (issue #16): python manage.py revoke_document NUMBER --reason TEXT [--user USERNAME]
[--institution CODE] [--json]. Exit status 1 with {"error": CODE, "message"}: unknown_document, revoked,
reason_required, unknown_user."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from mansap.core.access import default_institution
from mansap.core.models import Institution
from mansap.servicedesk.models import IssuedDocument
from mansap.servicedesk.services.documents import error_code, revoke_document


class Command(BaseCommand):
    help = "Revoke an issued document, with the reason (the public page then shows it revoked)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("number", help="the document's outgoing number, e.g. СД-2026-000123")
        parser.add_argument("--reason", required=True)
        parser.add_argument("--user", help="who revokes it (a username)")
        parser.add_argument("--institution", help="institution code (default: MANSAP_DEFAULT_INSTITUTION_CODE)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def fail(self, code: str, message: str) -> None:
        self.stdout.write(json.dumps({"error": code, "message": message}, ensure_ascii=False))
        raise SystemExit(1)

    def handle(self, *args: Any, **options: Any) -> None:
        code = options.get("institution")
        institution = Institution.objects.filter(code=code).first() if code else default_institution()
        document = IssuedDocument.objects.filter(institution=institution, number=options["number"]).first()
        if document is None:
            return self.fail("unknown_document", f"no document {options['number']}")
        user = None
        if options.get("user"):
            user = get_user_model()._default_manager.filter(username=options["user"]).first()
            if user is None:
                return self.fail("unknown_user", f"no user {options['user']}")
        try:
            with translation.override("en"):
                document = revoke_document(document, reason=options["reason"], acting_user=user)
        except ValidationError as exc:
            return self.fail(error_code(exc), " ".join(exc.messages))
        except PermissionDenied:
            return self.fail("not_desk_staff", f"{options['user']} does not work at the service desk")
        assert document.revoked_at is not None
        result = {"number": document.number, "status": document.status, "revoked_at": document.revoked_at.isoformat()}
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(f"{document.number} revoked")
        return None
