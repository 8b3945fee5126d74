"""Issue a document as the desk would (bulk use: the military registration office's annual list, issue #16).

    python manage.py issue_document --service CODE --student IIN --language kk|ru|en [--user USERNAME] --json
        [--institution CODE]

Prints {"number", "verification_code", "verify_url", "sha256", "file"} (with --json one JSON object; without it
one line). A refusal writes nothing and exits with status 1, printing {"error": CODE, "message": TEXT}:
unknown_service, unknown_student, unknown_user, unknown_institution, not_eligible, no_document, bad_language.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandParser
from django.utils import translation

from mansap.core.models import Student
from mansap.servicedesk.management.lookup import Refused, add_lookup_arguments, institution_and_user, print_refusal
from mansap.servicedesk.models import Service
from mansap.servicedesk.services.documents import error_code, issue_document, verify_url


class Command(BaseCommand):
    help = "Issue a service's document (a certificate) to a student, as the desk would."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--service", required=True, help="the service's code, e.g. study_certificate_military")
        parser.add_argument("--student", required=True, help="the student's IIN")
        parser.add_argument("--language", required=True, help="kk, ru or en")
        add_lookup_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            with translation.override("en"):
                result = self.issue(options)
        except Refused as exc:
            print_refusal(self, exc)
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(f"{result['number']} {result['verification_code']} {result['verify_url']}")

    def issue(self, options: dict[str, Any]) -> dict[str, str]:
        institution, user = institution_and_user(options)
        service = Service.objects.filter(institution=institution, code=options["service"], is_active=True).first()
        if service is None:
            raise Refused("unknown_service", f"no service {options['service']}")
        student = Student.objects.filter(institution=institution, iin=options["student"]).first()
        if student is None:
            raise Refused("unknown_student", f"no student with IIN {options['student']}")
        try:
            document = issue_document(service, student, language=options["language"], acting_user=user)
        except ValidationError as exc:
            raise Refused(error_code(exc), " ".join(exc.messages)) from None
        except PermissionDenied:
            raise Refused("not_desk_staff", f"{options['user']} does not work at the service desk") from None
        return {
            "number": document.number,
            "verification_code": document.verification_code,
            "verify_url": verify_url(document),
            "sha256": document.sha256,
            "file": document.file.name or "",
        }
