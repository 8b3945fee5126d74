"""Deadlines of a practice (R-025, R-026, R-032, R-040, 001 §7): pure date arithmetic, no database.

- the contract with a base is concluded at least one calendar month before the start (R-040);
  warnings 45 and 35 days before the start; from the deadline on, the submission for the rector's
  order is blocked unless the Career Center overrides it;
- the package for the company is sent one calendar month before the start (R-025);
- referrals are issued one week before the start (R-026);
- reports are submitted by `practice.reports_due` (R-032).

"One calendar month before" 31 March is 28 (29) February: the same day of the previous month,
or that month's last day when it is shorter.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

WARN_FIRST_DAYS = 45
WARN_SECOND_DAYS = 35
REFERRAL_DAYS = 7

# Statuses of one compliance item, from good to bad.
OK = "ok"  # done on time
PENDING = "pending"  # not done, not due soon
WARNING = "warning"  # not done, due soon (or inside the 45/35-day window for contracts)
LATE = "late"  # done, but after the deadline
OVERDUE = "overdue"  # not done and the deadline has passed

STATUS_LABELS = {
    OK: _("on time"),
    PENDING: _("pending"),
    WARNING: _("due soon"),
    LATE: _("done late"),
    OVERDUE: _("overdue"),
}
STATUS_COLOURS = {OK: "success", PENDING: "secondary", WARNING: "warning", LATE: "danger", OVERDUE: "danger"}
RED = {LATE, OVERDUE}


def months_before(day: dt.date, months: int = 1) -> dt.date:
    """The same day `months` calendar months earlier, clamped to the end of a shorter month."""
    month_index = day.year * 12 + (day.month - 1) - months
    year, month = divmod(month_index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def contract_deadline(starts_on: dt.date) -> dt.date:
    """The last day on which the contract may be signed (R-040)."""
    return months_before(starts_on, 1)


def package_deadline(starts_on: dt.date) -> dt.date:
    """The last day to send the company its package (R-025)."""
    return months_before(starts_on, 1)


def referral_deadline(starts_on: dt.date) -> dt.date:
    """The last day to issue the referrals (R-026)."""
    return starts_on - dt.timedelta(days=REFERRAL_DAYS)


def contract_warning_level(starts_on: dt.date, today: dt.date) -> int | None:
    """45 or 35 while the contract warnings apply (T−45 ≤ today, T−35 ≤ today), else None."""
    days_left = (starts_on - today).days
    if days_left <= WARN_SECOND_DAYS:
        return WARN_SECOND_DAYS
    if days_left <= WARN_FIRST_DAYS:
        return WARN_FIRST_DAYS
    return None


def order_blocked_by_date(starts_on: dt.date, today: dt.date) -> bool:
    """From the contract deadline on, bases without a timely contract block the order submission."""
    return today >= contract_deadline(starts_on)


def contract_on_time(
    signed_on: dt.date | None, valid_from: dt.date, valid_until: dt.date, starts_on: dt.date, ends_on: dt.date
) -> bool:
    """Signed on or before the deadline and in force for the whole practice."""
    return (
        signed_on is not None
        and signed_on <= contract_deadline(starts_on)
        and valid_from <= starts_on
        and valid_until >= ends_on
    )


def item_status(due: dt.date, done_on: dt.date | None, today: dt.date, *, warn_from: dt.date | None = None) -> str:
    """OK/LATE when done; else OVERDUE after `due`, WARNING from `warn_from` (default: 7 days before), PENDING."""
    if done_on is not None:
        return OK if done_on <= due else LATE
    if today > due:
        return OVERDUE
    if today >= (warn_from if warn_from is not None else due - dt.timedelta(days=7)):
        return WARNING
    return PENDING


@dataclass
class Item:
    """One deadline of one practice for one base or one student."""

    kind: str  # contract / package / referral / report
    subject: Any  # the base (contract, package) or the placement (referral, report)
    due: dt.date
    done_on: dt.date | None
    status: str
    note: str = ""

    @property
    def label(self) -> str:
        return str(ITEM_LABELS[self.kind])

    @property
    def status_label(self) -> str:
        return str(STATUS_LABELS[self.status])

    @property
    def colour(self) -> str:
        return STATUS_COLOURS[self.status]

    @property
    def is_red(self) -> bool:
        return self.status in RED


ITEM_LABELS = {
    "contract": _("contract signed one month before the start"),
    "package": _("package sent to the company one month before the start"),
    "referral": _("referral issued one week before the start"),
    "report": _("report submitted on time"),
}


@dataclass
class ContractFact:
    signed_on: dt.date | None
    valid_from: dt.date
    valid_until: dt.date


@dataclass
class Compliance:
    items: list[Item] = field(default_factory=list)
    warning_level: int | None = None  # 45/35 while a base still lacks a timely contract

    def by_kind(self, kind: str) -> list[Item]:
        return [i for i in self.items if i.kind == kind]

    def counts(self, kind: str) -> dict[str, int]:
        found = self.by_kind(kind)
        return {
            "total": len(found),
            "ok": sum(1 for i in found if i.status == OK),
            "red": sum(1 for i in found if i.is_red),
            "warning": sum(1 for i in found if i.status == WARNING),
        }

    @property
    def red(self) -> int:
        return sum(1 for i in self.items if i.is_red)


def contract_item(
    base: Any, contracts: Iterable[ContractFact], starts_on: dt.date, ends_on: dt.date, today: dt.date
) -> Item:
    """The contract deadline of one base: the earliest signing among contracts covering the practice."""
    deadline = contract_deadline(starts_on)
    covering = [
        c for c in contracts if c.signed_on is not None and c.valid_from <= starts_on and c.valid_until >= ends_on
    ]
    signed = min((c.signed_on for c in covering if c.signed_on is not None), default=None)
    warn_from = starts_on - dt.timedelta(days=WARN_FIRST_DAYS)
    status = item_status(deadline, signed, today, warn_from=warn_from)
    note = ""
    if signed is None and status in (WARNING, OVERDUE):
        level = contract_warning_level(starts_on, today)
        if level:
            note = str(_("{days} days or fewer before the start").format(days=level))
    return Item("contract", base, deadline, signed, status, note)


def practice_compliance(
    *,
    starts_on: dt.date,
    ends_on: dt.date,
    reports_due: dt.date,
    today: dt.date,
    bases: Iterable[Any],
    contracts_by_base: dict[Any, list[ContractFact]],
    package_sent_by_base: dict[Any, dt.date | None],
    placements: Iterable[Any],
) -> Compliance:
    """Every deadline of one practice. `bases` are those receiving students; `placements` have
    `referral_issued_on` and `report_submitted_on` (non-cancelled placements only)."""
    result = Compliance()
    missing_contract = False
    for base in bases:
        item = contract_item(base, contracts_by_base.get(getattr(base, "pk", base), []), starts_on, ends_on, today)
        result.items.append(item)
        missing_contract = missing_contract or item.done_on is None or item.status == LATE
        sent = package_sent_by_base.get(getattr(base, "pk", base))
        result.items.append(Item("package", base, package_deadline(starts_on), sent,
                                 item_status(package_deadline(starts_on), sent, today)))  # fmt: skip
    for placement in placements:
        due = referral_deadline(starts_on)
        result.items.append(
            Item("referral", placement, due, placement.referral_issued_on,
                 item_status(due, placement.referral_issued_on, today))
        )  # fmt: skip
        if today >= starts_on:
            result.items.append(
                Item("report", placement, reports_due, placement.report_submitted_on,
                     item_status(reports_due, placement.report_submitted_on, today,
                                 warn_from=ends_on))
            )  # fmt: skip
    if missing_contract and today < starts_on:
        result.warning_level = contract_warning_level(starts_on, today)
    return result
