"""Create the calendar's collection rounds of an academic year for a cohort (thin over rounds.create_rounds)."""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.core.models import AcademicYear, Institution
from mansap.graduates.services.rounds import create_rounds


class Command(BaseCommand):
    help = "Create the four collection rounds of an academic year, e.g. --year 2026-2027 --cohort 2026."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--year", required=True, help="academic year, e.g. 2026-2027")
        parser.add_argument("--cohort", required=True, type=int, help="graduation year of the graduates")
        parser.add_argument("--institution", default=settings.MANSAP_DEFAULT_INSTITUTION_CODE, help="institution code")

    def handle(self, *args: Any, **options: Any) -> None:
        match = re.fullmatch(r"(\d{4})(?:-(\d{4}))?", options["year"].strip())
        if not match or (match.group(2) and int(match.group(2)) != int(match.group(1)) + 1):
            raise CommandError("--year must look like 2026-2027")
        institution = Institution.objects.filter(code=options["institution"]).first()
        if institution is None:
            raise CommandError(f"no institution with the code {options['institution']!r}")
        year = AcademicYear.objects.filter(institution=institution, start_year=int(match.group(1))).first()
        if year is None:
            raise CommandError(f"the academic year {options['year']} does not exist: create it first")
        created = create_rounds(year, cohort=options["cohort"], acting_user=None)
        for round_ in created:
            self.stdout.write(
                f"created round {round_.number}: {round_.opens_on:%d.%m.%Y}–{round_.deadline:%d.%m.%Y}"
                + (f", Platonus by {round_.platonus_deadline:%d.%m.%Y}" if round_.platonus_deadline else "")
            )
        if not created:
            self.stdout.write("the rounds already exist: nothing created")
