"""Builders of the studentbody app's rows for tests: an order signed through the services."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

from mansap.core.models import Institution, Student
from mansap.studentbody.models import Order
from mansap.studentbody.services import orders

_numbers = itertools.count(1)


def draft(institution: Institution, type: str, *, date: dt.date | None = None, **fields: Any) -> Order:
    fields.setdefault("signatory", "Ректор Ә. Әбенов")
    return orders.create_order(
        institution=institution, acting_user=None, number=fields.pop("number", f"{next(_numbers)}-С"),
        date=date or dt.date(2026, 9, 1), type=type, **fields,
    )  # fmt: skip


def signed(student: Student, type: str, effective: dt.date, **item: Any) -> Order:
    """An order of one item, signed (its date is the effective date)."""
    order = draft(student.institution, type, date=effective)
    orders.add_item(order, student=student, acting_user=None, effective_date=effective, **item)
    return orders.sign_order(order, acting_user=None)
