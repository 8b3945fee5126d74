"""The rules of contingent orders (issue #15): draft, items, sign, enter in Platonus, cancel.

Every function is the one place its change happens (views, the API, commands and tests call it), runs in one
transaction, takes the acting user keyword-only and writes history attributed to them. Only the Student Service
Center acts (core.access.is_contingent_editor; `acting_user=None` is a command acting for the institution).

Signing checks every item against its student's state on the item's effective date (services.states): an order
that contradicts it (expelling an expelled student, a leave for a graduate, a return without a leave) is refused
with a message naming each student, and nothing changes. A signed order changes the students' periods at once
and their current fields for items effective today or earlier (later ones on their day: tasks.apply_due_orders).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import is_contingent_editor, require_change
from mansap.studentbody.choices import OrderStatus
from mansap.studentbody.models import Order, OrderItem
from mansap.studentbody.services import states

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser
    from mansap.core.models import Institution, Student

ORDER_FIELDS = ("number", "date", "type", "signatory", "note")
ITEM_FIELDS = (
    "effective_date", "ground", "program", "study_form", "study_language", "funding", "year_of_study",
    "leave_end_date", "new_last_name", "new_first_name", "new_middle_name",
)  # fmt: skip


def _require_editor(acting_user: MaybeUser) -> None:
    if acting_user is not None and not is_contingent_editor(acting_user):
        raise PermissionDenied


def _require_draft(order: Order) -> None:
    if not order.is_draft:
        raise ValidationError(_("Only a draft order can be changed; this one is {status}.").format(
            status=order.get_status_display()))  # fmt: skip


@transaction.atomic
def create_order(*, institution: Institution, acting_user: MaybeUser, **values: Any) -> Order:
    """A new draft order."""
    _require_editor(acting_user)
    order = Order(institution=institution, status=OrderStatus.DRAFT)
    for name in ORDER_FIELDS:
        if name in values:
            setattr(order, name, values[name])
    order.full_clean()
    attributed(order, acting_user, reason="drafted").save()
    return order


@transaction.atomic
def update_order(order: Order, *, acting_user: MaybeUser, **values: Any) -> Order:
    _require_editor(acting_user)
    require_change(acting_user, order)
    order = Order.objects.select_for_update().get(pk=order.pk)
    _require_draft(order)
    if "type" in values and values["type"] != order.type and order.items.exists():
        raise ValidationError({"type": _("The order already has items: remove them before changing its type.")})
    for name in ORDER_FIELDS:
        if name in values:
            setattr(order, name, values[name])
    order.full_clean()
    attributed(order, acting_user).save()
    return order


@transaction.atomic
def add_item(order: Order, *, student: Student, acting_user: MaybeUser, **values: Any) -> OrderItem:
    """One student's item of a draft order: checked at once against the student's state (the same check as
    signing), so a draft never holds an item that could not be signed as things stand."""
    _require_editor(acting_user)
    require_change(acting_user, order)
    order = Order.objects.select_for_update().get(pk=order.pk)
    _require_draft(order)
    if student.institution_id != order.institution_id:
        raise ValidationError({"student": _("The student is not of the order's university.")})
    if order.items.filter(student=student).exists():
        raise ValidationError({"student": _("The student is already in this order.")})
    item = OrderItem(order=order, student=student)
    for name in ITEM_FIELDS:
        if name in values:
            setattr(item, name, values[name])
    item.full_clean()
    states.check(student, [item])
    attributed(item, acting_user, reason="drafted").save()
    return item


@transaction.atomic
def remove_item(item: OrderItem, *, acting_user: MaybeUser) -> None:
    _require_editor(acting_user)
    _require_draft(item.order)
    attributed(item, acting_user).delete()


def _conflicts(order: Order, items: list[OrderItem]) -> dict[int, list[states.Period]]:
    """Each student's periods with the order in force, or one ValidationError naming every student in conflict."""
    periods: dict[int, list[states.Period]] = {}
    errors: list[str] = []
    for item in items:
        item.order = order
        try:
            item.full_clean()
            periods[item.student_id] = states.check(item.student, [item])
        except ValidationError as exc:
            errors.extend(f"{item.student.full_name}: {m}" if not isinstance(exc, states.StateConflict) else m
                          for m in exc.messages)  # fmt: skip
    if errors:
        raise ValidationError(errors, code="state_conflict")
    return periods


@transaction.atomic
def sign_order(order: Order, *, acting_user: MaybeUser) -> Order:
    """Record the signature: the draft becomes an order in force and its students' states change."""
    _require_editor(acting_user)
    require_change(acting_user, order)
    order = Order.objects.select_for_update().get(pk=order.pk)
    _require_draft(order)
    items = list(order.items.select_related("student", "order"))
    if not items:
        raise ValidationError(_("An order without students cannot be signed: add an item first."))
    if not order.signatory.strip():
        raise ValidationError({"signatory": _("Name who signs the order before recording the signature.")})
    periods = _conflicts(order, items)
    order.status = OrderStatus.SIGNED
    order.signed_at = timezone.now()
    order.signed_by = acting_user if getattr(acting_user, "is_authenticated", False) else None  # type: ignore[assignment]
    attributed(order, acting_user, reason="signed").save()
    for item in items:
        states.rebuild(item.student, acting_user=acting_user, periods=periods[item.student_id])
    return order


@transaction.atomic
def mark_entered(order: Order, *, acting_user: MaybeUser) -> Order:
    """Record that the SSC entered the signed order in AIS Platonus (who and when)."""
    _require_editor(acting_user)
    require_change(acting_user, order)
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.status != OrderStatus.SIGNED:
        raise ValidationError(_("Only a signed order is entered in Platonus; this one is {status}.").format(
            status=order.get_status_display()))  # fmt: skip
    order.status = OrderStatus.ENTERED
    order.entered_at = timezone.now()
    order.entered_by = acting_user if getattr(acting_user, "is_authenticated", False) else None  # type: ignore[assignment]
    attributed(order, acting_user, reason="entered in Platonus").save()
    return order


@transaction.atomic
def cancel_order(order: Order, *, acting_user: MaybeUser) -> Order:
    """Cancel a draft (a signed order is revoked only by another order)."""
    _require_editor(acting_user)
    require_change(acting_user, order)
    order = Order.objects.select_for_update().get(pk=order.pk)
    _require_draft(order)
    order.status = OrderStatus.CANCELLED
    attributed(order, acting_user, reason="cancelled").save()
    return order
