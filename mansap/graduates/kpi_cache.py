"""The employment figures' cache: per selection and as-of date, invalidated per cohort when its data changes.

reports/analytics.py keeps what it computed (compute_kpis, analyse, cohort_trend; the analytics page's fragments:
analyse_breakdown, round_trend, each its own kind) in Django's default
cache under a key made of the selection's SQL (scope and filters included), the as-of date and the
versions of the cohorts (graduation years) the selection spans. A version is a token per cohort that every
write of an employment record or a graduate bumps (`bump`): the services through the models' post_save /
post_delete signals (apps.py), the bulk paths that bypass signals by calling `bump` or `bump_all` themselves
(the employment import, the demo, the student import and graduation orders through
core.signals.students_written). The verified figures (reports/verification.verified_kpis, kind "verified")
also depend on the official extracts and the consents: the services that store or delete an extract, record a
consent or accept official evidence bump every cohort (`bump_all_on_commit`). A bumped version makes the next
read compute again, at once.

The cache is only used when it is shared by every process (`MANSAP_KPI_CACHE`: None, the default, means
"when the default cache is not per process": Redis or Memcached in production, not LocMemCache or
DummyCache): a version bumped by one worker must be seen by the others. Entries also expire after
`MANSAP_KPI_CACHE_TIMEOUT` seconds (default one hour), a bound on any write path missed.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import transaction
from django.db.models import QuerySet

T = TypeVar("T")

PREFIX = "mansap:kpis"
ALL = "all"  # a version every key includes: bumped when the cohorts a write touched are not known
PER_PROCESS = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


def enabled() -> bool:
    setting = getattr(settings, "MANSAP_KPI_CACHE", None)
    if setting is not None:
        return bool(setting)
    default: Any = settings.CACHES.get("default", {})
    return default.get("BACKEND") not in PER_PROCESS


def _version_key(cohort: int | str) -> str:
    return f"{PREFIX}:v:{cohort}"


def bump(cohorts: Iterable[int | None]) -> None:
    """The figures of these cohorts (graduation years) changed: forget what was cached about them."""
    years = {year for year in cohorts if year is not None}
    if years and enabled():
        cache.set_many({_version_key(year): uuid.uuid4().hex for year in years}, None)


def bump_all() -> None:
    """Data of unknown cohorts changed (a bulk write): forget every cached figure."""
    if enabled():
        cache.set(_version_key(ALL), uuid.uuid4().hex, None)


def bump_all_on_commit() -> None:
    """Data of every cohort's verified figures changed (an extract, a consent): forget every cached figure now,
    and again once the transaction commits, so that a request computing meanwhile from the data as it was
    before the commit does not leave those figures cached under the new version."""
    if enabled():
        bump_all()
        transaction.on_commit(bump_all)


def get_or_compute(
    kind: str, graduates: QuerySet[Any], parameters: Any, cohorts: Iterable[int], compute: Callable[[], T]
) -> T:
    """The cached result for the selection, its parameters and the current versions of its cohorts, or compute()."""
    if not enabled():
        return compute()
    try:
        sql, params = graduates.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return compute()
    names = [_version_key(ALL), *(_version_key(year) for year in sorted(set(cohorts)))]
    versions = cache.get_many(names)
    missing = {name: uuid.uuid4().hex for name in names if name not in versions}
    if missing:
        cache.set_many(missing, None)
        versions.update(missing)
    fingerprint = repr((kind, graduates.db, sql, params, parameters, [versions[name] for name in names]))
    key = f"{PREFIX}:{kind}:{hashlib.sha256(fingerprint.encode()).hexdigest()}"
    found = cache.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return,unused-ignore]
    result = compute()
    cache.set(key, result, getattr(settings, "MANSAP_KPI_CACHE_TIMEOUT", 3600))
    return result
