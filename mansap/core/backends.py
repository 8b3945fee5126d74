"""The logged-in user of every request, with its memberships, read from the cache instead of the database (#19).

Every page asked the database, before its view ran, for the session, the user and the user's memberships
(core.access.user_memberships). The session comes from the cache with SESSION_ENGINE cached_db; the user and
its memberships from here, when MANSAP_USER_CACHE is on (settings: only where the default cache is one that every
process shares, Redis, since a change made by one process must reach all the others on their next request).

Never a stale role: the entry is stored under a version of its user, and every change to the user (its password,
is_active, superuser status, anything saved) or to one of its memberships (granted, changed, moved to another
user, removed, or removed in a cascade) replaces that version, at once and again when the transaction commits.
An entry written by a request that read the database before the commit is left under the old version, never read
again. A version that was evicted is replaced by a new random one, so an older entry cannot come back either.
Django's own checks stay where they are: a deactivated user is refused (user_can_authenticate), and a session
whose password hash no longer matches ends (django.contrib.auth.get_user), both on the very next request.

The entry holds the fields' values, not the objects: each request builds its own User and Membership objects, so
nothing a request caches on them (permissions, the employer contact's organisation) outlives the request.
Changes that send no signal (QuerySet.update, bulk_create/bulk_update, raw SQL) on users or memberships must call
`forget_user(user_id)`; nothing in the code base changes them that way today.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.conf import settings
from django.contrib.auth import backends
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_init, post_save
from django.dispatch import receiver

from mansap.core.access import remember_memberships
from mansap.core.models import Membership, User

ENTRY_TIMEOUT = 3600  # seconds an entry is kept once written (a version is replaced on every change anyway)
VERSION_TIMEOUT = 24 * 3600
_USER_FIELDS = tuple(f.attname for f in User._meta.concrete_fields)
_MEMBERSHIP_FIELDS = tuple(f.attname for f in Membership._meta.concrete_fields)
# A release that adds or removes a field never reads what the previous release wrote.
_SCHEMA = hashlib.sha256(repr((_USER_FIELDS, _MEMBERSHIP_FIELDS)).encode()).hexdigest()[:12]
_LOADED_USER_ID = "_mansap_loaded_user_id"


def is_enabled() -> bool:
    return bool(getattr(settings, "MANSAP_USER_CACHE", False))


def _version_key(user_id: Any) -> str:
    return f"session-user-version:{user_id}"


def _version(user_id: Any) -> str:
    key = _version_key(user_id)
    version = cache.get(key)
    if version is None:
        cache.add(key, secrets.token_hex(8), VERSION_TIMEOUT)  # add: a concurrent change's new version wins
        version = cache.get(key)
    return str(version)


def forget_user(user_id: Any) -> None:
    """Every cached copy of this user and its memberships is stale: now, and again once the transaction commits."""
    if user_id is None or not is_enabled():
        return

    def bump() -> None:
        cache.set(_version_key(user_id), secrets.token_hex(8), VERSION_TIMEOUT)

    bump()
    transaction.on_commit(bump)


def cached_user(user_id: Any) -> User | None:
    """The user with this id, its memberships already attached (core.access.user_memberships asks no query)."""
    version = _version(user_id)  # read before the database: a change committed after this replaces it
    key = f"session-user:{_SCHEMA}:{user_id}:{version}"
    entry = cache.get(key)
    db = User._default_manager.db
    if entry is not None:
        user_values, membership_rows = entry
        user = User.from_db(db, _USER_FIELDS, user_values)
        memberships = [Membership.from_db(db, _MEMBERSHIP_FIELDS, row) for row in membership_rows]
    else:
        try:
            user = User._default_manager.get(pk=user_id)
        except User.DoesNotExist:
            return None
        memberships = list(user.memberships.all())
        entry = (
            tuple(getattr(user, name) for name in _USER_FIELDS),
            [tuple(getattr(m, name) for name in _MEMBERSHIP_FIELDS) for m in memberships],
        )
        cache.set(key, entry, ENTRY_TIMEOUT)
    remember_memberships(user, memberships)
    return user


class ModelBackend(backends.ModelBackend):
    """Django's ModelBackend, whose get_user (the user of a session, on every request) reads `cached_user`."""

    def get_user(self, user_id: Any) -> Any:
        if not is_enabled():
            return super().get_user(user_id)
        user = cached_user(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


@receiver(post_save, sender=User, dispatch_uid="mansap.core.backends.user_saved")
@receiver(post_delete, sender=User, dispatch_uid="mansap.core.backends.user_deleted")
def _user_changed(sender: Any, instance: User, **kwargs: Any) -> None:
    forget_user(instance.pk)


@receiver(post_init, sender=Membership, dispatch_uid="mansap.core.backends.membership_loaded")
def _membership_loaded(sender: Any, instance: Membership, **kwargs: Any) -> None:
    setattr(instance, _LOADED_USER_ID, instance.user_id)  # a membership moved to another user: both change


@receiver(post_save, sender=Membership, dispatch_uid="mansap.core.backends.membership_saved")
@receiver(post_delete, sender=Membership, dispatch_uid="mansap.core.backends.membership_deleted")
def _membership_changed(sender: Any, instance: Membership, **kwargs: Any) -> None:
    forget_user(instance.user_id)
    loaded = getattr(instance, _LOADED_USER_ID, None)
    if loaded != instance.user_id:
        forget_user(loaded)
