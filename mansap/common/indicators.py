"""Indicators: the contract between an app that owns data and the KPIs of the quality app (#13).

A computed KPI is measured by a named *indicator* that lives in the app owning the data (employment in
graduates, partnerships in employers, surveys, practice; later the service desk, academics, regulations).
The app declares it in its `indicators.py` module, which `CommonConfig.ready` imports (autodiscovery):

    @register
    class EmployedBySpecialty(Indicator):
        code = "graduates.employed_by_specialty"
        title = _("Share of employed graduates (by specialty)")
        unit = Unit.SHARE
        breakdowns = ("faculty", "department", "program")

        def measure(self, institution, period, breakdown=WHOLE):
            ...
            return Measurement(value=Decimal("0.75"), numerator=30, denominator=40, rows=graduates_qs)

The quality app stores only the indicator's `code` on a KPI definition; it never imports the owning app's
internals, and an app can add indicators without touching quality. `measure` must not write, and answers for
the period (and the breakdown, when the indicator supports it) with the records behind the figure in `rows`
(a queryset or a list) so that a drill-down can list them.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ClassVar

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class PeriodKind(models.TextChoices):
    ACADEMIC_YEAR = "academic_year", _("academic year")
    CALENDAR_YEAR = "calendar_year", _("calendar year")
    MONTH = "month", _("month")


class Unit(models.TextChoices):
    SHARE = "share", _("share")
    COUNT = "count", _("count")
    TENGE = "tenge", _("tenge")
    SCORE = "score", _("score")
    DAYS = "days", _("days")
    HOURS = "hours", _("hours")


# An academic year runs from 1 September to 31 August unless a provider reads the institution's calendar.
ACADEMIC_YEAR_START_MONTH = 9

_ACADEMIC = re.compile(r"^(\d{4})\s*[-/–]\s*(\d{4})$")
_YEAR = re.compile(r"^(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: `start` and `end` are both inclusive."""

    start: dt.date
    end: dt.date
    kind: str = field(compare=False)

    @classmethod
    def academic_year(cls, start_year: int) -> Period:
        return cls(
            dt.date(start_year, ACADEMIC_YEAR_START_MONTH, 1),
            dt.date(start_year + 1, ACADEMIC_YEAR_START_MONTH, 1) - dt.timedelta(days=1),
            PeriodKind.ACADEMIC_YEAR,
        )

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), PeriodKind.CALENDAR_YEAR)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        following = dt.date(year + month // 12, month % 12 + 1, 1)
        return cls(dt.date(year, month, 1), following - dt.timedelta(days=1), PeriodKind.MONTH)

    @classmethod
    def parse(cls, kind: str, text: str) -> Period:
        """ "2025-2026" (academic year), "2026" (calendar year), "2026-03" (month); ValueError otherwise."""
        text = (text or "").strip()
        if kind == PeriodKind.ACADEMIC_YEAR and (m := _ACADEMIC.match(text)):
            first, second = int(m[1]), int(m[2])
            if second == first + 1 and first >= 1900:
                return cls.academic_year(first)
        elif kind == PeriodKind.CALENDAR_YEAR and (m := _YEAR.match(text)):
            if int(m[1]) >= 1900:
                return cls.calendar_year(int(m[1]))
        elif kind == PeriodKind.MONTH and (m := _MONTH.match(text)):
            if int(m[1]) >= 1900 and 1 <= int(m[2]) <= 12:
                return cls.month(int(m[1]), int(m[2]))
        raise ValueError(f"not a period of kind {kind}: {text!r}")

    @classmethod
    def containing(cls, kind: str, day: dt.date) -> Period:
        if kind == PeriodKind.ACADEMIC_YEAR:
            return cls.academic_year(day.year if day.month >= ACADEMIC_YEAR_START_MONTH else day.year - 1)
        if kind == PeriodKind.CALENDAR_YEAR:
            return cls.calendar_year(day.year)
        if kind == PeriodKind.MONTH:
            return cls.month(day.year, day.month)
        raise ValueError(f"unknown period kind {kind!r}")

    @property
    def label(self) -> str:
        if self.kind == PeriodKind.ACADEMIC_YEAR:
            return f"{self.start.year}-{self.start.year + 1}"
        if self.kind == PeriodKind.CALENDAR_YEAR:
            return str(self.start.year)
        return f"{self.start.year}-{self.start.month:02d}"

    def previous(self) -> Period:
        return Period.containing(self.kind, self.start - dt.timedelta(days=1))

    def last(self, count: int) -> list[Period]:
        """The `count` periods ending with this one, oldest first (a trend)."""
        periods = [self]
        while len(periods) < count:
            periods.append(periods[-1].previous())
        return periods[::-1]

    def __str__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Breakdown:
    """Narrow a measurement to one faculty, department or program (ids); empty: the whole institution."""

    faculty: int | None = None
    department: int | None = None
    program: int | None = None

    @property
    def dimension(self) -> str | None:
        for name in ("program", "department", "faculty"):
            if getattr(self, name) is not None:
                return name
        return None


# The whole institution: no breakdown.
WHOLE = Breakdown()


@dataclass(frozen=True)
class Measurement:
    """A figure with what it was computed from. `value` is None when the denominator is empty or the source
    has nothing for the period (no survey closed, no records): the KPI then shows no figure, never a zero."""

    value: Decimal | int | None
    numerator: Decimal | int | None = None
    denominator: int | None = None
    rows: Any = None
    # The date the figure is as of, when the indicator reads one (a cohort's status, agreements in force).
    as_of: dt.date | None = None

    @classmethod
    def share(cls, numerator: int, denominator: int, rows: Any = None) -> Measurement:
        """numerator / denominator as a Decimal fraction (4 places), or no value when the denominator is 0."""
        value = (Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.0001")) if denominator else None
        return cls(value=value, numerator=numerator, denominator=denominator, rows=rows)

    @classmethod
    def count(cls, rows: Any) -> Measurement:
        """The number of rows (a queryset is counted in SQL)."""
        total = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
        return cls(value=total, numerator=total, rows=rows)


class IdRows(Sequence[Any]):
    """The rows behind a figure as a list of primary keys, fetched from `queryset` only a page at a time.

    For figures over tens of thousands of records (a cohort's graduates): `len()` costs nothing, a slice
    (what a Paginator takes) is one query, and the ids can be handed on without loading a model instance.
    """

    def __init__(self, queryset: Any, ids: Sequence[int]) -> None:
        self.queryset = queryset
        self.ids = list(ids)

    def __len__(self) -> int:
        return len(self.ids)

    def count(self, value: Any = None) -> int:  # Paginator asks count() first
        return len(self.ids) if value is None else self.ids.count(value)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            page = self.ids[index]
            found = self.queryset.in_bulk(page)
            return [found[pk] for pk in page if pk in found]
        return self.queryset.get(pk=self.ids[index])

    def __iter__(self) -> Iterator[Any]:
        for start in range(0, len(self.ids), 1000):
            yield from self[start : start + 1000]


_BATCH: ContextVar[dict[Hashable, Any] | None] = ContextVar("mansap_indicator_batch", default=None)


@contextmanager
def batch() -> Iterator[None]:
    """Indicators measured inside `with batch():` may share work through shared(): a dashboard that shows
    three figures of the same cohort scans the cohort once. Outside it nothing is kept."""
    token = _BATCH.set({})
    try:
        yield
    finally:
        _BATCH.reset(token)


def shared(key: Hashable, compute: Callable[[], Any]) -> Any:
    """compute(), once per key inside batch() (always anew outside one)."""
    cache = _BATCH.get()
    if cache is None:
        return compute()
    if key not in cache:
        cache[key] = compute()
    return cache[key]


class Indicator:
    """A computed indicator; subclass it in the owning app's `indicators.py` and decorate with @register."""

    code: ClassVar[str]
    title: ClassVar[str | Promise]
    unit: ClassVar[str] = Unit.COUNT
    # Whether a higher value is better (False: lower is better, e.g. days to answer a request).
    higher_is_better: ClassVar[bool] = True
    # The dimensions `measure` accepts in its breakdown, coarsest first; () when only the whole institution.
    breakdowns: ClassVar[tuple[str, ...]] = ()

    def measure(self, institution: Any, period: Period, breakdown: Breakdown = WHOLE) -> Measurement:
        raise NotImplementedError

    def __str__(self) -> str:
        return str(self.title)


class UnknownIndicator(LookupError):
    pass


_REGISTRY: dict[str, Indicator] = {}


def register(cls: type[Indicator]) -> type[Indicator]:
    """Class decorator: make the indicator available under its code (one code, one indicator)."""
    code = cls.code
    if not re.fullmatch(r"[a-z][a-z0-9_]*\.[a-z0-9_.]+", code):
        raise ValueError(f"an indicator code is '<app>.<name>' in lower case: {code!r}")
    existing = _REGISTRY.get(code)
    if existing is not None and type(existing) is not cls:
        raise ValueError(f"two indicators with the code {code!r}: {type(existing)!r} and {cls!r}")
    _REGISTRY[code] = cls()
    return cls


def get(code: str) -> Indicator:
    try:
        return _REGISTRY[code]
    except KeyError:
        raise UnknownIndicator(code) from None


def all_indicators() -> list[Indicator]:
    return sorted(_REGISTRY.values(), key=lambda indicator: indicator.code)


def choices() -> list[tuple[str, str]]:
    """(code, "code: title") pairs for a form's select, in the active language."""
    return [(i.code, f"{i.code}: {i.title}") for i in all_indicators()]


def autodiscover() -> None:
    """Import every installed app's `indicators` module (called by CommonConfig.ready)."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("indicators")
