"""Bring the grade rows from the source "practice" in line with the practice's grades (issue #14).

    python manage.py sync_practice_grades [--institution CODE] [--json]

Every graded placement of a practice with a course code gives its student a grade row (unless AIS Platonus has the
course in that year and term: Platonus wins); a row no placement gives any more is removed. Idempotent: a second
run changes nothing. The rules are in mansap.academics.services.practice_grades; the practice's grading keeps the
rows in line as it goes, so the command is for a practice whose course code or term changed, and for repairs.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.academics.services.practice_grades import sync_practice_grades
from mansap.core.models import Institution


class Command(BaseCommand):
    help = "Bring the grade rows from the source 'practice' in line with the practice's grades (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--institution", help="the institution's code (default: every institution)")
        parser.add_argument("--json", action="store_true", help="print the counts as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        institution = None
        if options["institution"]:
            institution = Institution.objects.filter(code=options["institution"]).first()
            if institution is None:
                raise CommandError(f"No institution has the code {options['institution']}.")
        report = sync_practice_grades(institution=institution, acting_user=None)
        if options["json"]:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            self.stdout.write(
                f"created {report.created}, updated {report.updated}, removed {report.removed}, "
                f"unchanged {report.unchanged}, left to AIS Platonus {report.left_to_platonus}"
            )
