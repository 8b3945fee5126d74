"""Periodic review of controlled documents (R-141, Q26): when the next review is due, and recording one.

The next review date is the later of the effective date of the version in force and the last review, plus the
document's review interval in years; 29 February falls on 28 February in a year without one. The rule is
dates.next_review_date, the one function every page, command, report and reminder uses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from mansap.common.history import attributed
from mansap.core.access import is_regulation_editor, require_change
from mansap.regulations.choices import LIVE, ReviewResult, VersionStatus
from mansap.regulations.dates import next_review_date

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.regulations.models import Document, Review


REVIEW_FIELDS = ("reviewed_on", "reviewer", "result", "note")


@transaction.atomic
def record_review(document: Document, *, acting_user: MaybeUser, **values: Any) -> Review:
    """A periodic review of the document; the next review date moves from it."""
    from mansap.regulations.models import Review

    if acting_user is not None and not is_regulation_editor(acting_user):
        raise PermissionDenied
    require_change(acting_user, document)
    review = Review(document=document)
    if acting_user is not None and acting_user.is_authenticated:
        review.reviewer_user_id = acting_user.pk
    for name in REVIEW_FIELDS:
        if name in values:
            setattr(review, name, values[name])
    review.full_clean()
    attributed(review, acting_user, reason="reviewed").save()
    if review.result == ReviewResult.REVISE:
        current = document.versions.filter(status=VersionStatus.IN_FORCE).first()
        if current is not None:
            current.status = VersionStatus.UNDER_REVISION
            attributed(current, acting_user, reason="review: revise").save()
    refresh_document(document)
    return review


def refresh_document(document: Document) -> None:
    """Keep the document's status (its current version's) and next review date."""
    versions = list(document.versions.order_by("-major", "-minor"))
    current = next((v for v in versions if v.status in LIVE), versions[0] if versions else None)
    status = current.status if current is not None else VersionStatus.DRAFT
    next_on = None
    if current is not None and current.status in LIVE:
        last = document.reviews.order_by("-reviewed_on").values_list("reviewed_on", flat=True).first()
        next_on = next_review_date(current.effective_on, last, document.review_interval_years)
    if (document.status, document.next_review_on) != (status, next_on):
        type(document).objects.filter(pk=document.pk).update(status=status, next_review_on=next_on)
        document.status, document.next_review_on = status, next_on
