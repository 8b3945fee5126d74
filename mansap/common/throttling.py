"""Attempt counters in a cache every process shares: failed logins, public survey answers per address, API rates.

The counters live in the cache alias "throttle" (settings.cache_settings), so that every worker process
sees the same counts: in Redis when REDIS_URL is set (every server of a deployment shares it), else in
files under var/throttle that the processes of one machine share. Never in the database: the API's
rates are counted on every request, and an API read must not write (it did while this was a
DatabaseCache: a row and, on SQLite, the database's write lock on every GET). Under pytest that alias
is a DummyCache (nothing is ever counted) and the tests that exercise throttling switch it to a
local-memory or file cache.

Failed logins are counted per pair (username, client IP address) and per address in a fixed window
(MANSAP_LOGIN_WINDOW_MINUTES); reaching the limit (MANSAP_LOGIN_MAX_FAILURES per pair,
MANSAP_LOGIN_MAX_FAILURES_PER_IP per address) locks further attempts, right or wrong, for
MANSAP_LOGIN_LOCKOUT_MINUTES. Counting by the pair, as django-axes does, means five wrong passwords
typed for `cc` lock `cc` out of that address only: anyone could otherwise lock the Career Center or
the rector out for good, from anywhere. (django-axes itself has one failure limit for every
parameter, where a campus network needs a higher one per address than per pair, and it would keep
its own attempt tables beside the shared cache every worker already reads.) A login attempt with
no request (a script calling authenticate()) is counted by its username alone. Unknown usernames are
counted and locked exactly like real ones, so the lock tells nothing about which accounts exist. A
successful login clears its pair's count (not the address's: one valid account must not reset the
counter of an address guessing others).
"""

from __future__ import annotations

import hashlib
import math
import time
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model, load_backend
from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import BaseCache, caches
from django.core.exceptions import PermissionDenied
from django.dispatch import receiver
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle, UserRateThrottle

CACHE_ALIAS = "throttle"
# Set on the request when a login was refused because of a lock: minutes until it ends.
LOCKOUT_ATTRIBUTE = "mansap_login_lockout"


def throttle_cache() -> BaseCache:
    return caches[CACHE_ALIAS]


