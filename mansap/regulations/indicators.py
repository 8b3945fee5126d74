"""The register's KPI providers for the quality app (issue #17; process 4 and process 22; common.indicators).

regulations.current_documents: documents in force on the period's last day (today, for a period not over) whose
periodic review is not overdue, over all documents in force: the same figure as `documents_due`'s current_share
(reports.due.documents_due computes both).

regulations.familiarization_completion: of the people each familiarization assignment reaches, the share who
acknowledged the version in force (per department: the people of that department), as of the same day.

regulations.approved_electronically: of the versions approved in the period, the share approved through the
platform (agreed and approved here, not imported from the paper register).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mansap.common.indicators import WHOLE, Breakdown, Indicator, Measurement, Period, Unit, register
from mansap.regulations.choices import UNPUBLISHED
from mansap.regulations.models import Document, DocumentVersion
from mansap.regulations.reports.due import documents_due, in_force_on
from mansap.regulations.reports.familiarization import unit_rows


def _as_of(period: Period) -> Any:
    return min(period.end, timezone.localdate())


@register
class CurrentDocuments(Indicator):
    code = "regulations.current_documents"
    title = _("Share of current documents (in force, review not overdue)")
    unit = Unit.SHARE

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        as_of = _as_of(period)
        figures = documents_due(institution, as_of)
        current = figures["in_force"] - len(figures["overdue"])
        rows = [row.document for row in in_force_on(institution, as_of)]
        measured = Measurement.share(current, figures["in_force"], rows=rows)
        return Measurement(measured.value, measured.numerator, measured.denominator, rows, as_of=as_of)


@register
class FamiliarizationCompletion(Indicator):
    code = "regulations.familiarization_completion"
    title = _("Familiarization with documents in force: share acknowledged")
    unit = Unit.SHARE
    breakdowns = ("department",)

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        as_of = _as_of(period)
        rows = unit_rows(Document.objects.filter(institution=institution), as_of)
        if breakdown.department is not None:
            rows = [row for row in rows if row.department_id == breakdown.department]
        assigned = sum(row.assigned for row in rows)
        acknowledged = sum(row.acknowledged for row in rows)
        measured = Measurement.share(acknowledged, assigned, rows=rows)
        return Measurement(measured.value, measured.numerator, measured.denominator, rows, as_of=as_of)


@register
class ApprovedElectronically(Indicator):
    code = "regulations.approved_electronically"
    title = _("Share of document versions approved electronically")
    unit = Unit.SHARE

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        versions = (
            DocumentVersion.objects.filter(
                document__institution=institution, approved_on__gte=period.start, approved_on__lte=period.end
            )
            .exclude(status__in=UNPUBLISHED)
            .select_related("document")
            .order_by("approved_on", "pk")
        )
        rows = list(versions)
        return Measurement.share(sum(1 for v in rows if not v.imported), len(rows), rows=rows)


__all__ = ["ApprovedElectronically", "CurrentDocuments", "FamiliarizationCompletion"]
