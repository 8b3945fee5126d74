"""State changes of the management review: prepare (draft) → issue (freeze) → record decisions → close; a new
version of an issued review; decisions as tracked actions (done, changed). The quality editors act on reviews;
a decision's owner also marks it done.

Issuing stores the snapshot (reports.reviews.gather) and the PDF and XLSX in kk, ru and en made from it
(ReviewDocument); an issued review's figures and files never change afterwards.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import is_quality_editor, require_change
from mansap.quality.choices import ActionStatus, ReviewStatus
from mansap.quality.models import ManagementReview, ReviewDecision, ReviewDocument
from mansap.quality.reports import reviews as reports

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution, User

FORMATS = ("pdf", "xlsx")


def _require_editor(acting_user: MaybeUser) -> None:
    if acting_user is not None and not is_quality_editor(acting_user):
        raise PermissionDenied


def _user(acting_user: MaybeUser) -> User | None:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


@transaction.atomic
def prepare_review(
    institution: Institution, *, period_start: dt.date, period_end: dt.date, notes: str = "", acting_user: MaybeUser
) -> ManagementReview:
    """A draft review of the period. When the period already has an issued (or closed) review, the draft is its
    next version and names it as the one it supersedes; a period has one draft at a time."""
    _require_editor(acting_user)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period must end on or after its start.")})
    latest = (
        ManagementReview.objects.select_for_update()
        .filter(institution=institution, period_start=period_start, period_end=period_end)
        .order_by("-version")
        .first()
    )
    if latest is not None and latest.status == ReviewStatus.DRAFT:
        raise ValidationError(
            _("The period already has a draft review (version {version}): prepare that one.").format(
                version=latest.version
            )
        )
    review = ManagementReview(
        institution=institution,
        period_start=period_start,
        period_end=period_end,
        notes=notes,
        version=latest.version + 1 if latest else 1,
        supersedes=latest,
        prepared_by=_user(acting_user),
    )
    review.full_clean()
    attributed(review, acting_user).save()
    return review


@transaction.atomic
def new_version(review: ManagementReview, *, acting_user: MaybeUser) -> ManagementReview:
    """A new draft of the same period that supersedes the latest issued version."""
    return prepare_review(
        review.institution,
        period_start=review.period_start,
        period_end=review.period_end,
        notes=review.notes,
        acting_user=acting_user,
    )


@transaction.atomic
def update_notes(review: ManagementReview, *, notes: str, acting_user: MaybeUser) -> ManagementReview:
    _require_editor(acting_user)
    require_change(acting_user, review)
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError(_("An issued review does not change: prepare a new version."))
    review.notes = notes
    attributed(review, acting_user).save()
    return review


def meta(review: ManagementReview, language: str) -> dict[str, Any]:
    """The lines of an issued file that are not figures: title, version, issue date, supersession, notes."""
    with translation.override(language):
        title = _("Management review")
        supersedes = review.supersedes
        return {
            "title": str(title),
            "version": review.version,
            "issued": formats.date_format(timezone.localtime(review.issued_at), "d.m.Y H:i")
            if review.issued_at
            else "",
            "supersedes": (
                _("Supersedes version {version} issued on {date}.").format(
                    version=supersedes.version,
                    date=formats.date_format(timezone.localtime(supersedes.issued_at), "d.m.Y"),
                )
                if supersedes is not None and supersedes.issued_at
                else ""
            ),
            "notes": review.notes,
            "issued_by": review.issued_by.display_name if review.issued_by else "",
        }


@transaction.atomic
def issue_review(review: ManagementReview, *, acting_user: MaybeUser) -> ManagementReview:
    """Freeze the draft: store the snapshot of every section and its PDF and XLSX in kk, ru and en."""
    _require_editor(acting_user)
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    require_change(acting_user, review)
    if review.status != ReviewStatus.DRAFT:
        raise ValidationError(_("The review is already issued."))
    review.snapshot = reports.gather(review.institution, review.period_start, review.period_end)
    review.status = ReviewStatus.ISSUED
    review.issued_at = timezone.now()
    review.issued_by = _user(acting_user)
    attributed(review, acting_user).save()
    documents = []
    for language in reports.LANGS:
        head = meta(review, language)
        for kind in FORMATS:
            render = reports.render_pdf if kind == "pdf" else reports.render_xlsx
            content = render(review.snapshot, language, head)
            documents.append(
                ReviewDocument(
                    review=review,
                    language=language,
                    kind=kind,
                    content=content,
                    sha256=hashlib.sha256(content).hexdigest(),
                )
            )
    ReviewDocument.objects.bulk_create(documents)
    return review


def _decision_label(decision: ReviewDecision, number: int) -> str:
    text = decision.text.strip()
    short = (text[:60] + "…") if len(text) > 60 else text
    return (
        _("Decision {number} (“{text}”)").format(number=number, text=short)
        if short
        else _("Decision {number}").format(number=number)
    )


@transaction.atomic
def close_review(review: ManagementReview, *, acting_user: MaybeUser) -> ManagementReview:
    """Close an issued review once it has decisions and each has its text, an owner and a due date."""
    _require_editor(acting_user)
    review = ManagementReview.objects.select_for_update().get(pk=review.pk)
    require_change(acting_user, review)
    if review.status != ReviewStatus.ISSUED:
        raise ValidationError(
            _("Only an issued review is closed: issue it first.")
            if review.status == ReviewStatus.DRAFT
            else _("The review is already closed.")
        )
    decisions = list(review.decisions.order_by("protocol_date", "pk"))
    if not decisions:
        raise ValidationError(_("Record the decisions taken on the review before closing it."))
    problems = []
    names = {"text": _("the text"), "owner": _("an owner"), "due_on": _("a due date")}
    for number, decision in enumerate(decisions, start=1):
        if decision.missing:
            problems.append(
                _("{decision} lacks {what}.").format(
                    decision=_decision_label(decision, number), what=", ".join(str(names[m]) for m in decision.missing)
                )
            )
    if problems:
        raise ValidationError(problems)
    review.status = ReviewStatus.CLOSED
    review.closed_at = timezone.now()
    attributed(review, acting_user).save()
    return review


DECISION_FIELDS = {"body", "protocol_number", "protocol_date", "text", "owner", "due_on"}


@transaction.atomic
def record_decision(review: ManagementReview, *, acting_user: MaybeUser, **fields: Any) -> ReviewDecision:
    """A decision of the collegiate body on an issued review (body, protocol number and date, text; its owner and
    due date may follow, but the review does not close without them)."""
    _require_editor(acting_user)
    require_change(acting_user, review)
    if review.status != ReviewStatus.ISSUED:
        raise ValidationError(
            _("Decisions are recorded on an issued review.")
            if review.status == ReviewStatus.DRAFT
            else _("The review is closed: its decisions no longer change.")
        )
    unknown = set(fields) - DECISION_FIELDS
    if unknown:
        raise ValueError(f"unknown decision fields: {sorted(unknown)}")
    decision = ReviewDecision(review=review, **fields)
    _check(decision)
    attributed(decision, acting_user).save()
    return decision


def _check(decision: ReviewDecision) -> None:
    if not (decision.text or "").strip():
        raise ValidationError({"text": _("Write the decision.")})
    if decision.done_on is not None and decision.done_on > timezone.localdate():
        raise ValidationError({"done_on": _("An action cannot be done on a future date.")})
    decision.full_clean()


@transaction.atomic
def update_decision(decision: ReviewDecision, changes: dict[str, Any], *, acting_user: MaybeUser) -> ReviewDecision:
    """Change a decision (the quality editors): its text, owner, due date, protocol, status or completion date.
    A closed review's decisions still move (status, done date, a new due date), but keep an owner and a date."""
    _require_editor(acting_user)
    require_change(acting_user, decision)
    unknown = set(changes) - DECISION_FIELDS - {"status", "done_on"}
    if unknown:
        raise ValueError(f"unknown decision fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(decision, name, value)
    if decision.review.status == ReviewStatus.CLOSED and decision.missing:
        raise ValidationError(_("A decision of a closed review keeps its text, owner and due date."))
    if "done_on" in changes and "status" not in changes:
        decision.status = ActionStatus.DONE if decision.done_on else ActionStatus.PLANNED
    if decision.status != ActionStatus.DONE:
        decision.done_on = None
    elif decision.done_on is None:
        decision.done_on = timezone.localdate()
    _check(decision)
    attributed(decision, acting_user).save()
    return decision


@transaction.atomic
def complete_decision(
    decision: ReviewDecision, *, acting_user: MaybeUser, done_on: dt.date | None = None
) -> ReviewDecision:
    """Mark the decision done (its owner or the quality editors)."""
    require_change(acting_user, decision)
    if decision.status == ActionStatus.DONE:
        raise ValidationError(_("The action is already done."))
    if decision.review.status == ReviewStatus.DRAFT:
        raise ValidationError(_("Decisions are recorded on an issued review."))
    decision.done_on = done_on or timezone.localdate()
    decision.status = ActionStatus.DONE
    _check(decision)
    attributed(decision, acting_user).save()
    return decision
