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
from mansap.quality.choices import ActionStatus
from mansap.quality.models import Risk, RiskAction, RiskAssessment

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
