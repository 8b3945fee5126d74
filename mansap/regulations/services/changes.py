"""The change registration sheet (issue #17, R-146, R-147): the quality department records each change made to a
document: change No. (by default the next one), notice No., the sheets changed / replaced / new / annulled, the
total sheets, the date and who made it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import is_regulation_editor, require_change
from mansap.regulations.models import ChangeRecord, Document

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser

CHANGE_FIELDS = (
    "number", "notice_number", "sheets_changed", "sheets_replaced", "sheets_new", "sheets_annulled", "total_sheets",
    "made_on", "made_by_name",
)  # fmt: skip


def next_change_number(document: Document) -> int:
    return int(ChangeRecord.objects.filter(document=document).aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def record_change(document: Document, *, acting_user: MaybeUser, **values: Any) -> ChangeRecord:
    """A line of the document's change registration sheet."""
    if acting_user is not None and not is_regulation_editor(acting_user):
        raise PermissionDenied
    require_change(acting_user, document)
    Document.objects.select_for_update().filter(pk=document.pk).first()  # two editors: the numbers stay apart
    change = ChangeRecord(document=document)
    for name in CHANGE_FIELDS:
        if values.get(name) is not None:
            setattr(change, name, values[name])
    if not change.number:
        change.number = next_change_number(document)
    if not any((change.sheets_changed, change.sheets_replaced, change.sheets_new, change.sheets_annulled)):
        raise ValidationError(
            {"sheets_changed": _("Name the sheets the change concerns (changed, replaced, new or annulled).")}
        )
    if acting_user is not None and acting_user.is_authenticated:
        change.made_by_id = acting_user.pk
    change.full_clean()
    attributed(change, acting_user, reason="change registered").save()
    return change
