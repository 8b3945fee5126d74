"""Which documents are due for review on a date (`documents_due`, the KPI "share of current documents", 002 p4).

Only documents in force on the date count: a version of theirs took effect on or before it and was not yet
superseded or cancelled. A document is overdue when its next review date (dates.next_review_date,
from that version's effective date and the last review up to the date) is before the date, due soon when it is
on the date or within `within_days` after it. current_share = (in force − overdue) / in force.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from mansap.regulations.choices import WAS_IN_FORCE, VersionStatus
from mansap.regulations.dates import next_review_date
from mansap.regulations.models import Document, DocumentVersion, Review

if TYPE_CHECKING:
    from mansap.core.models import Institution

DEFAULT_WITHIN_DAYS = 90


@dataclass
class DueRow:
    document: Document
    version: DocumentVersion
    last_review_on: dt.date | None
    next_review_on: dt.date | None


def in_force_on(institution: Institution, as_of: dt.date) -> list[DueRow]:
    """The documents in force on `as_of`, each with its version then in force and its next review date."""
    versions = (
        DocumentVersion.objects.filter(document__institution=institution, effective_on__lte=as_of)
        .filter(Q(status__in=WAS_IN_FORCE) | Q(status=VersionStatus.CANCELLED, ended_on__isnull=False))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
        .select_related("document")
        .order_by("document__code", "-effective_on", "-major", "-minor")
    )
    reviews: dict[int, dt.date] = {}
    for document_id, day in Review.objects.filter(
        document__institution=institution, reviewed_on__lte=as_of
    ).values_list("document_id", "reviewed_on"):
        if document_id not in reviews or day > reviews[document_id]:
            reviews[document_id] = day
    by_document: dict[int, DocumentVersion] = {}
    for version in versions:
        by_document.setdefault(version.document_id, version)
    rows = []
    for document_id, version in by_document.items():
        document = version.document
        last = reviews.get(document_id)
        rows.append(DueRow(document, version, last,
                           next_review_date(version.effective_on, last, document.review_interval_years)))  # fmt: skip
    return sorted(rows, key=lambda row: row.document.code)


def documents_due(institution: Institution, as_of: dt.date, within_days: int = DEFAULT_WITHIN_DAYS) -> dict[str, Any]:
    """The issue's JSON: {"overdue": [codes], "due_soon": [codes], "in_force": n, "current_share": fraction}."""
    rows = in_force_on(institution, as_of)
    horizon = as_of + dt.timedelta(days=within_days)
    overdue = [r.document.code for r in rows if r.next_review_on is not None and r.next_review_on < as_of]
    due_soon = [r.document.code for r in rows if r.next_review_on is not None and as_of <= r.next_review_on <= horizon]
    count = len(rows)
    share = round((count - len(overdue)) / count, 4) if count else None
    return {"overdue": overdue, "due_soon": due_soon, "in_force": count, "current_share": share}


__all__ = ["DEFAULT_WITHIN_DAYS", "DueRow", "documents_due", "in_force_on"]
