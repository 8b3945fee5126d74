"""The analysed slice of graduates: one object drives the analytics page, its XLSX and its PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mansap.core.choices import Funding, StudyForm
from mansap.core.models import Department, EducationalProgram, Faculty, Student
from mansap.graduates.reports import analytics

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


def cohort_years(user: AnyUser) -> dict[int, dt.date]:
    """The cohorts of the graduates the user may see, newest first, with each cohort's last graduation date.

    Reads the distinct graduation dates (a few hundred at most, from the index):
    grouping 200,000 rows by an extracted year is a Python function call per row on SQLite.
    """
    dates = Student.objects.for_user(user).graduates().order_by().values_list("graduation_date", flat=True).distinct()
    years: dict[int, dt.date] = {}
    for day in dates:
        if day is None:  # not with graduates(); the column is nullable for students
            continue
        if day.year not in years or day > years[day.year]:
            years[day.year] = day
    return dict(sorted(years.items(), reverse=True))


@dataclass
class Selection:
    """What the user asked for, resolved: the same object drives the page, the XLSX and the PDF."""

    cohort: int
    as_of: dt.date
    dimension: str
    faculty: Faculty | None = None
    department: Department | None = None
    program: EducationalProgram | None = None
    funding: str = ""
    study_form: str = ""
    valid: bool = True

    def filtered(self, graduates: QuerySet[Student]) -> QuerySet[Student]:
        """The graduates of every filter but the cohort."""
        if not self.valid:
            return graduates.none()
        if self.faculty:
            graduates = graduates.filter(program__department__faculty=self.faculty)
        if self.department:
            graduates = graduates.filter(program__department=self.department)
        if self.program:
            graduates = graduates.filter(program=self.program)
        if self.funding:
            graduates = graduates.filter(funding=self.funding)
        if self.study_form:
            graduates = graduates.filter(study_form=self.study_form)
        return graduates

    def base_graduates(self, user: AnyUser) -> QuerySet[Student]:
        return self.filtered(Student.objects.for_user(user).graduates())

    def graduates(self, user: AnyUser) -> QuerySet[Student]:
        """The graduates of the selected cohort (the figures' denominator)."""
        return self.base_graduates(user).filter(graduation_date__year=self.cohort)

    def filter_labels(self) -> list[tuple[str, str]]:
        """(label, value) of each filter, for the report's header."""
        every = _("all")
        return [
            (_("Cohort"), str(self.cohort)),
            (_("As of"), analytics.format_date(self.as_of)),
            (_("Faculty"), str(self.faculty) if self.faculty else every),
            (_("Department"), str(self.department) if self.department else every),
            (_("Educational program"), str(self.program) if self.program else every),
            (_("Funding"), str(Funding(self.funding).label) if self.funding else every),
            (_("Study form"), str(StudyForm(self.study_form).label) if self.study_form else every),
        ]
