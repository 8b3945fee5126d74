"""Readers of the contingent for the apps below the student body in the import contract (surveys, practice).

Who studies in which program and year on a date, and who is expected to graduate in a year, is known from the
contingent orders (the studentbody app), which those apps may not import. They ask this module; the student body
registers its reader when it starts (studentbody.apps → studentbody.reports.expected). Without it (an installation
without the student body) the default reader answers from the students' own fields: status, course, admission year
plus the program's length.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import F, QuerySet

from mansap.core.choices import StudentStatus
from mansap.core.models import Student


class ContingentReader:
    """The default: the students' current fields."""

    def studying(
        self,
        students: QuerySet[Student],
        day: dt.date,
        *,
        program_id: int | None = None,
        year_of_study: int | None = None,
    ) -> QuerySet[Student]:
        """Those of `students` studying on `day` (in the program, in the year of study, when given)."""
        found = students.filter(status=StudentStatus.STUDYING)
        if program_id is not None:
            found = found.filter(program_id=program_id)
        if year_of_study is not None:
            found = found.filter(course=year_of_study)
        return found

    def expected_graduates(self, students: QuerySet[Student], year: int) -> QuerySet[Student]:
        """Those of `students` still studying who are expected to graduate in the calendar year `year`."""
        return (
            students.filter(status=StudentStatus.STUDYING)
            .annotate(expected=F("admission_year") + F("program__duration_years"))
            .filter(expected=year)
        )


_reader: ContingentReader = ContingentReader()


def register(reader: ContingentReader) -> None:
    global _reader
    _reader = reader


def reader() -> ContingentReader:
    return _reader
