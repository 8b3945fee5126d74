"""Print the academic rating of a program's students of one admission year for an academic year (issue #14).

    python manage.py academic_rating --program CODE --admission-year YYYY --year 2025-2026 [--institution CODE]
                                     [--json]

With --json a list of {"iin", "gpa", "rank"} in rank order: the students with at least one counted graded attempt
that year, ranked by their annual GPA as rounded (ties share a rank, the next one skips: 1, 2, 2, 4).
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from mansap.academics.management.commands.gpa import institution_of
from mansap.academics.models.grades import ACADEMIC_YEAR
from mansap.academics.reports.gpa import academic_rating
from mansap.core.models import EducationalProgram, Student


class Command(BaseCommand):
    help = "The academic rating of a program's admission year by annual GPA (ties share a rank)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", required=True, help="the program's code, e.g. 6B06101")
        parser.add_argument("--admission-year", type=int, required=True, help="YYYY")
        parser.add_argument("--year", required=True, help="the academic year, e.g. 2025-2026")
        parser.add_argument("--institution", help="institution code (default: the deployment's institution)")
        parser.add_argument("--json", action="store_true", help="print one JSON list")

    def handle(self, *args: Any, **options: Any) -> None:
        institution = institution_of(options.get("institution"))
        year = options["year"].strip()
        match = ACADEMIC_YEAR.match(year)
        if not match or int(match[2]) != int(match[1]) + 1:
            raise CommandError("--year must be an academic year such as 2025-2026", returncode=2)
        program = EducationalProgram.objects.filter(
            department__faculty__institution=institution, code=options["program"].strip()
        ).first()
        if program is None:
            raise CommandError("no program has this code", returncode=2)
        students = Student.objects.filter(program=program, admission_year=options["admission_year"])
        rating = academic_rating(students, institution, year)
        rows = [{"iin": row.student.iin, "gpa": float(row.gpa), "rank": row.rank} for row in rating.rows]
        if options["json"]:
            self.stdout.write(json.dumps(rows, ensure_ascii=False))
            return
        self.stdout.write(f"{program.code} {options['admission_year']} {year}: {rating.size}")
        for row in rating.rows:
            self.stdout.write(f"  {row.rank:>3}  {row.gpa}  {row.student.iin} {row.student.full_name}")
