"""Who made a change, for the audit trail (django-simple-history).

simple-history records the user of a save from `obj._history_user` (before its middleware's request
user): services set it from their `acting_user`, so a change made by the API, a command on someone's
behalf or a page is attributed alike. Nobody (None) or an anonymous visitor (a signed link) is recorded
as no user, never as AnonymousUser, which the history table's foreign key cannot hold.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model

M = TypeVar("M", bound=Model)


def attributed(obj: M, acting_user: Any, *, reason: str | None = None) -> M:
    """The object, with its next history row attributed to `acting_user` (and `reason` as the change reason).

    Returns the object so a save reads `attributed(obj, acting_user).save()`.
    """
    obj._history_user = acting_user if getattr(acting_user, "is_authenticated", False) else None  # type: ignore[attr-defined]
    if reason is not None:
        obj._change_reason = reason  # type: ignore[attr-defined]
    return obj


__all__ = ["attributed"]
