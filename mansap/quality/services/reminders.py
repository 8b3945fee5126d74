"""The daily reminders of the quality app: an owner is e-mailed, in their language, when a risk review, a risk
action or a management review decision is due (within QUALITY_REMINDER_LEAD_DAYS days) and once more when it is
overdue; each (thing, due date, stage) is e-mailed once (quality.models.Reminder records it), so running the job
twice a day, or every day for a month, sends nothing new. A new due date (the next review of a risk, a decision
moved) reminds again. Retired risks, done or cancelled actions and decisions, and draft reviews remind nobody.

Run by the huey periodic task quality.tasks.send_quality_reminders (daily) and `manage.py send_quality_reminders`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mansap.common.links import site_url
from mansap.common.mail import localized_message, recipient_language, send_messages_on_commit
from mansap.quality.choices import ActionStatus, ReminderKind, ReminderStage, ReviewStatus
from mansap.quality.models import Reminder, ReviewDecision, Risk, RiskAction

OPEN = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


@dataclass
class Due:
    kind: str
    object_id: int
    due_on: dt.date
    recipient: Any
    what: Callable[[], str]  # the thing, rendered in the recipient's language
    path: Callable[[], str]  # reversed in the recipient's language


def _review_text(risk: Risk) -> str:
    return _("the review of the risk {key} “{title}”").format(key=risk.key, title=risk.title)


def _action_text(action: RiskAction) -> str:
    return _("the action “{action}” of the risk {key}").format(action=action.action[:120], key=action.risk.key)


def _decision_text(decision: ReviewDecision) -> str:
    return _("the decision “{text}” (protocol № {number})").format(
        text=decision.text[:120], number=decision.protocol_number
    )


def due_items(today: dt.date, lead_days: int) -> Iterable[Due]:
    """Everything due by today + lead_days (overdue included) that may be reminded of."""
    horizon = today + dt.timedelta(days=lead_days)
    for risk in Risk.objects.due_for_review(horizon).select_related("owner"):
        assert risk.next_review_on is not None
        yield Due(
            ReminderKind.RISK_REVIEW,
            risk.pk,
            risk.next_review_on,
            risk.owner,
            partial(_review_text, risk),
            risk.get_absolute_url,
        )
    actions = RiskAction.objects.filter(
        status__in=OPEN, due_on__lte=horizon, risk__retired_on__isnull=True
    ).select_related("risk", "owner")
    for action in actions:
        yield Due(
            ReminderKind.RISK_ACTION,
            action.pk,
            action.due_on,
            action.owner,
            partial(_action_text, action),
            action.risk.get_absolute_url,
        )
    decisions = (
        ReviewDecision.objects.filter(status__in=OPEN, due_on__lte=horizon, owner__isnull=False)
        .exclude(review__status=ReviewStatus.DRAFT)
        .select_related("owner", "review")
    )
    for decision in decisions:
        assert decision.due_on is not None
        yield Due(
            ReminderKind.DECISION,
            decision.pk,
            decision.due_on,
            decision.owner,
            partial(_decision_text, decision),
            decision.get_absolute_url,
        )


@transaction.atomic
def send_due_reminders(*, today: dt.date | None = None, lead_days: int | None = None) -> list[Reminder]:
    """E-mail every owner whose review, action or decision is due or overdue and not reminded yet for that due
    date and stage; record each reminder. The e-mails leave when the transaction commits."""
    today = today or timezone.localdate()
    lead_days = settings.QUALITY_REMINDER_LEAD_DAYS if lead_days is None else lead_days
    items = [item for item in due_items(today, lead_days) if item.recipient.is_active and item.recipient.email]
    sent = set(
        Reminder.objects.filter(object_id__in={i.object_id for i in items}).values_list(
            "kind", "object_id", "due_on", "stage"
        )
    )
    created: list[Reminder] = []
    messages = []
    for item in items:
        stage = ReminderStage.OVERDUE if item.due_on < today else ReminderStage.DUE
        if (item.kind, item.object_id, item.due_on, stage) in sent:
            continue
        created.append(
            Reminder(
                kind=item.kind, object_id=item.object_id, due_on=item.due_on, stage=stage, recipient=item.recipient
            )
        )
        messages.append(_message(item, stage))
    Reminder.objects.bulk_create(created)
    send_messages_on_commit(messages)
    return created


def _message(item: Due, stage: str) -> Any:
    def subject() -> str:
        if stage == ReminderStage.OVERDUE:
            return _("Overdue since {date}: {what}").format(date=_date(item.due_on), what=item.what())
        return _("Due on {date}: {what}").format(date=_date(item.due_on), what=item.what())

    def body() -> str:
        lines = [
            _("Hello, {name}.").format(name=item.recipient.display_name),
            "",
            (
                _("{what} was due on {date} and is not done yet.")
                if stage == ReminderStage.OVERDUE
                else _("{what} is due on {date}.")
            ).format(what=item.what()[:1].upper() + item.what()[1:], date=_date(item.due_on)),
            "",
            site_url(item.path()),
            "",
            _("This reminder is sent once for this date."),
        ]
        return "\n".join(lines)

    return localized_message(item.recipient.email, recipient_language(item.recipient), subject=subject, body=body)


def _date(day: dt.date) -> str:
    return formats.date_format(day, "d.m.Y")
