"""KPI-17.8 as an indicator (common/indicators.py): the annual survey of companies on the quality of training.

As employers/reports/kpis.py reads it (reports/results.employer_survey_kpi_as_of): the headline score (mean,
1–5) of the latest launched employer campaign that closed on or before the date and less than 365 days
before it; the date is the period's end. No such campaign, or too few answers: no figure. Institution-wide
only (a campaign asks employers about the university, not a department). numerator: the respondents (personal
links), denominator: the invited; rows: the campaign.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext_lazy as _

from mansap.common.indicators import WHOLE, Breakdown, Indicator, Measurement, Period, Unit, register
from mansap.surveys.reports.results import employer_survey_kpi_as_of


@register
class EmployerTrainingQuality(Indicator):
    code = "surveys.employer_training_quality"
    title = _("Annual survey of companies on the quality of training: mean score (1–5)")
    unit = Unit.SCORE

    def measure_on(self, institution: Any, as_of: dt.date, breakdown: Breakdown = WHOLE) -> Measurement:
        if breakdown.dimension is not None:
            raise ValueError(f"{self.code} has no breakdown")
        found = employer_survey_kpi_as_of(institution, as_of)
        if found is None:
            return Measurement(value=None, rows=[], as_of=as_of)
        return Measurement(
            value=found["score"],
            numerator=found["respondents"],
            denominator=found["invited"],
            rows=[found["campaign"]],
            as_of=as_of,
        )

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        return self.measure_on(institution, period.end, breakdown)