def _key(*parts: str) -> str:
    """A short cache key (any backend accepts it) that does not store the username in clear."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:40]
    return f"mansap:{parts[0]}:{digest}"


class AttemptLimiter:
    """Counts failures per key in a fixed window; `limit` failures lock the key for `lockout` seconds."""

    def __init__(self, name: str, *, limit: int, window: int, lockout: int) -> None:
        self.name, self.limit, self.window, self.lockout = name, limit, window, lockout

    def _keys(self, key: str) -> tuple[str, str]:
        return _key(self.name, "count", key), _key(self.name, "lock", key)

    def locked_seconds(self, keys: Iterable[str]) -> int:
        """Seconds until the longest lock among the keys ends (0 when none is locked)."""
        cache, now, longest = throttle_cache(), time.time(), 0.0
        for key in keys:
            until = cache.get(self._keys(key)[1])
            if until:
                longest = max(longest, float(until) - now)
        return max(0, math.ceil(longest))

    def fail(self, key: str, limit: int | None = None) -> bool:
        """Count one failure; True when it reaches the limit (the key is now locked)."""
        cache = throttle_cache()
        count_key, lock_key = self._keys(key)
        cache.add(count_key, 0, self.window)
        try:
            count = cache.incr(count_key)
        except ValueError:  # expired between add() and incr(), or a cache that keeps nothing
            cache.set(count_key, 1, self.window)
            count = 1
        if count >= (limit or self.limit):
            cache.set(lock_key, time.time() + self.lockout, self.lockout)
            cache.delete(count_key)
            return True
        return False

    def failures(self, key: str) -> int:
        """Failures counted in the current window (0 once locked: the lock replaces the count)."""
        return int(throttle_cache().get(self._keys(key)[0]) or 0)

    def reset(self, key: str) -> None:
        throttle_cache().delete_many(list(self._keys(key)))


def minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def client_ip(request: Any) -> str:
    """The client's address: REMOTE_ADDR, or the address MANSAP_TRUSTED_PROXIES proxies in front of us saw.

    X-Forwarded-For is only read when proxies are declared: otherwise a client could write any
    address there and escape the per-address limit.
    """
    meta = getattr(request, "META", {})
    proxies = int(getattr(settings, "MANSAP_TRUSTED_PROXIES", 0))
    if proxies > 0:
        forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return str(meta.get("REMOTE_ADDR", "") or "unknown")


# ---- Failed logins ---------------------------------------------------------------------------------------------
def login_limiter() -> AttemptLimiter:
    return AttemptLimiter(
        "login",
        limit=int(getattr(settings, "MANSAP_LOGIN_MAX_FAILURES", 5)),
        window=int(getattr(settings, "MANSAP_LOGIN_WINDOW_MINUTES", 15)) * 60,
        lockout=int(getattr(settings, "MANSAP_LOGIN_LOCKOUT_MINUTES", 15)) * 60,
    )


# ---- Public forms that look people up (claiming a student login) ----------------------------------------------
def claim_limiter() -> AttemptLimiter:
    """Every attempt to claim a student login counts, found or not (the page says the same either way): an
    address that tries MANSAP_CLAIM_MAX_ATTEMPTS times in an hour waits an hour, so IINs cannot be tried in bulk."""
    return AttemptLimiter(
        "claim",
        limit=int(getattr(settings, "MANSAP_CLAIM_MAX_ATTEMPTS", 5)),
        window=3600,
        lockout=3600,
    )


def _pair_key(request: Any, username: Any) -> str:
    """The (username, address) pair a password guess is counted for; the username alone without a request."""
    name = "user:" + str(username or "").strip().casefold()
    return name if request is None else f"{name}|ip:{client_ip(request)}"


def _login_keys(request: Any, username: Any) -> list[str]:
    keys = [_pair_key(request, username)]
    if request is not None:
        keys.append("ip:" + client_ip(request))
    return keys


def _mark_locked(request: Any, seconds: int) -> None:
    if request is not None:
        setattr(request, LOCKOUT_ATTRIBUTE, minutes(seconds))
        inner = getattr(request, "_request", None)  # a DRF Request wraps Django's
        if inner is not None:
            setattr(inner, LOCKOUT_ATTRIBUTE, minutes(seconds))


def _username_from(credentials: dict[str, Any]) -> Any:
    return credentials.get(get_user_model().USERNAME_FIELD, credentials.get("username"))


class LoginThrottleBackend(BaseBackend):
    """First in AUTHENTICATION_BACKENDS: refuses every login attempt while its username or address is locked.

    Raising PermissionDenied stops django.contrib.auth.authenticate() before the password is even
    checked, for the login page, the admin's and any other caller alike.
    """

    def authenticate(self, request: Any, username: Any = None, password: Any = None, **kwargs: Any) -> None:
        if username is None:
            username = kwargs.get(get_user_model().USERNAME_FIELD)
        seconds = login_limiter().locked_seconds(_login_keys(request, username))
        if seconds:
            _mark_locked(request, seconds)
            raise PermissionDenied
        return None

    def get_user(self, user_id: Any) -> Any:
        # Being first in the list, this is the backend the test client's force_login() records: the user is the
        # one the next backend of the list finds (core's ModelBackend, which reads it from the cache).
        for path in settings.AUTHENTICATION_BACKENDS:
            backend = load_backend(path)
            if not isinstance(backend, LoginThrottleBackend) and hasattr(backend, "get_user"):
                return backend.get_user(user_id)
        return ModelBackend().get_user(user_id)


@receiver(user_login_failed, dispatch_uid="mansap.common.throttling.login_failed")
def count_failed_login(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    if request is not None and getattr(request, LOCKOUT_ATTRIBUTE, None):
        return  # refused by the lock, not a new guess
    limiter = login_limiter()
    locked = limiter.fail(_pair_key(request, _username_from(credentials)))
    if request is not None:
        ip_limit = int(getattr(settings, "MANSAP_LOGIN_MAX_FAILURES_PER_IP", 20))
        locked = limiter.fail("ip:" + client_ip(request), limit=ip_limit) or locked
    if locked:
        _mark_locked(request, limiter.lockout)


@receiver(user_logged_in, dispatch_uid="mansap.common.throttling.logged_in")
def reset_failed_logins(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    if user is not None:
        login_limiter().reset(_pair_key(request, user.get_username()))


# ---- API rates (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], from MANSAP_API_RATE_ANON/USER) ---------------------
class SharedCacheThrottle(SimpleRateThrottle):
    """DRF's throttles, counting in the shared "throttle" cache and reading the rates when asked."""

    def __init__(self) -> None:
        self.cache = throttle_cache()
        super().__init__()

    def get_rate(self) -> str | None:
        rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope or "")
        return str(rate) if rate else None


class AnonThrottle(SharedCacheThrottle, AnonRateThrottle):
    pass


class UserThrottle(SharedCacheThrottle, UserRateThrottle):
    pass
