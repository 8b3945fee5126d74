"""Mass actions a person confirms for an exact number of recipients (invitations, e-mails to an audience).

The page shows the count and posts it back with the confirmation (common.views.ScopedActionView's
`confirm_count`); the service calls `require_confirmed_count` inside its transaction, so a confirmation
given for another audience (it changed in between, or the form was posted twice) is refused and asked again.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def require_confirmed_count(count: int, confirmed_count: int | None, *, acting_user: Any) -> None:
    """Refuse the action unless a person confirmed exactly `count` recipients.

    Commands and tasks (no acting user) act for the institution without asking.
    """
    if acting_user is None or confirmed_count == count:
        return
    if confirmed_count is None:
        raise ValidationError(_("Confirm the number of recipients first: {n}.").format(n=count), code="unconfirmed")
    raise ValidationError(
        _("The number of recipients has changed from {confirmed} to {n}: look at it again and confirm.").format(
            confirmed=confirmed_count, n=count
        ),
        code="stale_confirmation",
    )


def posted_count(data: Any) -> int | None:
    """The count a confirmation form posted back (`count`), or None when it posted none (or not a number)."""
    value = str(data.get("count") or "").strip()
    return int(value) if value.isdigit() else None


__all__ = ["posted_count", "require_confirmed_count"]
