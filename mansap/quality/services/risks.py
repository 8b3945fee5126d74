"""State changes of the risk register: risks, their assessments and treatment actions.

Who may act is the queryset's rule (querysets.py): the quality editors for every risk of their institution, a
risk's owner for that risk; `require_change` asks it. A command or a task (acting_user None) acts for the
institution.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import is_quality_editor, require_change
from mansap.quality.choices import ActionStatus, ReviewOutcome
from mansap.quality.models import Risk, RiskAction, RiskAssessment, RiskReview

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import User


def _user(acting_user: MaybeUser) -> User | None:
    return acting_user if acting_user is not None and acting_user.is_authenticated else None


@transaction.atomic
def save_risk(risk: Risk, *, acting_user: MaybeUser, reason: str | None = None) -> Risk:
    """Add a risk to the register (the quality editors) or save a changed one (also its owner)."""
    if risk.pk is None:
        if acting_user is not None and not is_quality_editor(acting_user):
            raise PermissionDenied
    else:
        require_change(acting_user, risk)
        if Risk.objects.filter(pk=risk.pk, retired_on__isnull=False).exists():
            _require_live(Risk.objects.get(pk=risk.pk))
    if risk.process_id and not risk.institution_id:
        risk.institution_id = risk.process.institution_id
    risk.full_clean()
    attributed(risk, acting_user, reason=reason).save()
    return risk


@transaction.atomic
def record_assessment(
    risk: Risk,
    *,
    assessed_on: dt.date,
    likelihood: int,
    impact: int,
    note: str = "",
    acting_user: MaybeUser,
) -> RiskAssessment:
    """Record an assessment of the risk: likelihood × impact on a date (one per day; the score is derived)."""
    require_change(acting_user, risk)
    _require_live(risk)
    if assessed_on > timezone.localdate():
        raise ValidationError({"assessed_on": _("An assessment cannot be dated in the future.")})
    assessment = RiskAssessment(
        risk=risk, assessed_on=assessed_on, likelihood=likelihood, impact=impact, note=note,
        assessed_by=_user(acting_user),
    )  # fmt: skip
    assessment.score = likelihood * impact
    assessment.full_clean()
    attributed(assessment, acting_user).save()
    return assessment


@transaction.atomic
def add_action(
    risk: Risk,
    *,
    action: str,
    owner: User,
    due_on: dt.date,
    done_on: dt.date | None = None,
    acting_user: MaybeUser,
) -> RiskAction:
    """Plan a treatment action of the risk (done already when `done_on` is given)."""
    require_change(acting_user, risk)
    _require_live(risk)
    item = RiskAction(
        risk=risk, action=action, owner=owner, due_on=due_on, done_on=done_on,
        status=ActionStatus.DONE if done_on else ActionStatus.PLANNED,
    )  # fmt: skip
    _check_done_on(item)
    item.full_clean()
    attributed(item, acting_user).save()
    return item


def _check_done_on(item: RiskAction) -> None:
    if item.done_on is not None and item.done_on > timezone.localdate():
        raise ValidationError({"done_on": _("An action cannot be done on a future date.")})


@transaction.atomic
def complete_action(item: RiskAction, *, acting_user: MaybeUser, done_on: dt.date | None = None) -> RiskAction:
    """Mark the action done (today unless `done_on` says otherwise)."""
    require_change(acting_user, item)
    if item.status == ActionStatus.DONE:
        raise ValidationError(_("The action is already done."))
    item.done_on = done_on or timezone.localdate()
    item.status = ActionStatus.DONE
    _check_done_on(item)
    attributed(item, acting_user).save()
    return item


@transaction.atomic
def update_action(item: RiskAction, changes: dict[str, Any], *, acting_user: MaybeUser) -> RiskAction:
    """Change an action's text, owner, due date, status or completion date; status and date stay consistent
    (done ⇔ a completion date)."""
    require_change(acting_user, item)
    allowed = {"action", "owner", "due_on", "done_on", "status"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"unknown action fields: {sorted(unknown)}")
    for name, value in changes.items():
        setattr(item, name, value)
    if "done_on" in changes and "status" not in changes:
        item.status = ActionStatus.DONE if item.done_on else ActionStatus.PLANNED
    if item.status != ActionStatus.DONE:
        item.done_on = None
    elif item.done_on is None:
        item.done_on = timezone.localdate()
    _check_done_on(item)
    item.full_clean()
    attributed(item, acting_user).save()
    return item


def _require_live(risk: Risk) -> None:
    if risk.retired_on is not None:
        raise ValidationError(_("The risk is retired: it is kept for its history and no longer changes."))


@transaction.atomic
def review_risk(
    risk: Risk,
    *,
    outcome: str,
    reason: str,
    next_review_on: dt.date,
    reviewed_on: dt.date | None = None,
    likelihood: int | None = None,
    impact: int | None = None,
    acting_user: MaybeUser,
) -> RiskReview:
    """Review the risk: confirm it as it stands or change it (a new assessment, scored now), with the reason, the
    reviewer (the acting user) and the date of the next review, which the register then shows when it is due."""
    require_change(acting_user, risk)
    _require_live(risk)
    reviewer = _user(acting_user)
    if reviewer is None:
        raise ValidationError(_("A review is made by a person: sign in to review the risk."))
    reviewed_on = reviewed_on or timezone.localdate()
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _("Give the reason for the review's outcome.")
    if reviewed_on > timezone.localdate():
        errors["reviewed_on"] = _("A review cannot be dated in the future.")
    if next_review_on <= reviewed_on:
        errors["next_review_on"] = _("The next review must come after this one.")
    if outcome == ReviewOutcome.CHANGED and (likelihood is None or impact is None):
        errors["likelihood"] = _("A changed risk needs its new likelihood and impact.")
    if outcome == ReviewOutcome.CONFIRMED and not risk.assessments.filter(assessed_on__lte=reviewed_on).exists():
        errors["outcome"] = _("The risk has no assessment to confirm yet: change it (assess it) instead.")
    if outcome not in ReviewOutcome.values:
        errors["outcome"] = _("Choose the outcome: confirmed or changed.")
    if errors:
        raise ValidationError(errors)
    assessment = None
    if outcome == ReviewOutcome.CHANGED:
        assert likelihood is not None and impact is not None
        assessment = record_assessment(
            risk, assessed_on=reviewed_on, likelihood=likelihood, impact=impact, note=reason, acting_user=acting_user
        )
    review = RiskReview(
        risk=risk, reviewed_on=reviewed_on, reviewer=reviewer, outcome=outcome, reason=reason,
        next_review_on=next_review_on, assessment=assessment,
    )  # fmt: skip
    review.full_clean()
    attributed(review, acting_user).save()
    risk.next_review_on = next_review_on
    attributed(risk, acting_user, reason=reason).save(update_fields=["next_review_on", "updated_at"])
    return review


@transaction.atomic
def retire_risk(risk: Risk, *, reason: str, acting_user: MaybeUser, retired_on: dt.date | None = None) -> Risk:
    """Retire the risk (the quality editors): it leaves the heat map and the register's default view from that
    date but keeps its assessments, reviews and actions; no more reminders are sent about it."""
    if acting_user is not None and not is_quality_editor(acting_user):
        raise PermissionDenied
    require_change(acting_user, risk)
    _require_live(risk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"retired_reason": _("Give the reason the risk is retired.")})
    retired_on = retired_on or timezone.localdate()
    if retired_on > timezone.localdate():
        raise ValidationError({"retired_on": _("A risk cannot be retired on a future date.")})
    risk.retired_on = retired_on
    risk.retired_reason = reason
    attributed(risk, acting_user, reason=reason).save(update_fields=["retired_on", "retired_reason", "updated_at"])
    return risk
