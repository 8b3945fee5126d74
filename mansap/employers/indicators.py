"""Process 17's partnership KPIs 17.5–17.7 as indicators (common/indicators.py), read by reports/kpis.py.

Each is a count as of a date: the period's end (`measure`), or any date (`measure_on`, the process 17
dashboard's "as of" field). Breakdowns where the data allows it: an agreement names a department (or none:
then it is in no department's or faculty's figure), a joint unit always has one, a targeted-training
student has a program. Measurement.rows are the agreements, units or students counted.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet

from mansap.common.indicators import WHOLE, Breakdown, Indicator, Measurement, Period, Unit, register
from mansap.employers.reports import kpis


class PartnershipIndicator(Indicator):
    unit = Unit.COUNT
    # Where the counted row's department, faculty and program are (None: the dimension does not apply).
    paths: dict[str, str] = {}

    def rows_on(self, institution: Any, as_of: dt.date) -> QuerySet[Any]:
        raise NotImplementedError

    def measure_on(self, institution: Any, as_of: dt.date, breakdown: Breakdown = WHOLE) -> Measurement:
        rows = self.rows_on(institution, as_of)
        for dimension in ("faculty", "department", "program"):
            value = getattr(breakdown, dimension)
            if value is not None:
                if dimension not in self.paths:
                    raise ValueError(f"{self.code} has no breakdown by {dimension}")
                rows = rows.filter(**{self.paths[dimension]: value})
        measured = Measurement.count(rows)
        return Measurement(measured.value, measured.numerator, rows=rows, as_of=as_of)

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        return self.measure_on(institution, period.end, breakdown)


@register
class PartnershipAgreements(PartnershipIndicator):
    code = "employers.partnership_agreements"
    title = kpis.KPI_TITLES["17.5"]
    breakdowns = ("faculty", "department")
    paths = {"faculty": "department__faculty_id", "department": "department_id"}

    def rows_on(self, institution: Any, as_of: dt.date) -> QuerySet[Any]:
        return kpis.social_partnership_agreements(institution, as_of)


@register
class JointUnits(PartnershipIndicator):
    code = "employers.joint_units"
    title = kpis.KPI_TITLES["17.6"]
    breakdowns = ("faculty", "department")
    paths = {"faculty": "department__faculty_id", "department": "department_id"}

    def rows_on(self, institution: Any, as_of: dt.date) -> QuerySet[Any]:
        return kpis.open_joint_units(institution, as_of)


@register
class TargetedStudents(PartnershipIndicator):
    code = "employers.targeted_students"
    title = kpis.KPI_TITLES["17.7"]
    breakdowns = ("faculty", "department", "program")
    paths = {
        "faculty": "program__department__faculty_id",
        "department": "program__department_id",
        "program": "program_id",
    }

    def rows_on(self, institution: Any, as_of: dt.date) -> QuerySet[Any]:
        return kpis.targeted_training_students(institution, as_of)


__all__ = ["JointUnits", "PartnershipAgreements", "PartnershipIndicator", "TargetedStudents"]
