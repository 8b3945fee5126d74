"""Pages of the KPIs (#13): the register, one page per KPI with its targets, values, trend and drill-down, the
forms of the lifecycle (agree the formula, set a target, enter a value) and the evidence file."""

from __future__ import annotations

from typing import Any

from mansap.common.files import ScopedFileView
from mansap.quality.models import KPIValue


class KPIValueEvidenceView(ScopedFileView):
    """The evidence file of an entered value, for everyone who may see the KPI."""

    queryset = KPIValue.objects.all()
    file_field = "evidence"

    def get_filename(self, obj: Any) -> str | None:
        return None
