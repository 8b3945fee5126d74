"""A test indicator (registered while the tests import this module) and builders of KPI rows.

`tests.graduated_share`: among the institution's students admitted in the academic year's first calendar year
(the denominator), the share with a graduation date (the numerator); rows: those graduates. It breaks down by
faculty, department and program, so the drill-down and the small-number rule can be tested on real rows.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from mansap.common.indicators import WHOLE, Breakdown, Indicator, Measurement, Period, Unit, register
from mansap.core.models import Institution, Student
from mansap.quality.choices import KPISource, KPIStatus
from mansap.quality.models import KPIDefinition, KPITarget, KPIValue, Process


@register
class GraduatedShare(Indicator):
    code = "tests.graduated_share"
    title = "Share of graduated students (tests)"
    unit = Unit.SHARE
    breakdowns = ("faculty", "department", "program")

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        students = Student.objects.filter(institution=institution, admission_year=period.start.year)
        if breakdown.program is not None:
            students = students.filter(program_id=breakdown.program)
        elif breakdown.department is not None:
            students = students.filter(program__department_id=breakdown.department)
        elif breakdown.faculty is not None:
            students = students.filter(program__department__faculty_id=breakdown.faculty)
        graduates = students.filter(graduation_date__isnull=False)
        return Measurement.share(graduates.count(), students.count(), rows=graduates.order_by("last_name"))


def make_kpi(process: Process, code: str = "1.1", **fields: Any) -> KPIDefinition:
    agreed = fields.pop("agreed", True)
    defaults: dict[str, Any] = {
        "name_kk": f"Көрсеткіш {code}", "name_ru": f"Показатель {code}", "name_en": f"Indicator {code}",
        "source": KPISource.ENTERED,
    }  # fmt: skip
    if agreed:
        defaults.update(
            formula_en="numerator / denominator", unit="share", higher_is_better=True,
            period_kind="academic_year", status=KPIStatus.FORMULA_AGREED,
        )  # fmt: skip
    defaults.update(fields)
    institution: Institution = process.institution
    return KPIDefinition.objects.create(institution=institution, process=process, code=code, **defaults)


def make_target(definition: KPIDefinition, period: str, target: str, amber: str, red: str) -> KPITarget:
    return KPITarget.objects.create(
        definition=definition, period=period, target=Decimal(target), amber_threshold=Decimal(amber),
        red_threshold=Decimal(red),
    )  # fmt: skip


def make_value(definition: KPIDefinition, period: str, value: str, **fields: Any) -> KPIValue:
    fields.setdefault("evidence_url", "https://example.org/report")
    return KPIValue.objects.create(definition=definition, period=period, value=Decimal(value), **fields)
