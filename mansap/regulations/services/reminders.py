"""The reminders of the register (issue #17, R-141, R-145), e-mailed in each person's language:

- a person assigned a document who has not acknowledged its version in force by the assignment's due date is
  reminded, and again every ACK_REMIND_EVERY_DAYS days while they have not;
- the owner of a document in force is reminded REVIEW_LEAD_MONTHS months before its next review date
  (reports.due.in_force_on: services.reviews.next_review_date, the one rule), and once more when it is overdue.

Each reminder is recorded (DocumentReminder), so the command `regulations_reminders` and the daily huey task
send nothing twice on a day, nor a review reminder twice for the same date and stage. `dry_run` lists what would
be sent and writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import formats, translation
from django.utils.translation import gettext as _

from mansap.common.links import site_url
from mansap.common.mail import localized_message, recipient_language, send_messages_on_commit
from mansap.core.models import Institution
from mansap.regulations.models import Document, DocumentReminder
from mansap.regulations.models.reminders import ReminderKind
from mansap.regulations.reports.due import in_force_on
from mansap.regulations.reports.familiarization import unit_rows

ACK_REMIND_EVERY_DAYS = 7
REVIEW_LEAD_MONTHS = 3


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` earlier (the last day of a shorter month)."""
    month0 = day.month - 1 - months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


@dataclass
class Due:
    kind: str
    object_id: int
    due_on: dt.date
    recipient: Any
    document: Document
    version_number: str

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "document": self.document.code,
            "version": self.version_number,
            "user": self.recipient.username,
            "due_on": self.due_on.isoformat(),
        }


def _date(day: dt.date) -> str:
    return str(formats.date_format(day, "d.m.Y"))


def acknowledgements_due(institution: Institution, as_of: dt.date) -> list[Due]:
    documents = Document.objects.filter(institution=institution)
    found: dict[tuple[int, int], Due] = {}
    for row in unit_rows(documents, as_of):
        for person in row.overdue:
            key = (row.version.pk, person.user.pk)
            found.setdefault(
                key,
                Due(ReminderKind.ACKNOWLEDGEMENT, row.version.pk, row.due_on, person.user, row.document,
                    row.version.number),
            )  # fmt: skip
    return list(found.values())


def reviews_due(institution: Institution, as_of: dt.date) -> list[Due]:
    due = []
    for row in in_force_on(institution, as_of):
        next_on, owner = row.next_review_on, row.document.owner
        if next_on is None or owner is None or months_before(next_on, REVIEW_LEAD_MONTHS) > as_of:
            continue
        kind = ReminderKind.REVIEW_OVERDUE if next_on < as_of else ReminderKind.REVIEW_DUE
        due.append(Due(kind, row.document.pk, next_on, owner, row.document, row.version.number))
    return due


def _already_sent(items: list[Due], as_of: dt.date) -> set[tuple[str, int, int]]:
    """The (kind, object, recipient) of `items` reminded already: a review stage for the same date ever, an
    acknowledgement within the last ACK_REMIND_EVERY_DAYS days."""
    if not items:
        return set()
    sent: set[tuple[str, int, int]] = set()
    recent = as_of - dt.timedelta(days=ACK_REMIND_EVERY_DAYS - 1)
    wanted = {(i.kind, i.object_id, i.recipient.pk, i.due_on) for i in items}
    for kind, object_id, recipient_id, due_on, sent_on in DocumentReminder.objects.filter(
        object_id__in={i.object_id for i in items}
    ).values_list("kind", "object_id", "recipient_id", "due_on", "sent_on"):
        if (kind, object_id, recipient_id, due_on) not in wanted:
            continue
        if kind != ReminderKind.ACKNOWLEDGEMENT or recent <= sent_on <= as_of:
            sent.add((kind, object_id, recipient_id))
    return sent


def _message(item: Due) -> Any:
    def subject() -> str:
        if item.kind == ReminderKind.ACKNOWLEDGEMENT:
            return _("Please read {code}: {title}").format(code=item.document.code, title=item.document.title)
        if item.kind == ReminderKind.REVIEW_OVERDUE:
            return _("Review overdue since {date}: {code}").format(date=_date(item.due_on), code=item.document.code)
        return _("Review due on {date}: {code}").format(date=_date(item.due_on), code=item.document.code)

    def body() -> str:
        document = item.document
        if item.kind == ReminderKind.ACKNOWLEDGEMENT:
            text = _(
                "You were asked to read version {number} of {code} “{title}” by {date} and have not acknowledged "
                "it yet. Open the document and press “I have read”."
            )
        elif item.kind == ReminderKind.REVIEW_OVERDUE:
            text = _("The periodic review of {code} “{title}” (version {number}) was due on {date}.")
        else:
            text = _("The periodic review of {code} “{title}” (version {number}) is due on {date}.")
        lines = [
            _("Hello, {name}.").format(name=item.recipient.display_name),
            "",
            text.format(number=item.version_number, code=document.code, title=document.title, date=_date(item.due_on)),
            "",
            site_url(document.get_absolute_url()),
        ]
        return "\n".join(lines)

    return localized_message(item.recipient.email, recipient_language(item.recipient), subject=subject, body=body)


@transaction.atomic
def send_reminders(*, as_of: dt.date, dry_run: bool = False) -> dict[str, Any]:
    """Remind everyone due on `as_of`; the command's JSON: {"as_of", "dry_run", "acknowledgements": [...],
    "reviews": [...], "sent": n} (the lists name what is sent, or would be)."""
    items: list[Due] = []
    for institution in Institution.objects.order_by("pk"):
        items += acknowledgements_due(institution, as_of) + reviews_due(institution, as_of)
    items = [i for i in items if i.recipient.is_active and i.recipient.email]
    sent = _already_sent(items, as_of)
    new = [i for i in items if (i.kind, i.object_id, i.recipient.pk) not in sent]
    if not dry_run:
        DocumentReminder.objects.bulk_create(
            DocumentReminder(
                institution_id=i.document.institution_id,
                kind=i.kind,
                object_id=i.object_id,
                due_on=i.due_on,
                recipient=i.recipient,
                sent_on=as_of,
            )
            for i in new
        )
        with translation.override(None):
            send_messages_on_commit([_message(i) for i in new])
    acks = [i for i in new if i.kind == ReminderKind.ACKNOWLEDGEMENT]
    reviews = [i for i in new if i.kind != ReminderKind.ACKNOWLEDGEMENT]
    order: Callable[[Due], tuple[str, str]] = lambda i: (i.document.code, i.recipient.username)  # noqa: E731
    return {
        "as_of": as_of.isoformat(),
        "dry_run": dry_run,
        "acknowledgements": [i.as_json() for i in sorted(acks, key=order)],
        "reviews": [i.as_json() for i in sorted(reviews, key=order)],
        "sent": 0 if dry_run else len(new),
    }
