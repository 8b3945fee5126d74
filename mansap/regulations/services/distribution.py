"""The distribution log (issue #17, R-147; 004 §11.1): the quality department keeps the original and issues
registered working copies (copy No., recipient unit, date); a copy is withdrawn (date, by whom) when the
document is revised or cancelled. A copy is issued of the version in force (recorded with it)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from mansap.common.history import attributed
from mansap.core.access import is_regulation_editor, require_change
from mansap.regulations.choices import LIVE
from mansap.regulations.models import Document, WorkingCopy

if TYPE_CHECKING:
    from mansap.core.access import MaybeUser


def _require_editor(acting_user: MaybeUser) -> None:
    if acting_user is not None and not is_regulation_editor(acting_user):
        raise PermissionDenied


@transaction.atomic
def issue_copy(
    document: Document,
    *,
    acting_user: MaybeUser,
    issued_on: dt.date,
    department: Any = None,
    recipient_name: str = "",
    number: int | None = None,
) -> WorkingCopy:
    """Register a working copy of the version in force sent to a unit (a department, or a unit named as text)."""
    _require_editor(acting_user)
    require_change(acting_user, document)
    Document.objects.select_for_update().filter(pk=document.pk).first()
    if bool(department) == bool(recipient_name.strip()):
        raise ValidationError({"department": _("Choose the recipient department or name the recipient unit.")})
    if department is not None and department.faculty.institution_id != document.institution_id:
        raise ValidationError({"department": _("The department is not of the document's university.")})
    version = document.versions.filter(status__in=LIVE).first()
    if version is None:
        raise ValidationError(_("Only a document in force is distributed."))
    if number is None:
        number = int(WorkingCopy.objects.filter(document=document).aggregate(n=Max("number"))["n"] or 0) + 1
    copy = WorkingCopy(
        document=document, version=version, number=number, department=department,
        recipient_name=recipient_name.strip(), issued_on=issued_on,
    )  # fmt: skip
    copy.full_clean()
    attributed(copy, acting_user, reason="issued").save()
    return copy


@transaction.atomic
def withdraw_copy(copy: WorkingCopy, *, acting_user: MaybeUser, on: dt.date) -> WorkingCopy:
    """The copy came back (or was destroyed) on `on`."""
    _require_editor(acting_user)
    require_change(acting_user, copy)
    if copy.withdrawn_on is not None:
        raise ValidationError(
            _("Copy No. {number} was withdrawn on {date}.").format(
                number=copy.number, date=f"{copy.withdrawn_on:%d.%m.%Y}"
            )
        )
    if on < copy.issued_on:
        raise ValidationError({"withdrawn_on": _("A copy is withdrawn on or after the day it was issued.")})
    copy.withdrawn_on = on
    if acting_user is not None and acting_user.is_authenticated:
        copy.withdrawn_by_id = acting_user.pk
    attributed(copy, acting_user, reason="withdrawn").save()
    return copy
