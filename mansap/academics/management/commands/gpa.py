"""Print a student's GPA (issue #14; R-132): cumulative, per academic year, credits attempted and earned.

    python manage.py gpa --student IIN [--institution CODE] [--json]

With --json exactly one object: {"cumulative": x, "years": {"2025-2026": x, ...}, "credits_attempted": n,
"credits_earned": n} (a GPA is null when there is no graded attempt). The rules are in
mansap.academics.reports.gpa, which the pages and the API read too.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.academics.reports.gpa import student_gpa
from mansap.core.access import default_institution
from mansap.core.models import Institution, Student


def institution_of(code: str | None) -> Institution:
    institution = Institution.objects.filter(code=code).first() if code else default_institution()
    if institution is None:
        raise CommandError(f"unknown institution {code!r}" if code else "there is no institution yet", returncode=2)
    return institution


class Command(BaseCommand):
    help = "A student's GPA: cumulative, per academic year, credits attempted and earned."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--student", required=True, help="the student's IIN")
        parser.add_argument("--institution", help="institution code (default: the deployment's institution)")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        institution = institution_of(options.get("institution"))
        student = Student.objects.filter(institution=institution, iin=options["student"].strip()).first()
        if student is None:
            raise CommandError("no student has this IIN", returncode=2)
        result = student_gpa(student).as_json()
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
            return
        self.stdout.write(f"{student.iin} {student.full_name}")
        self.stdout.write(f"  cumulative: {'—' if result['cumulative'] is None else result['cumulative']}")
        for year, value in result["years"].items():
            self.stdout.write(f"  {year}: {'—' if value is None else value}")
        self.stdout.write(f"  credits attempted: {result['credits_attempted']}")
        self.stdout.write(f"  credits earned: {result['credits_earned']}")
