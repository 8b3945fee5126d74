"""The institution's working-day calendar: the government's moved days off and the working hours (issue #16).

Kazakhstan's public holidays come from the `holidays` package (services.calendar); what the package cannot know is
edited here, per institution:
- a CalendarException makes one date an extra day off (a Monday the government made free) or a working day (the
  Saturday that day was moved to); it wins over the weekday and over the public holidays;
- WorkingHours: the opening and the close of the institution's working day (09:00–18:00 when none is saved).

services.calendar caches both per institution and year; saving or deleting either clears that cache (signals
below), so a list that computes a hundred due dates reads the calendar once.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Self

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mansap.core.access import CHANGE, SERVICE_DESK_STAFF, VIEW
from mansap.core.models.base import TimeStampedModel, translated
from mansap.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    from mansap.core.access import AnyUser


class ExceptionKind(models.TextChoices):
    DAY_OFF = "day_off", _("extra day off")
    WORKING_DAY = "working_day", _("working day")


class CalendarQuerySet(ScopedQuerySet):
    """Every member of the institution reads its calendar; the desk (SERVICE_DESK_STAFF) changes it."""

    institution_wide_view = True

    def for_user(self, user: AnyUser, action: str = VIEW) -> Self:
        if action == CHANGE:
            return self._reached_by(user, action, SERVICE_DESK_STAFF)
        return super().for_user(user, action)


class CalendarException(TimeStampedModel):
    institution = models.ForeignKey(
        "core.Institution", models.CASCADE, related_name="calendar_exceptions", verbose_name=_("institution")
    )
    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=ExceptionKind.choices)
    note_kk = models.CharField(_("note (Kazakh)"), max_length=255, blank=True)
    note_ru = models.CharField(_("note (Russian)"), max_length=255, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=255, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "date"], name="servicedesk_calendar_exception_unique")
        ]

    def __str__(self) -> str:
        return f"{self.date:%d.%m.%Y} · {self.get_kind_display()}"

    @property
    def note(self) -> str:
        return translated(self, "note")

    def get_absolute_url(self) -> str:
        return f"{reverse('servicedesk:calendar')}?year={self.date.year}"


class WorkingHours(TimeStampedModel):
    institution = models.OneToOneField(
        "core.Institution", models.CASCADE, related_name="working_hours", verbose_name=_("institution")
    )
    opens = models.TimeField(_("opens"), default=dt.time(9, 0))
    closes = models.TimeField(_("closes"), default=dt.time(18, 0))

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = CalendarQuerySet.as_manager()

    class Meta:
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")

    def __str__(self) -> str:
        return f"{self.opens:%H:%M}–{self.closes:%H:%M}"

    def clean(self) -> None:
        if self.opens is not None and self.closes is not None and self.closes <= self.opens:
            raise ValidationError({"closes": _("The working day must close after it opens.")}, code="hours_order")


# services.calendar's copies of each institution's calendar: {(institution id, year): (read at, exceptions)} and
# {(institution id, 0): (read at, working hours)}. Kept here so that saving a model clears them without importing
# the services.
_cache: dict[tuple[int, int], tuple[float, Any]] = {}


def institution_id_of(institution: Any) -> int | None:
    """An Institution's pk, or the pk given as it is; None stays None."""
    if institution is None:
        return None
    return int(getattr(institution, "pk", institution))


def clear_cache(institution: Any = None) -> None:
    """Forget the cached calendar of one institution (of every one with None)."""
    institution_id = institution_id_of(institution)
    for key in list(_cache):
        if institution_id is None or key[0] == institution_id:
            _cache.pop(key, None)


def _forget_calendar(institution_id: Any) -> None:
    clear_cache(institution_id)
    transaction.on_commit(lambda: clear_cache(institution_id))  # a rolled-back edit must not stay in the copy


@receiver([post_save, post_delete], sender=CalendarException, dispatch_uid="servicedesk.calendar.exception")
@receiver([post_save, post_delete], sender=WorkingHours, dispatch_uid="servicedesk.calendar.hours")
def calendar_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _forget_calendar(instance.institution_id)


@receiver(post_save, sender="core.Institution", dispatch_uid="servicedesk.calendar.institution")
def institution_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """A new institution starts with no exceptions (a test database may give a rolled-back one's id again)."""
    if created:
        _forget_calendar(instance.pk)
